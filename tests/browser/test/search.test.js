// Search as a reader uses it: the Dutch queries of the search issue, the
// filters (OR within one, AND across), the result count in the live region,
// the state in the URL, Back, and the search page without JavaScript.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { axeViolations, formatViolations } from '../lib/axe.js';
import { guardedPage, newContext, visit } from '../lib/browser.js';
import { servedSite } from '../lib/fixture.js';

let site;
let server;
let browser;
let context;

servedSite((s) => ({ site, server, browser, context } = s));

/** Waits until the search page has answered, and returns what it shows. */
async function results(page) {
  await page.waitForFunction(() => {
    const s = document.querySelector('.search-status')?.textContent ?? '';
    return s !== '' && s !== 'Zoeken…';
  });
  return page.$$eval('.search-results > li', (items) =>
    items.map((li) => {
      const meta = li.querySelector('.result-meta').textContent.split(' · ');
      const heading = li.querySelector('a').textContent;
      return {
        heading,
        // An effort's heading is "Municipality: title".
        title: meta[0] === 'Inzet' ? heading.slice(meta[1].length + 2) : heading,
        href: li.querySelector('a').getAttribute('href'),
        kind: meta[0],
        municipality: meta[0] === 'Inzet' ? meta[1] : null,
        status: meta[0] === 'Inzet' ? meta[2] : null,
        marks: [...li.querySelectorAll('.excerpt mark')].map((m) => m.textContent.toLowerCase()),
        labels: [...li.querySelectorAll('.result-labels > *')].map((l) => ({ text: l.textContent, href: l.getAttribute('href') })),
      };
    }),
  );
}

async function search(query, params = '') {
  const page = await guardedPage(context, server);
  await visit(page, server.url(`zoeken/?q=${encodeURIComponent(query)}${params}`));
  const found = await results(page);
  assert.deepEqual(page.problems, [], page.problems.join('\n'));
  await page.close();
  return found;
}

const efforts = (found) => found.filter((r) => r.kind === 'Inzet');
const municipalities = (found) => [...new Set(efforts(found).map((r) => r.municipality))].sort();

