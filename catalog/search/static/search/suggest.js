/* Search suggestions for <datalist>: products and sellers after two characters.
   Optional: without this script the search box is a plain form field. */
(function () {
  "use strict";
  var source = document.querySelector("input[data-suggest-url]");
  if (!source || !window.fetch) { return; }
  var url = source.getAttribute("data-suggest-url");
  var list = document.getElementById(source.getAttribute("list"));
  var inputs = document.querySelectorAll('input[name="q"]');
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

  Array.prototype.forEach.call(inputs, function (input) {
    input.setAttribute("list", list.id);
    input.setAttribute("autocomplete", "off");
    input.addEventListener("input", function () {
      var text = input.value.trim();
      window.clearTimeout(timer);
      if (text.length < 2 || text === last) { return; }
      timer = window.setTimeout(function () { ask(text); }, 200);
    });
  });
}());
