// "Download deze selectie (CSV)": on the home page with filters and on the
// side-by-side page the browser makes a CSV of the municipalities shown,
// in the columns of data/inzet.csv, with its byte-order mark, and row for
// row the same as the full file's.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { guardedPage, visit } from '../lib/browser.js';
import { servedSite } from '../lib/fixture.js';

let site;
let server;
let context;

servedSite((s) => ({ site, server, context } = s));

/** The file's lines without the byte-order mark. */
function lines(text) {
  assert.ok(text.startsWith('\ufeff'), 'a byte-order mark for Excel');
  return text.slice(1).split('\r\n').filter((l) => l !== '');
}

/** The full CSV's header and its rows of the given municipality ids. */
function fullRows(ids) {
  const [header, ...rows] = lines(readFileSync(join(site.dir, 'data/inzet.csv'), 'utf8'));
  const col = header.split(',').indexOf('gemeente_id');
  return [header, ...rows.filter((r) => ids.includes(r.split(',')[col]))];
}

async function download(page) {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download deze selectie (CSV)' }).click(),
  ]);
  const path = await file.path();
  return { name: file.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

test('home page: the filtered rows, as the full CSV has them', async () => {
  const page = await guardedPage(context, server);
  await visit(page, server.url(''));
  const form = page.locator('#filters');
  // Applied as ticked.
  await form.getByLabel(/^Compaan/).check();
  await page.waitForURL(/onderwerp=Compaan/);
  const { name, text } = await download(page);
  assert.equal(name, 'inzet-selectie.csv');
  assert.deepEqual(lines(text), fullRows(['delft', 'haarlemmermeer', 'westerveld']));
  await page.waitForFunction(() => /3 gemeenten gedownload/.test(document.querySelector('.selection-status').textContent));
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('side by side: the chosen municipalities', async () => {
  const page = await guardedPage(context, server);
  await visit(page, server.url('vergelijk/?g=heerlen,leeuwarden'));
  const { text } = await download(page);
  assert.deepEqual(lines(text), fullRows(['heerlen', 'leeuwarden']));
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('the map: a mark is a link with the municipality as its name', async () => {
  const page = await guardedPage(context, server);
  await visit(page, server.url('onderwerpen/compaan/'));
  const mark = page.getByRole('link', { name: 'Delft: gepland', exact: true });
  await mark.focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(/gemeenten\/delft\/$/);
  assert.deepEqual(page.problems, []);
  await page.close();
});
