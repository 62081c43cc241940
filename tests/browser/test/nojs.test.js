// With JavaScript disabled, the home page, a municipality page and a topic
// page show all their content, pass axe and work from the keyboard.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';

import { axeViolations, formatViolations } from '../lib/axe.js';
import { guardedPage, visit } from '../lib/browser.js';
import { servedSite } from '../lib/fixture.js';
import { SAMPLE_PAGES, checkSkipLink } from '../lib/checks.js';
import { readMunicipalities } from '../lib/content.js';
import { REPO } from '../lib/site.js';

const municipalities = readMunicipalities(join(REPO, 'content'));

let site;
let server;
let browser;
let context;

servedSite((s) => ({ site, server, browser, context } = s), { contextOptions: { javaScriptEnabled: false } });

/** Opens path with scripts off and runs the checks every page gets. */
async function open(path) {
  const page = await guardedPage(context, server);
  await visit(page, server.url(path));
  const scripts = await page.evaluate(() => document.querySelectorAll('script:not([src])').length);
  assert.equal(scripts, 0, `${path}: inline <script> elements`);
  return page;
}

async function commonChecks(page, path) {
  await checkSkipLink(page, `${path || 'home'} without JavaScript`);
  const violations = await axeViolations(page, { scriptsDisabled: true });
  assert.equal(violations.length, 0, `${path}: axe without JavaScript:\n${formatViolations(violations)}`);
  assert.deepEqual(page.problems, [], `${path}:\n  ${page.problems.join('\n  ')}`);
}

const texts = (page, selector) =>
  page.evaluate((s) => [...document.querySelectorAll(s)].map((el) => el.textContent.trim().replace(/\s+/g, ' ')), selector);

const visible = (page, selector) =>
  page.evaluate((s) => [...document.querySelectorAll(s)].filter((el) => el.checkVisibility()).length, selector);

test('the pages under test exist in the content', () => {
  assert.ok(municipalities.length > 1);
  assert.ok(municipalities.some((m) => `gemeenten/${m.slug}/` === SAMPLE_PAGES[1]));
});

test('home without JavaScript: one visible row per municipality, with its efforts', async () => {
  const page = await open('');
  try {
    // Which names and marks the rows show is checked in Rust
    // (site::home_table_lists_all_sixteen_municipalities,
    // known::reconstructed_splits_are_marked_in_every_view_and_no_other);
    // here, that every row and every effort is there without a script.
    const rows = await visible(page, 'table.comparison tbody tr');
    assert.equal(rows, municipalities.length, 'visible rows in the comparison table');
    for (const m of municipalities) {
      const row = await texts(page, `table.comparison tbody tr[id="${m.slug}"] td`);
      const cells = row.join(' | ');
      for (const e of [...m.completed, ...m.planned]) {
        assert.ok(cells.includes(e.title), `home, row ${m.name}: effort "${e.title}" missing in: ${cells}`);
      }
    }
    // Nothing that only works with a script is on screen.
    const jsOnly = await visible(page, '.js-only');
    assert.equal(jsOnly, 0, 'controls that need JavaScript are shown without it');
    await commonChecks(page, '');
  } finally {
    await page.close();
  }
});

test('a municipality without JavaScript: Gedaan and Gepland with every effort', async () => {
  const path = SAMPLE_PAGES[1];
  const m = municipalities.find((x) => `gemeenten/${x.slug}/` === path);
  const page = await open(path);
  try {
    // Which efforts are under which heading, with which topic links, is
    // checked for every municipality in Rust
    // (site::every_municipality_page_lists_its_efforts_under_the_right_heading);
    // here, that every one of them is visible without a script.
    assert.equal(await visible(page, '.efforts > li'), m.completed.length + m.planned.length);
    await commonChecks(page, path);
  } finally {
    await page.close();
  }
});

test('a topic without JavaScript: every municipality that did or plans it', async () => {
  const path = SAMPLE_PAGES[2];
  const slug = path.split('/')[1];
  const page = await open(path);
  try {
    for (const [id, key] of [
      ['gedaan', 'completed'],
      ['gepland', 'planned'],
    ]) {
      const expected = municipalities.filter((m) => m[key].some((e) => e.topics.includes(slug)));
      const names = await texts(page, `section[aria-labelledby="${id}"] .topic-entries > li > a`);
      assert.deepEqual(names.sort(), expected.map((m) => m.name).sort(), `${path}: municipalities under ${id}`);
      const efforts = await texts(page, `section[aria-labelledby="${id}"] .topic-entries > li li a`);
      const titles = expected.flatMap((m) => m[key].filter((e) => e.topics.includes(slug)).map((e) => e.title));
      assert.deepEqual(efforts.sort(), titles.sort(), `${path}: efforts under ${id}`);
    }
    await commonChecks(page, path);
  } finally {
    await page.close();
  }
});

test('the glossary without JavaScript: every word with its explanation, one click from where it is used', async () => {
  const page = await open('gemeenten/den-haag/');
  try {
    const link = page.locator('main a[href$="begrippen/#voorspelmodel"]').first();
    await link.click();
    await page.waitForURL(/begrippen\/#voorspelmodel$/);
    const target = await page.evaluate(() => {
      const dt = document.querySelector(':target');
      return dt && { tag: dt.tagName, text: dt.textContent, explanation: dt.nextElementSibling.textContent };
    });
    assert.equal(target?.tag, 'DT');
    assert.equal(target.text, 'voorspelmodel');
    assert.ok(target.explanation.length > 20, target.explanation);
    const terms = await texts(page, 'dl.glossary dt');
    const explanations = await texts(page, 'dl.glossary dd');
    assert.ok(terms.length >= 10, `${terms.length} words`);
    assert.equal(explanations.length, terms.length);
    // Opened afresh, as a reader arriving at it would.
    await visit(page, server.url('begrippen/'));
    await commonChecks(page, 'begrippen/');
  } finally {
    await page.close();
  }
});
