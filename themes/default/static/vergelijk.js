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

  enhanceTable();
  enhanceCompare();
})();
