// What the content says, read straight from the TOML files, so the checks
// compare what a reader sees with what the author wrote. A small reader for
// the keys the checks need (name, province, effort titles and topics), not a
// TOML parser: it fails loudly on a line it cannot read.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

function stringValue(raw, where) {
  const v = raw.trim();
  if (v.startsWith('"') && v.endsWith('"') && !v.startsWith('"""')) return JSON.parse(v);
  if (v.startsWith("'") && v.endsWith("'") && !v.startsWith("'''")) return v.slice(1, -1);
  throw new Error(`${where}: cannot read the string ${v}`);
}

function arrayValue(raw, where) {
  const v = raw.trim();
  if (!v.startsWith('[') || !v.endsWith(']')) throw new Error(`${where}: cannot read the array ${v}`);
  const items = v.slice(1, -1).match(/"(?:[^"\\]|\\.)*"|'[^']*'/g) ?? [];
  return items.map((s) => stringValue(s, where));
}

/** One municipality file: { slug, name, province, splitReconstructed, completed: [{title, topics}], planned, history: [{completed, planned}] }. */
export function readMunicipality(file) {
  const text = readFileSync(file, 'utf8');
  const m = { slug: file.replace(/^.*\//, '').replace(/\.toml$/, ''), completed: [], planned: [], history: [] };
  let section = m;
  let multiline = null;
  let pending = null;
  text.split('\n').forEach((line, i) => {
    const where = `${file}:${i + 1}`;
    if (multiline) {
      if (line.includes(multiline)) multiline = null;
      return;
    }
    let t = line.replace(/\s+#[^"']*$/, '').trim();
    if (pending !== null) {
      // An array over several lines: gather it up to its closing bracket.
      pending += ` ${t}`;
      if (!t.endsWith(']')) return;
      t = pending;
      pending = null;
    }
    if (t === '' || t.startsWith('#')) return;
    const header = t.match(/^\[\[(completed|planned)\]\]$/);
    if (header) {
      section = { title: undefined, topics: [] };
      m[header[1]].push(section);
      return;
    }
    // Earlier states: their efforts are in m.history, not in the current lists.
    if (t === '[[history]]') {
      section = { completed: [], planned: [] };
      m.history.push(section);
      return;
    }
    const earlier = t.match(/^\[\[history\.(completed|planned)\]\]$/);
    if (earlier) {
      const state = m.history[m.history.length - 1];
      section = { title: undefined, topics: [] };
      state[earlier[1]].push(section);
      return;
    }
    const kv = t.match(/^([a-z_]+)\s*=\s*(.*)$/);
    if (!kv) throw new Error(`${where}: cannot read ${t}`);
    const [, key, value] = kv;
    if (value.startsWith('[') && !value.endsWith(']')) {
      pending = t;
      return;
    }
    for (const q of ['"""', "'''"]) {
      if (value.startsWith(q)) {
        if (!value.slice(3).includes(q)) multiline = q;
        return;
      }
    }
    if (section === m && (key === 'name' || key === 'province')) m[key] = stringValue(value, where);
    else if (section === m && key === 'split_reconstructed') m.splitReconstructed = value === 'true';
    else if (section !== m && key === 'title') section.title = stringValue(value, where);
    else if (section !== m && key === 'topics') section.topics = arrayValue(value, where);
  });
  return m;
}

/** Every municipality of a content folder, by slug. */
export function readMunicipalities(contentDir) {
  const dir = join(contentDir, 'municipalities');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.toml'))
    .sort()
    .map((f) => readMunicipality(join(dir, f)));
}
