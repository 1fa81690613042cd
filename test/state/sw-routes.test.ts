/**
 * The service worker's routing and header rules (src/sw/routes.ts), in Node: which requests it
 * answers and how, and that the COOP/COEP it adds keep the response's own headers and body.
 */
import { describe, expect, it } from 'vitest';
import { ISOLATION, STATE_PATH, cacheable, hasIsolation, routeOf, withIsolation } from '../../src/sw/routes.ts';

const scope = 'https://user.github.io/lab/';
const precached = new Set(['index.html', 'assets/index-abc.js', 'models/vgg-s-shapes10/weights.json']);
const get = (url: string, mode = 'cors') => ({ url, method: 'GET', mode });

describe('service worker routes', () => {
  it('sends navigations, precached files, shipped models and the state URL each their own way', () => {
    expect(routeOf(get(`${scope}?model=vgg16&alpha=0.8`, 'navigate'), scope, precached)).toBe('page');
    expect(routeOf(get(`${scope}assets/index-abc.js`), scope, precached)).toBe('asset');
    expect(routeOf(get(`${scope}models/vgg-s-shapes10/weights.json`), scope, precached)).toBe('asset');
    expect(routeOf(get(`${scope}models/vgg16-cifar10/group1-shard1of8.bin`), scope, precached)).toBe('model');
    expect(routeOf(get(`${scope}${STATE_PATH}`), scope, precached)).toBe('state');
  });

  it('leaves other origins, other paths of the origin and non-GET requests to the network', () => {
    expect(routeOf(get('https://example.org/models/x.bin'), scope, precached)).toBe('pass');
    expect(routeOf(get('https://user.github.io/other-repo/assets/index-abc.js'), scope, precached)).toBe('pass');
    expect(routeOf({ url: `${scope}assets/index-abc.js`, method: 'POST', mode: 'cors' }, scope, precached)).toBe('pass');
    expect(routeOf(get(`${scope}assets/unknown.js`), scope, precached)).toBe('pass');
  });

  it('adds COOP/COEP and keeps status, headers and body', async () => {
    const res = withIsolation(new Response('body', { status: 200, statusText: 'OK', headers: { 'Content-Type': 'text/html', 'Content-Security-Policy': "default-src 'self'" } }));
    expect(hasIsolation(res.headers)).toBe(true);
    for (const [k, v] of Object.entries(ISOLATION)) expect(res.headers.get(k)).toBe(v);
    expect(res.headers.get('Content-Security-Policy')).toBe("default-src 'self'");
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('body');
  });

  it('reports a host that sent the headers itself, and caches only complete successful answers', () => {
    expect(hasIsolation(new Headers(ISOLATION))).toBe(true);
    expect(hasIsolation(new Headers({ 'Cross-Origin-Opener-Policy': 'same-origin' }))).toBe(false);
    expect(cacheable(new Response('x', { status: 200 }))).toBe(true);
    expect(cacheable(new Response('x', { status: 206 }))).toBe(false);
    expect(cacheable(new Response('x', { status: 404 }))).toBe(false);
  });
});
