// The one setup of every page-level test file: a site built, served and
// opened in a browser context before the file's tests, and closed and
// removed after them.

import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before } from 'node:test';

import { launch, newContext } from './browser.js';
import { REPO, buildSite } from './site.js';
import { serve } from './server.js';

/**
 * Registers the `before` and `after` of the file (or of the `describe` it
 * is called in). `use` receives `{ site, server, browser, context }` once
 * they are ready, and may return a promise (to add an init script, say).
 *
 * Options:
 * - `content`: the content folder, relative to the repository (default
 *   the bundled `content/`);
 * - `edit(dir)`: changes a copy of that folder before the build (the copy
 *   is made in a temp folder and removed after);
 * - `baseUrl`: given to `vergelijk build --base-url`;
 * - `prefix`: the path the server serves the site under (default `/`; with a
 *   subpath base URL, its path);
 * - `contextOptions`: for the browser context (e.g. `{ javaScriptEnabled: false }`).
 */
export function servedSite(use, { content = 'content', edit, baseUrl, prefix = '/', contextOptions = {} } = {}) {
  const s = {};
  let copy;
  before(async () => {
    let folder = content;
    if (edit) {
      copy = mkdtempSync(join(tmpdir(), 'vergelijk-content-'));
      cpSync(resolve(REPO, content), copy, { recursive: true });
      edit(copy);
      folder = copy;
    }
    s.site = buildSite({ content: folder, baseUrl });
    s.server = await serve(s.site.dir, { prefix });
    s.browser = await launch();
    s.context = await newContext(s.browser, s.server, contextOptions);
    await use(s);
  });
  after(async () => {
    await s.browser?.close();
    await s.server?.close();
    s.site?.cleanup();
    if (copy) rmSync(copy, { recursive: true, force: true });
  });
}
