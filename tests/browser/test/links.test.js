// Every internal link and fragment (`href`, `src`, `#id`) of every page
// resolves over HTTP, for a build at the root and for a build with a subpath
// base_url served under that subpath; canonical links and the sitemap point
// at the public address of each page; the 404 page works at any depth.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { servedSite } from '../lib/fixture.js';
import { REPO, pagePath } from '../lib/site.js';

const siteBaseUrl = readFileSync(join(REPO, 'content/site.toml'), 'utf8').match(/^base_url\s*=\s*"([^"]+)"/m)[1];

/** In the page: every link-like attribute, resolved, and every id. */
function collect() {
  const attrs = [];
  for (const el of document.querySelectorAll('[href], [src]')) {
    for (const name of ['href', 'src']) {
      const raw = el.getAttribute(name);
      if (raw === null) continue;
      let url = null;
      try {
        url = new URL(raw, document.baseURI).href;
      } catch {
        // reported below as unresolvable
      }
      attrs.push({ tag: el.tagName.toLowerCase(), rel: el.getAttribute('rel'), name, raw, url });
    }
  }
  const ids = [...document.querySelectorAll('[id]')].map((el) => el.id);
  const names = [...document.querySelectorAll('a[name]')].map((el) => el.getAttribute('name'));
  return { attrs, ids: [...ids, ...names] };
}

for (const variant of [
  { label: 'at the root', baseUrl: undefined, prefix: '/' },
  { label: 'under a subpath', baseUrl: 'https://example.org/eenzaamheid/', prefix: '/eenzaamheid/' },
]) {
  describe(`links ${variant.label} (${variant.prefix})`, () => {
    const publicBase = variant.baseUrl ?? siteBaseUrl;
    let site;
    let server;
    let context;
    const statusCache = new Map();
    const idCache = new Map();

    servedSite((s) => ({ site, server, context } = s), {
      baseUrl: variant.baseUrl,
      prefix: variant.prefix,
      contextOptions: { javaScriptEnabled: false },
    });

    async function status(url) {
      if (!statusCache.has(url)) {
        const r = await fetch(url, { redirect: 'manual' });
        await r.arrayBuffer();
        statusCache.set(url, { status: r.status, html: (r.headers.get('content-type') ?? '').startsWith('text/html') });
      }
      return statusCache.get(url);
    }

    async function idsOf(url) {
      if (!idCache.has(url)) await load(url);
      return idCache.get(url);
    }

    let tab;
    async function load(url) {
      tab ??= await context.newPage();
      await tab.goto(url);
      const found = await tab.evaluate(collect);
      idCache.set(url.split('#')[0], found.ids);
      return found;
    }

    /** Checks every link of the page at url; returns the problems as text. */
    async function checkPage(url, label, found) {
      found ??= await load(url);
      const problems = [];
      const dup = found.ids.filter((id, i) => found.ids.indexOf(id) !== i);
      if (dup.length) problems.push(`duplicate ids: ${[...new Set(dup)].join(', ')}`);
      for (const a of found.attrs) {
        const what = `<${a.tag} ${a.name}="${a.raw}">`;
        if (!a.url) {
          problems.push(`${what} is not a URL`);
          continue;
        }
        const u = new URL(a.url);
        if (u.origin !== server.origin) {
          // Outbound links to sources are fine; anything the page loads is not.
          const outbound = (a.tag === 'a' || (a.tag === 'link' && /\b(canonical|alternate)\b/.test(a.rel ?? ''))) &&
            /^(https?|mailto):$/.test(u.protocol);
          if (!outbound) problems.push(`${what} points outside the site (${u.protocol})`);
          continue;
        }
        if (!u.pathname.startsWith(variant.prefix)) {
          problems.push(`${what} leaves ${variant.prefix}: ${u.pathname}`);
          continue;
        }
        const target = `${u.origin}${u.pathname}${u.search}`;
        if (target === url.split('#')[0] && a.raw.startsWith('#')) {
          // A fragment on the page itself (the 404 page's skip link too).
          const id = decodeURIComponent(u.hash.slice(1));
          if (!id) problems.push(`${what} has an empty fragment`);
          else if (!found.ids.includes(id)) problems.push(`${what}: no id "${id}" on this page`);
          continue;
        }
        const s = await status(target);
        if (s.status !== 200) {
          problems.push(`${what} -> ${u.pathname} answers ${s.status}`);
          continue;
        }
        if (a.raw.includes('#')) {
          if (!u.hash || u.hash === '#') {
            problems.push(`${what} has an empty fragment`);
          } else if (!s.html) {
            problems.push(`${what}: fragment on a file that is not HTML`);
          } else {
            const id = decodeURIComponent(u.hash.slice(1));
            if (!(await idsOf(target)).includes(id)) problems.push(`${what}: no id "${id}" on ${u.pathname}`);
          }
        }
      }
      return problems.map((p) => `${label}: ${p}`);
    }

    test('every internal href and src of every page resolves, and every #fragment', async () => {
      const found = new Map();
      for (const file of site.pages) found.set(file, await load(server.url(pagePath(file))));
      const problems = [];
      for (const file of site.pages) {
        problems.push(...(await checkPage(server.url(pagePath(file)), file, found.get(file))));
      }
      assert.deepEqual(problems, [], `${problems.length} broken link(s):\n  ${problems.join('\n  ')}`);
      assert.ok(statusCache.size > 10, 'hardly any links were checked');
    });

    test('the 404 page answers unknown addresses at any depth, with working links', async () => {
      for (const path of ['bestaat-niet', 'gemeenten/bestaat-niet/', 'onderwerpen/a/b/c.html']) {
        const url = server.url(path);
        const s = await status(url);
        assert.equal(s.status, 404, `${url} answers ${s.status}`);
        const problems = await checkPage(url, `404 at /${path}`);
        assert.deepEqual(problems, [], problems.join('\n'));
      }
    });

    test('canonical links are the public address of each page', async () => {
      const wrong = [];
      for (const file of site.pages.filter((f) => f !== '404.html')) {
        const html = readFileSync(join(site.dir, file), 'utf8');
        const m = html.match(/<link rel="canonical" href="([^"]*)"/);
        const href = m?.[1].replace(/&#x2f;/gi, '/').replace(/&amp;/g, '&');
        if (href !== `${publicBase}${pagePath(file)}`) wrong.push(`${file}: ${href ?? 'no canonical link'}`);
      }
      assert.deepEqual(wrong, [], `expected ${publicBase}<path>:\n  ${wrong.join('\n  ')}`);
    });

    test('every address in sitemap.xml is a page of the site', async () => {
      const xml = readFileSync(join(site.dir, 'sitemap.xml'), 'utf8');
      const locs = [...xml.matchAll(/<loc>([^<]*)<\/loc>/g)].map((m) => m[1].replace(/&amp;/g, '&'));
      assert.ok(locs.length > 10, `only ${locs.length} addresses in the sitemap`);
      const wrong = [];
      for (const loc of locs) {
        if (!loc.startsWith(publicBase)) {
          wrong.push(`${loc} is not under ${publicBase}`);
          continue;
        }
        const s = await status(server.url(loc.slice(publicBase.length)));
        if (s.status !== 200) wrong.push(`${loc} answers ${s.status}`);
      }
      assert.deepEqual(wrong, [], wrong.join('\n'));
    });
  });
}
