/* vergelijk: the search page. Loads Pagefind's index (built by `vergelijk
 * build` into pagefind/) only on this page, runs searches in the browser,
 * and keeps the query and filters in the URL. No request leaves the site. */

const form = document.getElementById("zoekformulier");
const input = document.getElementById("zoekterm");
const status = document.querySelector(".search-status");
const list = document.querySelector(".search-results");
const filterBox = form.querySelector(".search-filters");
const FILTERS = ["status", "onderwerp", "provincie", "doelgroep"];

document.documentElement.classList.add("js");
filterBox.hidden = false;

const bundle = new URL("../pagefind/pagefind.js", import.meta.url);
let pagefindPromise = null;
function pagefind() {
  if (!pagefindPromise) {
    pagefindPromise = import(bundle.href).then(async (pf) => {
      await pf.options({ excerptLength: 24 });
      await pf.init();
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

function resultItem(title, href, bits, excerpt) {
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
  const p = document.createElement("p");
  p.className = "excerpt";
  p.appendChild(excerptNodes(excerpt || ""));
  li.appendChild(p);
  return li;
}

/* A municipality's result becomes one item per effort that matched the
 * words (Pagefind's sub-results, one per effort heading) and has the
 * chosen status and topics; the municipality itself when only its name or
 * notes matched. Topics and content pages are one item each. */
function resultItems(data, state) {
  if (data.meta.soort !== "Gemeente") {
    return [resultItem(data.meta.title || data.url, data.url, [data.meta.soort], data.excerpt)];
  }
  let efforts = [];
  try { efforts = JSON.parse(data.meta.inzet || "[]"); } catch (e) { efforts = []; }
  const byAnchor = new Map(efforts.map((e) => [e.a, e]));
  const statuses = state.filters.status;
  const topics = state.filters.onderwerp;
  const wanted = (e) => (!statuses || statuses.includes(e.s))
    && (!topics || e.o.some((o) => topics.includes(o)));
  const base = data.url.split("#")[0];
  let chosen;
  if (state.q) {
    chosen = (data.sub_results || [])
      .map((sub) => ({ sub, effort: byAnchor.get(sub.url.split("#")[1] || "") }))
      .filter((c) => c.effort)
      .map((c) => ({ effort: c.effort, href: c.sub.url, excerpt: c.sub.excerpt }));
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
      ? [resultItem(data.meta.title || data.url, base, ["Gemeente", data.meta.provincie], own.excerpt)]
      : [];
  }
  return chosen.map((c) => {
    const e = c.effort;
    const bits = ["Inzet", data.meta.gemeente, e.s];
    if (e.o.length) bits.push(`onderwerpen: ${e.o.join(", ")}`);
    return resultItem(e.t, c.href, bits, c.excerpt);
  });
}

function showCounts(counts) {
  for (const span of form.querySelectorAll("[data-count-for]")) {
    const name = span.getAttribute("data-count-for");
    const value = span.parentElement.previousElementSibling.value;
    const n = (counts[name] || {})[value] || 0;
    span.textContent = `(${n})`;
  }
}

let generation = 0;
async function run(state) {
  const mine = ++generation;
  const hasFilters = Object.keys(state.filters).length > 0;
  if (!state.q && !hasFilters) {
    list.replaceChildren();
    status.textContent = "";
    showCounts({});
    return;
  }
  status.textContent = "Zoeken…";
  const pf = await pagefind();
  const filters = {};
  for (const [name, values] of Object.entries(state.filters)) filters[name] = { any: values };
  const search = await pf.search(state.q || null, { filters });
  if (mine !== generation) return;
  const data = await Promise.all(search.results.slice(0, 50).map((r) => r.data()));
  if (mine !== generation) return;
  list.replaceChildren(...data.flatMap((d) => resultItems(d, state)));
  showCounts(search.filters || {});
  // Results are shown per effort; Pagefind counts pages (municipalities,
  // topics, content pages), of which the first 50 are read.
  const pages = search.results.length;
  const n = list.children.length;
  const what = state.q ? ` voor ‘${state.q}’` : "";
  const shown = pages > 50
    ? ` Dit zijn de resultaten uit de eerste 50 van ${pages} gemeenten en pagina's. Kies filters om minder over te houden.`
    : "";
  status.textContent = n === 0
    ? `Geen resultaten${what}. Probeer een ander woord of minder filters.`
    : `${n} ${n === 1 ? "resultaat" : "resultaten"}${what}.${shown}`;
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
