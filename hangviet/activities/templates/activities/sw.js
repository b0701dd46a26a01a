/* hangviet's service worker, for quick entry where the signal is weak (served at
   /hoat-dong/sw.js: it controls the activity pages). It keeps the app's own static files and
   the quick entry page (with the user's units, the plan's themes, channels, kinds and
   measures in its form) so that the page opens with no network; everything else goes to the
   network as usual. Entries made offline wait in the outbox (outbox.js), not here. */
"use strict";
const VERSION = "{{ version }}";
const SHELL = "hangviet-shell-" + VERSION;
const PAGES = "hangviet-pages";
const ENTRY = "{{ entry_url }}";
const PRECACHE = {{ assets|safe }};

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("hangviet-shell-") && k !== SHELL).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

async function fromCacheFirst(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const answer = await fetch(request);
  if (answer.ok) (await caches.open(SHELL)).put(request, answer.clone());
  return answer;
}

async function entryPage(request) {
  try {
    const answer = await fetch(request);
    // only a page that is the form itself (not a redirect to sign-in) is kept
    if (answer.ok && !answer.redirected) (await caches.open(PAGES)).put(ENTRY, answer.clone());
    return answer;
  } catch (offline) {
    const cached = await (await caches.open(PAGES)).match(ENTRY);
    if (cached) return cached;
    throw offline;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("{{ static_prefix }}")) {
    event.respondWith(fromCacheFirst(request));
  } else if (request.mode === "navigate" && url.pathname === ENTRY) {
    event.respondWith(entryPage(request));
  }
});
