/* vergelijk: the search page. Loads Pagefind's index (built by `vergelijk
 * build` into pagefind/) only on this page, runs searches in the browser,
 * and keeps the query and filters in the URL. No request leaves the site. */

const form = document.getElementById("zoekformulier");
const input = document.getElementById("zoekterm");
const status = document.querySelector(".search-status");
const list = document.querySelector(".search-results");
const filterBox = form.querySelector(".search-filters");
// The filters the form offers, in its order (data-filters), and what each
// filter is called in the index (data-filter-names: the build's
// routes::filter), so that no name is spelled here.
const FILTERS = (form.dataset.filters || "").split(" ").filter(Boolean);
const F = JSON.parse(form.dataset.filterNames || "{}");
// Where the site explains a split of gedaan and gepland made by the editors.
const INDELING = form.dataset.indeling || "";

document.documentElement.classList.add("js");
filterBox.hidden = false;

// Where the index is (data-pagefind: the build's routes), and the list of
// its parts after the first (data-parts).
const bundle = new URL("pagefind.js", new URL(form.dataset.pagefind, document.baseURI));
let pagefindPromise = null;
// Whether the index is in parts (see find()).
let split = false;
function pagefind() {
  if (!pagefindPromise) {
    // A large site's index is in parts (data-parts lists the ones after
    // the first): each is merged in, and every search and filter count
    // covers them all.
    const parts = fetch(new URL(form.dataset.parts, document.baseURI))
      .then((r) => (r.ok ? r.json() : []))
      .catch(() => []);
    pagefindPromise = import(bundle.href).then(async (pf) => {
      await pf.options({ excerptLength: 24 });
      await pf.init();
      const more = await parts;
      await Promise.all(more.map((dir) => pf.mergeIndex(new URL(dir, bundle).pathname, { excerptLength: 24 })));
      split = more.length > 0;
      // Loads the filter index: without it, a search without filters
      // returns no counts, and the first counts shown would be zeros.
      await pf.filters();
      return pf;
    });
  }
  return pagefindPromise;
}

function readForm() {
  const state = { q: input.value.trim(), filters: {} };
  for (const name of FILTERS) {
    const values = [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((i) => i.value);
    if (values.length) state.filters[name] = values;
  }
  return state;
}

function writeForm(state) {
  input.value = state.q;
  for (const box of form.querySelectorAll("input[type=checkbox]")) {
    box.checked = (state.filters[box.name] || []).includes(box.value);
  }
}

function stateFromUrl() {
  const params = new URLSearchParams(window.location.search);
  const state = { q: (params.get("q") || "").trim(), filters: {} };
  for (const name of FILTERS) {
    const values = params.getAll(name);
    if (values.length) state.filters[name] = values;
  }
  return state;
}

function urlFor(state) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  for (const name of FILTERS) for (const v of state.filters[name] || []) params.append(name, v);
  const query = params.toString();
  return window.location.pathname + (query ? `?${query}` : "");
}

/* The topics' other names, from the form's data-synoniemen:
 * [[topic name, [synonym, …]], …].
 * They are not in the index (with every effort they were a quarter of
 * it): a query that uses one also finds the efforts on its topic. */
let SYNONYMS = [];
try {
  SYNONYMS = JSON.parse(form.dataset.synoniemen || "[]");
} catch (e) {
  SYNONYMS = [];
}
const fold = (s) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
const wordsOf = (s) => fold(s).split(/[^\p{L}\p{N}]+/u).filter(Boolean);

/* The topics whose synonyms the query uses, and the query without those
 * words. A one-word synonym matches a query word that is the same, starts
 * with it ("campagnes") or, from five letters, is its start ("campag"); a
 * synonym of more words must be in the query as a whole. */
function namedTopics(q) {
  const words = wordsOf(q);
  const used = new Set();
  const named = [];
  for (const [name, synonyms] of SYNONYMS) {
    for (const synonym of synonyms) {
      const parts = wordsOf(synonym);
      let hit = [];
      if (parts.length > 1) {
        const at = words.findIndex((_, i) => parts.every((p, j) => words[i + j] === p));
        if (at >= 0) hit = parts.map((_, j) => at + j);
      } else if (parts.length === 1) {
        const p = parts[0];
        hit = words.flatMap((w, i) => (w === p || (p.length >= 5 && w.startsWith(p))
          || (w.length >= 5 && p.startsWith(w)) ? [i] : []));
      }
      if (hit.length) {
        hit.forEach((i) => used.add(i));
        named.push({ name, synonym });
        break;
      }
    }
  }
  return { named, rest: words.filter((_, i) => !used.has(i)).join(" ") };
}

