// The Nu Html Checker over every HTML file (and the stylesheet and SVG
// files) of the bundled site and of the hostile fixture: zero errors.

import assert from 'node:assert/strict';
import { after, test } from 'node:test';

import { buildSite } from '../lib/site.js';
import { formatVnu, vnuErrors } from '../lib/vnu.js';

const sites = [];
after(() => sites.forEach((s) => s.cleanup()));

for (const [label, content] of [
  ['the bundled site', 'content'],
  ['the hostile fixture', 'tests/fixtures/hostile'],
]) {
  test(`Nu Html Checker: no errors in ${label}`, () => {
    const site = buildSite({ content });
    sites.push(site);
    const files = site.files.filter((f) => /\.(html|css|svg)$/.test(f));
    assert.ok(files.length > 3, `only ${files.length} files to check`);
    const errors = vnuErrors(site.dir, files);
    assert.equal(errors.length, 0, `${errors.length} error(s) in ${label}:\n${formatVnu(errors)}`);
  });
}
