/* The seller channel's service worker: the channel's shell, and the last copy of this
   seller's home, products and orders pages, shown without signal with the time they were
   saved. Copies live in a cache named after the signed-in person ("cl_seller_app" cookie);
   they are served to that name only and dropped once the browser is signed out or
   signed in as someone else. Only GET answers the server marked as keepable are saved. */
"use strict";
var C = {{ config|safe }}, SHELL = "cl-shell-" + C.version, MINE = "cl-seller-";
importScripts(C.core);

self.addEventListener("install", function (e) {
  e.waitUntil(caches.open(SHELL).then(function (c) { return c.addAll(C.files); })
    .then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (e) {
  e.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) {
      return k.indexOf("cl-shell-") === 0 && k !== SHELL;
    }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

function cookie(name) {
  if (!self.cookieStore) return Promise.resolve("");
  return self.cookieStore.get(name).then(function (c) { return c ? c.value : ""; }, function () { return ""; });
}

// Drop every seller's copies but ``keep``'s.
function forget(keep) {
  return caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) {
      return k.indexOf(MINE) === 0 && k !== MINE + keep;
    }).map(function (k) { return caches.delete(k); }));
  });
}

function save(request, response) {
  var key = response.headers.get("X-Offline-Copy");
  if (!key || response.status !== 200) {
    return cookie("cl_seller_app").then(function (k) { return k || forget(""); });
  }
  return response.text().then(function (body) {
    var headers = new Headers({ "Content-Type": "text/html; charset=utf-8", "X-Saved-At": String(Date.now()) });
    return forget(key).then(function () { return caches.open(MINE + key); })
      .then(function (c) { return c.put(request.url, new Response(body, { headers: headers })); });
  });
}

function two(n) { return (n < 10 ? "0" : "") + n; }

function offline(request) {
  return cookie("cl_seller_app").then(function (key) {
    if (!key) return forget("").then(function () { return null; });
    return caches.open(MINE + key).then(function (c) { return c.match(request.url); });
  }).then(function (copy) {
    if (!copy) return caches.match(C.offline);
    var at = new Date(Number(copy.headers.get("X-Saved-At")));
    return copy.text().then(function (body) {
      body = body.replace('id="cl-offline" hidden', 'id="cl-offline"')
        .replace("<time>--:--</time>", "<time>" + two(at.getHours()) + ":" + two(at.getMinutes()) + "</time>");
      return new Response(body, { headers: { "Content-Type": "text/html; charset=utf-8" } });
    });
  });
}

self.addEventListener("fetch", function (e) {
  var request = e.request;
  if (request.method !== "GET") return;
  if (request.mode === "navigate") {
    e.respondWith(fetch(request).then(function (response) {
      e.waitUntil(save(request, response.clone()));
      return response;
    }, function () { return offline(request); }));
    return;
  }
  if (C.files.indexOf(new URL(request.url).pathname) >= 0) {
    e.respondWith(caches.open(SHELL).then(function (c) { return c.match(request); })
      .then(function (hit) { return hit || fetch(request); }));
  }
});

// Background Sync: the waiting listings go as soon as the phone has signal again.
self.addEventListener("sync", function (e) {
  if (e.tag !== "cl-drafts") return;
  e.waitUntil(Promise.all([cookie("cl_seller_app"), cookie("csrftoken")]).then(function (v) {
    return v[0] && v[1] ? self.ClDrafts.sendAll(v[0], v[1]) : null;
  }));
});
