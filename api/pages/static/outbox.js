/* Seedbed's outbox: forms saved without a connection wait in IndexedDB and are sent, in the
 * order they were saved, through the JSON API with this device's credential (an HttpOnly cookie
 * this script cannot read; the X-Seedbed-Device header makes the server accept it).
 *
 * A form marked data-outbox declares its JSON API route and how its fields become that route's
 * body (api/pages/outbox.py; one mechanism for every form, no code per form here but the
 * session body). Saving one always makes an outbox item first: the idempotency key minted here,
 * the version the form was rendered from (sent as If-Match by the forms that change something
 * recorded) and the time it was saved. When the server answers /ready, the item is sent at once
 * (after any older ones, in order) and the page goes on to what was recorded; a refusal is left
 * to the page's own post, which says why next to the field. When the browser is offline, the
 * server does not answer /ready (or answers 5xx), or the connection drops while sending, the
 * item waits; a retry sends the same key and body, so the server's receipt answers and nothing
 * is recorded twice. An item is
 * waiting, sent or refused; a refused one shows the server's reason in the page's language and
 * offers discard, copy into a new form, and ask the coordinator. Nothing leaves the outbox
 * without the coach seeing it. A 401 (the device's credential revoked or expired) stops the sync
 * and asks to sign in again, keeping every item.
 *
 * Sent items keep no free text (only what they were, for whom, and when): what the server
 * recorded is the server's to redact. After each sync the service worker (sw.js) refreshes the
 * pages it keeps and drops the others.
 */
