/* Search suggestions for <datalist>: products and sellers after two characters.
   Optional: without this script every search box is a plain form field. Each box that
   has data-suggest-url fills the <datalist> its list attribute names. */
(function () {
  "use strict";
  if (window.cholangSuggest || !window.fetch) { return; }
  window.cholangSuggest = true;

  function attach(input) {
    var url = input.getAttribute("data-suggest-url");
    var list = document.getElementById(input.getAttribute("list") || "");
    if (!url || !list) { return; }
    var timer = null;
    var last = "";

    function fill(suggestions) {
      list.textContent = "";
      suggestions.forEach(function (item) {
        var option = document.createElement("option");
        option.value = item.label;
        list.appendChild(option);
      });
    }

    function ask(text) {
      last = text;
      fetch(url + "?q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) { if (text === last) { fill(data.suggestions || []); } })
        .catch(function () { /* suggestions are a convenience; typing still works */ });
    }

    input.setAttribute("autocomplete", "off");
    input.addEventListener("input", function () {
      var text = input.value.trim();
      window.clearTimeout(timer);
      if (text.length < 2 || text === last) { return; }
      timer = window.setTimeout(function () { ask(text); }, 200);
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("input[data-suggest-url]"), attach);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
