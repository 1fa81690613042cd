/**
 * The lab's service worker (scope: the app's folder). Two jobs:
 *
 * 1. Cross-origin isolation on any static host: every same-origin response it serves carries
 *    COOP/COEP (routes.ts), so after one reload the page is isolated and WASM runs threaded
 *    even where the host sends no headers (GitHub Pages).
 * 2. Offline after one visit: the build's files are precached at install (their list is written
 *    into this file at build time, so a new build is a new worker); shipped models are cached on
 *    first use; the page itself is network-first with the cached shell as fallback. CIFAR-10
 *    lives in IndexedDB already.
 *
 * Built as one standalone file (sw.js) by vite.config.ts; it imports only routes.ts.
 */
import { STATE_PATH, cacheable, hasIsolation, routeOf, withIsolation } from './routes.ts';

declare const self: ServiceWorkerGlobalScope;

/** Replaced at build time by the JSON list of precached files (paths relative to the scope). */
const PRECACHE: string[] = JSON.parse('__LAB_PRECACHE__');
/** Replaced at build time by a hash of that list: one cache per build. */
const VERSION = '__LAB_VERSION__';
const CACHE = `lab-${VERSION}`;
const precached = new Set(PRECACHE);

const scoped = (path: string) => new URL(path, self.registration.scope).href;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(PRECACHE.map(scoped));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (key.startsWith('lab-') && key !== CACHE) await caches.delete(key);
    await self.clients.claim();
  })());
});

/** How the last page load from the network was isolated; kept in the cache (the worker may be stopped between events). */
async function recordIsolation(cache: Cache, byServer: boolean): Promise<void> {
  await cache.put(scoped(STATE_PATH), new Response(JSON.stringify({ by: byServer ? 'server' : 'service-worker' }), { headers: { 'Content-Type': 'application/json' } }));
}

async function page(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  try {
    const res = await fetch(request);
    if (cacheable(res)) {
      await recordIsolation(cache, hasIsolation(res.headers));
      await cache.put(scoped('index.html'), res.clone());
    }
    return withIsolation(res);
  } catch (err) {
    const shell = await cache.match(scoped('index.html'));
    if (shell) return withIsolation(shell);
    throw err;
  }
}

async function cacheFirst(request: Request, cacheName: string): Promise<Response> {
  const cache = await caches.open(cacheName);
  const hit = await cache.match(request);
  if (hit) return withIsolation(hit);
  const res = await fetch(request);
  if (cacheable(res)) await cache.put(request, res.clone());
  return withIsolation(res);
}

self.addEventListener('fetch', (event) => {
  const route = routeOf(event.request, self.registration.scope, precached);
  if (route === 'asset') event.respondWith(cacheFirst(event.request, CACHE));
  // Models share the build's cache: a new build may ship new weights under the same names.
  else if (route === 'model') event.respondWith(cacheFirst(event.request, CACHE));
  else if (route === 'page') event.respondWith(page(event.request));
  else if (route === 'state') {
    event.respondWith(caches.open(CACHE).then(async (c) => (await c.match(scoped(STATE_PATH))) ?? new Response('{"by":"unknown"}')));
  } else if (new URL(event.request.url).origin === self.location.origin) {
    event.respondWith(fetch(event.request).then(withIsolation));
  }
});
