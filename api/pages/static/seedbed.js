/* Seedbed dashboard: progressive enhancement only. Every page works without this file. */
(function () {
  "use strict";
  var lang = document.documentElement.lang || "en";
  var wordsElement = document.getElementById("seedbed-words");
  var words = wordsElement ? JSON.parse(wordsElement.textContent) : { values: {} };
  var REFRESH_MS = 30000;

  function format(value, digits) {
    return new Intl.NumberFormat(lang, { maximumFractionDigits: digits }).format(value);
  }

  // A dotted path into the JSON. With `zeroIfAbsent`, a key missing from an object that exists
  // counts as 0 (a chart's bar for a stage nobody is in); otherwise it is undefined.
  function pick(data, path, zeroIfAbsent) {
    var parts = path.split(".");
    var here = data;
    for (var i = 0; i < parts.length; i++) {
      if (here === null || typeof here !== "object") return undefined;
      if (!(parts[i] in here)) return zeroIfAbsent && i === parts.length - 1 ? 0 : undefined;
      here = here[parts[i]];
    }
    return here;
  }

  // data-reduce="count" or "sum" turns an object of figures into one number; "current"
  // counts the items of a list that are not withdrawn (a project's sessions).
  function reduce(value, how) {
    if (!how || value === null || typeof value !== "object") return value;
    if (how === "current") {
      return value.filter(function (item) { return !item.withdrawn; }).length;
    }
    var values = Object.keys(value).map(function (key) { return value[key]; });
    if (how === "count") return values.length;
    return values.reduce(function (total, v) { return total + v; }, 0);
  }

  function digitsOf(element, fallback) {
    return element.dataset.digits ? Number(element.dataset.digits) : fallback;
  }

  function fetchJson(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (response.status === 401) {
          window.location.assign("/sign-in?ended=true&next=" +
            encodeURIComponent(window.location.pathname + window.location.search));
          throw new Error("signed out");
        }
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      });
  }

  // ---- the language switch submits itself
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    var button = select.form.querySelector("button");
    if (button) button.hidden = true;
    select.addEventListener("change", function () { select.form.submit(); });
  });

  // ---- live figures: [data-live data-source=JSON url] containers, [data-field] inside
  function updateBars(svg, data) {
    var labelWidth = Number(svg.dataset.labelWidth);
    var plotWidth = Number(svg.dataset.plotWidth);
    var rects = Array.prototype.slice.call(svg.querySelectorAll("rect[data-field]"));
    var values = rects.map(function (rect) { return pick(data, rect.dataset.field, true); });
    if (values.some(function (v) { return typeof v !== "number"; })) return;
    var largest = Math.max.apply(null, values.concat([0]));
    rects.forEach(function (rect, index) {
      var width = largest > 0 ? Math.round(plotWidth * values[index] / largest * 10) / 10 : 0;
      rect.setAttribute("width", String(width));
      var label = svg.querySelector('[data-value-of="' + rect.dataset.field + '"]');
      if (label) {
        label.setAttribute("x", String(labelWidth + width + 6));
        label.textContent = format(values[index], 1);
      }
    });
  }

  function applyFigures(root, data) {
    root.querySelectorAll("[data-field]").forEach(function (element) {
      if (element.tagName.toLowerCase() === "rect") return;
      // A count the API leaves out (no project paused) is 0, as a reload would show it.
      var reduceBy = element.dataset.reduce;
      var value = reduce(pick(data, element.dataset.field, !reduceBy), reduceBy);
      if (typeof value === "number") element.textContent = format(value, digitsOf(element, 1));
    });
    root.querySelectorAll("svg[data-bar-chart]").forEach(function (svg) { updateBars(svg, data); });
  }

  document.querySelectorAll("[data-live]").forEach(function (root) {
    var status = root.querySelector("[data-live-status]");
    var button = root.querySelector("[data-refresh]");
    function refresh() {
      return fetchJson(root.dataset.source).then(function (data) {
        applyFigures(root, data);
        root.dataset.refreshed = String(Date.now());
        if (status) {
          var time = new Intl.DateTimeFormat(lang, { timeStyle: "short" }).format(new Date());
          status.textContent = words.updated.replace("{time}", time);
        }
      }).catch(function () {
        if (status) status.textContent = words.failed;
      });
    }
    if (button) {
      button.hidden = false;
      button.addEventListener("click", refresh);
    }
    window.setInterval(function () {
      if (document.visibilityState === "visible") refresh();
    }, REFRESH_MS);
  });

  // A field change in words, as views.change_text writes it on the server (never a repr).
  function fieldWords(path) {
    var part = /([^.\[\]]+)(?:\[([^\]]+)\])?/g;
    var found;
    var shown = [];
    while ((found = part.exec(path)) !== null) {
      var word = (words.fields && words.fields[found[1]]) || found[1].replace(/_/g, " ");
      if (found[2]) word += " (" + (found[2].length === 36 ? found[2].slice(0, 8) : found[2]) + ")";
      shown.push(word);
    }
    return shown.join(" › ");
  }

  function valueWords(value) {
    if (value === null || value === undefined) return "—";
    if (typeof value === "boolean") return value ? words.change.yes : words.change.no;
    if (typeof value === "number") return format(value, 2);
    if (typeof value === "string") return words.values[value] || "“" + value + "”";
    var count = Array.isArray(value) ? value.length : Object.keys(value).length;
    return words.change.entries.replace("{n}", format(count, 0));
  }

  function changeText(change) {
    var field = fieldWords(change.field);
    var fill = function (template) { return template.replace("{field}", field); };
    if (change.before === null) {
      return typeof change.after === "object" && change.after !== null
        ? fill(words.change.added)
        : fill(words.change.added_value).replace("{value}", valueWords(change.after));
    }
    if (change.after === null) return fill(words.change.removed);
    return fill(words.change.changed)
      .replace("{before}", valueWords(change.before))
      .replace("{after}", valueWords(change.after));
  }

  // ---- the audit page's version slider: the state and its changes from the JSON endpoints
  var audit = document.querySelector("[data-audit]");
  if (audit) {
    var slider = audit.querySelector("#version");
    var shown = audit.querySelector("#version-shown");
    var title = audit.querySelector("#state-title");
    var head = audit.dataset.head;
    var base = "/projects/" + audit.dataset.project;
    var timer = null;
    var sequence = 0;

    var showState = function (state, diff, version) {
      audit.querySelectorAll("[data-state-field]").forEach(function (element) {
        var value = pick(state, element.dataset.stateField);
        if (Array.isArray(value)) {
          element.textContent = value.slice().sort().join(", ") || "—";
        } else if ("datetime" in element.dataset) {
          element.textContent = new Intl.DateTimeFormat(lang, {
            dateStyle: "medium", timeStyle: "medium", timeZone: "UTC"
          }).format(new Date(value)) + " UTC";
        } else if ("word" in element.dataset) {
          element.textContent = words.values[value] || String(value);
        } else {
          element.textContent = String(value);
        }
      });
      title.textContent = title.dataset.template.replace("{version}", String(version));
      var list = audit.querySelector("[data-changes]");
      list.replaceChildren();
      var changes = diff.changes.length ? diff.changes.map(changeText) : [list.dataset.none];
      changes.forEach(function (text) {
        var item = document.createElement("li");
        item.textContent = text;
        list.appendChild(item);
      });
      document.querySelectorAll("tr[data-version]").forEach(function (row) {
        var current = row.dataset.version === String(version);
        row.classList.toggle("current", current);
        if (current) row.setAttribute("aria-current", "true"); else row.removeAttribute("aria-current");
      });
      audit.dataset.shownVersion = String(version);
      window.history.replaceState(null, "", "?version=" + version);
    };

    var load = function () {
      var version = Number(slider.value);
      var mine = ++sequence;
      var diff = version > 1
        ? fetchJson(base + "/diff?from_version=" + (version - 1) + "&to_version=" + version)
        : Promise.resolve({ changes: [] });
      Promise.all([fetchJson(base + "/state?version=" + version), diff]).then(function (both) {
        if (mine === sequence) showState(both[0], both[1], version);
      }).catch(function () { /* the form's Show button still works */ });
    };

    slider.addEventListener("input", function () {
      shown.textContent = slider.value;
      slider.setAttribute("aria-valuetext", slider.value + " / " + head);
      window.clearTimeout(timer);
      timer = window.setTimeout(load, 120);
    });
  }
})();
