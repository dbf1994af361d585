/* Listings kept on the seller's phone until they reach the server. Runs in seller-channel
   pages and in the channel's service worker (Background Sync), so no DOM here except in
   shrink(). A draft: {id, kind: "new"|"details", url, title, fields, photos, state, note}.
   "new" drafts send one request per photo, each with its own key: a dropped signal costs
   one photo, and a resend never stores a photo twice nor makes a second product. */
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

  function post(url, body, csrf) {
    // One bar of signal can stall a request for minutes: give up and try again later.
    var stop = new AbortController(), timer = setTimeout(function () { stop.abort(); }, 60000);
    return fetch(url, {
      method: "POST", body: body, credentials: "same-origin", signal: stop.signal,
      headers: { "X-CSRFToken": csrf }
    }).finally(function () { clearTimeout(timer); }).then(function (r) {
      if (r.status >= 500) throw new Error("server " + r.status);
      return r;
    });
  }

  function sendPhotos(key, d, csrf) {
    var chain = Promise.resolve();
    d.photos.forEach(function (p) {
      chain = chain.then(function () {
        if (p.sent) return;
        var f = new FormData();
        f.append("client_key", d.id);
        f.append("photo_key", p.key);
        f.append("photo", p.blob, p.key + ".jpg");
        return post(d.url, f, csrf).then(function (r) {
          // A signed-out answer is the sign-in page, not JSON: try again later.
          if ((r.headers.get("Content-Type") || "").indexOf("json") < 0) throw new Error("signin");
          return r.json().then(function (j) {
            if (!r.ok) { d.state = "refused"; d.note = j.error; throw STOP; }
            p.sent = true;
            d.next = j.next;
            return D.put(key, d);
          });
        });
      });
    });
    return chain;
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
      var work = d.kind === "new" ? sendPhotos(key, d, csrf) : sendDetails(d, csrf);
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
    },

    /* A phone photo re-encoded: longest side 1600 px, JPEG 0.8 (down to 0.5 to stay within
       400 KB), no EXIF (GPS, camera). */
    shrink: function (file) {
      return createImageBitmap(file, { imageOrientation: "from-image" }).then(function (bmp) {
        var k = Math.min(1, 1600 / Math.max(bmp.width, bmp.height));
        var c = document.createElement("canvas");
        c.width = Math.round(bmp.width * k);
        c.height = Math.round(bmp.height * k);
        c.getContext("2d").drawImage(bmp, 0, 0, c.width, c.height);
        // 0.8 first; a very detailed photo steps down until it fits a weak signal's budget.
        function encode(q) {
          return new Promise(function (ok) { c.toBlob(ok, "image/jpeg", q); }).then(function (b) {
            return !b ? file : b.size > 409600 && q > 0.55 ? encode(q - 0.1) : b;
          });
        }
        return encode(0.8);
      }, function () { return file; }); // a format the browser cannot open: the server converts it
    }
  };
})(self);
