// The search index in parts answers as the whole index in one part did:
// over the bundled site and a synthetic site of 1,000 municipalities, the
// same queries and filters show the same results, the same result counts
// and the same counts next to the filters. Each site is built twice, with
// VERGELIJK_SEARCH_PART_SIZE making one part or several.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { guardedPage, launch, newContext, visit } from '../lib/browser.js';
import { serve } from '../lib/server.js';
import { REPO, buildSite } from '../lib/site.js';

/** Builds `content` with parts of `partSize` municipalities. */
function buildWithParts(content, partSize) {
  const before = process.env.VERGELIJK_SEARCH_PART_SIZE;
  process.env.VERGELIJK_SEARCH_PART_SIZE = String(partSize);
  try {
    return buildSite({ content });
  } finally {
    if (before === undefined) delete process.env.VERGELIJK_SEARCH_PART_SIZE;
    else process.env.VERGELIJK_SEARCH_PART_SIZE = before;
  }
}

/** What the search page shows for `params`. */
async function answer(context, server, params) {
  const page = await guardedPage(context, server);
  await visit(page, server.url(`zoeken/?${params}`));
  await page.waitForFunction(() => {
    const s = document.querySelector('.search-status')?.textContent ?? '';
    return s !== '' && s !== 'Zoeken…';
  });
  const shown = await page.evaluate(() => ({
    status: document.querySelector('.search-status').textContent,
    items: [...document.querySelectorAll('.search-results > li')].map((li) => ({
      heading: li.querySelector('a').textContent,
      href: li.querySelector('a').getAttribute('href'),
      meta: li.querySelector('.result-meta').textContent,
      excerpt: li.querySelector('.excerpt').textContent,
    })),
    counts: [...document.querySelectorAll('[data-count-for]')].map(
      (s) => `${s.getAttribute('data-count-for')}=${s.parentElement.previousElementSibling.value} ${s.textContent}`,
    ),
  }));
  assert.deepEqual(page.problems, [], page.problems.join('\n'));
  await page.close();
  return shown;
}

/** Registers the comparison of `content` built whole and in parts. */
function compare(name, content, split, cases) {
  let whole;
  let parts;
  let servers = [];
  let browser;
  let context;
  before(async () => {
    const dir = typeof content === 'function' ? content() : content;
    whole = buildWithParts(dir, 1_000_000);
    parts = buildWithParts(dir, split);
    servers = [await serve(whole.dir), await serve(parts.dir)];
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    for (const s of servers) await s.close();
    whole?.cleanup();
    parts?.cleanup();
  });

  test(`${name}: built in parts, the index has more than one`, () => {
    const list = JSON.parse(readFileSync(join(parts.dir, 'pagefind/delen.json'), 'utf8'));
    assert.ok(list.length >= 2, `parts: ${list}`);
    for (const dir of list) assert.ok(existsSync(join(parts.dir, 'pagefind', dir, 'pagefind-entry.json')), dir);
    assert.deepEqual(JSON.parse(readFileSync(join(whole.dir, 'pagefind/delen.json'), 'utf8')), []);
  });

  for (const c of cases) {
    test(`${name}: ${c.params}`, async () => {
      const shown = [];
      for (const server of servers) {
        context = await newContext(browser, server);
        shown.push(await answer(context, server, c.params));
        await context.close();
      }
      const [one, split] = shown;
      assert.ok(one.items.length > 0 || c.none, `nothing found for ${c.params}: ${one.status}`);
      assert.deepEqual(split.counts, one.counts, 'the counts next to the filters');
      const many = /eerste 50 van (\d+)/.exec(one.status);
      if (many) {
        // More pages than the page reads: it lists the results of the
        // first 50 by rank, and ranks are per part (each part has its own
        // word frequencies), so which 50 may differ; how many pages were
        // found may not.
        assert.equal(/eerste 50 van (\d+)/.exec(split.status)?.[1], many[1], `${split.status} / ${one.status}`);
      } else {
        assert.equal(split.status, one.status, 'the result count');
        const key = (i) => `${i.href} ${i.heading} ${i.meta} ${i.excerpt}`;
        assert.deepEqual(split.items.map(key).sort(), one.items.map(key).sort(), 'the results listed');
      }
    });
  }
}

const ask = (q, filters = {}) => {
  const params = new URLSearchParams();
  if (q) params.set('q', q);
  for (const [k, vs] of Object.entries(filters)) for (const v of vs) params.append(k, v);
  return { params: params.toString() };
};

compare('bundled site', 'content', 4, [
  ask('training'),
  ask('trainingen', { status: ['gepland'] }),
  ask('campagne'),
  ask('publiekscampagne'),
  ask('ouderen', { provincie: ['Limburg', 'Noord-Holland'] }),
  ask('', { provincie: ['Limburg'] }),
  ask('', { onderwerp: ['Publiekscampagne'], status: ['gedaan'] }),
  ask('600 professionals'),
  ask('600 professionals', { provincie: ['Noord-Holland'] }),
  { ...ask('publiekscampange'), none: true },
]);

let synthetic;
compare('synthetic 1,000', () => {
  synthetic = mkdtempSync(join(tmpdir(), 'vergelijk-split-'));
  // VERGELIJK_SYNTH names a synth example that is already built (skips cargo).
  let synth = process.env.VERGELIJK_SYNTH;
  if (!synth) {
    execFileSync('cargo', ['build', '--release', '--quiet', '--example', 'synth'], { cwd: REPO, stdio: ['ignore', 'inherit', 'inherit'] });
    synth = join(REPO, 'target/release/examples/synth');
  }
  const content = join(synthetic, 'content');
  execFileSync(synth, ['--count', '1000', '--seed', '1', content], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
  return content;
}, 250, [
  // Not 'buurt': Pagefind loads one chunk of the word index per query
  // word and extends the word ('buurtkamer') only within that chunk, so
  // which extensions a word finds depends on where chunks end. Any two
  // chunkings differ there, one whole index in chunks of 5,000 word
  // locations against one in chunks of 20,000 too (BENCHMARKS.md).
  ask('training'),
  ask('training', { status: ['gepland'] }),
  ask('', { provincie: ['Utrecht'] }),
  ask('', { provincie: ['Zeeland'], status: ['gedaan'] }),
  ask('eenzaamheid ouderen', { provincie: ['Flevoland'] }),
  // A name is in one part only: the other parts must not drop it and list
  // every page with the other word.
  ask('aalberg'),
  ask('aalberg koffie'),
  ask('aalberg koffie', { status: ['gepland'] }),
  ask('mantelzorgers aalburg'),
]);
after(() => synthetic && rmSync(synthetic, { recursive: true, force: true }));
