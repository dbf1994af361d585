/* Listings kept on the seller's phone until they reach the server. Runs in seller-channel
   pages and in the channel's service worker (Background Sync), so no DOM here.
   A draft: {id, kind: "new"|"details", url, title, fields, photos, state, note}.
   A "new" draft goes step by step, each step safe to resend: its photos one per request,
   each with its own key (a dropped signal costs one photo, never a second product or a
   photo stored twice); then the details, if typed on the phone, saved over the version
   the photo answers gave; then publishing, which changes nothing the second time. */
(function (g) {
  "use strict";
  var STOP = {}, busy = null;

  function store(key, mode, work) {
    return new Promise(function (ok, ko) {
      var open = indexedDB.open("cl-drafts-" + key, 1);
      open.onupgradeneeded = function () {
        open.result.createObjectStore("drafts", { keyPath: "id" });
      };
      open.onerror = function () { ko(open.error); };
      open.onsuccess = function () {
        var db = open.result, tx = db.transaction("drafts", mode);
        var req = work(tx.objectStore("drafts"));
        tx.oncomplete = function () { db.close(); ok(req.result); };
        tx.onerror = tx.onabort = function () { db.close(); ko(tx.error); };
      };
    });
  }

  function post(url, body, csrf, json) {
    // One bar of signal can stall a request for minutes: give up and try again later.
    var stop = new AbortController(), timer = setTimeout(function () { stop.abort(); }, 60000);
    var headers = { "X-CSRFToken": csrf };
    if (json) headers.Accept = "application/json";
    return fetch(url, {
      method: "POST", body: body, credentials: "same-origin", signal: stop.signal, headers: headers
    }).finally(function () { clearTimeout(timer); }).then(function (r) {
      if (r.status >= 500) throw new Error("server " + r.status);
      return r;
    });
  }

  // One step of a "new" draft: its answer in JSON, or the draft kept with the refusal.
  function step(key, d, url, f, csrf, fix) {
    return post(url, f, csrf, true).then(function (r) {
      // A signed-out answer is the sign-in page, not JSON: try again later.
      if ((r.headers.get("Content-Type") || "").indexOf("json") < 0) throw new Error("signin");
      return r.json().then(function (j) {
        if (r.ok) return j;
        d.state = r.status === 409 ? "conflict" : "refused";
        d.note = j.error || j.errors.join(" ");
        d.fix = fix;
        throw STOP;
      });
    });
  }

  function sendNew(key, d, csrf) {
    var chain = Promise.resolve(), save = function () { return D.put(key, d); };
    d.photos.forEach(function (p) {
      chain = chain.then(function () {
        if (p.sent) return;
        var f = new FormData();
        f.append("client_key", d.id);
        f.append("photo_key", p.key);
        f.append("photo", p.blob, p.key + ".jpg");
        return step(key, d, d.url, f, csrf, "").then(function (j) {
          p.sent = true;
          d.next = d.details = j.next;
          d.publishing = j.publish;
          d.version = d.version || j.version;
          return save();
        });
      });
    });
    return chain.then(function () {
      if (!d.fields || d.detailed) return;
      var f = new FormData();
      d.fields.forEach(function (kv) { f.append(kv[0], kv[1]); });
      f.append("version", d.version || "");
      return step(key, d, d.details, f, csrf, d.details).then(function (j) {
        d.detailed = true;
        d.next = j.next;
        return save();
      });
    }).then(function () {
      if (!d.publish || d.published) return;
      var f = new FormData();
      f.append("action", "publish");
      return step(key, d, d.publishing, f, csrf, d.details).then(function (j) {
        d.published = true;
        d.next = j.next;
        return save();
      });
    });
  }

  function sendDetails(d, csrf) {
    var f = new FormData(), base = d.url.replace(/[^/]+\/$/, "");
    d.fields.forEach(function (kv) { f.append(kv[0], kv[1]); });
    return post(d.url, f, csrf).then(function (r) {
      if (r.status === 409) { d.state = "conflict"; throw STOP; }
      if (r.redirected && new URL(r.url).pathname.indexOf(base) === 0) { d.next = r.url; return; }
      if (r.redirected) throw new Error("signin");
      d.state = "refused";
      throw STOP;
    });
  }

  var D = g.ClDrafts = {
    all: function (key) { return store(key, "readonly", function (s) { return s.getAll(); }); },
    put: function (key, d) { return store(key, "readwrite", function (s) { return s.put(d); }); },
    drop: function (key, id) { return store(key, "readwrite", function (s) { return s.delete(id); }); },

    /* Resolves with the draft: state "sent" (and gone from the phone), "conflict" or
       "refused" (kept, to show); rejects when the network or the server failed. */
    send: function (key, d, csrf) {
      var work = d.kind === "new" ? sendNew(key, d, csrf) : sendDetails(d, csrf);
      return work.then(function () {
        d.state = "sent";
        return D.drop(key, d.id);
      }, function (e) {
        if (e !== STOP) throw e;
        return D.put(key, d);
      }).then(function () { return d; });
    },

    /* Every waiting draft, one after the other; stops at the first network failure. A page
       and the worker may both be sending: the keys make the server store each thing once. */
    sendAll: function (key, csrf, onSent) {
      if (busy) return busy;
      busy = D.all(key).then(function (list) {
        return list.filter(function (d) { return d.state === "waiting"; })
          .reduce(function (chain, d) {
            return chain.then(function () { return D.send(key, d, csrf); })
              .then(function (d) { if (onSent && d.state === "sent") onSent(d); });
          }, Promise.resolve());
      });
      var done = function () { busy = null; };
      busy.then(done, done);
      return busy;
    }
  };
})(self);
