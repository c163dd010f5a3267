{% load i18n %}// CrampLog service worker: keeps the home page's quick log usable offline.
// Rendered by cramplog/pwa.py so the asset list follows the static manifest,
// in the language of the pages it serves (the offline page, app.js's words).
"use strict";
const VERSION = "{{ version }}";
const SHELL_CACHE = "cramplog-shell-" + VERSION;
const PAGE_CACHE = "cramplog-pages";
const ASSETS = {{ assets_json|safe }};
const HOME = "/";
const APP_CSS = {{ app_css|safe }};
const SYNC_TAG = "cramplog-sync";
self.CRAMPLOG_SYNC_URL = {{ sync_url_json|safe }};  // read by app.js's queue
importScripts({{ app_js|safe }});  // for its offline-queue section (CrampQueue)

// Background Sync: the browser wakes this worker when the connection returns,
// even if CrampLog is not open, and the queue is sent with the same code the
// page uses (the queue section of app.js). Open pages are told so they can redraw their list.
self.addEventListener("sync", (event) => {
  if (event.tag !== SYNC_TAG) return;
  event.waitUntil((async () => {
    const { status } = await self.CrampQueue.send();
    const pages = await self.clients.matchAll({ type: "window" });
    for (const page of pages) page.postMessage("synced");
    // A refused connection makes the browser retry the sync later.
    if (status === "retry") throw new Error("sync will be retried");
  })());
});

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(SHELL_CACHE);
    await cache.addAll(ASSETS);
    await cacheHome();
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith("cramplog-shell-") && key !== SHELL_CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

async function cacheHome() {
  try {
    const response = await fetch(HOME, { credentials: "same-origin", redirect: "follow" });
    if (response.ok && !response.redirected) {
      await (await caches.open(PAGE_CACHE)).put(HOME, response);
    }
  } catch (error) {
    // Offline while installing: the next online visit fills the cache.
  }
}

async function forgetPages() {
  await caches.delete(PAGE_CACHE);
}

self.addEventListener("message", (event) => {
  if (event.data === "logged-out") event.waitUntil(forgetPages());
  if (event.data === "refresh-home") event.waitUntil(cacheHome());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method !== "GET") {
    // A journal page holds health data: it must not outlive the session.
    if (url.pathname === {{ logout_url_json|safe }}) event.waitUntil(forgetPages());
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(navigate(request, url));
    return;
  }
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(staticFirst(request));
  }
});

async function navigate(request, url) {
  try {
    const response = await fetch(request);
    if (url.pathname === HOME) {
      if (response.ok && !response.redirected) {
        await (await caches.open(PAGE_CACHE)).put(HOME, response.clone());
      } else if (response.redirected) {
        await forgetPages();
      }
    }
    return response;
  } catch (error) {
    const cached = await caches.match(HOME, { cacheName: PAGE_CACHE });
    // Only the Log page works offline; any other page says so instead of
    // silently showing the Log page under its address.
    if (cached && url.pathname === HOME) return cached;
    return offlinePage(Boolean(cached));
  }
}

{% translate "Offline" as offline_title %}{% translate "You are offline" as offline_heading %}{% translate "This page needs a connection to your journal." as offline_text %}{% translate "Open CrampLog once while online to use the quick log without signal." as first_visit %}{% blocktranslate trimmed asvar can_log %}Cramps can still be logged on the <a href='/'>Log page</a>: they are kept on this phone and sent to your journal when you are connected.{% endblocktranslate %}
function offlinePage(canLog) {
  const next = canLog
    ? "<p>{{ can_log|escapejs }}</p>"
    : "<p>{{ first_visit|escapejs }}</p>";
  return new Response(
    '<!doctype html><html lang="{{ LANGUAGE_CODE|escapejs }}"><meta charset=utf-8>' +
    "<meta name=viewport content='width=device-width, initial-scale=1'>" +
    "<link rel=stylesheet href='" + APP_CSS + "'>" +
    "<title>{{ offline_title|escapejs }} · CrampLog</title><main id=main><section class=card>" +
    "<h1>{{ offline_heading|escapejs }}</h1><p>{{ offline_text|escapejs }}</p>" + next +
    "</section></main>",
    // 200, not 503: the page itself is the answer, and a 503 is logged as a console error.
    { status: 200, headers: { "Content-Type": "text/html; charset=utf-8" } },
  );
}

async function staticFirst(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) (await caches.open(SHELL_CACHE)).put(request, response.clone());
  return response;
}
