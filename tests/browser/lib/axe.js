// axe-core with the WCAG 2.2 AA rule set, and violations as readable text.

import AxeBuilder from '@axe-core/playwright';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * Runs axe on the page as it is now; resolves to its violations.
 * With JavaScript disabled the page's timers never fire and axe would wait
 * for ever: `scriptsDisabled` lets its deferred steps run as microtasks
 * (the page's own scripts stay off; only axe, injected by Playwright, runs).
 */
export async function axeViolations(page, { scriptsDisabled = false } = {}) {
  if (scriptsDisabled) {
    await page.evaluate(() => {
      window.setTimeout = (fn, _ms, ...args) => {
        Promise.resolve().then(() => fn(...args));
        return 0;
      };
      window.clearTimeout = () => {};
    });
  }
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  return results.violations;
}

/** One block per rule: id, impact, what it asks, and every element it fails on. */
export function formatViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .map((n) => {
          const summary = (n.failureSummary ?? '').replace(/\s*\n\s*/g, ' ');
          return `    - ${n.target.join(' ')}\n      ${n.html.slice(0, 200)}\n      ${summary}`;
        })
        .join('\n');
      return `  [${v.impact}] ${v.id}: ${v.help}\n    ${v.helpUrl}\n${nodes}`;
    })
    .join('\n');
}
