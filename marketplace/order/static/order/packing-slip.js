/* The slip's print button (the browser's own Print menu works without it). */
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) window.print();
});