(function () {
  "use strict";
  if (!("indexedDB" in window)) return;
  var bar = document.getElementById("outbox");
  var wordsElement = document.getElementById("seedbed-outbox-words");
  if (!bar || !wordsElement) return;
  var words = JSON.parse(wordsElement.textContent);
  var lang = document.documentElement.lang || "en";
  var actor = bar.dataset.actor || "";
  // Coaches and coordinators work offline (they get a device credential at sign-in); other
  // roles post forms as usual, keep no pages, and only see what others left in the outbox.
  var offline = bar.dataset.offline === "on";
  var RETRY_MS = 20000;
  var PROBE_MS = 4000;
  var SEND_MS = 20000; // a send that hangs longer is a dropped connection: the item waits
  var SKIPPED = { csrf: true, idempotency_key: true, version: true };
  var condition = null; // "offline", "unreachable", "sign_in" or null
  var syncing = null;

  // ---- IndexedDB: "items" in the order saved (autoincrement seq), "meta" (last sync)
  var opened = null;
  function db() {
    if (opened) return opened;
    opened = new Promise(function (resolve, reject) {
      var request = indexedDB.open("seedbed-outbox", 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore("items", { keyPath: "seq", autoIncrement: true });
        request.result.createObjectStore("meta", { keyPath: "name" });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
    return opened;
  }

  function run(store, mode, work) {
    return db().then(function (database) {
      return new Promise(function (resolve, reject) {
        var transaction = database.transaction(store, mode);
        var result = work(transaction.objectStore(store));
        transaction.oncomplete = function () { resolve(result && "result" in result ? result.result : result); };
        transaction.onerror = function () { reject(transaction.error); };
      });
    });
  }

  function allItems() { return run("items", "readonly", function (s) { return s.getAll(); }); }
  function putItem(item) { return run("items", "readwrite", function (s) { return s.put(item); }); }
  function getItem(seq) { return run("items", "readonly", function (s) { return s.get(seq); }); }
  function dropItem(seq) { return run("items", "readwrite", function (s) { return s.delete(seq); }); }
  function meta(name) {
    return run("meta", "readonly", function (s) { return s.get(name); }).then(function (row) {
      return row ? row.value : null;
    });
  }
  function setMeta(name, value) {
    return run("meta", "readwrite", function (s) { return s.put({ name: name, value: value }); });
  }

  // ---- the API's request bodies, built as api/pages/fieldwork.py and project_forms.py build them
  function fieldsOf(form) {
    var values = {};
    new FormData(form).forEach(function (value, name) {
      if (SKIPPED[name] || typeof value !== "string") return;
      (values[name] = values[name] || []).push(value);
    });
    return values;
  }
  function one(values, name) { return ((values[name] || [""])[0] || "").trim(); }
  function many(values, name) { return (values[name] || []).filter(function (v) { return v; }); }
  function lines(text) {
    return String(text || "").split(/\r?\n/).map(function (l) { return l.trim(); })
      .filter(function (l) { return l; });
  }
  function number(text) { return /^\d+$/.test(text) ? Number(text) : text; }

  function zoneOffset(ms, zone) {
    var parts = {};
    new Intl.DateTimeFormat("en-US", {
      timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", second: "2-digit"
    }).formatToParts(new Date(ms)).forEach(function (p) { parts[p.type] = Number(p.value); });
    return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour % 24, parts.minute,
      parts.second) - ms;
  }

  // The form's date and time in the project's zone, as an aware timestamp (fieldwork.local_moment).
  function localMoment(day, at, zone) {
    var guess = Date.parse(day + "T" + (at.length === 5 ? at + ":00" : at) + "Z");
    if (isNaN(guess)) return day + "T" + at;
    var ms = guess - zoneOffset(guess, zone);
    ms = guess - zoneOffset(ms, zone);
    return new Date(ms).toISOString();
  }

  // The log-a-session body, as fieldwork.session_body builds it.
  function sessionBody(values, form, zone) {
    var anonymous = [];
    Object.keys(values).forEach(function (name) {
      var count = one(values, name);
      if (name.indexOf("anonymous.") === 0 && count && count !== "0") {
        anonymous.push({ role: name.slice(10), count: number(count) });
      }
    });
    var followUps = [];
    for (var row = 0; form.querySelector('[name="follow_ups.' + row + '.what"]'); row++) {
      var what = one(values, "follow_ups." + row + ".what");
      var due = one(values, "follow_ups." + row + ".due_on");
      if (what || due) followUps.push({ what: what, due_on: due });
    }
    var body = {
      type: one(values, "type") || null,
      started_at: localMoment(one(values, "started_on"), one(values, "started_time"), zone),
      duration_minutes: number(one(values, "duration_minutes")) || null,
      mode: one(values, "mode") || null,
      participants: { person_ids: many(values, "participant_ids"), anonymous: anonymous },
      topics: lines(one(values, "topics")),
      milestone_ids: many(values, "milestone_ids"),
      tools: many(values, "tools"),
      summary: one(values, "summary"),
      follow_ups: followUps,
      participation_level: one(values, "participation_level") || null
    };
    Object.keys(body).forEach(function (k) { if (body[k] === null) delete body[k]; });
    return body;
  }

  function normal(found) {
    return [].concat(found === undefined || found === null ? [] : found)
      .map(function (v) { return lines(v).join("\n"); })
      .filter(function (v) { return v && v !== "0"; }).sort().join("\u0000");
  }

  // A correction's `changes`: the session fields whose form fields differ from the session as
  // the page showed it, `was` (fieldwork.correction_changes compares the same groups).
  function changes(groups, before, values, form, zone) {
    var body = sessionBody(values, form, zone);
    var found = {};
    Object.keys(groups).forEach(function (key) {
      var differs = groups[key].some(function (name) {
        return normal(values[name]) !== normal(before[name]);
      });
      if (differs) found[key] = key in body ? body[key] : "";
    });
    return found;
  }

  // The route's body from the form's declared shape (api/pages/outbox.py builds the same).
  function build(shape, values, form, zone) {
    if (shape === "session") return sessionBody(values, form, zone);
    if (typeof shape === "string") {
      var at = shape.indexOf(":");
      var how = shape.slice(0, at);
      var text = one(values, shape.slice(at + 1));
      if (how === "optional") return text || null;
      if (how === "lines") return lines(text);
      return text;
    }
    if (shape.$changes) return changes(shape.$changes, shape.was, values, form, zone);
    var built = {};
    Object.keys(shape).forEach(function (key) { built[key] = build(shape[key], values, form, zone); });
    return built;
  }

  // The route with the form's choices in it (a team member, a milestone); null when one is missing.
  function route(template, values) {
    var missing = false;
    var filled = template.replace(/\{([a-z_]+)\}/g, function (_all, name) {
      var value = one(values, name);
      if (!value) missing = true;
      return encodeURIComponent(value);
    });
    return missing ? null : filled;
  }

  // What the coach typed (not what they picked: no names of people), under the fields' labels,
  // for the mail to the coordinator.
  var TYPED = { text: true, textarea: true, date: true, time: true, number: true };
  function typed(form) {
    var found = [];
    Array.prototype.forEach.call(form.elements, function (e) {
      if (!e.name || SKIPPED[e.name] || !TYPED[e.type] || !String(e.value).trim()) return;
      var label = e.labels && e.labels[0] ? e.labels[0].cloneNode(true) : null;
      if (label) label.querySelectorAll(".required").forEach(function (r) { r.remove(); });
      found.push([label ? label.textContent.trim() : e.name, String(e.value).trim()]);
    });
    return found;
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) return "device-" + crypto.randomUUID();
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return "device-" + Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  function declared(form) {
    try { return JSON.parse(form.dataset.outbox); } catch (e) { return null; }
  }

  // An item for the form (its seq, once stored), or null when a choice its route needs is missing.
  function queue(form, made) {
    var values = fieldsOf(form);
    var api = route(made.api, values);
    if (!api) return null;
    return putItem({
      key: newKey(),
      owner: actor,
      label: made.label,
      project: made.project,
      title: made.title,
      method: made.method,
      api: api,
      base_version: Number(made.version),
      // Forms that change something recorded send the version the coach saw: a stale one is
      // refused on sync. The others only append and apply to the project as it is then.
      if_match: !!made.if_match,
      body: JSON.stringify(build(made.body, values, form, made.zone || "UTC")),
      values: values,
      typed: typed(form),
      coordinator: made.coordinator || null,
      form_path: window.location.pathname,
      form_action: form.getAttribute("action"),
      saved_at: new Date().toISOString(),
      state: "waiting"
    });
  }

  // ---- saving a form: posted as usual when the server answers, else into the outbox
  function serverAnswers() {
    if (!navigator.onLine) return Promise.resolve(false);
    var controller = new AbortController();
    var timer = window.setTimeout(function () { controller.abort(); }, PROBE_MS);
    return fetch("/ready", { cache: "no-store", signal: controller.signal }).then(function (r) {
      return r.status < 500;
    }).catch(function () { return false; }).then(function (answers) {
      window.clearTimeout(timer);
      return answers;
    });
  }

  function notice(form, text) {
    var shown = form.querySelector(".queued");
    if (!shown) {
      shown = document.createElement("p");
      shown.className = "done queued";
      shown.setAttribute("role", "status");
      shown.tabIndex = -1;
      form.insertBefore(shown, form.firstChild);
    }
    shown.textContent = text;
    shown.focus();
  }

  function kept(form) {
    form.reset();
    notice(form, words.queued);
    return render();
  }

  // Online, a refused item (or one without a device credential) is left to the page's own
  // post: nothing was recorded, and the page shows the refusal next to the field.
  function post(form, seq) {
    return (seq ? dropItem(seq) : Promise.resolve()).then(function () {
      condition = null;
      form.submit();
    });
  }

  function save(form, made) {
    return serverAnswers().then(function (answers) {
      var queued = queue(form, made);
      if (!queued) {
        if (answers) return post(form, null);
        notice(form, words.choose);
        return null;
      }
      return queued.then(function (seq) {
        if (!answers) {
          condition = navigator.onLine ? "unreachable" : "offline";
          return kept(form);
        }
        return flush().then(function (outcome) {
          condition = outcome.stopped;
          return getItem(seq);
        }).then(function (item) {
          if (item && item.state === "sent") {
            return dropItem(seq).then(function () { return setMeta("last_refresh", null); })
              .then(function () { window.location.assign(made.done); });
          }
          if (item && item.state === "waiting" && condition === "unreachable") return kept(form);
          return post(form, seq);
        }, function () {
          condition = "unreachable";
          return kept(form);
        });
      });
    });
  }

  document.querySelectorAll(offline ? "form[data-outbox]" : "form[data-never]").forEach(function (form) {
    var made = declared(form);
    var busy = false;
    if (!made) return;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (busy) return;
      busy = true;
      save(form, made).catch(function () { return null; }).then(function () { busy = false; });
    });
  });

  // ---- sending: one at a time, in order; a dropped connection stops and retries later

  // The coach's own items move the project on: a correction saved offline after a need was
  // rendered before the need was recorded. An item recorded straight on top of what it was
  // based on (its reply is that version + 1) tells the later items based on the same version
  // that the project is still what they saw plus the coach's own changes. Anything else
  // (someone else wrote in between) leaves their If-Match as it was, to be refused.
  // Only items saved before that one was sent: a form saved later (in another tab, say) on
  // an older page did not see it, and is refused.
  function expected(item, own) {
    var mine = own[item.project];
    var chained = mine && mine.from === item.base_version && item.saved_at < mine.at;
    return chained ? mine.to : item.base_version;
  }

  function moved(item, reply, own) {
    if (Number(reply.version) === expected(item, own) + 1) {
      own[item.project] = {
        from: item.base_version, to: Number(reply.version), at: new Date().toISOString()
      };
    } else {
      delete own[item.project];
    }
    return setMeta("own_versions", own);
  }

  function send(item, own) {
    var headers = {
      "Content-Type": "application/json",
      "Idempotency-Key": item.key,
      "X-Seedbed-Device": "outbox"
    };
    if (item.if_match) headers["If-Match"] = '"' + expected(item, own) + '"';
    var controller = new AbortController();
    var timer = window.setTimeout(function () { controller.abort(); }, SEND_MS);
    return fetch(item.api, {
      method: item.method || "POST", credentials: "same-origin", cache: "no-store",
      headers: headers, body: item.body, signal: controller.signal
    }).then(function (response) {
      window.clearTimeout(timer);
      return response;
    }, function (error) {
      window.clearTimeout(timer);
      throw error;
    });
  }

  function sent(item, reply) {
    return {
      seq: item.seq, key: item.key, owner: item.owner, kind: item.kind, label: item.label,
      project: item.project, title: item.title, saved_at: item.saved_at, state: "sent", sent_at: new Date().toISOString(),
      reply: { id: reply.id, version: reply.version, position: reply.position }
    };
  }

  function sendAll(items, own) {
    var index = 0;
    function next() {
      if (index >= items.length) return Promise.resolve(null);
      var item = items[index++];
      return send(item, own).then(function (response) {
        if (response.status === 401) return "sign_in";
        if (response.status >= 500 || response.status === 429 || response.status === 408) {
          return "unreachable";
        }
        return response.json().catch(function () { return {}; }).then(function (answer) {
          if (response.ok) {
            return moved(item, answer, own).then(function () { return putItem(sent(item, answer)); });
          }
          item.state = "refused";
          item.problem = {
            type: String(answer.type || ""), status: response.status,
            detail: String(answer.detail || ""), errors: answer.errors || []
          };
          return putItem(item);
        }).then(next);
      }, function () { return "unreachable"; });
    }
    return next();
  }

  function worker() {
    if (!navigator.serviceWorker) return Promise.resolve(null);
    return Promise.race([
      navigator.serviceWorker.ready.then(function (registration) { return registration.active; }),
      new Promise(function (resolve) { window.setTimeout(function () { resolve(null); }, 5000); })
    ]);
  }

  function refreshPages() {
    return Promise.all([
      worker(), fetch("/ui/offline/pages", { credentials: "same-origin", redirect: "manual" })
    ]).then(function (both) {
        var active = both[0];
        var response = both[1];
        if (!active || response.status !== 200) return null;
        return response.json().then(function (list) {
          return new Promise(function (resolve) {
            var channel = new MessageChannel();
            channel.port1.onmessage = function () { resolve(); };
            active.postMessage({ type: "refresh", pages: list.pages, files: list.files },
              [channel.port2]);
            window.setTimeout(resolve, 15000);
          });
        });
      }).catch(function () { return null; });
  }

  function locked(work) {
    if (navigator.locks && navigator.locks.request) {
      return navigator.locks.request("seedbed-outbox", work);
    }
    return work();
  }

  // Kept pages are fetched again when something was sent, when asked (Send now, the network
  // back) and otherwise at most every REFRESH_MS, not on every page load.
  var REFRESH_MS = 10 * 60 * 1000;

  function stale() {
    return meta("last_refresh").then(function (last) {
      return !last || Date.now() - Date.parse(last) > REFRESH_MS;
    });
  }

  // Sends this person's waiting items, in order, until one does not get through.
  function flush() {
    return locked(function () {
      return allItems().then(function (items) {
        var mine = items.filter(function (i) { return i.owner === actor && i.state === "waiting"; });
        return meta("own_versions").then(function (own) {
          return sendAll(mine, own || {});
        }).then(function (stopped) {
          return { stopped: stopped, sent: mine.length > 0 };
        });
      });
    });
  }

  function sync(force) {
    if (!actor || !offline) return render();
    if (syncing) return syncing;
    if (!navigator.onLine) {
      condition = "offline";
      return render();
    }
    syncing = flush().then(function (outcome) {
      condition = outcome.stopped;
      if (outcome.stopped) return null;
      return (force || outcome.sent ? Promise.resolve(true) : stale()).then(function (due) {
        if (!due) return null;
        return refreshPages().then(function () {
          return setMeta("last_refresh", new Date().toISOString());
        });
      }).then(function () { return setMeta("last_sync", new Date().toISOString()); });
    }).catch(function () { condition = "unreachable"; }).then(function () {
      syncing = null;
      document.documentElement.dataset.outboxSynced = String(Date.now());
      return render();
    });
    return syncing;
  }

  // ---- what the coach sees
  function time(iso) {
    return new Intl.DateTimeFormat(lang, { timeStyle: "short" }).format(new Date(iso));
  }

  function reason(problem) {
    var slug = (problem.type || "").split("/").pop();
    if (words.problems[slug]) return words.problems[slug];
    var detail = problem.detail || "";
    (problem.errors || []).forEach(function (e) { detail += " " + (e.field || "") + ": " + (e.message || ""); });
    return words.problems.other.replace("{reason}", detail.trim() || String(problem.status));
  }

  function button(text, action, seq) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "secondary";
    element.textContent = text;
    element.dataset.outboxAction = action;
    element.dataset.seq = String(seq);
    return element;
  }

  function label(item) { return item.label || words.kinds[item.kind] || item.kind; }

  // A mail to the project's coordinator (to their address when their contact holds one) with
  // the item, the reason, and what the coach typed: no names of the people picked.
  function askLink(item, why) {
    var what = label(item) + " · " + item.title;
    var body = [what, why, ""];
    (item.typed || []).forEach(function (pair) { body.push(pair[0] + ": " + pair[1]); });
    var coordinator = item.coordinator || {};
    var to = (coordinator.email || "").split("@").map(encodeURIComponent).join("@");
    var link = document.createElement("a");
    link.className = "button secondary";
    link.textContent = words.ask;
    link.dataset.outboxAsk = "";
    link.href = "mailto:" + to + "?subject=" +
      encodeURIComponent(words.ask_subject.replace("{what}", what)) +
      "&body=" + encodeURIComponent(body.join("\n"));
    return link;
  }

  // Without an address in the records: who the coordinator is and what the records hold.
  function coordinatorNote(item) {
    var coordinator = item.coordinator;
    if (!coordinator || coordinator.email || !coordinator.name) return null;
    var note = document.createElement("p");
    note.className = "help";
    note.textContent = words.coordinator.replace("{who}",
      coordinator.name + (coordinator.contact ? " (" + coordinator.contact + ")" : ""));
    return note;
  }

  function itemElement(item) {
    var li = document.createElement("li");
    li.dataset.outboxItem = String(item.seq);
    li.dataset.state = item.state;
    var head = document.createElement("p");
    head.textContent = [label(item), item.title,
      words.saved_at.replace("{time}", time(item.saved_at))].join(" · ") + " — ";
    var state = document.createElement("strong");
    state.textContent = words.state[item.state];
    head.appendChild(state);
    li.appendChild(head);
    if (item.state === "refused") {
      var why = document.createElement("p");
      why.className = "error";
      why.textContent = reason(item.problem) + " " + words.nothing;
      li.appendChild(why);
      var actions = document.createElement("p");
      actions.className = "actions";
      actions.appendChild(button(words.discard, "discard", item.seq));
      actions.appendChild(button(words.copy, "copy", item.seq));
      actions.appendChild(askLink(item, why.textContent));
      li.appendChild(actions);
      var note = coordinatorNote(item);
      if (note) li.appendChild(note);
    }
    return li;
  }

  // A sent item is listed for a week (it keeps no free text), then leaves the list.
  var SENT_KEPT_MS = 7 * 24 * 3600 * 1000;

  function prune(items) {
    var old = items.filter(function (i) {
      return i.state === "sent" && Date.now() - Date.parse(i.sent_at) > SENT_KEPT_MS;
    });
    return Promise.all(old.map(function (i) { return dropItem(i.seq); })).then(function () {
      return items.filter(function (i) { return old.indexOf(i) < 0; });
    });
  }

  function render() {
    return Promise.all([allItems().then(prune), meta("last_sync")]).then(function (both) {
      var items = both[0];
      var mine = items.filter(function (i) { return !actor || i.owner === actor; });
      var count = function (state) { return mine.filter(function (i) { return i.state === state; }).length; };
      var others = actor ? items.filter(function (i) { return i.owner !== actor && i.state === "waiting"; }).length : 0;
      var parts = [words.waiting.replace("{n}", String(count("waiting")))];
      if (count("refused")) parts.push(words.refused.replace("{n}", String(count("refused"))));
      if (others) parts.push(words.others.replace("{n}", String(others)));
      parts.push(both[1] ? words.last_sync.replace("{time}", time(both[1])) : words.never);
      if (!navigator.onLine) condition = "offline";
      if (condition) parts.push(words[condition]);
      bar.querySelector("[data-outbox-status]").textContent = parts.join(" · ");
      bar.querySelector("[data-outbox-sign-in]").hidden = condition !== "sign_in" && !!actor;
      bar.querySelector("[data-outbox-send]").hidden = !actor || !count("waiting");
      var list = bar.querySelector("[data-outbox-items]");
      list.replaceChildren.apply(list, mine.slice().reverse().map(itemElement));
      bar.querySelector("[data-outbox-details]").hidden = mine.length === 0;
      bar.hidden = (!actor || !offline) && mine.length === 0 && others === 0;
      bar.dataset.waiting = String(count("waiting"));
      bar.dataset.refused = String(count("refused"));
      bar.dataset.condition = condition || "";
      if (count("refused") && !bar.dataset.opened) {
        bar.querySelector("[data-outbox-details]").open = true;
        bar.dataset.opened = "1";
      }
    });
  }

  bar.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("button") : null;
    if (!target) return;
    if (target.hasAttribute("data-outbox-send")) {
      sync(true);
      return;
    }
    var seq = Number(target.dataset.seq);
    if (target.dataset.outboxAction === "discard") {
      dropItem(seq).then(render);
    } else if (target.dataset.outboxAction === "copy") {
      getItem(seq).then(function (item) {
        window.location.assign(item.form_path + "?copy=" + seq);
      });
    }
  });

  // ---- "copy into a new form": the form page fills itself from a refused item's fields
  var copy = new URLSearchParams(window.location.search).get("copy");
  if (copy) {
    getItem(Number(copy)).then(function (item) {
      if (!item || !item.values) return;
      var target = Array.prototype.filter.call(document.querySelectorAll("form[data-outbox]"),
        function (f) { return !item.form_action || f.getAttribute("action") === item.form_action; })[0];
      if (!target) return;
      Array.prototype.forEach.call(target.elements, function (element) {
        var given = item.values[element.name];
        if (!element.name || SKIPPED[element.name]) return;
        if (element.type === "checkbox" || element.type === "radio") {
          element.checked = !!given && given.indexOf(element.value) >= 0;
        } else if (given && element.tagName.toLowerCase() === "select" && element.multiple) {
          Array.prototype.forEach.call(element.options, function (o) { o.selected = given.indexOf(o.value) >= 0; });
        } else if (given) {
          element.value = given[0];
        }
      });
      notice(target, words.copied);
    });
  }

  // ---- signing out: the kept pages go (the outbox keeps its items, each with its owner)
  function purge() {
    var controller = navigator.serviceWorker && navigator.serviceWorker.controller;
    if (controller) controller.postMessage({ type: "purge" });
  }
  document.querySelectorAll("form.sign-out").forEach(function (form) {
    form.addEventListener("submit", purge);
  });
  if (/[?&]signed_out=true/.test(window.location.search)) purge();

  if (actor && offline && navigator.serviceWorker) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () { return null; });
  } else if (actor && navigator.serviceWorker) {  // signed in with a role that keeps nothing
    purge();
    navigator.serviceWorker.getRegistrations().then(function (registrations) {
      registrations.forEach(function (registration) { registration.unregister(); });
    }).catch(function () { return null; });
  }
  window.addEventListener("online", function () { condition = null; sync(true); });
  window.addEventListener("offline", function () { condition = "offline"; render(); });
  window.setInterval(function () {
    if (bar.dataset.waiting && bar.dataset.waiting !== "0" && navigator.onLine) sync();
  }, RETRY_MS);
  window.seedbedOutbox = {
    sync: function () { return sync(true); }, items: allItems, render: render
  };
  Promise.resolve(sync()).catch(function () { return null; });
})();