const escapeHtml = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/* Pagefind's excerpt is text with <mark> around the matches. Copy only text
 * and <mark> into the page, whatever else the string might hold. */
function excerptNodes(html) {
  const doc = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html");
  const out = document.createDocumentFragment();
  for (const node of doc.body.firstChild.childNodes) {
    if (node.nodeType === Node.ELEMENT_NODE && node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      out.appendChild(mark);
    } else {
      out.appendChild(document.createTextNode(node.textContent));
    }
  }
  return out;
}

function resultItem({ title, href, bits, excerpt, labels }) {
  const li = document.createElement("li");
  const h = document.createElement("h2");
  h.className = "h3";
  const a = document.createElement("a");
  a.href = href;
  a.textContent = title;
  h.appendChild(a);
  li.appendChild(h);
  const meta = document.createElement("p");
  meta.className = "result-meta";
  meta.textContent = bits.filter(Boolean).join(" · ");
  li.appendChild(meta);
  // What the reader should know about the result, in words: a split of
  // gedaan and gepland that the editors made, an effort a source singles out.
  if (labels && labels.length) {
    const p = document.createElement("p");
    p.className = "result-labels";
    for (const label of labels) {
      const el = document.createElement(label.href ? "a" : "span");
      if (label.href) el.href = label.href;
      el.className = label.className;
      el.textContent = label.text;
      p.append(el, " ");
    }
    li.appendChild(p);
  }
  const p = document.createElement("p");
  p.className = "excerpt";
  p.appendChild(excerptNodes(excerpt || ""));
  li.appendChild(p);
  return li;
}

/* Whether a page has the chosen values of every filter, as Pagefind
 * filters pages: a page without a filter (a topic, a content page) has
 * none of its values. */
function pageMatches(data, state) {
  return Object.entries(state.filters).every(([name, values]) => {
    const has = (data.filters || {})[name] || [];
    return values.some((v) => has.includes(v));
  });
}

/* A municipality's result becomes one item per effort that matched the
 * words (Pagefind's sub-results, one per effort heading) or is on a topic
 * the query named by a synonym, and has the chosen status and topics; the
 * municipality itself when only its name or notes matched. Topics and
 * content pages are one item each. Items are plain data, so the same
 * function also counts what a filter would show. */
function resultItems(data, state, named) {
  if (data.meta.soort !== "Gemeente") {
    return [{ title: data.meta.title || data.url, href: data.url, bits: [data.meta.soort], excerpt: data.excerpt }];
  }
  let efforts = [];
  try { efforts = JSON.parse(data.meta.inzet || "[]"); } catch (e) { efforts = []; }
  const byAnchor = new Map(efforts.map((e) => [e.a, e]));
  const statuses = state.filters[F.status];
  const topics = state.filters[F.topic];
  const notableOnly = !!state.filters[F.notable];
  const wanted = (e) => (!statuses || statuses.includes(e.s))
    && (!topics || e.o.some((o) => topics.includes(o)))
    && (!notableOnly || e.n === 1);
  const base = data.url.split("#")[0];
  let chosen;
  if (state.q) {
    chosen = (data.sub_results || [])
      .map((sub) => ({ sub, effort: byAnchor.get(sub.url.split("#")[1] || "") }))
      .filter((c) => c.effort)
      .map((c) => ({ effort: c.effort, href: c.sub.url, excerpt: c.sub.excerpt }));
    const seen = new Set(chosen.map((c) => c.effort.a));
    for (const { name, synonym } of named) {
      for (const effort of efforts.filter((e) => e.o.includes(name) && !seen.has(e.a))) {
        seen.add(effort.a);
        const excerpt = `Onderwerp ${escapeHtml(name)}, ook: <mark>${escapeHtml(synonym)}</mark>`;
        chosen.push({ effort, href: `${base}#${effort.a}`, excerpt });
      }
    }
  } else {
    chosen = efforts.map((effort) => ({ effort, href: `${base}#${effort.a}`, excerpt: "" }));
  }
  chosen = chosen.filter((c) => wanted(c.effort));
  if (chosen.length === 0) {
    // The municipality itself, when the words are in its name or notes
    // (the part before the first effort, a sub-result without an effort).
    const own = state.q && (data.sub_results || [])
      .find((sub) => !byAnchor.has(sub.url.split("#")[1] || ""));
    return own
      ? [{ title: data.meta.title || data.url, href: base, bits: ["Gemeente", data.meta[F.province]], excerpt: own.excerpt }]
      : [];
  }
  return chosen.map((c) => {
    const e = c.effort;
    const bits = ["Inzet", data.meta.gemeente, e.s];
    if (e.o.length) bits.push(`onderwerpen: ${e.o.join(", ")}`);
    const labels = [];
    if (e.n === 1) labels.push({ text: "Opvallend", className: "label-notable" });
    if (data.meta.verdeling) {
      labels.push({ text: "Indeling door de redactie", className: "label-reconstructed", href: INDELING });
    }
    // The heading names the municipality: "Heerlen: Publiekscampagne".
    return { title: `${data.meta.gemeente}: ${e.t}`, href: c.href, bits, excerpt: c.excerpt, labels };
  });
}

