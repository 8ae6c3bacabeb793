// Quick exit: leave for a neutral page at once, without leaving this page in
// the tab's history (location.replace), so "Back" does not return here.
// Pressing Escape twice within a second does the same from anywhere.
(function () {
  "use strict";

  // Leave at once; what this site kept on the device is deleted on the way
  // (device-store.js here, and the exit page's Clear-Site-Data).
  function leave(url) {
    try { window.sessionStorage.clear(); } catch (error) { /* storage blocked */ }
    if (window.ClearheadDevice) { window.ClearheadDevice.clearAll(); }
    window.location.replace(url);
  }

  function exitUrl() {
    var link = document.querySelector("[data-quick-exit]");
    return link ? link.href : "/exit/";
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-quick-exit]");
    if (!link) { return; }
    event.preventDefault();
    leave(link.href);
  });

  var lastEscape = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var now = Date.now();
    if (now - lastEscape < 1000) { leave(exitUrl()); }
    lastEscape = now;
  });
})();
