// The comparison features as a reader uses them: sorting and filtering the
// home table (state in the URL, Back), and putting municipalities side by
// side, with JavaScript and without it.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { axeViolations, formatViolations } from '../lib/axe.js';
import { guardedPage, newContext, visit } from '../lib/browser.js';
import { servedSite } from '../lib/fixture.js';

let site;
let server;
let browser;
let context;

servedSite((s) => ({ site, server, browser, context } = s));

const visibleRows = (page) =>
  page.$$eval('#vergelijkingstabel tbody tr:not([hidden]) th[scope=row] > a:first-child', (as) => as.map((a) => a.textContent));

test('sorting the table: buttons, aria-sort on one column, announced, in the URL', async () => {
  const page = await guardedPage(context, server);
  await visit(page, server.url(''));
  const province = page.getByRole('button', { name: /^Provincie/ });
  await province.click();
  await page.waitForURL(/sorteer=1&richting=op/);
  assert.equal(await page.getAttribute('th:has(> button:text-matches("^Provincie"))', 'aria-sort'), 'ascending');
  assert.equal(await page.locator('th[aria-sort]').count(), 1);
  const provinces = await page.$$eval('#vergelijkingstabel tbody tr td[data-label=Provincie]', (tds) => tds.map((t) => t.textContent.trim()));
  assert.deepEqual(provinces, [...provinces].sort((a, b) => a.localeCompare(b, 'nl')));
  await page.waitForFunction(() => /Gesorteerd op Provincie, oplopend/.test(document.querySelector('.result-count').textContent));
  await province.click();
  assert.equal(await page.getAttribute('th:has(> button:text-matches("^Provincie"))', 'aria-sort'), 'descending');
  // Sorting by the number of completed efforts puts the busiest first when descending.
  const done = page.getByRole('button', { name: /^Gedaan/ });
  await done.click();
  await done.click();
  const counts = await page.$$eval('#vergelijkingstabel tbody tr td[data-label=Gedaan]', (tds) => tds.map((t) => Number(t.dataset.value)));
  assert.deepEqual(counts, [...counts].sort((a, b) => b - a));
  // Back undoes the last sort: Gedaan, ascending again.
  await page.goBack();
  await page.waitForURL(/sorteer=2&richting=op/);
  await page.waitForFunction(() => {
    const th = document.querySelector('th[aria-sort]');
    return th?.textContent.startsWith('Gedaan') && th.getAttribute('aria-sort') === 'ascending';
  });
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('filtering the table: OR within a filter, AND across, counts, clear, Back', async () => {
  const page = await guardedPage(context, server);
  await visit(page, server.url(''));
  const form = page.locator('#filters');
  assert.ok(await form.isVisible(), 'the filter form shows once the script runs');
  await form.getByLabel(/^Compaan/).check();
  await form.getByRole('button', { name: 'Filters toepassen' }).click();
  await page.waitForURL(/onderwerp=compaan/);
  assert.deepEqual(await visibleRows(page), ['Delft', 'Haarlemmermeer', 'Westerveld']);
  await page.waitForFunction(() => document.querySelector('.result-count').textContent.includes('3 van 16 gemeenten'));
  assert.equal(await page.getAttribute('.result-count', 'aria-live'), 'polite');
  // AND across filters: Compaan and planned leaves Delft.
  await form.getByLabel(/^Gepland/).check();
  await form.getByRole('button', { name: 'Filters toepassen' }).click();
  assert.deepEqual(await visibleRows(page), ['Delft']);
  assert.match(await page.locator('label[for=f-status-gedaan]').textContent(), /\(2\)/, 'count for gedaan given Compaan');
  // OR within a filter: two provinces.
  await form.getByRole('button', { name: 'Wis filters' }).click();
  assert.equal((await visibleRows(page)).length, 16);
  await form.getByLabel(/^Limburg/).check();
  await form.getByLabel(/^Drenthe/).check();
  await form.getByRole('button', { name: 'Filters toepassen' }).click();
  assert.deepEqual(await visibleRows(page), ['Heerlen', 'Roermond', 'Westerveld']);
  await page.goBack();
  await page.waitForFunction(() => document.querySelectorAll('#vergelijkingstabel tbody tr:not([hidden])').length === 16);
  await page.goBack();
  await page.waitForFunction(() => document.querySelectorAll('#vergelijkingstabel tbody tr:not([hidden])').length === 1);
  const violations = await axeViolations(page);
  assert.equal(violations.length, 0, formatViolations(violations));
  assert.deepEqual(page.problems, []);
  await page.close();
});

const columns = (page) =>
  page.$$eval('.side-by-side thead th', (ths) => ths.filter((th) => getComputedStyle(th).display !== 'none').map((th) => th.firstElementChild?.textContent.trim() ?? th.textContent.trim()));

test('side by side: a shareable URL, ticking boxes, at most four', async () => {
  const page = await guardedPage(context, server);
  await visit(page, server.url('vergelijk/?g=delft,heerlen'));
  await page.waitForFunction(() => document.querySelector('.compare-status').textContent.includes('2 gemeenten'));
  assert.deepEqual(await columns(page), ['Onderwerp', 'Delft', 'Heerlen']);
  const compaan = await page.$$eval('.side-by-side tbody tr', (rows) => {
    const row = rows.find((r) => r.querySelector('th').textContent.startsWith('Compaan'));
    return [...row.querySelectorAll('td')].filter((td) => getComputedStyle(td).display !== 'none').map((td) => td.querySelector('.status').textContent);
  });
  assert.deepEqual(compaan, ['Gepland', 'Niet genoemd in de bron']);
  await page.getByLabel('Baarn').check();
  await page.waitForURL(/g=baarn,delft,heerlen/);
  await page.getByLabel('Rotterdam').check();
  assert.ok(await page.getByLabel('Westerveld').isDisabled(), 'a fifth is refused');
  assert.equal((await columns(page)).length, 5);
  // From the home table: tick two and submit.
  await visit(page, server.url(''));
  await page.getByRole('checkbox', { name: /^Dordrecht/ }).check();
  await page.getByRole('checkbox', { name: /^Lelystad/ }).check();
  await page.getByRole('button', { name: 'Zet de gekozen gemeenten naast elkaar' }).click();
  await page.waitForURL(/vergelijk\/\?g=dordrecht&g=lelystad/);
  await page.waitForFunction(() => document.querySelectorAll('.compare-form input:checked').length === 2);
  assert.deepEqual(await columns(page), ['Onderwerp', 'Dordrecht', 'Lelystad']);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('side by side without JavaScript: ticking boxes shows the columns', async () => {
  const noJs = await newContext(browser, server, { javaScriptEnabled: false });
  const page = await guardedPage(noJs, server);
  await visit(page, server.url('vergelijk/'));
  assert.ok(await page.locator('.compare-empty').isVisible());
  await page.getByLabel('Delft').check();
  await page.getByLabel('Westerveld').check();
  assert.deepEqual(await columns(page), ['Onderwerp', 'Delft', 'Westerveld']);
  assert.ok(!(await page.locator('.compare-empty').isVisible()));
  // And the home table is all there, without sorting buttons or filters.
  await visit(page, server.url(''));
  assert.equal(await page.locator('#vergelijkingstabel tbody tr').count(), 16);
  assert.ok(!(await page.locator('#filters').isVisible()));
  await noJs.close();
});
