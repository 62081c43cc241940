// Debian's Chromium through playwright-core, and what a page must not do.
// Nothing here downloads a browser: playwright-core only drives the one
// installed at /usr/bin/chromium (CHROMIUM_PATH overrides).

import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches Chromium, or throws with how to install it. */
export async function launch() {
  if (!existsSync(CHROMIUM)) {
    const how = process.env.CI
      ? `CI must install it first: .ci/run runs \`apt-get install -y chromium\`.`
      : 'Install it with `sudo apt-get install -y chromium` (Debian, Ubuntu), ' +
        'or point CHROMIUM_PATH at another Chromium or Chrome binary.';
    const message = `Chromium is missing: no ${CHROMIUM}. ${how}`;
    console.error(`\n*** ${message}\n`);
    throw new Error(message);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

/**
 * A browser context that may only talk to `server` (see serve()): any other
 * request is aborted, and recorded in `problems`.
 */
export async function newContext(browser, server, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  const blocked = [];
  await context.route(
    (url) => !isLocal(url, server),
    (route) => {
      blocked.push(route.request().url());
      return route.abort('blockedbyclient');
    },
  );
  context.blocked = blocked;
  return context;
}

function isLocal(url, server) {
  const u = typeof url === 'string' ? new URL(url) : url;
  return u.protocol === 'http:' && u.hostname === '127.0.0.1' && u.port === server.port;
}

/**
 * Opens a page that records everything a reader's browser would complain
 * about: console errors, script errors, failed requests, error statuses and
 * requests to any other host. `page.problems` lists them as text.
 * `expectStatus` lets a test visit an address that answers 404 on purpose.
 */
export async function guardedPage(context, server, { expectStatus = {} } = {}) {
  const page = await context.newPage();
  const problems = [];
  // A request the browser aborts because the page navigated away (say, the
  // favicon of a page a form submit leaves) is no problem: requests
  // aborted while their page was still shown are. Which one it was is
  // known only once the next page has come, so they are sorted when read.
  let documents = 0;
  const madeOn = new WeakMap();
  const aborted = [];
  page.on('framenavigated', (f) => {
    if (f === page.mainFrame()) documents += 1;
  });
  Object.defineProperty(page, 'problems', {
    get: () => [
      ...problems,
      ...aborted.filter((a) => a.document === documents).map((a) => a.text),
    ],
  });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()} (${m.location().url || 'no url'})`);
  });
  page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
  page.on('request', (r) => {
    madeOn.set(r, documents);
    if (!isLocal(r.url(), server)) problems.push(`request to another host: ${r.method()} ${r.url()}`);
  });
  page.on('requestfailed', (r) => {
    const text = `failed request: ${r.url()} (${r.failure()?.errorText})`;
    if (r.failure()?.errorText === 'net::ERR_ABORTED' && !r.isNavigationRequest()) {
      aborted.push({ document: madeOn.get(r), text });
    } else {
      problems.push(text);
    }
  });
  page.on('response', (r) => {
    const expected = expectStatus[r.url()];
    if (expected !== undefined ? r.status() !== expected : r.status() >= 400) {
      problems.push(`HTTP ${r.status()} for ${r.url()}`);
    }
  });
  return page;
}

/** Visits url and fails unless it answered `status` and the page did nothing wrong. */
export async function visit(page, url, { status = 200 } = {}) {
  const response = await page.goto(url, { waitUntil: 'load' });
  if (!response) throw new Error(`no response for ${url}`);
  if (response.status() !== status) {
    throw new Error(`${url} answered ${response.status()}, expected ${status}`);
  }
  return response;
}
