// The self-check's answers, kept in this tab only, so that Back, Forward
// and reload show the page again instead of "Confirm Form Resubmission".
//
// A page that came back from a POST carries the answers so far: keep them in
// sessionStorage (quick exit clears it; closing the tab forgets it) and turn
// this history entry into a plain GET of a URL with no answers in it. When
// that GET comes back later, post the kept answers to the server again, which
// works out the page (scoring stays on the server, in one place), and show
// its answer. Nothing goes into a cookie, a URL or the server's records.
(function () {
  "use strict";
  var KEY = "clearhead:self-check:answers";

  function kept() {
    try { return window.sessionStorage.getItem(KEY); } catch (error) { return null; }
  }

  function keep(state) {
    try { window.sessionStorage.setItem(KEY, state); } catch (error) { /* private mode */ }
  }

  function forget() {
    try { window.sessionStorage.removeItem(KEY); } catch (error) { /* private mode */ }
  }

  function arrivedThroughHistory() {
    var entries = window.performance && performance.getEntriesByType
      ? performance.getEntriesByType("navigation") : [];
    return entries.length > 0 && entries[0].type !== "navigate";
  }

  function showGone(page, message) {
    page.querySelectorAll("[data-self-check-loading]").forEach(function (node) {
      node.hidden = true;
    });
    page.querySelectorAll(message || "[data-self-check-gone]").forEach(function (node) {
      node.hidden = false;
    });
    page.removeAttribute("aria-busy");
  }

  function swapIn(page, html) {
    var fresh = new DOMParser().parseFromString(html, "text/html");
    var replacement = fresh.querySelector("[data-self-check-page]");
    if (!replacement) { return false; }
    page.replaceWith(document.importNode(replacement, true));
    document.title = fresh.title;
    start();
    return true;
  }

  function restore(page, marker) {
    var state = kept();
    if (!state) { showGone(page); return; }
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    var body = new FormData();
    body.append("csrfmiddlewaretoken", token ? token.value : "");
    body.append("state", state);
    // "show" only ever shows: it never moves on a step or saves.
    body.append("action", "show");
    if (marker.dataset.step) { body.append("step", marker.dataset.step); }
    page.setAttribute("aria-busy", "true");
    page.querySelectorAll("[data-self-check-loading]").forEach(function (node) {
      node.hidden = false;
    });
    page.querySelectorAll("[data-self-check-gone]").forEach(function (node) {
      node.hidden = true;
    });
    fetch(marker.dataset.post, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) {
        if (response.status === 400) {
          // The server could not read them: they are no use any more.
          forget();
          showGone(page);
          return;
        }
        return response.text().then(function (html) {
          if (!response.ok || !swapIn(page, html)) {
            // Restarting, busy or a page we did not expect: keep the
            // answers for a reload, as when the connection is lost.
            showGone(page, "[data-self-check-offline]");
          }
        });
      })
      .catch(function () {
        // No connection: keep the answers for a reload once it is back.
        showGone(page, "[data-self-check-offline]");
      });
  }

  function start() {
    var page = document.querySelector("[data-self-check-page]");
    var marker = page && page.querySelector("[data-self-check]");
    if (!marker) { return; }
    var mode = marker.dataset.selfCheck;
    if (mode === "store") {
      keep(marker.dataset.state);
      window.history.replaceState(null, "", marker.dataset.url);
      page.querySelectorAll("[data-print]").forEach(function (button) {
        if (button.hidden) {
          button.hidden = false;
          button.addEventListener("click", function () { window.print(); });
        }
      });
    } else if (mode === "restore" || (mode === "restore-after-history" && arrivedThroughHistory())) {
      restore(page, marker);
    } else {
      showGone(page);
    }
  }

  start();
})();