test('"trainingen" finds training and trainen, highlighted', async () => {
  const found = await search('trainingen');
  const titles = efforts(found).map((r) => r.title);
  assert.ok(titles.some((t) => /training/i.test(t)), `no "training" among ${titles}`);
  assert.ok(titles.some((t) => /^trainen/i.test(t)), `no "trainen" among ${titles}`);
  for (const name of ['Dordrecht', 'Heerlen', 'Haarlemmermeer', 'Roermond', 'Rotterdam']) {
    assert.ok(municipalities(found).includes(name), `${name} missing: ${municipalities(found)}`);
  }
  assert.ok(efforts(found).every((r) => r.marks.length > 0), 'every effort shows its matched words');
  // Each effort links to its own place on its municipality page: a
  // current one under Gedaan or Gepland, an earlier one at its date under
  // Voortgang.
  for (const r of efforts(found)) assert.match(r.href, /^\/gemeenten\/[a-z-]+\/#(inzet|voortgang)-/);
});

test('search finds earlier efforts too, marked with their date', async () => {
  const found = efforts(await search('600 professionals'));
  const earlier = found.find((r) => r.municipality === 'Amsterdam' && r.title.startsWith('Trainingen voor 600'));
  assert.ok(earlier, JSON.stringify(found));
  assert.equal(earlier.status, 'eerder: gedaan op 9 april 2019');
  assert.match(earlier.href, /^\/gemeenten\/amsterdam\/#voortgang-[a-z-]+-2019-04-09$/);
  // The status filter is about the current state: an earlier effort is not in it.
  const done = efforts(await search('600 professionals', '&status=gedaan'));
  assert.ok(done.every((r) => !r.status.startsWith('eerder')), JSON.stringify(done));
});

test('"geinvesteerd" finds "geïnvesteerd"', async () => {
  const found = await search('geinvesteerd');
  assert.ok(found.length > 0, 'nothing found');
  assert.ok(found.some((r) => r.title === 'Trainingen'), JSON.stringify(found));
});

test('"campagne" finds the public campaigns', async () => {
  const found = await search('campagne');
  const names = municipalities(found);
  for (const name of ['Den Haag', 'Dordrecht', 'Heerlen', 'Lelystad', 'Leeuwarden', 'Rotterdam', 'Terneuzen', 'Westerveld']) {
    assert.ok(names.includes(name), `${name} missing: ${names}`);
  }
});

// "voorlichting" is only a synonym of the topic Publiekscampagne: no
// effort has the word, and synonyms are not in the index (the search page
// matches them itself). It finds every effort on the topic, each saying
// which word led to it.
test('a synonym finds every effort on its topic', async () => {
  const data = JSON.parse(readFileSync(join(site.dir, 'data/gemeenten.json'), 'utf8'));
  const expected = data.municipalities
    .flatMap((m) => [...m.completed, ...m.planned].map((e) => ({ m: m.name, e })))
    .filter(({ e }) => e.topics.includes('publiekscampagne'));
  assert.ok(expected.length > 3, 'the bundled content has public campaigns');
  const found = await search('voorlichting');
  assert.deepEqual(
    efforts(found).map((r) => `${r.municipality}: ${r.title}`).sort(),
    expected.map(({ m, e }) => `${m}: ${e.title}`).sort(),
  );
  assert.ok(efforts(found).every((r) => r.marks.includes('voorlichting')), JSON.stringify(found));
  // The topic itself is found too.
  assert.ok(found.some((r) => r.kind === 'Onderwerp' && r.title === 'Publiekscampagne'), JSON.stringify(found));
  // With a status filter, only the efforts with that status.
  const planned = await search('voorlichting', '&status=gepland');
  assert.ok(efforts(planned).every((r) => r.status === 'gepland'), JSON.stringify(planned));
  assert.equal(
    efforts(planned).length,
    data.municipalities.flatMap((m) => m.planned).filter((e) => e.topics.includes('publiekscampagne')).length,
  );
});

/** On an open search page: for every filter value, the count shown next to
 * it and the number of results ticking it (alone in its group) lists. */
async function countsAndResults(page) {
  const out = [];
  const boxes = await page.$$eval('.search-filters input[type=checkbox]', (bs) => bs.map((b) => ({ id: b.id, name: b.name, value: b.value, checked: b.checked })));
  const initial = boxes.filter((b) => b.checked);
  for (const box of boxes) {
    const shown = await page.$eval(`label[for="${box.id}"] .count`, (c) => c.textContent);
    // Tick it alone in its group: untick the others of the group first.
    for (const other of boxes.filter((b) => b.name === box.name && b.id !== box.id)) {
      await page.$eval(`#${other.id}`, (b) => { b.checked = false; });
    }
    await page.$eval(`#${box.id}`, (b) => { b.checked = true; b.dispatchEvent(new Event('change', { bubbles: true })); });
    const found = await results(page);
    out.push({ value: `${box.name}=${box.value}`, shown: Number(shown.match(/\((\d+)\)/)?.[1]), listed: found.length,
      status: await page.$eval('.search-status', (s) => s.textContent) });
    // Back to where it was.
    await page.$eval(`#${box.id}`, (b) => { b.checked = false; });
    for (const b of initial) await page.$eval(`#${b.id}`, (el) => { el.checked = true; });
    await page.$eval('#zoekformulier', (f) => f.dispatchEvent(new Event('change', { bubbles: true })));
    await page.$eval(`#${boxes[0].id}`, (b) => b.dispatchEvent(new Event('change', { bubbles: true })));
    await results(page);
  }
  return out;
}

test('the count next to every filter is the number of results ticking it shows', async () => {
  for (const [query, params] of [['campagne', ''], ['training', ''], ['voorlichting', ''], ['', '&provincie=Limburg'], ['ouderen', '&status=gepland']]) {
    const page = await guardedPage(context, server);
    await visit(page, server.url(`zoeken/?q=${encodeURIComponent(query)}${params}`));
    const first = await results(page);
    // The live region counts what is listed.
    const status = await page.$eval('.search-status', (s) => s.textContent);
    if (first.length) assert.match(status, new RegExp(`^${first.length} (resultaat|resultaten)\\b`), status);
    for (const c of await countsAndResults(page)) {
      assert.equal(c.shown, c.listed, `q=${query}${params}, ${c.value}: the filter says ${c.shown}, ticking it lists ${c.listed} (${c.status})`);
    }
    assert.deepEqual(page.problems, [], page.problems.join('\n'));
    await page.close();
  }
});

test('every result heading names the municipality and the effort', async () => {
  const found = efforts(await search('campagne'));
  assert.ok(found.length > 0);
  for (const r of found) assert.equal(r.heading, `${r.municipality}: ${r.title}`);
  assert.ok(found.some((r) => r.heading === 'Heerlen: Publiekscampagne'), found.map((r) => r.heading).join(', '));
});

test('an empty search explains itself and offers examples; a typo offers the nearest names', async () => {
  const page = await guardedPage(context, server);
  await visit(page, server.url('zoeken/'));
  const help = page.locator('.search-help');
  assert.ok(await help.isVisible(), 'no explanation for an empty search');
  const examples = await help.locator('.search-examples a').allTextContents();
  assert.ok(examples.length >= 2, examples.join(', '));
  await help.locator('.search-examples a').first().click();
  const found = await results(page);
  assert.ok(found.length > 0, `the example "${examples[0]}" finds nothing`);
  assert.ok(!(await help.isVisible()), 'the explanation stays above results');
  // A typo: nothing found, the nearest names offered as searches.
  await visit(page, server.url('zoeken/?q=publiekscampange'));
  const none = await results(page);
  assert.equal(none.length, 0);
  await page.waitForSelector('.search-suggestion:not([hidden])');
  const offered = await page.locator('.search-suggestion a').allTextContents();
  assert.ok(offered.includes('Publiekscampagne'), offered.join(', '));
  assert.match(await page.locator('.search-suggestion').textContent(), /^Bedoelde u: .*\?$/);
  await page.locator('.search-suggestion a', { hasText: 'Publiekscampagne' }).click();
  assert.ok((await results(page)).length > 0);
  // A municipality's name with a typo too.
  await visit(page, server.url('zoeken/?q=Roermund'));
  await results(page);
  await page.waitForSelector('.search-suggestion:not([hidden])');
  assert.ok((await page.locator('.search-suggestion a').allTextContents()).includes('Roermond'));
  assert.deepEqual(page.problems, [], page.problems.join('\n'));
  await page.close();
});

test('"compaan" finds exactly the Compaan municipalities', async () => {
  const found = await search('compaan');
  assert.deepEqual(municipalities(found), ['Delft', 'Haarlemmermeer', 'Westerveld']);
});

test('filters: OR within a filter, AND across, with counts', async () => {
  // "Welke gemeenten in Limburg plannen iets?"
  const limburgPlanned = await search('', '&provincie=Limburg&status=gepland');
  assert.deepEqual(municipalities(limburgPlanned), ['Heerlen', 'Roermond']);
  assert.ok(efforts(limburgPlanned).every((r) => r.status === 'gepland'));
  const both = await search('', '&provincie=Limburg&provincie=Drenthe&status=gepland');
  assert.deepEqual(municipalities(both), ['Heerlen', 'Roermond', 'Westerveld']);
  const textAndFilter = await search('training', '&status=gepland');
  assert.ok(efforts(textAndFilter).length > 0);
  assert.ok(efforts(textAndFilter).every((r) => r.status === 'gepland'), JSON.stringify(textAndFilter));
});

test('typing, ticking and Back keep the state in the URL', async () => {
  const page = await guardedPage(context, server);
  await visit(page, server.url('zoeken/'));
  await page.getByLabel('Waar zoekt u naar?').fill('compaan');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\?q=compaan$/);
  let found = await results(page);
  assert.equal(municipalities(found).length, 3);
  const status = await page.textContent('.search-status');
  assert.match(status, /resultaten voor ‘compaan’/);
  assert.equal(await page.getAttribute('.search-status', 'aria-live'), 'polite');
  // Counts are shown per filter value.
  const gedaan = page.locator('label', { hasText: /^gedaan/ });
  assert.match(await gedaan.textContent(), /\(\d+\)/);
  await page.getByLabel(/^gepland/).check();
  await page.waitForURL(/status=gepland/);
  await page.waitForFunction(() => document.querySelectorAll('.search-results > li').length === 1);
  found = await results(page);
  assert.deepEqual(municipalities(found), ['Delft']);
  await page.goBack();
  await page.waitForURL(/\?q=compaan$/);
  await page.waitForFunction(() => document.querySelectorAll('.search-results > li').length > 1);
  assert.equal(await page.getByLabel(/^gepland/).isChecked(), false);
  assert.equal(await page.inputValue('#zoekterm'), 'compaan');
  const violations = await axeViolations(page);
  assert.equal(violations.length, 0, formatViolations(violations));
  assert.deepEqual(page.problems, [], page.problems.join('\n'));
  await page.close();
});

test('the header search field goes to the search page', async () => {
  const page = await guardedPage(context, server);
  await visit(page, server.url('gemeenten/delft/'));
  await page.locator('#zoek-kop').fill('week');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/zoeken\/\?q=week$/);
  const found = await results(page);
  assert.ok(found.length > 0);
  await page.close();
});

