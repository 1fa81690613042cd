/**
 * The service worker (src/sw/): on a host that sends no COOP/COEP (served here like GitHub
 * Pages), the page reloads itself once and is then cross-origin isolated, with WASM threaded and
 * the badge saying how; and after that one visit, with the network cut (the browser offline and
 * the server stopped), the lab loads its model, prunes and evaluates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/lib/chromium.ts';
import { ROOT } from '../../scripts/lib/dist-server.ts';
import { serveStatic } from './static-server.ts';

type LabView = { lab: { summary: unknown; busy: string | null; error: string | null; backend: { name: string; threads?: number; details: string[] } | null; client: { request(t: string, p: unknown): Promise<unknown> } } };

const ready = (page: Page) => page.waitForFunction(() => {
  const l = (window as unknown as Partial<LabView>).lab;
  return !!l && ((!!l.summary && !l.busy) || !!l.error);
}, undefined, { timeout: 180_000 });

let browser: Browser;
let context: BrowserContext;
let site: Awaited<ReturnType<typeof serveStatic>>;

beforeAll(async () => {
  browser = await launchChromium();
  context = await browser.newContext();
  site = await serveStatic(resolve(ROOT, 'dist'));
});

afterAll(async () => {
  await browser?.close();
  await site?.stop();
});

describe('service worker', () => {
  it('isolates a page whose host sends no headers (one reload), so WASM runs threaded', async () => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    let loads = 0;
    page.on('load', () => { loads += 1; });
    await page.goto(`${site.url}?backend=wasm`);
    await ready(page);
    const state = await page.evaluate(() => ({
      isolated: crossOriginIsolated,
      controlled: !!navigator.serviceWorker.controller,
      backend: (window as unknown as LabView).lab.backend,
      error: (window as unknown as LabView).lab.error,
    }));
    expect(state.error).toBeNull();
    expect(loads).toBe(2);
    expect(state.isolated).toBe(true);
    expect(state.controlled).toBe(true);
    expect(state.backend?.name).toBe('wasm');
    expect(state.backend?.details.some((d) => d.startsWith('threads on'))).toBe(true);
    await page.waitForSelector('[data-testid="isolation"][data-isolation="service-worker"]', { state: 'attached' });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('after that visit, with the network cut, loads the model, prunes and evaluates', async () => {
    await site.stop();
    await context.setOffline(true);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // Offline, a request of the page (or its worker) that the service worker does not answer
    // fails: none may. (The service worker's own network attempts, which it falls back from to its
    // cache, are its business: they are not the page's.)
    const failed: string[] = [];
    const answered: boolean[] = [];
    page.on('requestfailed', (r) => failed.push(`${r.url()} (${r.failure()?.errorText})`));
    // blob: URLs (the worker's threads) are the page's own memory, not a fetch.
    page.on('response', (r) => { if (!r.url().startsWith('blob:')) answered.push(r.fromServiceWorker()); });
    await page.goto(`${site.url}?backend=wasm`);
    await ready(page);
    const result = await page.evaluate(async () => {
      const lab = (window as unknown as LabView).lab;
      await lab.client.request('prune', { conv: { method: 'global', sparsity: 0.5 }, dense: { k: null } });
      const evaluation = await lab.client.request('evaluate', { dataset: 'shapes10', split: 'test', seed: 1234, limit: 200 }) as { top1: number };
      return { error: lab.error, isolated: crossOriginIsolated, top1: evaluation.top1 };
    });
    expect(result.error).toBeNull();
    expect(result.isolated).toBe(true);
    // The trained VGG-S on Shapes-10 at 50 % global magnitude is far above chance (0.1).
    expect(result.top1).toBeGreaterThan(0.5);
    expect(failed).toEqual([]);
    expect(answered.length).toBeGreaterThan(0);
    expect(answered.every(Boolean)).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });
});
