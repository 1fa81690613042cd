/**
 * Hostile `?data=` and `?model=` links end in a clear notice within bounded time, and the lab
 * carries on with its defaults: a javascript: or huge data: URL (refused by the URL codec), a
 * redirect loop, a 2 GiB Content-Length, and a server that drips one byte a second (stopped by
 * core/data/paced-stream.ts after its 20 s window).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../scripts/lib/chromium.ts';
import { openLab } from './app.ts';

const fixtureUrl = inject('fixtureUrl');
type LabView = { lab: { dataKey: string; error: string | null; busy: string | null; notices: string[]; config: { model: string }; imported: unknown } };
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** Opens the lab with `query`, waits until it is idle, returns its state and how long that took. */
async function open(query: string) {
  const t0 = Date.now();
  const { page, errors } = await openLab(browser, query, 90_000);
  await page.waitForFunction(() => !(window as unknown as LabView).lab.busy, undefined, { timeout: 90_000 });
  const state = await page.evaluate(() => { const l = (window as unknown as LabView).lab; return { dataKey: l.dataKey, error: l.error, model: l.config.model, imported: !!l.imported, notices: [...l.notices].join('\n') }; });
  await page.close();
  return { ...state, seconds: (Date.now() - t0) / 1000, errors };
}

// 10,000 characters: over the codec's 2,000, under what an HTTP server takes in a request line.
const bigDataUrl = `data:application/octet-stream;base64,${'A'.repeat(10_000)}`;
// The network failures below are logged by the browser itself; the lab reports them as notices.
const networkNoise = (e: string) => /Failed to load resource|net::ERR|ERR_TOO_MANY_REDIRECTS|Failed to fetch/.test(e);

describe('hostile links', () => {
  it.each([
    ['javascript:', 'javascript:alert(1)', /data 'javascript:alert\(1\)' is not valid/],
    ['a huge data: URL', bigDataUrl, /URL parameter 'data' is too long/],
    ['a redirect loop', `${fixtureUrl}/loop/test_batch.bin`, /Could not fetch .*loop.*Using the built-in Shapes-10 instead/],
    ['a 2 GiB Content-Length', `${fixtureUrl}/huge/test_batch.bin`, /is 2\.0 GiB, over the 400\.0 MiB limit\. Using the built-in Shapes-10 instead/],
    ['a one-byte-a-second drip', `${fixtureUrl}/drip/test_batch.bin`, /sends [\d.]+ bytes\/s, under the 1024 bytes\/s.*Using the built-in Shapes-10 instead/],
  ])('?data= %s: a notice, Shapes-10, within 60 s', async (_name, url, notice) => {
    const s = await open(`?v=2&data=${encodeURIComponent(url)}`);
    expect(s.notices).toMatch(notice);
    expect(s.dataKey).toBe('shapes10');
    expect(s.error).toBeNull();
    expect(s.seconds).toBeLessThan(60);
    expect(s.errors.filter((e) => !networkNoise(e))).toEqual([]);
  });

  it.each([
    ['javascript:', 'javascript:alert(1)', /model 'javascript:alert\(1\)' is not valid/],
    ['a redirect loop', `${fixtureUrl}/loop/model.json`, /Could not fetch .*loop.*Using vgg-s instead/],
    ['a 2 GiB Content-Length', `${fixtureUrl}/huge/model.json`, /is 2\.0 GiB, over the 16\.0 MiB limit\. Using vgg-s instead/],
    ['a one-byte-a-second drip', `${fixtureUrl}/drip/model.json`, /sends [\d.]+ bytes\/s.*Using vgg-s instead/],
  ])('?model= %s: a notice, the default model, within 60 s', async (_name, url, notice) => {
    const s = await open(`?v=2&model=${encodeURIComponent(url)}`);
    expect(s.notices).toMatch(notice);
    expect(s.model).toBe('vgg-s');
    expect(s.imported).toBe(false);
    expect(s.error).toBeNull();
    expect(s.seconds).toBeLessThan(60);
    expect(s.errors.filter((e) => !networkNoise(e))).toEqual([]);
  });
});
