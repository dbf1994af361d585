/* The seller channel as an installable app: registers the channel's worker, keeps a listing
   on the phone when sending it fails, shows the "waiting to send" list and sends it when
   the signal returns. Without this script every form posts to the server as before. */
(function () {
  "use strict";
  var me = document.currentScript, D = window.ClDrafts;
  var text = JSON.parse(me.dataset.text);
  if ("serviceWorker" in navigator && me.dataset.sw) navigator.serviceWorker.register(me.dataset.sw);

  /* A phone photo re-encoded: longest side 1600 px, JPEG 0.8 (down to 0.5 to stay within
     400 KB), no EXIF (GPS, camera). Here, not in drafts.js: the worker has no canvas. */
  if (D) D.shrink = function (file) {
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
  };

  function cookie(name) {
    var m = document.cookie.match("(?:^|; )" + name + "=([^;]*)");
    return m ? decodeURIComponent(m[1]) : "";
  }
  // Signing out here drops the kept pages at once (the worker also refuses them to anyone
  // else, and drops them at its next chance, when the sign-out happens elsewhere).
  document.querySelectorAll("form.sign-out").forEach(function (form) {
    form.addEventListener("submit", function (e) {
      if (!window.caches) return;
      e.preventDefault();
      caches.keys().then(function (names) {
        return Promise.all(names.filter(function (n) { return n.indexOf("cl-seller-") === 0; })
          .map(function (n) { return caches.delete(n); }));
      }).finally(function () { form.submit(); });
    });
  });

  var key = cookie("cl_seller_app");
  if (!key || !D || !window.indexedDB) return;
  var csrf = function () { return cookie("csrftoken"); };

  function newKey() {
    return crypto.randomUUID ? crypto.randomUUID() :
      "10000000-1000-4000-8000-100000000000".replace(/[018]/g, function (c) {
        return (c ^ crypto.getRandomValues(new Uint8Array(1))[0] & 15 >> c / 4).toString(16);
      });
  }

  function el(tag, cls, content) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (content) n.textContent = content;
    return n;
  }

  function say(form, message) {
    var out = form.querySelector(".cl-draft-status");
    if (!out) {
      out = el("p", "alert alert-info cl-draft-status");
      out.setAttribute("role", "status");
      form.insertBefore(out, form.firstChild);
    }
    out.textContent = message;
  }

  function later() {
    navigator.serviceWorker && navigator.serviceWorker.ready.then(function (reg) {
      return reg.sync && reg.sync.register("cl-drafts");
    }).catch(function () {});
    show();
  }

  function name(d) {
    var n = d.title || text.new_product;
    return d.photos ? n + " · " + text.photos.replace("%s", d.photos.length) : n;
  }

  // Which step a new listing is at: a photo, its details or publishing.
  function at(d) {
    if (!d.photos) return "";
    var n = d.photos.filter(function (p) { return p.sent; }).length;
    if (n < d.photos.length) return text.step_photo.replace("%s", n + 1).replace("%s", d.photos.length);
    if (d.fields && !d.detailed) return text.step_details;
    return d.publish && !d.published ? text.step_publish : "";
  }

  // The waiting list (on the product list, the channel's home and the offline page).
  function show() {
    var box = document.getElementById("cl-waiting");
    if (!box) return Promise.resolve();
    return D.all(key).then(function (list) {
      var ul = box.querySelector("ul");
      ul.textContent = "";
      box.hidden = !list.length && !sent.length;
      sent.forEach(function (d) {
        var li = el("li", "cl-draft"), a = el("a", "", text.next);
        li.appendChild(el("strong", "", name(d)));
        li.appendChild(el("span", "", " — " + (d.published ? text.published : text.sent) + " "));
        a.href = d.next;
        li.appendChild(a);
        ul.appendChild(li);
      });
      list.forEach(function (d) {
        var li = el("li", "cl-draft"), step = at(d);
        li.appendChild(el("strong", "", name(d)));
        li.appendChild(el("span", "", " — " + (step ? step + ": " : "") +
          (text[d.state] || text.waiting) + (d.note ? " " + d.note : "")));
        if (d.state === "conflict" || d.fix) {
          // A new listing is fixed on its details screen, which fills in what was typed.
          var a = el("a", "", d.fix ? text.fix : text.check);
          a.href = d.fix ? d.fix + "#cl-" + d.id : d.url;
          li.appendChild(document.createTextNode(" "));
          li.appendChild(a);
        }
        var drop = el("button", "btn btn-sm btn-link", text.discard);
        drop.type = "button";
        drop.onclick = function () {
          if (confirm(text.discard_confirm)) D.drop(key, d.id).then(show);
        };
        li.appendChild(drop);
        ul.appendChild(li);
      });
    });
  }

  var sent = []; // sent from this page: each links to its next step
  function sendAll() {
    return D.sendAll(key, csrf(), function (d) { sent.push(d); }).then(show, show);
  }

  function keep(form, draft, done) {
    return D.put(key, draft).then(function () {
      return D.send(key, draft, csrf());
    }).then(done, function () {
      // Stored again as this page has it: another sender (the worker, the list's own
      // sending) may have finished with an older copy of the draft meanwhile.
      return D.put(key, draft).catch(function () {}).then(function () {
        say(form, text.kept);
        later();
        return false;
      });
    });
  }

  function fieldsOf(form, version) {
    var fields = [];
    new FormData(form).forEach(function (v, k) {
      if (k !== "csrfmiddlewaretoken" && (version || k !== "version")) fields.push([k, v]);
    });
    return fields;
  }

  // Screen 1 of a new product: photos shrunk on the phone, then sent one by one.
  function newProduct(form) {
    var input = form.querySelector("input[type=file]");
    form.addEventListener("submit", function (e) {
      if (!input.files.length) return;
      e.preventDefault();
      var button = form.querySelector("[type=submit]"), files = Array.prototype.slice.call(input.files);
      button.disabled = true;
      say(form, text.shrinking);
      Promise.all(files.map(D.shrink)).then(function (blobs) {
        // Its own key: the form's may come from a copy of this page kept on the phone.
        var draft = {
          id: newKey(), kind: "new", url: form.dataset.send, title: "", state: "waiting",
          saved: Date.now(),
          photos: blobs.map(function (b) { return { key: newKey(), blob: b, sent: false }; })
        };
        say(form, text.sending);
        return keep(form, draft, function (d) {
          if (d.state === "sent") { location.href = d.next; return; }
          say(form, text.refused + " " + (d.note || ""));
          show();
        }).then(function (kept) {
          if (kept === false) goOn(form, draft);
        });
      }).finally(function () { button.disabled = false; });
    });
  }

  /* The photos are kept on the phone: the seller goes on with the details screen's fields
     (carried by the page in a template) and publishing, kept in the same draft. */
  function goOn(photos, draft) {
    var tpl = document.getElementById("cl-details");
    photos.reset();
    if (!tpl) return;
    var form = tpl.content.firstElementChild.cloneNode(true);
    photos.hidden = true;
    photos.parentNode.insertBefore(form, photos.nextSibling);
    say(form, text.go_on);
    form.elements.title.focus();
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      draft.fields = fieldsOf(form, false);
      draft.title = form.elements.title.value;
      draft.publish = !!e.submitter && e.submitter.value === "publish";
      keep(form, draft, function (d) {
        if (d.state === "sent") { location.href = d.next; return; }
        show();
        return d;
      }).then(function (d) {
        if (d === undefined) return; // sent: on to the product
        // Kept (or refused, shown on the list): the screen is ready for the next listing.
        form.remove();
        photos.hidden = false;
        say(photos, d ? text.refused + " " + d.note : draft.publish ? text.kept_publish : text.kept);
      });
    });
  }

  // Screen 2: the product's details; a conflict or a refusal is shown by the server's page.
  // Opened from the waiting list to fix a new listing, it shows what was typed on the phone.
  function details(form) {
    var fixing = null, id = location.hash.indexOf("#cl-") === 0 ? location.hash.slice(4) : "";
    if (id) D.all(key).then(function (list) {
      fixing = list.filter(function (d) { return d.id === id && d.fields; })[0] || null;
      if (!fixing) return;
      fixing.fields.forEach(function (kv) {
        if (form.elements[kv[0]]) form.elements[kv[0]].value = kv[1];
      });
      say(form, text.refused + " " + (fixing.note || ""));
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      if (fixing) {
        fixing.fields = fieldsOf(form, false);
        fixing.title = form.elements.title.value;
        fixing.version = form.elements.version.value; // saved knowingly over what is shown
        fixing.state = "waiting";
        fixing.note = fixing.fix = "";
        keep(form, fixing, function (d) {
          if (d.state === "sent") { location.href = d.next; return; }
          say(form, text.refused + " " + d.note);
        });
        return;
      }
      var draft = {
        id: "details:" + location.pathname, kind: "details", url: location.pathname,
        title: form.elements.title.value, fields: fieldsOf(form, true), state: "waiting",
        saved: Date.now()
      };
      keep(form, draft, function (d) {
        if (d.state === "sent") { location.href = d.next; return; }
        D.drop(key, d.id).then(function () { form.submit(); });
      });
    });
  }

  // More photos for a listed product: shrunk on the phone, then the form posts as before.
  function shrinkOnly(form) {
    var input = form.querySelector("input[type=file]");
    form.addEventListener("submit", function (e) {
      if (!input.files.length || !window.DataTransfer) return;
      e.preventDefault();
      say(form, text.shrinking);
      Promise.all(Array.prototype.map.call(input.files, D.shrink)).then(function (blobs) {
        var dt = new DataTransfer();
        blobs.forEach(function (b, i) { dt.items.add(new File([b], b.name || "photo-" + (i + 1) + ".jpg", { type: b.type })); });
        input.files = dt.files;
        form.submit();
      });
    });
  }

  document.querySelectorAll("form[data-draft=shrink]").forEach(shrinkOnly);
  document.querySelectorAll("form[data-draft=new]").forEach(newProduct);
  document.querySelectorAll("form[data-draft=details]").forEach(details);
  var now = document.getElementById("cl-send-now");
  if (now) now.onclick = sendAll;
  window.addEventListener("online", sendAll);
  if (navigator.onLine) sendAll(); else show();
})();
