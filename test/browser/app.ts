/**
 * Helpers to drive the built app: open it with URL parameters, wait for the worker, and call
 * the worker API through `window.lab` (see src/main.ts).
 */
import type { Browser, Page } from 'playwright-core';
import { inject } from 'vitest';

/**
 * Opens the app with `query` (e.g. '?backend=cpu') and waits until the model is loaded. `onPage`
 * runs on the new page before it loads (listeners, init scripts that must see the app start).
 */
export async function openLab(browser: Browser, query = '', timeout = 180_000, onPage?: (page: Page) => Promise<void>): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  await onPage?.(page);
  await page.goto(`${inject('baseUrl')}${query}`);
  await page.waitForFunction(() => {
    const lab = (window as unknown as { lab?: { summary: unknown; error: string | null; busy: string | null } }).lab;
    return !!lab && ((!!lab.summary && !lab.busy) || !!lab.error);
  }, undefined, { timeout });
  return { page, errors };
}

/** Calls one worker request from the page and returns its (structured-cloned) result. */
export async function labRequest<T>(page: Page, type: string, params: unknown): Promise<T> {
  return page.evaluate(async ([t, p]) => {
    const lab = (window as unknown as { lab: { client: { request(type: string, params: unknown): Promise<unknown> } } }).lab;
    const r = await lab.client.request(t as string, p);
    return r instanceof Float32Array ? Array.from(r) : r;
  }, [type, params] as const) as Promise<T>;
}

/**
 * Largest element-wise relative error |a−b| / |b|, with |b| floored at 1% of the largest |b| so
 * that logits near zero do not turn float32 rounding into huge ratios.
 */
export function maxRelativeError(a: number[], b: number[]): number {
  const floor = 0.01 * Math.max(...b.map(Math.abs), 1e-6);
  return Math.max(...a.map((x, i) => Math.abs(x - b[i]) / Math.max(Math.abs(b[i]), floor)));
}
