// The Nu Html Checker (vnu.jar from the vnu-jar package) on the system's Java.
// vnu-jar's own launcher would download a Java runtime when none is found;
// we never let it: no `java`, no check, and a message saying how to install it.

import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';

const require = createRequire(import.meta.url);
/** Path of vnu.jar: the package's main export is that path. */
export const VNU_JAR = String(require('vnu-jar'));

function requireJava() {
  const r = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    const message =
      'Java is missing: the Nu Html Checker needs `java` (11 or newer) on PATH. ' +
      'Install it with `sudo apt-get install -y default-jre-headless` (Debian, Ubuntu).';
    console.error(`\n*** ${message}\n`);
    throw new Error(message);
  }
}

/**
 * Checks the given files of a built site (HTML, and CSS and SVG too) and
 * resolves to the errors as { file, line, column, message, extract }.
 */
export function vnuErrors(dir, files) {
  requireJava();
  const paths = files.map((f) => join(dir, f));
  const r = spawnSync(
    'java',
    ['-Xss4m', '-jar', VNU_JAR, '--errors-only', '--format', 'json', '--also-check-css', '--also-check-svg', ...paths],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (r.error) throw r.error;
  let report;
  try {
    report = JSON.parse(r.stderr);
  } catch {
    throw new Error(`vnu did not answer with JSON (exit ${r.status}):\n${r.stderr}\n${r.stdout}`);
  }
  const errors = report.messages
    .filter((m) => m.type === 'error' || m.type === 'non-document-error')
    .map((m) => ({
      file: m.url ? relative(dir, decodeURIComponent(m.url.replace(/^file:/, ''))) : '(vnu)',
      line: m.lastLine,
      column: m.firstColumn ?? m.lastColumn,
      message: m.message,
      extract: m.extract?.replace(/\n/g, '⏎'),
    }));
  if (r.status !== 0 && errors.length === 0) {
    throw new Error(`vnu exited ${r.status} without reporting an error:\n${r.stderr}`);
  }
  return errors;
}

export function formatVnu(errors) {
  return errors
    .map((e) => `  ${e.file}:${e.line}:${e.column}: ${e.message}${e.extract ? `\n      ${e.extract}` : ''}`)
    .join('\n');
}
