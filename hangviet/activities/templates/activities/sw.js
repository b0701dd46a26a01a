/* hangviet's service worker, for the work of a commune where the signal is weak (served at
   /hoat-dong/sw.js with the whole site as its scope). It keeps the app's own static files, and
   the last copy of the pages a person needs with no network: the first page ("Việc cần làm"),
   the recent entries and quick entry (with the user's units, themes, channels, kinds and
   measures in its form). Those pages come from the network when it answers in time; otherwise
   from the last copy, with a line saying when it was taken. Entries made meanwhile wait in the
   outbox (outbox.js), not here. Signing out deletes the copies. */
"use strict";
const VERSION = "{{ version }}";
const SHELL = "hangviet-shell-" + VERSION;
const PAGES = "hangviet-pages";
const KEPT = {{ kept|safe }};  // the pages kept for reading offline, by path
const WAIT = {{ wait_ms }};  // how long a page waits for the network before the copy is shown
const PRECACHE = {{ assets|safe }};
const ZONE = "{{ zone }}";
const WORDS = {{ words|safe }};

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

async function keep(path, answer) {
  // Only a page that is the page itself (not a redirect to sign-in) is kept, with its time.
  if (!answer.ok || answer.redirected) return;
  const headers = new Headers(answer.headers);
  headers.set("x-hangviet-kept-at", String(Date.now()));
  const body = await answer.clone().text();
  await (await caches.open(PAGES)).put(path, new Response(body, { status: 200, headers }));
}

function stamp(ms) {
  const d = new Date(ms);
  const part = (o) => new Intl.DateTimeFormat("vi-VN", Object.assign({ timeZone: ZONE }, o)).format(d);
  return part({ hour: "2-digit", minute: "2-digit" }) + " " + part({ day: "2-digit", month: "2-digit", year: "numeric" });
}

async function copyOf(path) {
  const cached = await (await caches.open(PAGES)).match(path);
  if (!cached) return null;
  const when = Number(cached.headers.get("x-hangviet-kept-at")) || Date.now();
  const note = '<p class="offline-copy" data-offline-copy role="status">' + WORDS.copy.replace("%(t)s", stamp(when)) + "</p>";
  const html = (await cached.text()).replace(/(<main[^>]*>)/, "$1" + note);
  // The copy keeps the page's own headers (its Content-Security-Policy above all).
  const headers = new Headers(cached.headers);
  headers.delete("content-length");
  return new Response(html, { status: 200, headers });
}

function offlinePage() {
  const links = KEPT.map((p) => '<li><a href="' + p.path + '">' + p.label + "</a></li>").join("");
  const html = '<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>' +
    WORDS.title + '</title><link rel="stylesheet" href="' + PRECACHE[0] + '"></head><body><main id="main" class="container"><h1>' + WORDS.title +
    "</h1><p>" + WORDS.text + '</p><ul class="plain">' + links + "</ul></main></body></html>";
  const headers = {
    "Content-Type": "text/html; charset=utf-8",
    "Retry-After": "30",
    "Content-Security-Policy": "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  };
  return new Response(html, { status: 503, headers });
}

async function page(request, path) {
  const network = fetch(request).then(async (answer) => { await keep(path, answer); return answer; });
  network.catch(() => {});  // a failure is answered below, never left unhandled
  const timeout = new Promise((resolve) => setTimeout(() => resolve("slow"), WAIT));
  try {
    const first = await Promise.race([network, timeout]);
    if (first !== "slow") return first;
    const copy = await copyOf(path);  // the network is slow: the copy now, the fresh one kept later
    return copy || (await network);
  } catch (offline) {
    return (await copyOf(path)) || offlinePage();
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("{{ static_prefix }}")) {
    event.respondWith(fromCacheFirst(request));
  } else if (request.mode === "navigate" && KEPT.some((p) => p.path === url.pathname)) {
    event.respondWith(page(request, url.pathname));
  } else if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(() => offlinePage()));
  }
});
