// Keeps the "Now showing" box in step with the seller's pin: a tiny JSON poll, paused while
// the tab is hidden. Without JavaScript the box has a Refresh link instead.
(function () {
  var box = document.getElementById("pin");
  if (!box || !window.fetch) return;
  var every = (+box.dataset.poll || 10) * 1000;
  var seen = box.dataset.id + ":" + box.dataset.v;
  function set(sel, text) { var el = box.querySelector(sel); if (el) el.textContent = text; }
  function show(d) {
    var title = box.querySelector("[data-title]");
    if (!title) { location.reload(); return; }
    set("[data-code]", d.code); set("[data-title]", d.title);
    set("[data-price]", d.price); set("[data-was]", d.was);
    title.href = location.pathname.replace(/phien\/\d+\/.*$/, "") + d.code;
    var form = box.querySelector("[data-add]");
    if (form) form.action = box.dataset.addUrl.replace(/\/0\/$/, "/" + d.id + "/");
    var items = document.querySelectorAll(".live-items li");
    for (var i = 0; i < items.length; i++) {
      items[i].classList.toggle("is-pinned", items[i].id === "item-" + d.id);
    }
  }
  function tick() {
    if (document.hidden) return;
    fetch(box.dataset.pin, { credentials: "omit" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (d) {
        if (!d) return;
        if (d.s === "ended") { location.reload(); return; }
        var key = (d.id || "") + ":" + Math.floor(d.v);
        if (d.id && key !== seen) { seen = key; show(d); }
      })
      .catch(function () {});
  }
  setInterval(tick, every);
})();
