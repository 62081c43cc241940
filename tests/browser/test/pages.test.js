// Every page of the bundled site as a reader's browser sees it: axe-core
// (WCAG 2.2 AA rules), no console errors, no failed requests, no request to
// another host, no sideways scrolling on a narrow phone; the skip link
// from the keyboard; and screenshots of the home page for a person to look at.

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { axeViolations, formatViolations } from '../lib/axe.js';
import { guardedPage, visit } from '../lib/browser.js';
import { servedSite } from '../lib/fixture.js';
import { SAMPLE_PAGES, checkSkipLink, overflowingElements } from '../lib/checks.js';
import { pagePath } from '../lib/site.js';

const SCREENSHOTS = fileURLToPath(new URL('../screenshots/', import.meta.url));

let site;
let server;
let browser;
let context;

servedSite((s) => ({ site, server, browser, context } = s));

test('the build has pages to check', () => {
  assert.ok(site.pages.includes('index.html'), 'no index.html');
  assert.ok(site.pages.includes('404.html'), 'no 404.html');
  for (const p of SAMPLE_PAGES) assert.ok(site.pages.includes(`${p}index.html`), `no ${p}index.html`);
});

test('every page: no axe violations (1280 and 320 px), console errors, failed or outside requests', async (t) => {
  // One tab for all pages: opening a tab costs more than loading a page.
  const page = await guardedPage(context, server);
  t.after(() => page.close());
  for (const file of site.pages) {
    await t.test(file, async () => {
      page.problems.length = 0;
      await page.setViewportSize({ width: 1280, height: 800 });
      await visit(page, server.url(pagePath(file)));
      const violations = await axeViolations(page);
      assert.equal(violations.length, 0, `${file}: ${violations.length} axe violation(s):\n${formatViolations(violations)}`);
      // WCAG 1.4.10 Reflow: at 320 CSS px nothing needs sideways scrolling
      // (wide tables scroll inside their own box), with every <details> open.
      await page.setViewportSize({ width: 320, height: 640 });
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
      const overflow = await page.evaluate(overflowingElements);
      assert.ok(
        overflow.scroll <= overflow.width,
        `${file}: at 320 px the page is ${overflow.scroll} px wide; sticking out: ${overflow.wide.join(', ')}`,
      );
      // The phone layout is another page to axe (cards, wrapped menus, open <details>).
      const narrow = await axeViolations(page);
      assert.equal(narrow.length, 0, `${file} at 320 px: ${narrow.length} axe violation(s):\n${formatViolations(narrow)}`);
      assert.deepEqual(page.problems, [], `${file}:\n  ${page.problems.join('\n  ')}`);
    });
  }
  assert.deepEqual(context.blocked, [], `requests to other hosts: ${context.blocked.join(', ')}`);
});

test('an unknown address answers 404 with the 404 page, styled', async () => {
  const page = await guardedPage(context, server);
  try {
    const url = server.url('gemeenten/bestaat-niet/');
    page.problems.length = 0;
    const response = await page.goto(url);
    assert.equal(response.status(), 404);
    assert.equal(await page.locator('h1').textContent(), 'Pagina niet gevonden');
    // The stylesheet loaded although the page is shown two levels deep.
    const bg = await page.evaluate(() => getComputedStyle(document.querySelector('.site-header')).backgroundColor);
    assert.notEqual(bg, 'rgba(0, 0, 0, 0)', 'the 404 page is unstyled at depth');
    const others = page.problems.filter((p) => !p.includes(url) && !p.includes('404 (Not Found)'));
    assert.deepEqual(others, []);
  } finally {
    await page.close();
  }
});

test('keyboard: the first Tab lands on the skip link, Enter moves focus to main', async (t) => {
  for (const p of SAMPLE_PAGES) {
    await t.test(p || 'home', async () => {
      const page = await guardedPage(context, server);
      try {
        await visit(page, server.url(p));
        await checkSkipLink(page, p || 'home');
        assert.deepEqual(page.problems, []);
      } finally {
        await page.close();
      }
    });
  }
});

test('screenshots of the home page at 1280 and 375 px wide', async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const width of [1280, 375]) {
    const page = await guardedPage(context, server);
    try {
      await page.setViewportSize({ width, height: 900 });
      await visit(page, server.url(''));
      const path = join(SCREENSHOTS, `home-${width}.png`);
      await page.screenshot({ path, fullPage: true });
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= width, `at ${width} px the home page is ${wide} px wide`);
      assert.deepEqual(page.problems, []);
    } finally {
      await page.close();
    }
  }
});
