// Clearhead's service worker: keeps our own CSS, JavaScript and icons, and the
// last check-in page, so the check-in opens without a connection. It never
// caches API answers or any other page. Sign-out and quick exit delete its
// caches and registration (Clear-Site-Data, and device-store.js).
"use strict";
var CACHE = "clearhead-v2";
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
  if (request.mode === "navigate" && url.pathname === "/recovery/check-in/") {
    event.respondWith(fetch(request).then(function (response) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
      return response;
    }).catch(function () { return caches.match(request); }));
  }
});
