// Checks shared by the test files, each asserting what a reader meets.

import assert from 'node:assert/strict';

/** The pages checked from the keyboard and without JavaScript: home, a municipality, a topic. */
export const SAMPLE_PAGES = ['', 'gemeenten/heerlen/', 'onderwerpen/publiekscampagne/'];

/**
 * In the page: how wide the document is, and the first elements that stick
 * out of the viewport without a scrolling box of their own to clip them
 * (following the containing block, so an absolutely positioned element that
 * escapes its scroll box is found too).
 */
export function overflowingElements() {
  const width = document.documentElement.clientWidth;
  const clipped = (el) => {
    const fixed = getComputedStyle(el).position === 'fixed';
    let absolute = getComputedStyle(el).position === 'absolute';
    for (let a = el.parentElement; a && a !== document.body && !fixed; a = a.parentElement) {
      const style = getComputedStyle(a);
      if (absolute && style.position === 'static') continue;
      absolute = style.position === 'absolute';
      if (style.overflowX !== 'visible' && a.getBoundingClientRect().right <= width + 1) return true;
    }
    return false;
  };
  const describe = (el) => {
    const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
    const text = (el.textContent ?? '').trim().slice(0, 30);
    return `<${el.tagName.toLowerCase()}${cls}> "${text}" (right edge ${Math.round(el.getBoundingClientRect().right)} px)`;
  };
  const wide = [...document.querySelectorAll('body *')]
    .filter((el) => el.getBoundingClientRect().right > width + 1 && !clipped(el))
    .slice(0, 5)
    .map(describe);
  return { scroll: document.documentElement.scrollWidth, width, wide };
}

/** Tab once, Enter on the skip link: focus must be on <main>. */
export async function checkSkipLink(page, label) {
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => {
    const el = document.activeElement;
    const box = el.getBoundingClientRect();
    return {
      isSkip: el.matches('a.skip-link'),
      html: el.outerHTML.slice(0, 120),
      visible: box.width > 1 && box.height > 1 && box.top >= 0 && box.left >= 0 && box.bottom <= innerHeight,
    };
  });
  assert.ok(first.isSkip, `${label}: the first Tab focuses ${first.html}, not a.skip-link`);
  assert.ok(first.visible, `${label}: the focused skip link is not visible on screen`);
  await page.keyboard.press('Enter');
  // Polled from here: with JavaScript off, the page's own timers never run.
  let focus;
  for (let i = 0; i < 20; i++) {
    focus = await page.evaluate(() => ({
      onMain: document.activeElement === document.querySelector('main'),
      html: document.activeElement?.outerHTML.slice(0, 120),
    }));
    if (focus.onMain) break;
    await new Promise((ok) => setTimeout(ok, 50));
  }
  assert.ok(focus.onMain, `${label}: after Enter on the skip link the focus is on ${focus.html}, not <main>`);
}

