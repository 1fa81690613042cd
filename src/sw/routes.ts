/**
 * What the service worker does with each request, as pure functions (Node tests cover them):
 * which cache strategy a URL gets, and the COOP/COEP headers it adds so that a host that cannot
 * send them (GitHub Pages) still serves a cross-origin isolated page, which threaded WASM needs
 * (SharedArrayBuffer). Imports nothing: the worker is built as one standalone file.
 */

/** The two headers cross-origin isolation needs; the same values the dev/preview servers send. */
export const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } as const;

/**
 * - 'page': a navigation; network first (an update shows on the next load), the cached shell offline.
 * - 'asset': a precached build file; cache first (hashed names never change content).
 * - 'model': a shipped model file; cache first, cached on first use (38 MB in all, so not precached).
 * - 'state': the worker's own report of how the page was isolated.
 * - 'pass': anything else (other origins, non-GET, other same-origin files): the network, headers added.
 */
export type Route = 'page' | 'asset' | 'model' | 'state' | 'pass';

export const STATE_PATH = '__lab-isolation';

export function routeOf(request: { url: string; method: string; mode: string }, scope: string, precached: ReadonlySet<string>): Route {
  const url = new URL(request.url);
  const base = new URL(scope);
  if (request.method !== 'GET' || url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) return 'pass';
  const path = url.pathname.slice(base.pathname.length);
  if (path === STATE_PATH) return 'state';
  if (request.mode === 'navigate') return 'page';
  if (precached.has(path)) return 'asset';
  if (path.startsWith('models/')) return 'model';
  return 'pass';
}

/** True when a response already carries both isolation headers (the host sent them). */
export function hasIsolation(headers: Headers): boolean {
  return Object.entries(ISOLATION).every(([k, v]) => headers.get(k)?.toLowerCase() === v);
}

/**
 * The response with COOP/COEP set. Opaque responses (status 0) cannot be rebuilt and are
 * returned as they are; they only arise for cross-origin no-cors requests, which 'pass' leaves
 * alone anyway.
 */
export function withIsolation(res: Response): Response {
  if (res.status === 0 || hasIsolation(res.headers)) return res;
  const headers = new Headers(res.headers);
  for (const [k, v] of Object.entries(ISOLATION)) headers.set(k, v);
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
}

/** Whether a response may go into the cache: complete and successful (no 206 ranges, no errors). */
export function cacheable(res: Response): boolean {
  return res.status === 200 && res.type !== 'opaque';
}
