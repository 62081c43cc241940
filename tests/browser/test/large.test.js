// A large site as a reader meets it: above `table_limit` (site.toml) the
// overview pages show summaries per province and every topic has a page per
// province. The bundled content with a limit of 10 is such a site: its
// summary pages pass axe at 1280 and 320 px and the Nu Html Checker, and a
// reader gets from a topic to the municipalities of one province.

import assert from 'node:assert/strict';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { axeViolations, formatViolations } from '../lib/axe.js';
import { guardedPage, visit } from '../lib/browser.js';
import { overflowingElements } from '../lib/checks.js';
import { servedSite } from '../lib/fixture.js';
import { pagePath } from '../lib/site.js';
import { formatVnu, vnuErrors } from '../lib/vnu.js';

let site;
let server;
let context;

servedSite((s) => ({ site, server, context } = s), {
  edit: (content) => {
    const siteToml = join(content, 'site.toml');
    writeFileSync(siteToml, `table_limit = 10\n${readFileSync(siteToml, 'utf8')}`);
    // A file whose name is not its municipality's name slugified: the side
    // by side page must find it by name all the same (it once guessed the
    // slug).
    renameSync(join(content, 'municipalities', 'den-haag.toml'), join(content, 'municipalities', 'gravenhage.toml'));
  },
});

const provincePages = () => site.pages.filter((p) => /^onderwerpen\/[^/]+\/[^/]+\/index\.html$/.test(p));

test('summary pages: no axe violations at 1280 and 320 px, nothing sticks out', async (t) => {
  const pages = [
    'index.html',
    'matrix/index.html',
    'vergelijk/index.html',
    'onderwerpen/publiekscampagne/index.html',
    // A province with municipalities on the topic and one without.
    'onderwerpen/publiekscampagne/zuid-holland/index.html',
    'onderwerpen/compaan/zeeland/index.html',
  ];
  for (const p of pages) assert.ok(site.pages.includes(p), `no ${p}`);
  const page = await guardedPage(context, server);
  t.after(() => page.close());
  for (const file of pages) {
    await t.test(file, async () => {
      page.problems.length = 0;
      await page.setViewportSize({ width: 1280, height: 800 });
      await visit(page, server.url(pagePath(file)));
      const wide = await axeViolations(page);
      assert.equal(wide.length, 0, `${file}:\n${formatViolations(wide)}`);
      await page.setViewportSize({ width: 320, height: 640 });
      const overflow = await page.evaluate(overflowingElements);
      assert.ok(overflow.scroll <= overflow.width, `${file} at 320 px: ${overflow.wide.join(', ')}`);
      const narrow = await axeViolations(page);
      assert.equal(narrow.length, 0, `${file} at 320 px:\n${formatViolations(narrow)}`);
      assert.deepEqual(page.problems, [], `${file}:\n  ${page.problems.join('\n  ')}`);
    });
  }
});

test('from a topic to the municipalities of one province and back', async () => {
  const page = await guardedPage(context, server);
  try {
    await visit(page, server.url('onderwerpen/publiekscampagne/'));
    assert.equal(await page.locator('ul.topic-entries').count(), 0, 'the topic page lists no municipalities itself');
    const row = page.locator('table.topic-provinces tbody tr', { hasText: 'Zuid-Holland' });
    const count = Number(await row.locator('td').first().textContent());
    assert.ok(count > 0, 'Zuid-Holland has municipalities on this topic');
    await row.getByRole('link', { name: 'Zuid-Holland' }).click();
    await page.waitForURL(/onderwerpen\/publiekscampagne\/zuid-holland\/$/);
    assert.equal(await page.locator('h1').textContent(), 'Publiekscampagne in Zuid-Holland');
    const names = await page.$$eval('ul.topic-entries > li > a', (as) => [...new Set(as.map((a) => a.textContent))]);
    assert.equal(names.length, count, `${count} municipalities in the table, ${names.length} listed`);
    // The first one listed is in Zuid-Holland (its page says so).
    await page.locator('ul.topic-entries > li > a').first().click();
    await page.waitForURL(/gemeenten\/[^/]+\/$/);
    assert.equal(await page.locator('dl.facts dd').first().textContent(), 'Zuid-Holland');
    await page.goBack();
    // The breadcrumbs lead back to the topic.
    await page.getByRole('navigation', { name: 'Kruimelpad' }).getByRole('link', { name: 'Publiekscampagne' }).click();
    await page.waitForURL(/onderwerpen\/publiekscampagne\/$/);
    assert.deepEqual(page.problems, []);
  } finally {
    await page.close();
  }
});

test('Nu Html Checker: no errors in the pages of a large site', () => {
  const files = ['index.html', 'matrix/index.html', 'vergelijk/index.html', 'onderwerpen/publiekscampagne/index.html', ...provincePages()];
  assert.ok(provincePages().length >= 17, `only ${provincePages().length} topic pages per province`);
  const errors = vnuErrors(site.dir, files);
  assert.equal(errors.length, 0, `${errors.length} error(s):\n${formatVnu(errors)}`);
});

test('side by side on a large site: adding municipalities by name, whatever their file is called', async () => {
  const page = await guardedPage(context, server);
  try {
    await visit(page, server.url('vergelijk/'));
    const name = page.getByLabel('Naam van een gemeente');
    await name.fill('den haag');
    await page.getByRole('button', { name: 'Toevoegen' }).click();
    await page.waitForFunction(() => /Den Haag toegevoegd/.test(document.querySelector('.compare-status').textContent));
    await name.fill('Delft');
    await page.getByRole('button', { name: 'Toevoegen' }).click();
    await page.waitForFunction(() => /Delft toegevoegd/.test(document.querySelector('.compare-status').textContent));
    const heads = await page.$$eval('.side-by-side thead th a[href*="gemeenten/"]', (as) => as.map((a) => [a.textContent.trim(), a.getAttribute('href')]));
    assert.deepEqual(heads.map(([t]) => t), ['Den Haag', 'Delft']);
    assert.match(heads[0][1], /gemeenten\/gravenhage\/$/);
    await page.waitForURL(/g=gravenhage/);
    await name.fill('Nergensdorp');
    await page.getByRole('button', { name: 'Toevoegen' }).click();
    await page.waitForFunction(() => /Geen gemeente gevonden met de naam ‘Nergensdorp’/.test(document.querySelector('.compare-status').textContent));
    assert.deepEqual(page.problems, []);
  } finally {
    await page.close();
  }
});
