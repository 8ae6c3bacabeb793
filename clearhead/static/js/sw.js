// Clearhead's service worker: keeps the pages someone may need without a
// connection (help lines, the coping tools, their own plan and safety plan,
// the check-in),
// under the device rule (docs/architecture.md, "What a device keeps").
//
// Two caches, named for whom they belong to:
// * PUBLIC ("clearhead-public-…"): our own CSS, JavaScript and images, and
//   the help lines and "You are offline" pages as someone signed out sees
//   them (fetched without cookies, so they carry no account). It outlives a
//   change of account; sign-out and quick exit delete it with the rest.
// * PAGES: the signed-in account's own pages (ACCOUNT_PAGES), kept as they
//   open. device-store.js deletes every cache not named "clearhead-public-…"
//   when another account's page opens, or when a page fetched online shows
//   that no one is signed in any more.
// It never keeps API answers, forms that save, or any other page. Sign-out
// and quick exit delete both caches and this worker (Clear-Site-Data, and
// device-store.js).
"use strict";

// ---- Offline pages (caching) ----------------------------------------------

var PUBLIC = "clearhead-public-v1";
var PAGES = "clearhead-pages-v1";
// The account's pages that open offline (recovery/tests/test_offline_pages.py
// checks that they are the check-in, the plan, the safety plan and every
// coping tool that saves nothing).
var ACCOUNT_PAGES = [
  "/recovery/check-in/",
  "/recovery/plan/",
  "/recovery/safety-plan/",
  "/recovery/tools/",
  "/recovery/tools/urge-surfing/",
  "/recovery/tools/breathing/",
  "/recovery/tools/delay-distract-decide/",
  "/recovery/tools/play-the-tape-forward/"
];
// Kept as anyone signed out sees them, for everyone.
var PUBLIC_PAGES = ["/help/"];
// Shown instead of a page under OFFLINE_PAGE_FOR that needs a connection.
var OFFLINE_PAGE = "/recovery/offline/";
var OFFLINE_PAGE_FOR = "/recovery/";
var KEPT = { ignoreVary: true };

function noop() {}

function inList(list, path) { return list.indexOf(path) !== -1; }

// Only a page as the server gave it to this browser: never a redirect (to
// sign-in, when signed out) nor an error.
function keepable(response) {
  return response.ok && !response.redirected && response.type === "basic";
}

// The signed-out copy of a public page, fetched without cookies: it never
// carries anyone's account, and sets no cookie on the way. Without the
// language cookie, `language` (the Content-Language of the page the person
// just read) keeps the copy in the language they chose.
function keepPublicPage(path, language) {
  var init = { credentials: "omit", redirect: "error" };
  if (language) { init.headers = { "Accept-Language": language }; }
  var request = new Request(path, init);
  return fetch(request).then(function (response) {
    if (!keepable(response)) { return; }
    return caches.open(PUBLIC).then(function (cache) { return cache.put(path, response); });
  }).catch(noop);
}

function keepPublicPages() {
  return Promise.all(PUBLIC_PAGES.concat([OFFLINE_PAGE]).map(function (path) { return keepPublicPage(path); }));
}

function keepAccountPage(request, response) {
  if (!keepable(response)) { return Promise.resolve(); }
  return caches.open(PAGES).then(function (cache) { return cache.put(request, response); });
}

// Our own static files the page uses, so a kept page opens with its styles
// and scripts (their names carry a hash in production, so the page says
// which).
function keepStaticFiles(urls) {
  var own = (Array.isArray(urls) ? urls : []).map(function (href) {
    try { return new URL(href, self.location.origin); } catch (error) { return null; }
  }).filter(function (url) {
    return url && url.origin === self.location.origin && url.pathname.indexOf("/static/") === 0;
  });
  return caches.open(PUBLIC).then(function (cache) {
    return Promise.all(own.map(function (url) {
      return cache.match(url.href).then(function (hit) { return hit || cache.add(url.href); }).catch(noop);
    }));
  });
}

