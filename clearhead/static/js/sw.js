// Clearhead's service worker: keeps our own CSS, JavaScript and icons, and the
// last check-in page, so the check-in opens without a connection. It never
// caches API answers or any other page. Sign-out and quick exit delete its
// caches and registration (Clear-Site-Data, and device-store.js).
"use strict";
var CACHE = "clearhead-v2";
var CHECKIN = "/recovery/check-in/";
var SHELL = [
  "/static/css/clearhead.css",
  "/static/css/print.css",
  "/static/js/device-store.js",
  "/static/js/quick-exit.js",
  "/static/js/checkin-offline.js",
  "/static/img/logo.svg",
  "/static/img/favicon.svg"
];

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(SHELL); }));
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (key) { return key !== CACHE; }).map(function (key) { return caches.delete(key); }));
  }));
  self.clients.claim();
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) { return; }
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(caches.match(request).then(function (hit) { return hit || fetch(request); }));
    return;
  }
  if (request.mode === "navigate" && url.pathname === CHECKIN) {
    event.respondWith(fetch(request).then(function (response) {
      keep(request, response.clone());
      return response;
    }).catch(function () { return caches.match(request); }));
  }
});

// Keep the check-in page only as the signed-in person's own page: never a
// sign-in page a redirect led to, nor an error.
function keep(request, response) {
  if (!response.ok || response.redirected || response.type !== "basic") { return Promise.resolve(); }
  return caches.open(CACHE).then(function (cache) { return cache.put(request, response); });
}

// The first visit to the check-in page loaded before this worker was in
// control, so nothing kept it: once ready, that page asks for a copy
// ({type: "keep-check-in", url: its path and query}). Like any kept page it
// is the signed-in account's, and device-store.js deletes it at sign-out,
// quick exit, or when another account signs in on this device.
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "keep-check-in" || typeof data.url !== "string") { return; }
  var url = new URL(data.url, self.location.origin);
  if (url.origin !== self.location.origin || url.pathname !== CHECKIN) { return; }
  // A signed-out session is redirected to sign-in: not followed, so this
  // background fetch never loads a page that sets cookies of its own.
  var request = new Request(url.href, { credentials: "same-origin", redirect: "manual" });
  event.waitUntil(fetch(request).then(function (response) { return keep(request, response); }).catch(function () {}));
});

// Reminder notifications (Web Push; clearhead/recovery/push.py sends them).
// Kept apart from the caching above. The message is the server's one
// reminder text, which names no drug and no health matter; a tap opens the
// page it names (a path of this site only), else the check-in.
(function () {
  var PUSH_PAGE = "/recovery/check-in/";

  function pagePath(value) {
    if (typeof value !== "string") { return PUSH_PAGE; }
    var url = new URL(value, self.location.origin);
    return url.origin === self.location.origin ? url.pathname + url.search : PUSH_PAGE;
  }

  self.addEventListener("push", function (event) {
    var message = {};
    try { message = event.data ? event.data.json() : {}; } catch (error) { message = {}; }
    var title = typeof message.title === "string" ? message.title : "Clearhead";
    event.waitUntil(self.registration.showNotification(title, {
      body: typeof message.body === "string" ? message.body : "",
      tag: typeof message.tag === "string" ? message.tag : "clearhead-reminder",
      data: { url: pagePath(message.url) }
    }));
  });

  self.addEventListener("notificationclick", function (event) {
    event.notification.close();
    var path = pagePath(event.notification.data && event.notification.data.url);
    event.waitUntil(self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (windows) {
      for (var index = 0; index < windows.length; index += 1) {
        var client = windows[index];
        if (new URL(client.url).origin === self.location.origin && "navigate" in client) {
          // A tab this worker does not control cannot be sent elsewhere: open one.
          return client.navigate(path).then(function (opened) {
            return opened ? opened.focus() : self.clients.openWindow(path);
          }).catch(function () { return self.clients.openWindow(path); });
        }
      }
      return self.clients.openWindow(path);
    }));
  });
})();
