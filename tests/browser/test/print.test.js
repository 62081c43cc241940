// Printing as a reader does it: home, matrix, side by side, a topic and a
// municipality on A4 (the matrix landscape). Nothing may stick out of the
// page, table headers are dark on white (browsers drop backgrounds), and
// every page carries the peildatum and the source. The first page of each
// PDF is rendered to PNG in screenshots/ for a person to look at.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { guardedPage, visit } from '../lib/browser.js';
import { overflowingElements } from '../lib/checks.js';
import { servedSite } from '../lib/fixture.js';

const SCREENSHOTS = fileURLToPath(new URL('../screenshots/', import.meta.url));

let site;
let server;
let browser;
let context;

servedSite((s) => ({ site, server, browser, context } = s));

// CSS pixels of the printable width of A4 with the theme's margins
// (@page in style.css): 210 mm - 24 mm portrait, 297 mm - 20 mm landscape.
const MM = 96 / 25.4;
const PORTRAIT = Math.floor((210 - 24) * MM);
const LANDSCAPE = Math.floor((297 - 20) * MM);

const PAGES = [
  { name: 'home', path: '', width: PORTRAIT },
  { name: 'matrix', path: 'matrix/', width: LANDSCAPE, landscape: true },
  { name: 'naast-elkaar', path: 'vergelijk/?g=amsterdam,delft,heerlen,roermond', width: PORTRAIT },
  { name: 'onderwerp', path: 'onderwerpen/publiekscampagne/', width: PORTRAIT },
  { name: 'gemeente', path: 'gemeenten/heerlen/', width: PORTRAIT },
];

/** In the page: the table headers whose text is not dark on white. */
function lightHeaders() {
  const rgb = (s) => (s.match(/[\d.]+/g) || []).map(Number);
  const luminance = ([r, g, b]) => {
    const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  return [...document.querySelectorAll('main thead th, main thead th a, main thead th button')]
    .filter((el) => el.checkVisibility())
    .filter((el) => {
      const style = getComputedStyle(el);
      const bg = rgb(style.backgroundColor);
      const transparent = bg.length === 4 && bg[3] === 0;
      const whiteBg = transparent || luminance(bg) > 0.9;
      return !(whiteBg && luminance(rgb(style.color)) < 0.05);
    })
    .map((el) => `<${el.tagName.toLowerCase()}> "${el.textContent.trim().slice(0, 20)}" ${getComputedStyle(el).color} on ${getComputedStyle(el).backgroundColor}`);
}

for (const p of PAGES) {
  test(`printing ${p.name} on A4${p.landscape ? ' (landscape)' : ''}: nothing cut off, dark headers, peildatum and source on every page`, async () => {
    const page = await guardedPage(context, server);
    await visit(page, server.url(p.path));
    if (p.path.startsWith('vergelijk/')) {
      await page.waitForFunction(() => document.querySelector('.compare-status').textContent.includes('4 gemeenten'));
    }
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: p.width, height: 1000 });
    const overflow = await page.evaluate(overflowingElements);
    assert.ok(overflow.scroll <= overflow.width, `${p.name}: printed ${overflow.scroll} px wide on ${overflow.width}; sticking out: ${overflow.wide.join(', ')}`);
    assert.deepEqual(await page.evaluate(lightHeaders), [], `${p.name}: headers that do not print dark on white`);
    // The running footer of every printed page (@page margin boxes).
    const css = await page.$eval('style[media=print]', (s) => s.textContent);
    assert.match(css, /@bottom-left \{ content: "[^"]*Stand van zaken: 15 januari 2020[^"]*Bron: /);
    const pdf = await page.pdf({ format: 'A4', landscape: !!p.landscape, preferCSSPageSize: true });
    assert.ok(pdf.length > 10000, `${p.name}: a PDF of ${pdf.length} bytes`);
    mkdirSync(SCREENSHOTS, { recursive: true });
    const file = join(SCREENSHOTS, `print-${p.name}.pdf`);
    writeFileSync(file, pdf);
    // The first page as a picture (Debian's poppler-utils).
    execFileSync('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '1', '-singlefile', file, join(SCREENSHOTS, `print-${p.name}`)]);
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
    const pages = text.split('\f').filter((t) => t.trim());
    pages.forEach((t, i) => assert.match(t, /Stand van zaken: 15 januari 2020/, `${p.name}, printed page ${i + 1} has no peildatum`));
    assert.deepEqual(page.problems, [], page.problems.join('\n'));
    await page.close();
  });
}
