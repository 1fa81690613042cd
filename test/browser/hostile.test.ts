/**
 * Hostile `?data=` and `?model=` links end in a clear notice, and the lab carries on with its
 * defaults: a javascript: or huge data: URL (refused by the URL codec, no request made), a
 * redirect loop (the browser gives up after its 20 redirects), a 2 GiB Content-Length (refused
 * from the header), and a server that drips one byte a second forever (stopped by
 * core/data/paced-stream.ts after its 20 s window). "Ends" is what the lab does, not a time: it
 * is idle again, its worker answers the next request in its queue, and it asked the server once.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../scripts/lib/chromium.ts';
import { openLab } from './app.ts';

const fixtureUrl = inject('fixtureUrl');
type LabView = { lab: { dataKey: string; error: string | null; busy: string | null; notices: string[]; config: { model: string }; imported: unknown; client: { request(t: string, p: unknown): Promise<unknown> } } };
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** The fixture server's request count for `path` (it counts every request it has had, by path). */
async function requests(path: string): Promise<number> {
  return ((await (await fetch(`${fixtureUrl}/__count`)).json()) as Record<string, number>)[path] ?? 0;
}

/**
 * Opens the lab with `query` and waits until it is idle (the timeouts only guard against a hang;
 * no verdict depends on how long it took); returns its state, whether its worker then answered a
 * request of its own, and how many requests `path` got meanwhile (null without a path).
 */
async function open(query: string, path: string | null) {
  const before = path ? await requests(path) : 0;
  const { page, errors } = await openLab(browser, query, 300_000);
  await page.waitForFunction(() => !(window as unknown as LabView).lab.busy, undefined, { timeout: 300_000 });
  const state = await page.evaluate(() => { const l = (window as unknown as LabView).lab; return { dataKey: l.dataKey, error: l.error, model: l.config.model, imported: !!l.imported, notices: [...l.notices].join('\n') }; });
  // The worker runs one request at a time: a download it still waited on would hold this one.
  const answered = await page.evaluate(async () => Array.isArray(await (window as unknown as LabView).lab.client.request('listCached', {})));
  await page.close();
  return { ...state, answered, requests: path ? (await requests(path)) - before : null, errors };
}

// 10,000 characters: over the codec's 2,000, under what an HTTP server takes in a request line.
const bigDataUrl = `data:application/octet-stream;base64,${'A'.repeat(10_000)}`;
// The network failures below are logged by the browser itself; the lab reports them as notices.
const networkNoise = (e: string) => /Failed to load resource|net::ERR|ERR_TOO_MANY_REDIRECTS|Failed to fetch/.test(e);
// A fetch follows at most 20 redirects: the first request and 20 more, then a network error.
const LOOP_REQUESTS = 21;

describe('hostile links', () => {
  it.each([
    ['javascript:', 'javascript:alert(1)', null, null, /data 'javascript:alert\(1\)' is not valid/],
    ['a huge data: URL', bigDataUrl, null, null, /URL parameter 'data' is too long/],
    ['a redirect loop', `${fixtureUrl}/loop/test_batch.bin`, '/loop/test_batch.bin', LOOP_REQUESTS, /Could not fetch .*loop.*Using the built-in Shapes-10 instead/],
    ['a 2 GiB Content-Length', `${fixtureUrl}/huge/test_batch.bin`, '/huge/test_batch.bin', 1, /is 2\.0 GiB, over the 400\.0 MiB limit\. Using the built-in Shapes-10 instead/],
    ['a one-byte-a-second drip', `${fixtureUrl}/drip/test_batch.bin`, '/drip/test_batch.bin', 1, /sends [\d.]+ bytes\/s, under the 1024 bytes\/s.*Using the built-in Shapes-10 instead/],
  ])('?data= %s: a notice, Shapes-10, the lab idle and answering', async (_name, url, path, count, notice) => {
    const s = await open(`?v=2&data=${encodeURIComponent(url)}`, path);
    expect(s.notices).toMatch(notice);
    expect(s.dataKey).toBe('shapes10');
    expect(s.error).toBeNull();
    expect(s.answered).toBe(true);
    if (path) expect(s.requests).toBe(count);
    expect(s.errors.filter((e) => !networkNoise(e))).toEqual([]);
  });

  it.each([
    ['javascript:', 'javascript:alert(1)', null, null, /model 'javascript:alert\(1\)' is not valid/],
    ['a redirect loop', `${fixtureUrl}/loop/model.json`, '/loop/model.json', LOOP_REQUESTS, /Could not fetch .*loop.*Using vgg-s instead/],
    ['a 2 GiB Content-Length', `${fixtureUrl}/huge/model.json`, '/huge/model.json', 1, /is 2\.0 GiB, over the 16\.0 MiB limit\. Using vgg-s instead/],
    ['a one-byte-a-second drip', `${fixtureUrl}/drip/model.json`, '/drip/model.json', 1, /sends [\d.]+ bytes\/s.*Using vgg-s instead/],
  ])('?model= %s: a notice, the default model, the lab idle and answering', async (_name, url, path, count, notice) => {
    const s = await open(`?v=2&model=${encodeURIComponent(url)}`, path);
    expect(s.notices).toMatch(notice);
    expect(s.model).toBe('vgg-s');
    expect(s.imported).toBe(false);
    expect(s.error).toBeNull();
    expect(s.answered).toBe(true);
    if (path) expect(s.requests).toBe(count);
    expect(s.errors.filter((e) => !networkNoise(e))).toEqual([]);
  });
});
