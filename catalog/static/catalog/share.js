/* The share box: the phone's own share sheet where there is one, else a "copy link" button.
   Without JavaScript the box shows the link and a Facebook link. */
(function () {
  "use strict";
  var box = document.querySelector(".share-box");
  if (!box) return;
  var summary = box.querySelector("summary");
  var field = box.querySelector("input");
  if (navigator.share) {
    summary.addEventListener("click", function (event) {
      event.preventDefault();
      navigator.share({ title: box.dataset.shareTitle, url: box.dataset.shareUrl }).catch(function () {
        box.open = true; /* dismissed or refused: show the link instead */
      });
    });
    return;
  }
  if (!navigator.clipboard || !box.dataset.copyLabel) return;
  var button = document.createElement("button");
  button.type = "button";
  button.className = "btn";
  button.textContent = box.dataset.copyLabel;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(box.dataset.shareUrl).then(function () {
      button.textContent = box.dataset.copiedLabel;
    }, function () {
      field.select();
    });
  });
  field.parentNode.appendChild(button);
})();
