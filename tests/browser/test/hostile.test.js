// The hostile fixture (tests/fixtures/hostile/): every string and Markdown
// field carries script, markup, attribute breakers, template syntax and
// direction overrides. Every page of its build is loaded with JavaScript on;
// nothing may run (alert/confirm/prompt hooked, dialogs recorded, the global
// flag window.__pwned untouched), the DOM keeps no script URL, no event
// handler attribute and no embedded document, and the payloads show as text.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { guardedPage, visit } from '../lib/browser.js';
import { servedSite } from '../lib/fixture.js';
import { REPO, pagePath } from '../lib/site.js';

const FIXTURE = 'tests/fixtures/hostile';

/** The first `key = '''…'''` of a fixture file: the payload exactly as written. */
function literal(file, key) {
  const text = readFileSync(join(REPO, FIXTURE, file), 'utf8');
  const m = text.match(new RegExp(`^${key} = '''(.*)'''$`, 'm'));
  assert.ok(m, `${file}: no ${key} = '''…'''`);
  return m[1];
}

/**
 * What a reader sees of a field: the text as written, with direction
 * controls it leaves open closed at its end (U+202C for embeddings and
 * overrides, U+2069 for isolates), as the loader does, so that they cannot
 * turn the page's own text around.
 */
function shown(text) {
  const open = [];
  for (const ch of text) {
    if (/[\u202a\u202b\u202d\u202e]/.test(ch)) open.push('\u202c');
    else if (/[\u2066-\u2068]/.test(ch)) open.push('\u2069');
    else if (ch === '\u202c' || ch === '\u2069') {
      const at = open.lastIndexOf(ch);
      if (at >= 0) open.length = at;
    }
  }
  return text + open.reverse().join('');
}

const SITE_TITLE = shown(literal('site.toml', 'title'));
const SITE_DESCRIPTION = shown(literal('site.toml', 'description'));
const NAME = shown(literal('municipalities/hostiel.toml', 'name'));
const PROVINCE = shown(literal('municipalities/hostiel.toml', 'province'));
const EFFORT = shown(literal('municipalities/hostiel.toml', 'title'));
const TOPIC_NAME = shown(literal('topics.toml', 'name'));
const TOPIC_DESCRIPTION = shown(literal('topics.toml', 'description'));
const PAGE_TITLE = shown(literal('pages/over.md', 'title'));

/** Runs before any script of the page, in every frame: records instead of showing dialogs. */
function hookDialogs() {
  window.__dialogs = [];
  for (const name of ['alert', 'confirm', 'prompt', 'print']) {
    window[name] = (...args) => {
      window.__dialogs.push(`${name}(${args.join(', ')})`);
      // A payload in a frame reports to the top too.
      try {
        if (window.top !== window) window.top.__dialogs?.push(`frame ${name}(${args.join(', ')})`);
      } catch {
        // cross-origin frame: its own hook counts it
      }
    };
  }
}

/** In the page: what a payload would have left behind, as text. */
function hazards() {
  const out = [];
  const urlAttrs = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background', 'ping', 'cite', 'longdesc', 'srcset', 'manifest'];
  const scheme = /^(javascript|data|vbscript|file|blob):/i;
  const tag = (el) => `<${el.tagName.toLowerCase()}>`;
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on')) out.push(`${tag(el)} has an event handler ${name}="${attr.value.slice(0, 60)}"`);
      if (name === 'srcdoc' || name === 'autofocus') out.push(`${tag(el)} has ${name}`);
      if (urlAttrs.includes(name) && scheme.test(attr.value.replace(/[\u0000-\u0020\u007f-\u009f]/g, ''))) {
        out.push(`${tag(el)} ${name}="${attr.value.slice(0, 60)}"`);
      }
    }
    const t = el.tagName.toLowerCase();
    if (['iframe', 'frame', 'object', 'embed', 'applet', 'base'].includes(t)) out.push(`a ${tag(el)} element`);
    // The theme may style a page in its <head>; content never can.
    if (t === 'style' && !el.closest('head')) out.push(`a <style> element in the body: ${el.textContent.slice(0, 60)}`);
    if (t === 'meta' && el.httpEquiv) out.push(`<meta http-equiv="${el.httpEquiv}">`);
    if (t === 'script') {
      const own = el.src && new URL(el.src).origin === location.origin;
      // The data page's DCAT metadata: a data block in the head, which
      // never runs (the generator escapes any "</" in it).
      const metadata = !el.src && el.type === 'application/ld+json' && el.id === 'dataset-metadata' && el.closest('head');
      if (!own && !metadata) out.push(`a <script> that is not one of the site's files: ${el.outerHTML.slice(0, 80)}`);
    }
  }
  if (window.__pwned !== undefined) out.push(`window.__pwned = ${JSON.stringify(window.__pwned)}`);
  for (const d of window.__dialogs ?? []) out.push(`dialog: ${d}`);
  return out;
}

