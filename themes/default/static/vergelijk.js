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

  function enhanceTable() {
    var table = document.getElementById("vergelijkingstabel");
    var form = document.getElementById("filters");
    if (!table || !form) return;
    var tbody = table.tBodies[0];
    var rows = $all("tr", tbody);
    var original = rows.slice();
    var live = document.querySelector(".result-count");
    var headers = $all("thead th[data-sort]", table);
    var sortState = { col: null, dir: "op" };

    // Sort buttons (W3C ARIA APG sortable table).
    headers.forEach(function (th, i) {
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
        var dir = sortState.col === i && sortState.dir === "op" ? "af" : "op";
        sortState = { col: i, dir: dir };
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
      if (sortState.col !== null && headers[sortState.col]) {
        var th = headers[sortState.col];
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

    function rowMatches(row, f, skip) {
      var done = (row.getAttribute("data-done") || "").split(" ").filter(Boolean);
      var planned = (row.getAttribute("data-planned") || "").split(" ").filter(Boolean);
      var statuses = skip === "status" ? [] : f.status;
      var topics = skip === "onderwerp" ? [] : f.onderwerp;
      var wantDone = statuses.length === 0 || statuses.indexOf("gedaan") >= 0;
      var wantPlanned = statuses.length === 0 || statuses.indexOf("gepland") >= 0;
      if (topics.length) {
        var hit = topics.some(function (t) {
          return (wantDone && done.indexOf(t) >= 0) || (wantPlanned && planned.indexOf(t) >= 0);
        });
        if (!hit) return false;
      } else if (statuses.length) {
        if (!((wantDone && done.length) || (wantPlanned && planned.length))) return false;
      }
      if (skip !== "provincie" && f.provincie.length &&
          f.provincie.indexOf(row.getAttribute("data-province")) < 0) return false;
      if (skip !== "doelgroep" && f.doelgroep.length) {
        var groups = (row.getAttribute("data-groups") || "").split("|");
        if (!f.doelgroep.some(function (g) { return groups.indexOf(g) >= 0; })) return false;
      }
      return true;
    }

    function currentFilters() {
      return {
        onderwerp: selected("onderwerp"),
        status: selected("status"),
        provincie: selected("provincie"),
        doelgroep: selected("doelgroep")
      };
    }

    var applied = currentFilters();

    function countText() {
      var shown = rows.filter(function (r) { return !r.hidden; }).length;
      return shown + " van " + rows.length + " gemeenten getoond.";
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
      if (speak) announce(live, countText());
    }

    function pushState() {
      var params = new URLSearchParams();
      Object.keys(applied).forEach(function (k) {
        applied[k].forEach(function (v) { params.append(k, v); });
      });
      if (sortState.col !== null) {
        params.set("sorteer", String(sortState.col));
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
        input.checked = params.getAll(input.name).indexOf(input.value) >= 0;
      });
      var col = params.get("sorteer");
      sortState = col !== null && headers[Number(col)]
        ? { col: Number(col), dir: params.get("richting") === "af" ? "af" : "op" }
        : { col: null, dir: "op" };
      applyFilters(false);
      applySort(false);
      announce(live, countText());
    }

    form.hidden = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
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
  }

  /* ---------- Side by side ---------- */

  var MAX = 4;

  function enhanceCompare() {
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

    function update(speak) {
      var full = chosen().length >= MAX;
      boxes.forEach(function (b) { b.disabled = full && !b.checked; });
      if (speak) announce(status, describe() + (full ? " U kunt maximaal " + MAX + " gemeenten kiezen." : ""));
    }

    function url() {
      var g = chosen();
      return window.location.pathname + (g.length ? "?g=" + g.map(encodeURIComponent).join(",") : "");
    }

    function restore() {
      var params = new URLSearchParams(window.location.search);
      var wanted = [];
      params.getAll("g").forEach(function (v) {
        v.split(",").forEach(function (s) { if (s && wanted.indexOf(s) < 0) wanted.push(s); });
      });
      wanted = wanted.slice(0, MAX);
      boxes.forEach(function (b) { b.checked = wanted.indexOf(b.value) >= 0; });
      update(false);
      if (wanted.length) announce(status, describe());
    }

    boxes.forEach(function (b) {
      b.addEventListener("change", function () {
        update(true);
        window.history.replaceState(null, "", url());
      });
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      window.history.pushState(null, "", url());
      announce(status, describe() + " De link in de adresbalk kunt u delen.");
    });
    window.addEventListener("popstate", restore);
    restore();
  }

  /* ---------- Side by side, for sites too large to put every column in
     the page: each chosen municipality is fetched as data/gemeenten/<id>.json ---------- */

  /* What an empty field of the source means (as the pages say it). */
  var NOT_NAMED = "Niet genoemd in de bron";

  function slugify(name) {
    return name.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  }

  function enhanceCompareLarge() {
    var form = document.querySelector(".compare-large");
    if (!form) return;
    var root = form.getAttribute("data-root");
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
            a.href = root + "gemeenten/" + m.slug + "/#" + e.anchor;
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
        a.href = root + "gemeenten/" + slug + "/";
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
      return fetch(root + "data/gemeenten/" + slug + ".json").then(function (r) {
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
      var slug = slugify(name);
      load(slug).then(function (m) {
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
  }

  enhanceTable();
  enhanceCompare();
  enhanceCompareLarge();
})();
