// Reminder notifications on this phone (the "About me" page's daily reminder).
//
// Shown only where the browser can take notifications (a service worker and
// PushManager; on an iPhone, once Clearhead is on the Home Screen). "Turn
// on" asks the browser's permission, subscribes with this site's public key
// (data-push-key) and sends the subscription to the server
// (PUT data-push-url); "Turn off" unsubscribes and tells the server. Sign-out
// and quick exit end it too (device-store.js). What it says is the page's,
// in the page's language (the box's data-text-* attributes).
(function () {
  "use strict";
  var box = document.querySelector("[data-push]");
  var unsupported = document.querySelector("[data-push-unsupported]");
  if (!box) { return; }
  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
    if (unsupported) { unsupported.hidden = false; }
    return;
  }
  var status = box.querySelector("[data-push-status]");
  var onButton = box.querySelector("[data-push-on]");
  var offButton = box.querySelector("[data-push-off]");
  var key = box.getAttribute("data-push-key");
  var url = box.getAttribute("data-push-url");
  function text(name) { return box.getAttribute("data-text-" + name) || ""; }

  // The public key as the bytes PushManager.subscribe takes.
  function keyBytes(base64url) {
    var base64 = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = window.atob(base64);
    var bytes = new Uint8Array(raw.length);
    for (var index = 0; index < raw.length; index += 1) { bytes[index] = raw.charCodeAt(index); }
    return bytes;
  }
  function sameKey(subscription) {
    var used = subscription.options && subscription.options.applicationServerKey;
    if (!used) { return true; }  // the browser does not say: assume ours
    var ours = keyBytes(key);
    var theirs = new Uint8Array(used);
    if (ours.length !== theirs.length) { return false; }
    for (var index = 0; index < ours.length; index += 1) { if (ours[index] !== theirs[index]) { return false; } }
    return true;
  }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }
  function tell(method, body) {
    return fetch(url, {
      method: method,
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(body)
    }).then(function (response) {
      if (!response.ok) { throw new Error("refused"); }
      return response;
    });
  }

  function show(on, message) {
    status.textContent = message || text(on ? "on" : "off");
    onButton.hidden = on;
    offButton.hidden = !on;
  }

  // Turning them on means wanting them: if the reminder still comes by
  // e-mail only, choose "both" and say so (nothing changes until Save).
  function chooseNotificationToo() {
    var email = document.querySelector("input[name=reminder_channel][value=email]");
    var both = document.querySelector("input[name=reminder_channel][value=both]");
    if (email && both && email.checked) {
      both.checked = true;
      return " " + text("chose-both").replace("{label}", labelOf(both));
    }
    return "";
  }
  function labelOf(input) {
    var label = input.closest("label") || document.querySelector("label[for='" + input.id + "']");
    return label ? label.textContent.trim() : input.value;
  }

  function registration() {
    return navigator.serviceWorker.register("/sw.js").then(function () { return navigator.serviceWorker.ready; });
  }

  function turnOn() {
    onButton.disabled = true;
    Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") {
        show(false, text("blocked"));
        return null;
      }
      return registration().then(function (ready) {
        return ready.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(key) });
      }).then(function (subscription) {
        return tell("PUT", subscription.toJSON()).then(function () {
          show(true, text("on") + chooseNotificationToo());
        });
      });
    }).catch(function () {
      show(false, text("on-failed"));
    }).then(function () {
      onButton.disabled = false;
    });
  }

  function turnOff() {
    offButton.disabled = true;
    registration().then(function (ready) {
      return ready.pushManager.getSubscription();
    }).then(function (subscription) {
      if (!subscription) { return null; }
      var endpoint = subscription.endpoint;
      return subscription.unsubscribe().then(function () { return tell("DELETE", { endpoint: endpoint }); });
    }).then(function () {
      show(false);
    }).catch(function () {
      show(true, text("off-failed"));
    }).then(function () {
      offButton.disabled = false;
    });
  }

  // What this phone has now. A subscription made with an older key of this
  // site's can no longer be sent to: end it, so "Turn on" makes a new one.
  // One still valid is sent again, so signing out of this session forgets it.
  registration().then(function (ready) {
    return ready.pushManager.getSubscription();
  }).then(function (subscription) {
    if (subscription && !sameKey(subscription)) {
      return subscription.unsubscribe().then(function () { return false; });
    }
    if (subscription && Notification.permission === "granted") {
      return tell("PUT", subscription.toJSON()).then(function () { return true; }, function () { return true; });
    }
    return false;
  }).then(function (on) {
    show(on);
  }).catch(function () {
    show(false);
  }).then(function () {
    box.hidden = false;
  });
  onButton.addEventListener("click", turnOn);
  offButton.addEventListener("click", turnOff);
})();
