// The bundled site, built, served and opened in a browser context before a
// test file's tests and closed after them: what every page-level test file
// needs first.

import { after, before } from 'node:test';

import { launch, newContext } from './browser.js';
import { buildSite } from './site.js';
import { serve } from './server.js';

/**
 * Registers the file's `before` and `after`. `use` receives
 * `{ site, server, browser, context }` once they are ready;
 * `contextOptions` go to the browser context (e.g. `javaScriptEnabled`).
 */
export function servedSite(use, contextOptions = {}) {
  const s = {};
  before(async () => {
    s.site = buildSite();
    s.server = await serve(s.site.dir);
    s.browser = await launch();
    s.context = await newContext(s.browser, s.server, contextOptions);
    use(s);
  });
  after(async () => {
    await s.browser?.close();
    await s.server?.close();
    s.site?.cleanup();
  });
}
