/* vergelijk: progressive enhancement for the comparison table and the
 * side-by-side page. Everything works without this file; it adds sorting,
 * filtering with counts, and shareable URLs. No dependencies, no requests. */
(function () {
  "use strict";

  function $all(sel, root) {
    return Array.prototype.slice.call((root || document).querySelectorAll(sel));
  }

  function announce(el, text) {
    if (!el) return;
    // Clear first so the same message is announced again.
    el.textContent = "";
    window.setTimeout(function () { el.textContent = text; }, 50);
  }

  /* ---------- Home: sortable, filterable table ---------- */

  /* The filter names of the home table (topic, status, province, target
     group), as the page names them in the form's data-filters and its
     inputs' names; every value is a display name, as on the search page. */
  function filterNames(form) {
    var names = (form.getAttribute("data-filters") || "").split(" ");
    return { topic: names[0], status: names[1], province: names[2], group: names[3] };
  }

  function enhanceTable() {
    var table = document.getElementById("vergelijkingstabel");
    var form = document.getElementById("filters");
    if (!table || !form) return;
    var N = filterNames(form);
    var FILTERS = [N.topic, N.status, N.province, N.group];
    var finder = document.getElementById("finder");
    var disclosure = document.getElementById("filter-disclosure");
    var chosenList = document.querySelector(".chosen-filters");
    var activeCount = document.querySelector(".filter-active-count");
    var tbody = table.tBodies[0];
    var rows = $all("tr", tbody);
    var original = rows.slice();
    var live = document.querySelector(".result-count");
    var headers = $all("thead th[data-sort]", table);
    // The column a reader sorts by, by its name in the URL (`gepland`).
    var sortState = { key: null, dir: "op" };

    function header(key) {
      return headers.filter(function (th) { return th.getAttribute("data-key") === key; })[0] || null;
    }

    // Sort buttons (W3C ARIA APG sortable table).
    headers.forEach(function (th) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      button.textContent = th.textContent;
      var icon = document.createElement("span");
      icon.setAttribute("aria-hidden", "true");
      icon.className = "sort-icon";
      button.appendChild(icon);
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var key = th.getAttribute("data-key");
        var dir = sortState.key === key && sortState.dir === "op" ? "af" : "op";
        sortState = { key: key, dir: dir };
        applySort(true);
        pushState();
      });
    });

    function cellValue(row, th) {
      var index = Array.prototype.indexOf.call(th.parentNode.children, th);
      var cell = row.children[index];
      return cell ? cell.getAttribute("data-value") || cell.textContent : "";
    }

    function applySort(speak) {
      headers.forEach(function (th) { th.removeAttribute("aria-sort"); });
      var sorted = original.slice();
      var th = sortState.key === null ? null : header(sortState.key);
      if (th) {
        var numeric = th.getAttribute("data-sort") === "number";
        var sign = sortState.dir === "af" ? -1 : 1;
        sorted.sort(function (a, b) {
          var x = cellValue(a, th), y = cellValue(b, th);
          var c = numeric ? Number(x) - Number(y) : x.localeCompare(y, "nl", { sensitivity: "base" });
          if (c === 0) c = original.indexOf(a) - original.indexOf(b);
          return c * sign;
        });
        th.setAttribute("aria-sort", sortState.dir === "af" ? "descending" : "ascending");
        if (speak) {
          announce(live, "Gesorteerd op " + th.textContent.trim() + ", " +
            (sortState.dir === "af" ? "aflopend" : "oplopend") + ". " + countText());
        }
      }
      sorted.forEach(function (row) { tbody.appendChild(row); });
    }

    function selected(name) {
      return $all('input[name="' + name + '"]:checked', form).map(function (i) { return i.value; });
    }

    /* Whether an effort (its list item) is one the topic and status
       filters ask for. */
    function effortMatches(li, f) {
      var topics = (li.getAttribute("data-topics") || "").split("|").filter(Boolean);
      var statusOk = f[N.status].length === 0 || f[N.status].indexOf(li.getAttribute("data-status")) >= 0;
      var topicOk = f[N.topic].length === 0 || f[N.topic].some(function (t) { return topics.indexOf(t) >= 0; });
      return statusOk && topicOk;
    }

    function rowMatches(row, f) {
      if (f[N.topic].length || f[N.status].length) {
        var efforts = $all("li[data-status]", row);
        if (!efforts.some(function (li) { return effortMatches(li, f); })) return false;
      }
      if (f[N.province].length && f[N.province].indexOf(row.getAttribute("data-province")) < 0) return false;
      if (f[N.group].length) {
        var groups = (row.getAttribute("data-groups") || "").split("|");
        if (!f[N.group].some(function (g) { return groups.indexOf(g) >= 0; })) return false;
      }
      return true;
    }

    function currentFilters() {
      var f = {};
      FILTERS.forEach(function (name) { f[name] = selected(name); });
      return f;
    }

    var applied = currentFilters();

    function countText() {
      var shown = rows.filter(function (r) { return !r.hidden; }).length;
      return shown + " van " + rows.length + " gemeenten getoond.";
    }

    /* The efforts that made a row match a topic or status filter are
       marked: in words for screen readers, by weight and a bar for the eye. */
    function markMatches(f) {
      var active = f[N.topic].length || f[N.status].length;
      $all("li[data-status]", tbody).forEach(function (li) {
        var on = !!active && effortMatches(li, f);
        li.classList.toggle("match", on);
        var note = li.querySelector(".match-note");
        if (on && !note) {
          note = document.createElement("span");
          note.className = "visually-hidden match-note";
          note.textContent = " (past bij uw filter)";
          li.appendChild(note);
        } else if (!on && note) {
          note.remove();
        }
      });
    }

    /* The ticked filters as buttons above the results; each removes its own. */
    function showChosen() {
      var boxes = $all("input[type=checkbox]:checked", form);
      chosenList.textContent = "";
      boxes.forEach(function (box) {
        var li = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "secondary chosen";
        button.appendChild(document.createTextNode(box.getAttribute("data-label") || box.value));
        var hidden = document.createElement("span");
        hidden.className = "visually-hidden";
        hidden.textContent = " (filter weghalen)";
        button.appendChild(hidden);
        var cross = document.createElement("span");
        cross.setAttribute("aria-hidden", "true");
        cross.textContent = " ×";
        button.appendChild(cross);
        button.addEventListener("click", function () {
          box.checked = false;
          applyFilters(true);
          pushState();
          (chosenList.querySelector("button") || live).focus();
        });
        li.appendChild(button);
        chosenList.appendChild(li);
      });
      chosenList.hidden = boxes.length === 0;
      activeCount.textContent = boxes.length ? "(" + boxes.length + " gekozen)" : "";
    }

    function applyFilters(speak) {
      applied = currentFilters();
      rows.forEach(function (row) { row.hidden = !rowMatches(row, applied); });
      // Counts per value: how many rows would show with this value ticked,
      // given the other filters.
      $all("[data-count-for]", form).forEach(function (span) {
        var key = span.getAttribute("data-count-for");
        var name = key.slice(0, key.indexOf(":"));
        var value = key.slice(key.indexOf(":") + 1);
        var f = {};
        Object.keys(applied).forEach(function (k) { f[k] = applied[k].slice(); });
        f[name] = [value];
        var n = rows.filter(function (r) { return rowMatches(r, f); }).length;
        span.textContent = "(" + n + ")";
      });
      markMatches(applied);
      showChosen();
      if (speak) announce(live, countText());
    }

    function pushState() {
      var params = new URLSearchParams();
      Object.keys(applied).forEach(function (k) {
        applied[k].forEach(function (v) { params.append(k, v); });
      });
      if (sortState.key !== null) {
        params.set("sorteer", sortState.key);
        params.set("richting", sortState.dir);
      }
      var query = params.toString();
      var url = window.location.pathname + (query ? "?" + query : "");
      if (url !== window.location.pathname + window.location.search) {
        window.history.pushState(null, "", url);
      }
    }

    function restore() {
      var params = new URLSearchParams(window.location.search);
      $all("input[type=checkbox]", form).forEach(function (input) {
        // A topic by its slug too: the form of links shared before topic
        // filters took names, as the search page's do.
        var wanted = params.getAll(input.name);
        input.checked = wanted.indexOf(input.value) >= 0 ||
          (input.hasAttribute("data-slug") && wanted.indexOf(input.getAttribute("data-slug")) >= 0);
      });
      var key = params.get("sorteer");
      sortState = key !== null && header(key)
        ? { key: key, dir: params.get("richting") === "af" ? "af" : "op" }
        : { key: null, dir: "op" };
      applyFilters(false);
      applySort(false);
      announce(live, countText());
    }

    // Filters beside the results on a wide screen (always open there),
    // behind the disclosure on a phone.
    var wide = window.matchMedia("(min-width: 64rem)");
    var openedByReader = false;
    function layout() {
      if (wide.matches) disclosure.open = true;
      else if (!openedByReader) disclosure.open = false;
    }
    disclosure.querySelector("summary").addEventListener("click", function () {
      openedByReader = !disclosure.open;
    });
    if (wide.addEventListener) wide.addEventListener("change", layout);
    layout();
    finder.classList.add("with-filters");

    $all(".js-only", finder).forEach(function (el) { el.hidden = false; });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      applyFilters(true);
      pushState();
    });
    // Applied as they are ticked; the count is announced politely.
    form.addEventListener("change", function (event) {
      if (event.target.type !== "checkbox") return;
      applyFilters(true);
      pushState();
    });
    form.querySelector('[data-action="clear"]').addEventListener("click", function () {
      $all("input[type=checkbox]", form).forEach(function (i) { i.checked = false; });
      applyFilters(true);
      pushState();
    });
    window.addEventListener("popstate", restore);
    restore();
    enhanceSelectionDownload(function () {
      return $all("tr", tbody).filter(function (r) { return !r.hidden; }).map(function (r) { return r.id; });
    });
  }

  /* ---------- Side by side ---------- */

  var MAX = 4;

  function enhanceCompare() {
    document.documentElement.classList.add("js");
    var form = document.querySelector(".compare-form");
    if (!form) return;
    var boxes = $all('input[name="g"]', form);
    var status = document.querySelector(".compare-status");
    $all(".js-only", form).forEach(function (el) { el.hidden = false; });

    function chosen() {
      return boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
    }

    function describe() {
      var n = chosen().length;
      if (n === 0) return "Geen gemeenten gekozen.";
      if (n === 1) return "1 gemeente gekozen. Kies er nog minstens één.";
      return n + " gemeenten naast elkaar.";
    }

    var onlyDifferences = document.getElementById("alleen-verschillen");
    var table = document.querySelector(".side-by-side");

    /* "Alleen verschillen": hide the rows in which every chosen
       municipality has the same text. */
    function showDifferences() {
      var slugs = chosen();
      $all("tbody tr", table).forEach(function (row) {
        var cells = slugs.map(function (s) {
          var td = row.querySelector(".c-" + CSS.escape(s));
          return td ? td.textContent.replace(/\s+/g, " ").trim() : "";
        });
        var same = cells.length > 1 && cells.every(function (c) { return c === cells[0]; });
        row.hidden = onlyDifferences.checked && same;
      });
    }

    function update(speak) {
      showDifferences();
      if (speak) announce(status, describe());
    }

    function url() {
      var g = chosen();
      var query = g.length ? "?g=" + g.map(encodeURIComponent).join(",") : "";
      if (onlyDifferences.checked) query += (query ? "&" : "?") + "verschillen=1";
      return window.location.pathname + query;
    }

    function restore() {
      var params = new URLSearchParams(window.location.search);
      var wanted = [];
      params.getAll("g").forEach(function (v) {
        v.split(",").forEach(function (s) { if (s && wanted.indexOf(s) < 0) wanted.push(s); });
      });
      var known = wanted.filter(function (s) { return boxes.some(function (b) { return b.value === s; }); });
      var shown = known.slice(0, MAX);
      boxes.forEach(function (b) { b.checked = shown.indexOf(b.value) >= 0; });
      onlyDifferences.checked = params.get("verschillen") === "1";
      update(false);
      var notes = [];
      if (known.length > MAX) {
        notes.push("De link noemt " + known.length + " gemeenten; er passen er maximaal " + MAX +
          " naast elkaar. Dit zijn de eerste " + MAX + ".");
      }
      if (known.length < wanted.length) notes.push("Niet elke gemeente uit de link bestaat op deze site.");
      if (wanted.length) announce(status, describe() + (notes.length ? " " + notes.join(" ") : ""));
    }

    boxes.forEach(function (b) {
      b.addEventListener("change", function () {
        if (b.checked && chosen().length > MAX) {
          // Refused, and said why: a fifth column would not fit.
          b.checked = false;
          announce(status, "U kunt maximaal " + MAX + " gemeenten naast elkaar zetten. Haal eerst een gemeente weg. " + describe());
          return;
        }
        update(true);
        window.history.replaceState(null, "", url());
      });
    });
    onlyDifferences.addEventListener("change", function () {
      update(false);
      announce(status, onlyDifferences.checked ? "Alleen de rijen met verschillen." : "Alle rijen.");
      window.history.replaceState(null, "", url());
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      window.history.pushState(null, "", url());
      announce(status, describe() + " De link in de adresbalk kunt u delen.");
    });
    window.addEventListener("popstate", restore);
    restore();
    enhanceSelectionDownload(chosen);
  }

  /* ---------- Side by side, for sites too large to put every column in
     the page: each chosen municipality is fetched as data/gemeenten/<id>.json ---------- */

  /* What an empty field of the source means (as the pages say it). */
  var NOT_NAMED = "Niet genoemd in de bron";

  function enhanceCompareLarge() {
    var form = document.querySelector(".compare-large");
    if (!form) return;
    var root = form.getAttribute("data-root");
    var pages = form.getAttribute("data-pages");
    var data = form.getAttribute("data-data");
    // Name -> slug of every municipality, fetched on the first addition:
    // a file's name need not be its slugified name, so no guess would do.
    var names = null;
    function slugOf(name) {
      if (!names) {
        names = fetch(root + form.getAttribute("data-names")).then(function (r) {
          if (!r.ok) throw new Error("niet gevonden");
          return r.json();
        });
        names.catch(function () { names = null; });
      }
      return names.then(function (all) {
        var wanted = name.toLocaleLowerCase("nl");
        var found = Object.keys(all).filter(function (n) { return n.toLocaleLowerCase("nl") === wanted; })[0];
        if (!found) throw new Error("onbekend");
        return all[found];
      });
    }
    var indeling = form.getAttribute("data-indeling");
    var table = document.querySelector(".side-by-side-large");
    var status = document.querySelector(".compare-status");
    var chosenList = document.querySelector(".compare-chosen");
    var input = form.querySelector("input[name=naam]");
    var loaded = {};
    var order = [];
    form.hidden = false;
    $all(".no-js-message").forEach(function (el) { el.hidden = true; });

    function text(t) { return document.createTextNode(t); }

    function cellFor(row, m) {
      var td = document.createElement("td");
      var kind = row.getAttribute("data-row");
      if (kind === "province") td.appendChild(text(m.province));
      else if (kind === "target_groups") td.appendChild(text(m.target_groups.join(", ") || NOT_NAMED));
      else if (kind === "regional_partners") td.appendChild(text(m.regional_partners.join(", ") || NOT_NAMED));
      else if (kind === "website") {
        if (m.website) {
          var link = document.createElement("a");
          link.href = m.website;
          link.textContent = m.website.replace(/^https?:\/\//, "").replace(/\/$/, "");
          td.appendChild(link);
        } else td.appendChild(text(NOT_NAMED));
      }
      else {
        var topic = kind.slice("topic:".length);
        var done = m.completed.filter(function (e) { return e.topics.indexOf(topic) >= 0; });
        var planned = m.planned.filter(function (e) { return e.topics.indexOf(topic) >= 0; });
        var word = done.length && planned.length ? "Gedaan en gepland" : done.length ? "Gedaan" : planned.length ? "Gepland" : NOT_NAMED;
        var strong = document.createElement("span");
        strong.className = "status";
        strong.textContent = word;
        td.appendChild(strong);
        if (done.length || planned.length) {
          var ul = document.createElement("ul");
          ul.className = "plain";
          done.concat(planned).forEach(function (e) {
            var li = document.createElement("li");
            var a = document.createElement("a");
            a.href = root + pages + m.slug + "/#" + e.anchor;
            a.textContent = e.title;
            li.appendChild(a);
            ul.appendChild(li);
          });
          td.appendChild(ul);
        }
      }
      return td;
    }

    function draw() {
      var head = table.tHead.rows[0];
      while (head.cells.length > 1) head.deleteCell(1);
      $all("tbody tr", table).forEach(function (row) {
        while (row.cells.length > 1) row.deleteCell(1);
      });
      chosenList.textContent = "";
      order.forEach(function (slug) {
        var m = loaded[slug];
        var th = document.createElement("th");
        th.scope = "col";
        var a = document.createElement("a");
        a.href = root + pages + slug + "/";
        a.textContent = m.name;
        th.appendChild(a);
        if (m.split_reconstructed) {
          th.appendChild(text(" "));
          var mark = document.createElement(indeling ? "a" : "span");
          if (indeling) mark.href = indeling;
          mark.className = "label-reconstructed";
          mark.textContent = "Indeling door de redactie";
          th.appendChild(mark);
        }
        head.appendChild(th);
        $all("tbody tr", table).forEach(function (row) { row.appendChild(cellFor(row, m)); });
        var li = document.createElement("li");
        li.appendChild(text(m.name + " "));
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "secondary";
        remove.textContent = "Verwijder " + m.name;
        remove.addEventListener("click", function () {
          order = order.filter(function (s) { return s !== slug; });
          update(true);
          announce(status, m.name + " verwijderd. " + describe());
          input.focus();
        });
        li.appendChild(remove);
        chosenList.appendChild(li);
      });
      table.parentElement.hidden = order.length === 0;
    }

    function describe() {
      if (order.length === 0) return "Geen gemeenten gekozen.";
      if (order.length === 1) return "1 gemeente gekozen. Kies er nog minstens één.";
      return order.length + " gemeenten naast elkaar.";
    }

    function update(push) {
      draw();
      var url = window.location.pathname + (order.length ? "?g=" + order.join(",") : "");
      if (push) window.history.pushState(null, "", url);
    }

    function load(slug) {
      if (loaded[slug]) return Promise.resolve(loaded[slug]);
      return fetch(root + data + slug + ".json").then(function (r) {
        if (!r.ok) throw new Error("niet gevonden");
        return r.json();
      }).then(function (m) { loaded[slug] = m; return m; });
    }

    function restore() {
      var wanted = [];
      new URLSearchParams(window.location.search).getAll("g").forEach(function (v) {
        v.split(",").forEach(function (s) { if (s && wanted.indexOf(s) < 0) wanted.push(s); });
      });
      wanted = wanted.slice(0, MAX);
      Promise.all(wanted.map(function (s) { return load(s).then(function () { return s; }, function () { return null; }); }))
        .then(function (found) {
          order = found.filter(Boolean);
          update(false);
          if (order.length) announce(status, describe());
        });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var name = input.value.trim();
      if (!name) return;
      if (order.length >= MAX) {
        announce(status, "U kunt maximaal " + MAX + " gemeenten kiezen. Verwijder er eerst een.");
        return;
      }
      slugOf(name).then(load).then(function (m) {
        var slug = m.slug;
        if (order.indexOf(slug) < 0) order.push(slug);
        input.value = "";
        update(true);
        announce(status, m.name + " toegevoegd. " + describe());
      }, function () {
        announce(status, "Geen gemeente gevonden met de naam ‘" + name + "’. Controleer de spelling.");
      });
    });
    window.addEventListener("popstate", restore);
    restore();
    enhanceSelectionDownload(function () { return order.slice(); }, function (slugs) {
      return slugs.map(function (s) { return loaded[s]; });
    });
  }

  /* ---------- Download deze selectie (CSV): the rows shown, made in the
     browser from the site's own data (data/gemeenten.json, or on a large
     side-by-side page the municipalities it already loaded), in the
     columns of data/inzet.csv. Without JavaScript the full downloads are
     there. ---------- */

  // The columns of data/inzet.csv, in order (a test checks this list
  // against the generator's).
  var CSV_COLUMNS = ["gemeente", "gemeente_id", "gemeentecode", "provincie", "status", "titel", "onderwerpen", "onderwerp_ids", "doelgroepen", "regionale_partners", "uitgelicht", "uitgelicht_waarom", "indeling_door_redactie", "bron_ids", "peildatum"];

  function csvCell(value) {
    var text = value === null || value === undefined ? "" : String(value);
    // As the generator does: a cell a spreadsheet would run as a formula
    // gets a leading apostrophe.
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  /* Rows of data/inzet.csv for municipalities in the published JSON shape. */
  function selectionCsv(municipalities, topicNames, peildatum) {
    var lines = [CSV_COLUMNS.join(",")];
    municipalities.forEach(function (m) {
      [["gedaan", m.completed], ["gepland", m.planned]].forEach(function (pair) {
        pair[1].forEach(function (e) {
          var values = {
            gemeente: m.name,
            gemeente_id: m.slug,
            gemeentecode: m.code,
            provincie: m.province,
            status: pair[0],
            titel: e.title,
            onderwerpen: e.topics.map(function (t) { return topicNames[t] || t; }).join("; "),
            onderwerp_ids: e.topics.join("; "),
            doelgroepen: m.target_groups.join("; "),
            regionale_partners: m.regional_partners.join("; "),
            uitgelicht: e.notable ? "ja" : "nee",
            uitgelicht_waarom: e.notable,
            indeling_door_redactie: m.split_reconstructed ? "ja" : "nee",
            bron_ids: m.sources.join("; "),
            peildatum: peildatum
          };
          lines.push(CSV_COLUMNS.map(function (c) { return csvCell(values[c]); }).join(","));
        });
      });
    });
    // A byte-order mark, so Excel reads the accents right; CRLF as RFC 4180.
    return "\ufeff" + lines.join("\r\n") + "\r\n";
  }

  function saveCsv(text, name) {
    var url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
    var a = document.createElement("a");
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  var dataset = null;
  function loadDataset(root, path) {
    if (!dataset) {
      dataset = fetch(root + path).then(function (r) {
        if (!r.ok) throw new Error("niet gevonden");
        return r.json();
      });
      dataset.catch(function () { dataset = null; });
    }
    return dataset;
  }

  /* `chosen()` gives the slugs shown, in order; `large` the municipalities
     a large side-by-side page loaded, when it did. */
  function enhanceSelectionDownload(chosen, large) {
    var box = document.querySelector(".selection-download");
    if (!box) return;
    var button = box.querySelector("button");
    var status = box.querySelector(".selection-status");
    var root = button.getAttribute("data-root");
    var json = button.getAttribute("data-json");
    box.hidden = false;
    button.addEventListener("click", function () {
      var slugs = chosen();
      if (!slugs.length) {
        announce(status, "Er is niets gekozen om te downloaden.");
        return;
      }
      var made;
      if (large) {
        var names = {};
        $all("[data-row^='topic:']").forEach(function (row) {
          names[row.getAttribute("data-row").slice(6)] = row.cells[0].textContent.trim();
        });
        var time = document.querySelector(".site-footer time[datetime]");
        made = Promise.resolve(selectionCsv(large(slugs), names, time ? time.getAttribute("datetime") : ""));
      } else {
        made = loadDataset(root, json).then(function (d) {
          var names = {};
          d.topics.forEach(function (t) { names[t.slug] = t.name; });
          var bySlug = {};
          d.municipalities.forEach(function (m) { bySlug[m.slug] = m; });
          return selectionCsv(slugs.map(function (s) { return bySlug[s]; }).filter(Boolean), names, d.peildatum);
        });
      }
      made.then(function (text) {
        saveCsv(text, "inzet-selectie.csv");
        announce(status, slugs.length === 1 ? "1 gemeente gedownload." : slugs.length + " gemeenten gedownload.");
      }, function () {
        announce(status, "Downloaden lukte niet. Gebruik de bestanden op de pagina Open data.");
      });
    });
  }

  enhanceTable();
  enhanceCompare();
  enhanceCompareLarge();
})();