/* The count next to a filter value, in `unit` ("" for results). */
function showCounts(counts, unit = "") {
  for (const span of form.querySelectorAll("[data-count-for]")) {
    const name = span.getAttribute("data-count-for");
    const value = span.parentElement.previousElementSibling.value;
    const n = (counts[name] || {})[value] || 0;
    span.textContent = unit ? `(${n} ${unit})` : `(${n})`;
  }
}

/* Filter counts of the union of two result sets, from the counts of
 * each and of their intersection. */
function unionCounts(a, b, both) {
  const out = {};
  for (const counts of [a, b]) {
    for (const [group, values] of Object.entries(counts)) {
      out[group] = out[group] || {};
      for (const [value, n] of Object.entries(values)) out[group][value] = (out[group][value] || 0) + n;
    }
  }
  for (const [group, values] of Object.entries(both)) {
    for (const [value, n] of Object.entries(values)) {
      if (out[group]) out[group][value] = Math.max(0, (out[group][value] || 0) - n);
    }
  }
  return out;
}

/* Up to this many pages match a query before filters, every page is read
 * and the counts next to the filters are the results a tick would show.
 * Beyond it (a large site, a broad query) Pagefind's counts are shown,
 * which count municipalities and pages, and say so. */
const EXACT_LIMIT = 100;
const PROVINCES = [...form.querySelectorAll(`input[name="${F.province}"]`)].map((i) => i.value);

const help = document.querySelector(".search-help");
const suggestion = document.querySelector(".search-suggestion");

/* Levenshtein distance of two short strings. */
function distance(a, b) {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length];
}

let names = null;
/* The names nearest to a query that found nothing: the site's topics,
 * synonyms, municipalities and glossary words (zoeken/suggesties.json,
 * fetched only now). A name is near when it, or one of its words, is at
 * most a quarter of the query's letters away. */
