/**
 * The page's side of the service worker (service-worker.ts): registers it in a production build
 * and, when the page is not cross-origin isolated yet, reloads once as soon as the worker
 * controls it (its responses carry COOP/COEP, so the reloaded page is isolated and WASM runs
 * threaded). A session flag stops a loop where isolation cannot happen (a browser without
 * service workers in this context, or one that ignores the headers).
 */

/** How the page came to be cross-origin isolated, for the backend badge. */
export type Isolation = 'server' | 'service-worker' | 'none';

const RELOADED = 'lab-sw-reloaded';

/**
 * Registers the worker. Resolves to true when the page is about to reload (the caller should
 * start nothing), false otherwise.
 */
export async function registerServiceWorker(url = './sw.js', timeoutMs = 60_000): Promise<boolean> {
  if (!('serviceWorker' in navigator)) return false;
  try {
    await navigator.serviceWorker.register(url);
    if (globalThis.crossOriginIsolated) {
      sessionStorage.removeItem(RELOADED);
      return false;
    }
    if (sessionStorage.getItem(RELOADED)) return false;
    const app = document.getElementById('app');
    if (app) app.textContent = 'Installing the lab for offline use and WASM threads; the page reloads once…';
    // Wait until the worker is active and controls this page, then reload under its headers. An
    // install that fails or hangs (a file the host lost) must not keep the lab from starting.
    const controlled = navigator.serviceWorker.ready.then(() => navigator.serviceWorker.controller
      ?? new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true })));
    const won = await Promise.race([controlled.then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), timeoutMs))]);
    if (app) app.textContent = '';
    if (!won) return false;
    sessionStorage.setItem(RELOADED, '1');
    location.reload();
    return true;
  } catch (err) {
    // A failed registration (private mode, a host that serves sw.js with the wrong type) leaves
    // the lab as it was: online, and isolated only if the host sends the headers.
    console.warn('service worker not registered:', err);
    return false;
  }
}

/** Whether and how this page is isolated: by the host's headers or by the service worker's. */
export async function isolationSource(): Promise<Isolation> {
  if (!globalThis.crossOriginIsolated) return 'none';
  if (!navigator.serviceWorker?.controller) return 'server';
  try {
    const res = await fetch('./__lab-isolation', { cache: 'no-store' });
    const { by } = await res.json() as { by: string };
    return by === 'server' ? 'server' : 'service-worker';
  } catch {
    return 'service-worker';
  }
}
