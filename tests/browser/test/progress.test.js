// The pages about progress without JavaScript: a municipality's
// "Voortgang" (Amsterdam, the bundled site's municipality with earlier
// states) and "Van plan naar uitvoering" (/voortgang/), whose filters work
// with CSS alone. (axe at two widths and the Nu Html Checker run on these
// pages with every other: pages.test.js, html.test.js.)

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';

import { axeViolations, formatViolations } from '../lib/axe.js';
import { guardedPage, visit } from '../lib/browser.js';
import { servedSite } from '../lib/fixture.js';
import { checkSkipLink } from '../lib/checks.js';
import { readMunicipalities } from '../lib/content.js';
import { REPO } from '../lib/site.js';

const municipalities = readMunicipalities(join(REPO, 'content'));
const withHistory = municipalities.filter((m) => m.history.length > 0);

let server;
let context;

servedSite((s) => ({ server, context } = s), { contextOptions: { javaScriptEnabled: false } });

async function open(path) {
  const page = await guardedPage(context, server);
  await visit(page, server.url(path));
  return page;
}

async function commonChecks(page, path) {
  await checkSkipLink(page, `${path} without JavaScript`);
  const violations = await axeViolations(page, { scriptsDisabled: true });
  assert.equal(violations.length, 0, `${path}: axe without JavaScript:\n${formatViolations(violations)}`);
  assert.deepEqual(page.problems, [], `${path}:\n  ${page.problems.join('\n  ')}`);
}

const visibleTexts = (page, selector) =>
  page.evaluate((s) => [...document.querySelectorAll(s)]
    .filter((el) => el.checkVisibility())
    .map((el) => el.textContent.trim().replace(/\s+/g, ' ')), selector);

test('the content has a municipality with earlier states', () => {
  assert.ok(withHistory.some((m) => m.slug === 'amsterdam'), 'Amsterdam has [[history]]');
});

test('a municipality page without JavaScript: every earlier effort under Voortgang, each date readable', async () => {
  const m = withHistory.find((x) => x.slug === 'amsterdam');
  const path = `gemeenten/${m.slug}/`;
  const page = await open(path);
  try {
    const section = await visibleTexts(page, 'section.progress');
    assert.equal(section.length, 1, 'one visible Voortgang section');
    for (const state of m.history) {
      for (const e of [...state.completed, ...state.planned]) {
        assert.ok(section[0].includes(e.title), `${path}: earlier effort "${e.title}" missing`);
      }
    }
    for (const e of [...m.completed, ...m.planned]) {
      assert.ok(section[0].includes(e.title), `${path}: current effort "${e.title}" not followed`);
    }
    const undated = await page.$$eval('section.progress li.step', (steps) =>
      steps.filter((s) => !/^\d{4}-\d{2}-\d{2}$/.test(s.querySelector('time')?.getAttribute('datetime') ?? '')).length);
    assert.equal(undated, 0, 'every step has a <time datetime>');
    assert.match(section[0], /lezing van de redactie/);
    await commonChecks(page, path);
  } finally {
    await page.close();
  }
});

test('Van plan naar uitvoering without JavaScript: every change shown, and the filters work', async () => {
  const path = 'voortgang/';
  const page = await open(path);
  try {
    const all = await page.locator('.ev').count();
    assert.ok(all > 0, 'changes are listed');
    assert.equal((await visibleTexts(page, '.ev')).length, all, 'all changes visible at first');
    await commonChecks(page, path);

    // A topic: only the changes on it stay, with their dates and groups.
    const topic = await page.locator('input[name=onderwerp]:not([value=""])').first();
    const slug = await topic.getAttribute('value');
    await page.locator(`label[for="fo-${slug}"]`).click();
    const onTopic = await page.locator(`.ev.t-${slug}`).count();
    assert.ok(onTopic > 0 && onTopic < all, `${onTopic} of ${all} on ${slug}`);
    assert.equal((await visibleTexts(page, '.ev')).length, onTopic, 'only the changes on the topic are visible');
    const shownGroups = await page.$$eval('.pg-group', (groups) =>
      groups.filter((g) => g.checkVisibility()).map((g) => g.querySelectorAll('.ev').length));
    assert.ok(shownGroups.every((n) => n > 0), 'no group is left empty on screen');
    assert.equal(await page.locator('.progress-empty').isVisible(), false);

    // And a province: both filters apply.
    const province = await page.locator('input[name=provincie]:not([value=""])').first().getAttribute('value');
    await page.locator(`label[for="fp-${province}"]`).click();
    const both = await page.locator(`.ev.t-${slug}.p-${province}`).count();
    assert.equal((await visibleTexts(page, '.ev')).length, both);

    // Back to all topics and provinces, from the keyboard.
    await page.locator('#fo--alle').focus();
    await page.keyboard.press('Space');
    await page.locator('#fp--alle').focus();
    await page.keyboard.press('Space');
    assert.equal((await visibleTexts(page, '.ev')).length, all, 'everything again');

    // Every change links to a step on its municipality's page.
    const hrefs = await page.$$eval('.ev > p > a', (as) => as.map((a) => a.href));
    const target = new URL(hrefs[0]);
    await visit(page, target.href);
    assert.equal(await page.evaluate(() => document.querySelector(':target')?.matches('li.step')), true, target.href);
  } finally {
    await page.close();
  }
});