let site;
let server;
let context;

servedSite(async (s) => {
  ({ site, server, context } = s);
  await context.addInitScript(hookDialogs);
}, { content: FIXTURE });

/** Opens url, gives payloads time to fire (image errors, focus, toggles), returns the page. */
async function openHostile(url) {
  const page = await guardedPage(context, server);
  page.dialogs = [];
  page.on('dialog', async (d) => {
    page.dialogs.push(`${d.type()}: ${d.message()}`);
    await d.dismiss();
  });
  await visit(page, url);
  await page.waitForTimeout(300);
  // onfocus payloads: walk the focus through the page.
  for (let i = 0; i < 40; i++) await page.keyboard.press('Tab');
  await page.waitForTimeout(50);
  return page;
}

async function assertNothingRan(page, label) {
  const found = await page.evaluate(hazards);
  const all = [...found, ...page.dialogs.map((d) => `dialog shown: ${d}`), ...page.problems];
  assert.deepEqual(all, [], `${label}: a payload got through:\n  ${all.join('\n  ')}`);
}

const text = (page, selector) =>
  page.evaluate((s) => [...document.querySelectorAll(s)].map((el) => el.textContent.trim()), selector);

test('the hostile fixture builds (vergelijk check passes) into pages', () => {
  assert.ok(site.pages.length >= 8, `only ${site.pages.length} pages`);
  for (const p of ['index.html', 'gemeenten/hostiel/index.html', 'onderwerpen/aanval/index.html', 'over/index.html']) {
    assert.ok(site.pages.includes(p), `no ${p}`);
  }
});

test('every page of the hostile site: nothing runs, nothing is loaded from elsewhere', async (t) => {
  for (const file of site.pages) {
    await t.test(file, async () => {
      const page = await openHostile(server.url(pagePath(file)));
      try {
        await assertNothingRan(page, file);
      } finally {
        await page.close();
      }
    });
  }
  assert.deepEqual(context.blocked, [], `requests to other hosts: ${context.blocked.join(', ')}`);
});

test('the pages that run scripts, used: sorting, filters, side by side, search', async (t) => {
  await t.test('home: sort and filter', async () => {
    const page = await openHostile(server.url(''));
    try {
      const sort = page.locator('table.comparison thead button').first();
      if (await sort.count()) await sort.click();
      const box = page.locator('#filters input[type=checkbox]').first();
      if (await box.count()) {
        // Filters apply as they are ticked.
        await box.check();
      }
      await page.waitForTimeout(200);
      await assertNothingRan(page, 'home after sorting and filtering');
    } finally {
      await page.close();
    }
  });
  for (const path of ['vergelijk/?g=hostiel&g=tweede', 'vergelijk/?g=hostiel,tweede', 'zoeken/?q=Hostiel', 'zoeken/?q=script', 'zoeken/?q=%3Cscript%3E']) {
    await t.test(path, async () => {
      if (!site.pages.includes(`${path.split('?')[0]}index.html`)) return t.skip(`no ${path.split('?')[0]}`);
      const page = await openHostile(server.url(path));
      try {
        if (path.startsWith('zoeken/')) {
          // Wait for Pagefind to answer (its status line says how many results).
          await page.waitForFunction(() => /resultaat|resultaten|Geen/.test(document.querySelector('.search-status')?.textContent ?? ''), null, { timeout: 10000 });
        }
        await page.waitForTimeout(200);
        await assertNothingRan(page, path);
      } finally {
        await page.close();
      }
    });
  }
});