test('nothing of search loads on other pages', async () => {
  const page = await guardedPage(context, server);
  const loaded = [];
  page.on('request', (r) => loaded.push(new URL(r.url()).pathname));
  await visit(page, server.url(''));
  await page.locator('#zoek-kop').focus();
  assert.deepEqual(loaded.filter((p) => p.includes('pagefind') || p.endsWith('zoeken.js')), []);
  await page.close();
});

test('without JavaScript the search page says so and offers the topics and the table', async () => {
  const noJs = await newContext(browser, server, { javaScriptEnabled: false });
  const page = await guardedPage(noJs, server);
  await visit(page, server.url('zoeken/?q=compaan'));
  const message = page.locator('.no-js-message');
  assert.ok(await message.isVisible());
  assert.match(await message.textContent(), /JavaScript/);
  const hrefs = await message.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.ok(hrefs.includes('../onderwerpen/'), hrefs.join());
  assert.ok(hrefs.includes('../'), hrefs.join());
  await noJs.close();
});

test('results say in words which split the editors made and which efforts the article singles out', async () => {
  const found = efforts(await search('wijkagenda'));
  const delft = found.find((r) => r.municipality === 'Delft' && r.title === 'Online wijkagenda');
  assert.ok(delft, JSON.stringify(found));
  assert.deepEqual(delft.labels.map((l) => l.text), ['Opvallend', 'Indeling door de redactie']);
  assert.match(delft.labels[1].href, /over\/#gedaan-en-gepland-soms-zelf-ingedeeld$/);
  // Amsterdam's split is the source's own: no mark.
  const amsterdam = efforts(await search('experimenten')).filter((r) => r.municipality === 'Amsterdam');
  assert.ok(amsterdam.length > 0);
  assert.ok(amsterdam.every((r) => r.labels.every((l) => l.text !== 'Indeling door de redactie')));
});

test('the filter "Opvallend" shows exactly the efforts the article singles out', async () => {
  const found = efforts(await search('', '&opvallend=Opvallende+inzet'));
  assert.deepEqual(
    found.map((r) => `${r.municipality}: ${r.title}`).sort(),
    [
      'Amsterdam: Checklist subsidieaanvragen en Tool ‘Wegwijs in de aanpak van eenzaamheid’',
      'Delft: Online wijkagenda',
      'Haarlemmermeer: Digitale sociale kaart',
    ],
  );
  assert.ok(found.every((r) => r.labels.some((l) => l.text === 'Opvallend')));
});

test('search finds a word of the glossary and links its explanation', async () => {
  const found = await search('voorspelmodel');
  const entry = found.find((r) => r.kind === 'Begrip');
  assert.ok(entry, JSON.stringify(found));
  assert.equal(entry.title, 'voorspelmodel');
  assert.match(entry.href, /begrippen\/#voorspelmodel$/);
});

test('searching by the target group "ouderen" finds the 75-plussers too', async () => {
  const found = await search('', '&doelgroep=ouderen');
  assert.deepEqual(municipalities(found), ['Lelystad', 'Roermond']);
});

test('when the index or its results cannot be loaded, the page says so instead of "Zoeken…"', async () => {
  // Regression: a failure after the bundle loaded (a result's fragment
  // missing) left "Zoeken…" standing for ever. (A missing word chunk
  // Pagefind skips in its worker, out of the page's sight.)
  for (const blocked of ['**/pagefind/pagefind.js', '**/pagefind/pagefind-entry.json*', '**/pagefind/fragment/**']) {
    const page = await context.newPage();
    await page.route(blocked, (route) => route.abort());
    await page.goto(server.url('zoeken/?q=training'));
    await page.waitForFunction(() => {
      const s = document.querySelector('.search-status')?.textContent ?? '';
      return s !== '' && s !== 'Zoeken…';
    }, null, { timeout: 10_000 });
    const status = await page.textContent('.search-status');
    assert.match(status, /Zoeken lukt nu niet/, `${blocked}: ${status}`);
    await page.close();
  }
});
