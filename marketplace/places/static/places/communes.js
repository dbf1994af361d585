/* Fill the commune list as soon as a province is chosen. Without this script the
   "Show its communes" button reloads the form with the list filled; with it, the button
   is removed (it would otherwise be the button Enter presses). */
(function () {
  "use strict";
  var buttons = document.querySelectorAll("[data-communes-button]");
  for (var i = 0; i < buttons.length; i++) buttons[i].remove();
  if (window.communesListening) return;
  window.communesListening = true;
  document.addEventListener("change", function (event) {
    var province = event.target;
    if (!province.matches || !province.matches("select[data-communes-url]")) return;
    var form = province.form;
    var commune = form && form.querySelector("select[name$='commune']");
    if (!commune) return;
    var url = province.getAttribute("data-communes-url") + "?tinh=" + encodeURIComponent(province.value);
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) {
        var keep = commune.options.length && commune.options[0].value === "" ? commune.options[0] : null;
        commune.innerHTML = "";
        if (keep) commune.appendChild(keep);
        data.communes.forEach(function (row) {
          commune.appendChild(new Option(row[1], row[0]));
        });
        commune.value = "";
      })
      .catch(function () {
        /* Ask the page again with the province chosen, as the button would. */
        var refresh = document.createElement("input");
        refresh.type = "hidden";
        refresh.name = "choose_province";
        refresh.value = "1";
        form.appendChild(refresh);
        form.submit();
      });
  });
})();