test('payloads show as text, exactly as written', async () => {
  const page = await openHostile(server.url('gemeenten/hostiel/'));
  try {
    assert.deepEqual(await text(page, 'main h1'), [NAME], 'the h1 is the name as typed, <script> and {{ 7*7 }} included');
    assert.ok(NAME.includes('<script>') && NAME.includes('{{ 7*7 }}') && NAME.includes('\u202e'));
    const title = await page.title();
    assert.ok(title.includes(NAME), `<title> lost the name: ${title}`);
    assert.ok(title.includes(SITE_TITLE), `<title> lost the site title (a </title> in it?): ${title}`);
    assert.ok((await text(page, '.facts dd')).includes(PROVINCE));
    assert.deepEqual((await text(page, '#gedaan ~ .efforts h3, section[aria-labelledby="gedaan"] .efforts h3')).slice(0, 1), [EFFORT]);
    const notes = (await text(page, 'section[aria-labelledby="bijzonderheden"]'))[0];
    assert.ok(notes.includes(`<script>window.__pwned='notes';alert('notes')</script>`), `notes: ${notes}`);
  } finally {
    await page.close();
  }

  const home = await openHostile(server.url(''));
  try {
    assert.deepEqual(await text(home, 'main h1'), [SITE_TITLE]);
    assert.deepEqual(await text(home, '.site-title'), [SITE_TITLE]);
    assert.deepEqual(await text(home, 'main .lead'), [SITE_DESCRIPTION]);
    assert.ok((await text(home, 'table.comparison tbody th a')).includes(NAME), 'the row of the hostile municipality');
  } finally {
    await home.close();
  }

  const topic = await openHostile(server.url('onderwerpen/aanval/'));
  try {
    assert.deepEqual(await text(topic, 'main h1'), [TOPIC_NAME]);
    assert.deepEqual(await text(topic, 'main .lead'), [TOPIC_DESCRIPTION]);
  } finally {
    await topic.close();
  }

  const over = await openHostile(server.url('over/'));
  try {
    assert.deepEqual(await text(over, 'main h1'), [PAGE_TITLE]);
    const body = (await text(over, 'main .prose'))[0];
    for (const literalText of [
      `<script>window.__pwned='body-script';alert('body-script')</script>`,
      `<img src=x onerror="window.__pwned='body-img'">`,
      `{{ 7*7 }} {% raw %} {% for x in range(3) %}X{% endfor %} {# comment #} \${7*7}`,
      `<script>window.__pwned='body-fence'</script>`,
    ]) {
      assert.ok(body.includes(literalText), `the page body does not show as text: ${literalText}`);
    }
    // Safe links survive; a remote image becomes a link, not a request.
    const links = await over.evaluate(() => [...document.querySelectorAll('main a')].map((a) => [a.textContent, a.getAttribute('href')]));
    assert.ok(links.some(([t, h]) => t === 'a normal link' && h === '../gemeenten/hostiel/'), JSON.stringify(links));
    assert.ok(links.some(([, h]) => h === 'https://evil.example/tracker.png'), 'the remote image is not a link');
    assert.equal(await over.locator('main img').count(), 0, 'an image survived that should not load');
  } finally {
    await over.close();
  }
});

test('the feed and the sitemap stay well-formed XML', async () => {
  const page = await guardedPage(context, server);
  try {
    await visit(page, server.url(''));
    for (const file of site.files.filter((f) => f.endsWith('.xml'))) {
      const error = await page.evaluate(async (url) => {
        const xml = await (await fetch(url)).text();
        const doc = new DOMParser().parseFromString(xml, 'application/xml');
        return doc.querySelector('parsererror')?.textContent ?? null;
      }, server.url(file));
      assert.equal(error, null, `${file} is not well-formed XML`);
    }
  } finally {
    await page.close();
  }
});

// The regression test for the bug bidi_override_in_a_name_does_not_leak_into_the_title
// (an unclosed U+202E in a name turned the rest of <title> around): the
// title of every page, and every text on it. (That no CSV cell is a
// formula is checked in Rust: tests/integration/hostile.rs.)
test('a direction override in content does not turn the text around it', async () => {
  const problems = [];
  for (const file of site.pages) {
    const page = await guardedPage(context, server);
    try {
      await visit(page, server.url(pagePath(file)));
      problems.push(
        ...(await page.evaluate(() => {
          const out = [];
          const open = (s) => {
            let depth = 0;
            for (const ch of s) {
              if (/[\u202a\u202b\u202d\u202e\u2066-\u2068]/.test(ch)) depth++;
              else if (/[\u202c\u2069]/.test(ch) && depth > 0) depth--;
            }
            return depth;
          };
          if (open(document.title)) out.push(`<title>: ${document.title.slice(0, 60)}`);
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            if (!open(n.data)) continue;
            const bidi = getComputedStyle(n.parentElement).unicodeBidi;
            if (!/isolate|plaintext/.test(bidi)) out.push(`<${n.parentElement.tagName.toLowerCase()}>: ${n.data.trim().slice(0, 60)}`);
          }
          return out;
        })).map((p) => `${file}: ${p}`),
      );
    } finally {
      await page.close();
    }
  }
  assert.deepEqual(problems, [], `an unclosed direction control reverses the text after it:\n  ${problems.join('\n  ')}`);
});
