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
  await page.waitForURL(/sorteer=provincie&richting=op/);
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
  await page.waitForURL(/sorteer=gedaan&richting=op/);
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
  // Applied as ticked.
  await form.getByLabel(/^Compaan/).check();
  await page.waitForURL(/onderwerp=Compaan/);
  assert.deepEqual(await visibleRows(page), ['Delft', 'Haarlemmermeer', 'Westerveld']);
  await page.waitForFunction(() => document.querySelector('.result-count').textContent.includes('3 van 16 gemeenten'));
  assert.equal(await page.getAttribute('.result-count', 'aria-live'), 'polite');
  // AND across filters: Compaan and planned leaves Delft.
  await form.getByLabel(/^Gepland/).check();
  assert.deepEqual(await visibleRows(page), ['Delft']);
  // Why Delft is there: its planned Compaan effort is marked, in words too.
  const marked = await page.$$eval('#delft li.match', (lis) => lis.map((li) => li.textContent.trim()));
  assert.deepEqual(marked, ['Experimenteren met de Compaan (past bij uw filter)']);
  // The chosen filters as buttons above the results; one removes its filter.
  assert.deepEqual(await page.locator('.chosen-filters button').allTextContents(), [
    'Compaan (tablet voor ouderen) (filter weghalen) ×', 'Gepland (filter weghalen) ×']);
  assert.match(await page.locator('#filter-disclosure summary').textContent(), /2 gekozen/);
  await page.getByRole('button', { name: /^Gepland \(filter weghalen\)/ }).click();
  assert.deepEqual(await visibleRows(page), ['Delft', 'Haarlemmermeer', 'Westerveld']);
  await form.getByLabel(/^Gepland/).check();
  assert.match(await page.locator('label[for=f-status-gedaan]').textContent(), /\(2\)/, 'count for gedaan given Compaan');
  // OR within a filter: two provinces.
  await form.getByRole('button', { name: 'Wis filters' }).click();
  assert.equal((await visibleRows(page)).length, 16);
  await form.getByLabel(/^Limburg/).check();
  await form.getByLabel(/^Drenthe/).check();
  assert.deepEqual(await visibleRows(page), ['Heerlen', 'Roermond', 'Westerveld']);
  // Every tick is a step in the history: Back undoes one at a time.
  const shown = (n) => page.waitForFunction((k) => document.querySelectorAll('#vergelijkingstabel tbody tr:not([hidden])').length === k, n);
  await page.goBack();
  await shown(2);
  await page.goBack();
  await shown(16);
  await page.goBack();
  await shown(1);
  // A topic filter by its name, as the search page takes it; a link shared
  // with the topic's slug (the earlier form) still works.
  await visit(page, server.url('?onderwerp=' + encodeURIComponent('Compaan (tablet voor ouderen)')));
  assert.deepEqual(await visibleRows(page), ['Delft', 'Haarlemmermeer', 'Westerveld']);
  await visit(page, server.url('?onderwerp=compaan'));
  assert.deepEqual(await visibleRows(page), ['Delft', 'Haarlemmermeer', 'Westerveld']);
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
  // A fifth is refused, and the reader is told why.
  await page.getByLabel('Westerveld').click();
  assert.equal(await page.getByLabel('Westerveld').isChecked(), false, 'a fifth is refused');
  await page.waitForFunction(() => /maximaal 4 gemeenten/.test(document.querySelector('.compare-status').textContent));
  assert.equal((await columns(page)).length, 5);
  // "Alleen verschillen" hides the rows where all four say the same.
  const rowCount = () => page.$$eval('.side-by-side tbody tr', (rows) => rows.filter((r) => !r.hidden).length);
  const all = await rowCount();
  await page.getByLabel(/^Alleen verschillen/).check();
  const differing = await rowCount();
  assert.ok(differing > 0 && differing < all, `${differing} of ${all} rows differ`);
  await page.waitForURL(/verschillen=1/);
  // A link with five names shows four and says so.
  await visit(page, server.url('vergelijk/?g=baarn,delft,heerlen,rotterdam,westerveld'));
  await page.waitForFunction(() => /noemt 5 gemeenten/.test(document.querySelector('.compare-status').textContent));
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
  // A shared link: the page says plainly that showing it needs JavaScript,
  // and never that nothing was chosen.
  await visit(page, server.url('vergelijk/?g=delft,heerlen'));
  const empty = await page.locator('.compare-empty').innerText();
  assert.match(empty, /gedeelde link/);
  assert.match(empty, /JavaScript/);
  assert.doesNotMatch(empty, /geen gemeenten gekozen/i);
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

