// Quick exit: leave for a neutral page at once, without leaving this page in
// the tab's history (location.replace), so "Back" does not return here.
// Pressing Escape twice within a second does the same from anywhere.
//
// After it, Back must never show a Clearhead page without asking the server
// again: the exit page's Clear-Site-Data "cache" empties the browser's cache
// and its back-forward cache, signed-in pages are never stored (no-store),
// and for browsers that ignore Clear-Site-Data a page brought back from the
// back-forward cache reloads itself when quick exit ran in this tab since it
// was shown (quick exit empties sessionStorage, and with it OPEN below).
(function () {
  "use strict";

  var OPEN = "clearhead:open";
  // Set for a moment by quick exit so that every other Clearhead tab of this
  // browser leaves too (their "storage" event): a phone's tab switcher shows
  // every open tab.
  var EXIT = "clearhead:exit";
  // Kept through quick exit: an offline sign-out still to finish (it names
  // no one; see device-store.js).
  var KEEP = ["clearhead-sign-out-pending"];

  function clearStorage() {
    try { window.sessionStorage.clear(); } catch (error) { /* storage blocked */ }
    try {
      var store = window.localStorage;
      var kept = KEEP.map(function (name) { return [name, store.getItem(name)]; });
      store.clear();
      kept.forEach(function (pair) { if (pair[1] !== null) { store.setItem(pair[0], pair[1]); } });
    } catch (error) { /* storage blocked */ }
  }

  // Leave at once; what this site kept on the device is deleted on the way
  // (here, device-store.js's caches and service worker, and the exit page's
  // Clear-Site-Data).
  function leave(url) {
    try { window.localStorage.setItem(EXIT, String(Date.now())); } catch (error) { /* blocked */ }
    clearStorage();
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

  // Another tab ran quick exit: leave as well, forgetting this tab's own
  // sessionStorage (localStorage, caches and the worker are already going).
  window.addEventListener("storage", function (event) {
    if (event.key !== EXIT || !event.newValue) { return; }
    try { window.sessionStorage.clear(); } catch (error) { /* storage blocked */ }
    window.location.replace(exitUrl());
  });

  var lastEscape = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var now = Date.now();
    if (now - lastEscape < 1000) { leave(exitUrl()); }
    lastEscape = now;
  });

  try { window.sessionStorage.setItem(OPEN, "1"); } catch (error) { /* storage blocked */ }
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) { return; }
    var open = true;
    try { open = window.sessionStorage.getItem(OPEN) === "1"; } catch (error) { /* blocked */ }
    if (!open) {
      document.documentElement.style.visibility = "hidden";
      window.location.reload();
    }
  });
})();
