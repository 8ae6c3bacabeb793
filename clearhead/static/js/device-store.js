// What Clearhead keeps on a device: the one rule (docs/architecture.md,
// "What a device keeps"), used by every offline feature.
//
// * Everything is kept under the signed-in account's opaque storage id (the
//   page's <meta name="clearhead-account">, an HMAC that names nobody):
//   localStorage keys are "clearhead.<id>.<name>".
// * It is never sent or shown under another account: a page reads only its
//   own account's keys, a queued request carries the id as account_tag (the
//   server refuses another account's with a 409), and the first page of a
//   different account deletes what any other account left here, with the
//   cached pages.
// * Sign-out sends what is queued first, or asks; sign-out and quick exit
//   clear everything (and the server sends Clear-Site-Data too).
// * Pages kept for offline use (sw.js): registered from every page of a
//   signed-in account and from the pages kept for everyone (<meta
//   name="clearhead-offline">). The account's kept pages go when another
//   account's page opens, or when a page fetched online shows no one signed
//   in (the session ended without signing out); the public ones
//   ("clearhead-public-…" caches) carry no account and stay until sign-out
//   or quick exit.
//
// window.ClearheadDevice: account(), read(name, fallback), write(name, value),
// enqueue(item), pending(), flush(), clearAll(), say(text), newId().
(function () {
  "use strict";
  var PREFIX = "clearhead.";
  var LAST_ACCOUNT = "clearhead.device.account";
  // "Delete it and clear this phone", offline: the sign-out the server has
  // yet to see. Names no one; kept (outside "clearhead.", so clearing does
  // not drop it) until a page with a connection has no one signed in.
  var SIGN_OUT_PENDING = "clearhead-sign-out-pending";
  var OUTBOX = "outbox";

  function account() {
    var meta = document.querySelector('meta[name="clearhead-account"]');
    return meta ? meta.getAttribute("content") || "" : "";
  }
  function storage() {
    try { return window.localStorage; } catch (error) { return null; }
  }
  function key(name) { return PREFIX + account() + "." + name; }
  function read(name, fallback) {
    var store = storage();
    if (!store || !account()) { return fallback; }
    try {
      var value = store.getItem(key(name));
      return value === null ? fallback : JSON.parse(value);
    } catch (error) { return fallback; }
  }
  function write(name, value) {
    var store = storage();
    if (!store || !account()) { return; }
    store.setItem(key(name), JSON.stringify(value));
  }
  function ourKeys() {
    var store = storage();
    var keys = [];
    if (!store) { return keys; }
    for (var index = 0; index < store.length; index += 1) {
      var name = store.key(index);
      if (name && name.indexOf(PREFIX) === 0) { keys.push(name); }
    }
    return keys;
  }

  // A fresh random id (RFC 4122 version 4) for each queued item.
  function newId() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  // The words this script shows, in the page's language: base.html holds
  // them (templates/_script_words.html), "" on a page without them.
  function words(name) {
    var holder = document.querySelector("[data-script-words]");
    return holder ? holder.getAttribute("data-" + name) || "" : "";
  }

  function say(text) {
    if (!text) { return; }
    var notice = document.querySelector("[data-offline-notice]") || document.querySelector("[data-device-notice]");
    if (notice) { notice.hidden = false; notice.textContent = text; }
  }

  // sw.js names the caches that carry no account "clearhead-public-…".
  var PUBLIC_CACHES = "clearhead-public-";

  // Every cache of this site, or (accountOnly) those holding an account's
  // pages.
  function clearCaches(accountOnly) {
    var work = [];
    if (window.caches && window.caches.keys) {
      work.push(window.caches.keys().then(function (names) {
        return Promise.all(names.filter(function (name) {
          return !accountOnly || name.indexOf(PUBLIC_CACHES) !== 0;
        }).map(function (name) { return window.caches.delete(name); }));
      }));
    }
    return Promise.all(work).catch(function () { /* nothing cached */ });
  }

  // Everything this site keeps on the device, for every account: at sign-out
  // and quick exit. The server's Clear-Site-Data does the same where the
  // browser honours it; this is for the browsers that do not.
  function clearAll() {
    var store = storage();
    if (store) { ourKeys().forEach(function (name) { store.removeItem(name); }); }
    try { window.sessionStorage.clear(); } catch (error) { /* storage blocked */ }
    var work = [clearCaches()];
    if (navigator.serviceWorker && navigator.serviceWorker.getRegistrations) {
      work.push(navigator.serviceWorker.getRegistrations().then(function (registrations) {
        return Promise.all(registrations.map(function (registration) {
          return endPush(registration).then(function () { return registration.unregister(); });
        }));
      }));
    }
    // Never hold up leaving for more than a moment.
    var timeout = new Promise(function (resolve) { window.setTimeout(resolve, 1500); });
    return Promise.race([Promise.all(work).catch(function () {}), timeout]);
  }

  // <meta name="clearhead-offline">: a page sw.js keeps for everyone, as
  // someone signed out sees it (the help lines, "You are offline").
  function keptForEveryone() {
    return !!document.querySelector('meta[name="clearhead-offline"]');
  }

  // The first page of an account deletes what any other account (or an old
  // version of the app) left here, and the pages kept for it. A page fetched
  // online with no one signed in deletes the pages kept for an account: its
  // session ended (timed out, or signed out elsewhere) without the sign-out
  // button. A page kept for everyone is left out: it may be the copy shown
  // offline on a connection that only looks online. An unsent check-in
  // waits for its own account (or quick exit).
  function forgetOtherAccounts() {
    var store = storage();
    var current = account();
    if (!current) {
      if (navigator.onLine && !keptForEveryone()) { clearCaches(true); }
      return;
    }
    if (!store) { return; }
    var own = PREFIX + current + ".";
    ourKeys().forEach(function (name) {
      if (name !== LAST_ACCOUNT && name.indexOf(own) !== 0) { store.removeItem(name); }
    });
    if (store.getItem(LAST_ACCOUNT) !== current) {
      clearCaches(true);
      endPush();
      store.setItem(LAST_ACCOUNT, current);
    }
  }

  // Register sw.js, which keeps this page if it is one that opens offline.
  // A page that loaded before the worker was in control did not pass
  // through it: once ready, the worker is asked for a copy of it and of the
  // static files it uses.
  function keepForOffline() {
    if (!("serviceWorker" in navigator) || (!account() && !keptForEveryone())) { return; }
    var store = storage();
    if (store && store.getItem(SIGN_OUT_PENDING)) { return; }  // this phone is being cleared
    // Whether this page's own request went through the worker: a worker
    // that took control while the page loaded (clients.claim) did not see
    // it, so "controlled now" is not enough.
    var navigation = window.performance && performance.getEntriesByType
      ? performance.getEntriesByType("navigation")[0] : null;
    var served = !!navigator.serviceWorker.controller && !!(navigation && navigation.workerStart > 0);
    navigator.serviceWorker.register("/sw.js").then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      if (served || !registration.active) { return; }
      var assets = Array.prototype.map.call(
        document.querySelectorAll("script[src], link[rel~=stylesheet][href], link[rel~=icon][href], img[src]"),
        function (element) { return element.src || element.href; }
      );
      registration.active.postMessage({
        type: "keep", url: window.location.pathname + window.location.search, assets: assets,
        language: document.documentElement.lang
      });
    }).catch(function () { /* offline pages are a help, not a need */ });
  }

  // A kept copy opened offline: say so (it may be older than what the
  // server has), and drop the one-time messages it was saved with ("Your
  // plan is saved.").
  function markKeptCopy() {
    if (navigator.onLine) { return; }
    var messages = document.querySelector(".messages");
    if (messages) { messages.hidden = true; }
    var notice = document.querySelector("[data-device-notice]");
    if (notice && !document.querySelector("[data-offline-page]") && words("offline-copy")) {
      notice.hidden = false;
      notice.textContent = words("offline-copy");
    }
  }

  // Reminder notifications: the push part of the device rule. A browser's
  // push subscription belongs to the account that turned it on
  // (push-settings.js): sign-out, quick exit (clearAll) and the first page
  // of another account end it, and sign-out sends its address
  // (push_endpoint) so the server forgets it too (recovery/signals.py).
  function pushSubscription(registration) {
    var found = registration ? Promise.resolve(registration)
      : navigator.serviceWorker && navigator.serviceWorker.getRegistration
        ? navigator.serviceWorker.getRegistration() : Promise.resolve(null);
    return found.then(function (ready) {
      return ready && ready.pushManager ? ready.pushManager.getSubscription() : null;
    }).catch(function () { return null; });
  }
  function endPush(registration) {
    return pushSubscription(registration).then(function (subscription) {
      return subscription ? subscription.unsubscribe() : false;
    }).catch(function () { return false; });
  }
  function withPushEndpoint(form) {
    var timeout = new Promise(function (resolve) { window.setTimeout(resolve, 500); });
    return Promise.race([timeout, pushSubscription().then(function (subscription) {
      if (!subscription) { return; }
      var field = form.querySelector("input[name=push_endpoint]") || document.createElement("input");
      field.type = "hidden";
      field.name = "push_endpoint";
      field.value = subscription.endpoint;
      form.appendChild(field);
    })]);
  }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  // The outbox: JSON requests made without a connection, sent in order
  // when it returns. item = {id, url, body, sent: text, refused: text}.
  function pending() { return read(OUTBOX, []); }
  function enqueue(item) {
    item.body.account_tag = account();
    var queue = pending().filter(function (queued) { return queued.id !== item.id; });
    queue.push(item);
    write(OUTBOX, queue);
  }
  function drop(id) { write(OUTBOX, pending().filter(function (queued) { return queued.id !== id; })); }

  function detailOf(response) {
    return response.json().then(function (body) {
      var errors = (body.errors || []).map(function (error) { return error.message; });
      return errors.length ? errors.join(" ") : body.detail || "";
    }).catch(function () { return ""; });
  }

  function sendOne(item) {
    return fetch(item.url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(item.body)
    }).then(function (response) {
      if (response.ok) {
        drop(item.id);
        if (item.sent) { say(item.sent); }
        return true;
      }
      // Signed out, or the server had trouble: keep it for later.
      if (response.status === 401 || response.status === 403 || response.status >= 500) { return false; }
      // Refused for good (another account's, already used, too old): done.
      drop(item.id);
      return detailOf(response).then(function (detail) {
        say((item.refused || words("not-sent")) + (detail ? " " + detail : ""));
        return true;
      });
    });
  }

  var flushing = null;
  // Send everything queued, in order; resolves to the number still queued.
  function flush() {
    if (flushing) { return flushing; }
    if (!account() || !navigator.onLine || !pending().length) { return Promise.resolve(pending().length); }
    flushing = (function next() {
      var queue = pending();
      if (!queue.length) { return Promise.resolve(0); }
      return sendOne(queue[0]).then(function (goOn) {
        return goOn ? next() : pending().length;
      });
    })().catch(function () { return pending().length; }).then(function (left) {
      flushing = null;
      return left;
    });
    return flushing;
  }

  function submitAfterClearing(form) {
    withPushEndpoint(form).then(clearAll).then(function () { form.submit(); });
  }

  // The header's sign-out: send what is queued first; if it cannot go, ask
  // on the sign-out page. Nothing queued: clear and go.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.matches("form[data-sign-out]")) {
      event.preventDefault();
      if (!pending().length) { submitAfterClearing(form); return; }
      if (!navigator.onLine) { offerOfflineClear(); return; }
      flush().then(function (left) {
        if (left) { window.location.assign(form.action); } else { submitAfterClearing(form); }
      });
    } else if (form.matches("form[data-sign-out-confirm]")) {
      // "Delete it and sign out" (or plain sign out): nothing stays.
      event.preventDefault();
      submitAfterClearing(form);
    }
  });

  // Offline with a check-in waiting: send it later, or delete it and clear
  // the phone now. The session cookie cannot be deleted from here (the
  // browser keeps it from scripts), so the server ends the sign-in when a
  // Clearhead page next opens with a connection (finishPendingSignOut).
  function offerOfflineClear() {
    var notice = document.querySelector("[data-device-notice]");
    if (!notice) { return; }
    notice.hidden = false;
    notice.textContent = words("unsent-offline") + " ";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button button--secondary";
    button.textContent = words("clear-phone");
    button.addEventListener("click", clearOffline);
    notice.appendChild(button);
    notice.focus();
  }

  function clearOffline() {
    clearAll().then(function () {
      var store = storage();
      if (store) { store.setItem(SIGN_OUT_PENDING, "1"); }
      var main = document.querySelector("main") || document.body;
      main.innerHTML = "";
      var heading = document.createElement("h1");
      heading.textContent = words("phone-cleared");
      var text = document.createElement("p");
      text.textContent = words("phone-cleared-text");
      text.setAttribute("role", "status");
      main.appendChild(heading);
      main.appendChild(text);
      main.focus();
      if (navigator.onLine) { finishPendingSignOut(); }
    });
  }

  // Back online after "Delete it and clear this phone": sign out now, with
  // the header's sign-out form (a page of a signed-in account has one).
  function finishPendingSignOut() {
    var store = storage();
    if (!store || !store.getItem(SIGN_OUT_PENDING) || !navigator.onLine) { return false; }
    var form = document.querySelector("form[data-sign-out]");
    if (!account() || !form) { store.removeItem(SIGN_OUT_PENDING); return false; }  // signed out now
    submitAfterClearing(form);
    return true;
  }

  function setUpSignOutPage() {
    var form = document.querySelector("form[data-sign-out-confirm]");
    var warning = document.querySelector("[data-unsent-warning]");
    if (!form || !warning || !pending().length) { return; }
    var status = warning.querySelector("[data-unsent-status]");
    var nothing = document.querySelector("[data-nothing-unsent]");
    warning.hidden = false;
    if (nothing) { nothing.hidden = true; }
    form.querySelector("[data-sign-out-button]").textContent = words("delete-and-sign-out");
    warning.querySelector("[data-send-now]").addEventListener("click", function () {
      if (!navigator.onLine) { status.textContent = words("offline-try-again"); return; }
      status.textContent = words("sending");
      flush().then(function (left) {
        if (left) {
          status.textContent = words("not-sent-try-again");
        } else {
          status.textContent = words("sent-signing-out");
          submitAfterClearing(form);
        }
      });
    });
  }

  window.ClearheadDevice = {
    account: account, read: read, write: write, enqueue: enqueue, pending: pending,
    flush: flush, clearAll: clearAll, say: say, newId: newId
  };
  forgetOtherAccounts();
  markKeptCopy();
  window.addEventListener("online", function () {
    if (!finishPendingSignOut()) { flush(); }
  });
  if (finishPendingSignOut()) { return; }
  window.addEventListener("load", keepForOffline);
  // On the sign-out page, ask only about what could not be sent just now.
  flush().then(setUpSignOutPage);
})();
