/* Seedbed's service worker: keeps the coach's pages for working offline (no library, no CDN).
 *
 * Pages (navigations and /ui/ GETs): network first; a 200 page is kept, and without a network
 * (or with the server down, or answering 5xx) the kept copy answers. Static files: the kept copy
 * first, refreshed behind it. Every other request (the JSON API, every POST) goes to the network
 * untouched: the outbox (outbox.js) sends its writes itself.
 *
 * The page asks for a refresh after each sync ({type: "refresh", pages, files}): the worker
 * fetches every listed page again and drops every kept page not listed, so what changed on the
 * server (a redaction, a closed project) reaches the device at its next sync. {type: "purge"}
 * (signing out) drops every kept page.
 */
"use strict";

var PAGES = "seedbed-pages-v1";
var FILES = "seedbed-files-v1";
var FIRST_FILES = ["/static/seedbed.css", "/static/seedbed.js", "/static/outbox.js",
  "/static/favicon.svg", "/manifest.webmanifest"];

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(FILES).then(function (cache) {
    return cache.addAll(FIRST_FILES);
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name !== PAGES && name !== FILES;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

function isPage(url, request) {
  return request.mode === "navigate" || url.pathname === "/" || url.pathname.indexOf("/ui/") === 0;
}

function keepable(response) {
  return response && response.status === 200 && response.type === "basic" && !response.redirected;
}

function fromNetwork(request) {
  return fetch(request).then(function (response) {
    if (response.status >= 500) throw new Error("server answered " + response.status);
    return response;
  });
}

function page(request, url) {
  var key = url.pathname + url.search;
  return fromNetwork(request).then(function (response) {
    if (keepable(response) && url.pathname !== "/ui/offline/pages") {
      var copy = response.clone();
      caches.open(PAGES).then(function (cache) { return cache.put(key, copy); });
    }
    return response;
  }).catch(function () {
    return caches.open(PAGES).then(function (cache) {
      return cache.match(key).then(function (kept) {
        return kept || cache.match(url.pathname);
      }).then(function (kept) {
        return kept || cache.match("/ui/home");
      });
    }).then(function (kept) {
      return kept || new Response("offline, and this page was not kept on this device", {
        status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" }
      });
    });
  });
}

function file(request, url) {
  return caches.open(FILES).then(function (cache) {
    return cache.match(url.pathname).then(function (kept) {
      var fresh = fetch(request).then(function (response) {
        if (keepable(response)) cache.put(url.pathname, response.clone());
        return response;
      });
      if (kept) {
        fresh.catch(function () { return null; });
        return kept;
      }
      return fresh;
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.indexOf("/static/") === 0 || url.pathname === "/manifest.webmanifest") {
    event.respondWith(file(request, url));
  } else if (isPage(url, request) && url.pathname !== "/sign-in") {
    event.respondWith(page(request, url));
  }
});

function refresh(pages, files) {
  return caches.open(PAGES).then(function (cache) {
    var wanted = {};
    pages.forEach(function (path) { wanted[path] = true; });
    var fetched = pages.map(function (path) {
      return fetch(path, { credentials: "same-origin", redirect: "manual" }).then(function (response) {
        if (keepable(response)) return cache.put(path, response);
        return null;
      }).catch(function () { return null; });
    });
    var dropped = cache.keys().then(function (requests) {
      return Promise.all(requests.filter(function (kept) {
        return !wanted[new URL(kept.url).pathname];
      }).map(function (kept) { return cache.delete(kept); }));
    });
    var kept = caches.open(FILES).then(function (fileCache) { return fileCache.addAll(files); })
      .catch(function () { return null; });
    return Promise.all(fetched.concat([dropped, kept]));
  });
}

self.addEventListener("message", function (event) {
  var data = event.data || {};
  var done;
  if (data.type === "refresh") done = refresh(data.pages || [], data.files || []);
  else if (data.type === "purge") done = caches.delete(PAGES);
  else return;
  event.waitUntil(done.then(function () {
    if (event.ports && event.ports[0]) event.ports[0].postMessage({ done: data.type });
  }));
});
