/* Any button marked data-print prints the page. A file, not an inline handler: the CSP allows scripts from 'self' only. */
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
});