async function nearestNames(q) {
  if (!names) {
    try {
      names = await (await fetch(new URL("suggesties.json", window.location.href.split(/[?#]/)[0]))).json();
    } catch (e) {
      names = [];
    }
  }
  const query = fold(q).trim();
  if (query.length < 3) return [];
  const limit = Math.max(1, Math.floor(query.length / 4));
  const scored = [];
  for (const name of names) {
    const folded = fold(name);
    const parts = [folded, ...wordsOf(name)];
    const d = Math.min(...parts.map((p) => distance(query, p)));
    if (d <= limit && folded !== query) scored.push({ name, d });
  }
  scored.sort((x, y) => x.d - y.d || x.name.localeCompare(y.name, "nl"));
  return scored.slice(0, 3).map((s) => s.name);
}

async function suggest(q) {
  suggestion.hidden = true;
  suggestion.replaceChildren();
  const near = await nearestNames(q);
  if (!near.length) return;
  suggestion.append("Bedoelde u: ");
  near.forEach((name, i) => {
    const a = document.createElement("a");
    a.href = `?q=${encodeURIComponent(name)}`;
    a.textContent = name;
    suggestion.append(a, i < near.length - 1 ? " of " : "?");
  });
  suggestion.hidden = false;
}

/* pf.search, without the word list of a split index: each part indexes
 * every word of the whole index once, in a record of its own (see the
 * build's search/parts.rs), so that no part leaves out a word that only
 * other parts have; that record is never a result. */
function find(pf, q, options = {}) {
  if (!split) return pf.search(q, options);
  const filters = { ...(options.filters || {}), not: { [F.word_list]: "ja" } };
  return pf.search(q, { ...options, filters });
}

/* Every page the query finds before any filter: its words, and the
 * efforts on the topics it names by a synonym. Without words, every
 * municipality. */
async function pagesBeforeFilters(pf, state, anyNamed, rest) {
  if (!state.q) {
    return (await find(pf, null, { filters: { [F.province]: { any: PROVINCES } } })).results;
  }
  let results = (await find(pf, state.q)).results;
  if (anyNamed.length) {
    const byTopic = await find(pf, rest || null, { filters: { [F.topic]: { any: anyNamed.map((t) => t.name) } } });
    const ids = new Set(results.map((r) => r.id));
    results = results.concat(byTopic.results.filter((r) => !ids.has(r.id)));
  }
  return results;
}

let generation = 0;
async function run(state) {
  const mine = ++generation;
  const hasFilters = Object.keys(state.filters).length > 0;
  suggestion.hidden = true;
  if (!state.q && !hasFilters) {
    list.replaceChildren();
    status.textContent = "";
    showCounts({});
    help.hidden = false;
    return;
  }
  help.hidden = true;
  status.textContent = "Zoeken…";
  try {
    await search(state, mine);
  } catch (e) {
    // No index, a part of it missing, or a fragment that did not load:
    // say so instead of "Zoeken…" for ever.
    if (mine === generation) status.textContent = "Zoeken lukt nu niet: de zoekindex kon niet worden geladen.";
  }
}

/* The search itself, for run(); throws when the index cannot be read. */
async function search(state, mine) {
  const pf = await pagefind();
  const { named: anyNamed, rest } = namedTopics(state.q);
  const namedFor = (st) => anyNamed.filter((t) => !st.filters[F.topic] || st.filters[F.topic].includes(t.name));
  const what = state.q ? ` voor ‘${state.q}’` : "";
  const base = await pagesBeforeFilters(pf, state, anyNamed, rest);
  if (mine !== generation) return;
  let items;
  let note = "";
  if (base.length <= EXACT_LIMIT) {
    // Every page is read: what each filter value would show is counted
    // with the very function that makes the list.
    const data = await Promise.all(base.map((r) => r.data()));
    if (mine !== generation) return;
    const itemsFor = (st) => data.flatMap((d) => (pageMatches(d, st) ? resultItems(d, st, namedFor(st)) : []));
    items = itemsFor(state);
    const counts = {};
    for (const box of form.querySelectorAll("input[type=checkbox]")) {
      const st = { q: state.q, filters: { ...state.filters, [box.name]: [box.value] } };
      counts[box.name] = counts[box.name] || {};
      counts[box.name][box.value] = itemsFor(st).length;
    }
    showCounts(counts);
  } else {
    // Too many pages to read them all: Pagefind filters and counts pages.
    const filters = {};
    for (const [name, values] of Object.entries(state.filters)) filters[name] = { any: values };
    const search = await find(pf, state.q || null, { filters });
    let results = search.results;
    let counts = search.filters || {};
    const named = namedFor(state);
    if (named.length) {
      const onTopics = { ...filters, [F.topic]: { any: named.map((t) => t.name) } };
      const [byTopic, both] = await Promise.all([
        find(pf, rest || null, { filters: onTopics }),
        find(pf, state.q, { filters: onTopics }),
      ]);
      const ids = new Set(results.map((r) => r.id));
      results = results.concat(byTopic.results.filter((r) => !ids.has(r.id)));
      counts = unionCounts(counts, byTopic.filters || {}, both.filters || {});
    }
    if (mine !== generation) return;
    const data = await Promise.all(results.slice(0, 50).map((r) => r.data()));
    if (mine !== generation) return;
    items = data.flatMap((d) => resultItems(d, state, named));
    showCounts(counts, "gemeenten");
    note = results.length > 50
      ? ` Dit zijn de resultaten uit de eerste 50 van ${results.length} gemeenten en pagina's. Kies filters om minder over te houden. De getallen bij de filters tellen gemeenten en pagina's.`
      : " De getallen bij de filters tellen gemeenten en pagina's.";
  }
  list.replaceChildren(...items.map(resultItem));
  const n = items.length;
  status.textContent = n === 0
    ? `Geen resultaten${what}. Probeer een ander woord of minder filters.`
    : `${n} ${n === 1 ? "resultaat" : "resultaten"}${what}.${note}`;
  if (n === 0 && state.q) suggest(state.q);
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const state = readForm();
  window.history.pushState(null, "", urlFor(state));
  run(state);
});
form.addEventListener("change", (event) => {
  if (event.target.type !== "checkbox") return;
  const state = readForm();
  window.history.pushState(null, "", urlFor(state));
  run(state);
});
form.querySelector('[data-action="clear"]').addEventListener("click", () => {
  for (const box of form.querySelectorAll("input[type=checkbox]")) box.checked = false;
  const state = readForm();
  window.history.pushState(null, "", urlFor(state));
  run(state);
});
window.addEventListener("popstate", () => {
  const state = stateFromUrl();
  writeForm(state);
  run(state);
});

const initial = stateFromUrl();
writeForm(initial);
run(initial);