function offlinePage() {
  return caches.match(OFFLINE_PAGE, { cacheName: PUBLIC, ignoreVary: true }).then(function (hit) {
    return hit || Response.error();
  });
}

// A static file: the kept copy, else the network, kept for next time. In
// production every name carries a hash of the content, so a kept file never
// goes stale; a new version of the app asks for new names. (In development
// names carry no hash: sign out, or quick exit, to see an edited file.)
function staticFile(event) {
  var request = event.request;
  return caches.open(PUBLIC).then(function (cache) {
    return cache.match(request).then(function (hit) {
      return hit || fetch(request).then(function (response) {
        if (keepable(response)) { event.waitUntil(cache.put(request, response.clone()).catch(noop)); }
        return response;
      });
    });
  });
}

// The account's page: the network first (always the current page when
// online), kept as it arrives; offline, the kept copy.
function accountPage(event) {
  var request = event.request;
  return fetch(request).then(function (response) {
    event.waitUntil(keepAccountPage(request, response.clone()).catch(noop));
    return response;
  }).catch(function () {
    return caches.match(request, { cacheName: PAGES, ignoreVary: true }).then(function (hit) {
      return hit || offlinePage();
    });
  });
}

// A public page: the person's own page when online (signed in or not), and
// the signed-out copy refreshed behind it; offline, that copy.
function publicPage(event) {
  var request = event.request;
  var path = new URL(request.url).pathname;
  return fetch(request).then(function (response) {
    event.waitUntil(keepPublicPage(path, response.headers.get("Content-Language")));
    return response;
  }).catch(function () {
    return caches.match(path, { cacheName: PUBLIC, ignoreVary: true }).then(function (hit) {
      return hit || Response.error();
    });
  });
}

self.addEventListener("install", function (event) {
  event.waitUntil(keepPublicPages());
  self.skipWaiting();
});

// Caches of an older version (an earlier check-in page among them) go.
self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (key) { return key !== PUBLIC && key !== PAGES; }).map(function (key) {
      return caches.delete(key);
    }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) { return; }
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(staticFile(event));
    return;
  }
  if (request.mode !== "navigate") { return; }
  if (inList(ACCOUNT_PAGES, url.pathname)) {
    event.respondWith(accountPage(event));
  } else if (inList(PUBLIC_PAGES, url.pathname)) {
    event.respondWith(publicPage(event));
  } else if (url.pathname.indexOf(OFFLINE_PAGE_FOR) === 0) {
    event.respondWith(fetch(request).catch(offlinePage));
  }
});

// A page opened before this worker was in control was not kept: once the
// worker is ready, that page asks for a copy ({type: "keep", url: its path
// and query, assets: the static files it uses}). Only a page of
// ACCOUNT_PAGES is kept, fetched again as the signed-in account's own page;
// device-store.js deletes it at sign-out, quick exit, or when another
// account signs in on this device.
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "keep" || typeof data.url !== "string") { return; }
  var work = [keepStaticFiles(data.assets)];
  var url = new URL(data.url, self.location.origin);
  if (url.origin === self.location.origin && inList(ACCOUNT_PAGES, url.pathname)) {
    // A signed-out session is redirected to sign-in: not followed, so this
    // background fetch never loads a page that sets cookies of its own.
    var request = new Request(url.href, { credentials: "same-origin", redirect: "manual" });
    work.push(fetch(request).then(function (response) { return keepAccountPage(request, response); }));
  } else if (url.origin === self.location.origin && inList(PUBLIC_PAGES, url.pathname)) {
    // Kept at install in the browser's language: again in the page's.
    var language = /^[a-z]{2}$/.test(data.language || "") ? data.language : "";
    work.push(keepPublicPage(url.pathname, language));
  }
  event.waitUntil(Promise.all(work).catch(noop));
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
