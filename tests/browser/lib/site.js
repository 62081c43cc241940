// Building a site with the release binary, and listing what it wrote.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (the suite lives in tests/browser/lib/). */
export const REPO = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

let binary;

/**
 * The release binary, built once per test file with `cargo build --release`.
 * VERGELIJK_BIN names a binary that is already built (skips cargo).
 */
export function vergelijkBinary() {
  if (binary) return binary;
  if (process.env.VERGELIJK_BIN) {
    binary = resolve(process.env.VERGELIJK_BIN);
    return binary;
  }
  execFileSync('cargo', ['build', '--release', '--quiet'], { cwd: REPO, stdio: ['ignore', 'inherit', 'inherit'] });
  binary = join(REPO, 'target', 'release', 'vergelijk');
  return binary;
}

/**
 * Builds a site into a fresh temp folder, from the repository root.
 * content: a folder relative to the repo (default: the bundled content/).
 * Returns { dir, pages, files, cleanup } with paths relative to dir, `/`-separated.
 */
export function buildSite({ content = 'content', baseUrl } = {}) {
  const bin = vergelijkBinary();
  const tmp = mkdtempSync(join(tmpdir(), 'vergelijk-browser-'));
  const dir = join(tmp, 'public');
  const args = ['build', '--content', content, '--output', dir];
  if (baseUrl) args.push('--base-url', baseUrl);
  try {
    execFileSync(bin, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  const files = walk(dir);
  return {
    dir,
    files,
    pages: files.filter((f) => f.endsWith('.html')),
    cleanup: () => rmSync(tmp, { recursive: true, force: true }),
  };
}

/** Every file under dir, relative and sorted. */
export function walk(dir) {
  const out = [];
  const visit = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, entry.name);
      if (entry.isDirectory()) visit(full);
      else out.push(relative(dir, full).split(sep).join('/'));
    }
  };
  visit(dir);
  return out.sort();
}

/** The address path of an output file: `gemeenten/delft/index.html` -> `gemeenten/delft/`. */
export function pagePath(file) {
  return file.endsWith('index.html') ? file.slice(0, -'index.html'.length) : file;
}
