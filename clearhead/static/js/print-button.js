// Show the Print button only where JavaScript can print; the print
// stylesheet takes care of the layout.
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