test('the target group "ouderen" includes its narrower group, the 75-plussers (Roermond)', async () => {
  const page = await guardedPage(context, server);
  await visit(page, server.url('?doelgroep=ouderen'));
  await page.waitForFunction(() => document.querySelectorAll('#vergelijkingstabel tbody tr:not([hidden])').length < 16);
  assert.deepEqual(await visibleRows(page), ['Lelystad', 'Roermond']);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('the comparison comes first: the first row on the first screen, sticky headers, no scroll box in the matrix', async () => {
  const page = await guardedPage(context, server);
  // 1280x800: the first municipality of the table starts on the first screen.
  await page.setViewportSize({ width: 1280, height: 800 });
  await visit(page, server.url(''));
  const top = () => page.$eval('#vergelijkingstabel tbody tr:not([hidden])', (tr) => tr.getBoundingClientRect().top);
  assert.ok((await top()) < 800, `the first row starts at ${await top()} px`);
  // The filters sit beside the table there.
  const [filters, table] = await Promise.all([
    page.$eval('.finder-filters', (el) => el.getBoundingClientRect().toJSON()),
    page.$eval('#vergelijkingstabel', (el) => el.getBoundingClientRect().toJSON()),
  ]);
  assert.ok(filters.right <= table.left, 'the filters are in a column beside the results');
  // Scrolling down, the column headers stay at the top of the window.
  await page.evaluate(() => window.scrollTo(0, document.querySelector('#vergelijkingstabel tbody tr:nth-child(8)').offsetTop));
  const header = await page.$eval('#vergelijkingstabel thead th', (th) => th.getBoundingClientRect().top);
  assert.ok(Math.abs(header) < 2, `the header row is at ${header} px while scrolling`);
  // 375x667: the first card within one and a half screens; filters collapsed.
  await page.setViewportSize({ width: 375, height: 667 });
  await visit(page, server.url(''));
  assert.ok((await top()) < 1.5 * 667, `the first card starts at ${await top()} px`);
  assert.equal(await page.$eval('#filter-disclosure', (d) => d.open), false, 'the filters start collapsed on a phone');
  await page.locator('#filter-disclosure summary').click();
  await page.getByLabel(/^Limburg/).check();
  assert.match(await page.locator('#filter-disclosure summary').textContent(), /1 gekozen/);
  // The matrix: no vertical scroll box inside the page on a desktop, and its
  // header row and first column stick to the window.
  await page.setViewportSize({ width: 1280, height: 800 });
  await visit(page, server.url('matrix/'));
  const boxes = await page.$$eval('main *', (els) => els.filter((el) => {
    const s = getComputedStyle(el);
    return ['auto', 'scroll'].includes(s.overflowY) && el.scrollHeight > el.clientHeight + 1;
  }).map((el) => el.className));
  assert.deepEqual(boxes, [], 'scroll boxes inside the matrix page');
  await page.evaluate(() => window.scrollTo(400, 500));
  const corner = await page.evaluate(() => ({
    header: document.querySelector('.matrix thead th:nth-child(5)').getBoundingClientRect().top,
    first: document.querySelector('.matrix tbody th').getBoundingClientRect().left,
  }));
  assert.ok(Math.abs(corner.header) < 2, `matrix header at ${corner.header} px`);
  assert.ok(Math.abs(corner.first) < 2, `matrix first column at ${corner.first} px`);
  assert.deepEqual(page.problems, []);
  await page.close();
});
