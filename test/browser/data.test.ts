/**
 * CIFAR in the browser: files by picker, archives and parquet files made here, URL loads
 * through a second (cross-origin) server, the IndexedDB cache, and every bad input.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { shippedFor } from '../../src/core/models/shipped.ts';
import type { Browser, Page } from 'playwright-core';
import { createTarGzip } from 'nanotar';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { launchChromium } from '../../scripts/lib/chromium.ts';
import { labRequest, openLab } from './app.ts';
import { CIFAR10_RECORD_BYTES, encodeCifar100Binary } from '../../src/core/data/cifar-binary.ts';
import { fakeCifar100, fakeCifar10Binary, hfParquet, nhwcFromCifar10 } from '../../scripts/lib/cifar-fixtures.ts';
import { goldenCase } from '../core/golden-data.ts';
import { cifar10Files } from '../../scripts/local-env.ts';
import { CIFAR10_CLASSES } from '../../src/core/data/cifar-names.ts';

const dir = inject('fixtureDir');
// The first test loads the real test_batch.bin (the trained model's accuracy on it); the others
// load seeded random records of the same size (10,000 records, 29.3 MiB) written here.
const testBatch = fakeCifar10Binary(10_000);
const META = `${CIFAR10_CLASSES.join('\n')}\n`;
const fixtureUrl = inject('fixtureUrl');
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
/** Writes a fixture file (in a subfolder when the same name is needed twice) and returns its path. */
const fixture = (name: string, data: Uint8Array | string, sub = '') => {
  mkdirSync(join(dir, sub), { recursive: true });
  writeFileSync(join(dir, sub, name), data);
  return join(dir, sub, name);
};

/** SHA-256 of the loaded split re-encoded as CIFAR-10 records (label, R, G, B planes), computed in the page. */
async function loadedDigest(page: Page, dataset: string, split: string): Promise<{ count: number; hex: string; perClass: number[]; coarse: number[] | null }> {
  return page.evaluate(async ({ dataset, split }) => {
    const lab = (window as unknown as { lab: { client: { request(t: string, p: unknown): Promise<{ images: Uint8Array; labels: Uint8Array; coarseLabels?: Uint8Array; count: number }> } } }).lab;
    const ref = { dataset, split, seed: 1 };
    const first = await lab.client.request('pixels', { ...ref, start: 0, count: 0 });
    const out = new Uint8Array(first.count * 3073);
    const perClass = new Array(100).fill(0);
    let coarse: number[] | null = null;
    for (let s = 0; s < first.count; s += 1000) {
      const r = await lab.client.request('pixels', { ...ref, start: s, count: 1000 });
      if (s === 0 && r.coarseLabels) coarse = Array.from(r.coarseLabels.slice(0, 20));
      for (let i = 0; i < r.labels.length; i++) {
        const rec = (s + i) * 3073;
        out[rec] = r.labels[i];
        perClass[r.labels[i]] += 1;
        for (let p = 0; p < 1024; p++) for (let c = 0; c < 3; c++) out[rec + 1 + c * 1024 + p] = r.images[i * 3072 + p * 3 + c];
      }
    }
    const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', out));
    return { count: first.count, hex: Array.from(hash, (b) => b.toString(16).padStart(2, '0')).join(''), perClass, coarse };
  }, { dataset, split });
}

const waitIdle = (page: Page) => page.waitForFunction(() => !(window as unknown as { lab: { busy: unknown } }).lab.busy, undefined, { timeout: 120_000 });

async function upload(page: Page, paths: string[]) {
  await page.setInputFiles('[data-testid="data-files"]', paths);
  await page.waitForFunction(() => (window as unknown as { lab: { busy: unknown } }).lab.busy, undefined, { timeout: 10_000 }).catch(() => undefined);
  await waitIdle(page);
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
  writeFileSync(join(dir, 'test_batch.bin'), testBatch);
});
afterAll(async () => {
  await browser?.close();
});

describe('loading CIFAR in the browser', () => {
  goldenCase()('the real test_batch.bin by file picker: 10,000 images, 1,000 a class, bytes identical to the file', async () => {
    const [realPath] = cifar10Files(['test_batch.bin']);
    const { page, errors } = await openLab(browser);
    await upload(page, [realPath]);
    const d = await loadedDigest(page, 'cifar10', 'test');
    expect(d.count).toBe(10_000);
    expect(d.perClass.slice(0, 10)).toEqual(new Array(10).fill(1000));
    expect(d.hex).toBe(sha256(readFileSync(realPath)));
    expect(await page.$eval('[data-testid="dataset-select"]', (s) => (s as HTMLSelectElement).value)).toBe('cifar10');
    await expect(page.textContent('[data-testid="data-summary"]')).resolves.toMatch(/10,000 test images/);
    // With CIFAR-10 in use the lab switches VGG-S to its CIFAR-10 trained weights, whose accuracy
    // on these 10,000 images in the browser equals the model card's within 0.1 point.
    const card = shippedFor('vgg-s', 'cifar10')!;
    expect(card).toBeDefined();
    await page.waitForSelector('[data-testid="trained-weights"]');
    await expect(page.textContent('[data-testid="trained-weights"]')).resolves.toContain('CIFAR-10');
    await page.click('[data-testid="evaluate"]');
    await page.waitForFunction(() => (window as unknown as { lab: { dense: unknown } }).lab.dense, undefined, { timeout: 300_000 });
    const state = await page.evaluate(() => { const l = (window as unknown as { lab: { dense: { top1: number; count: number }; summary: { weightsName: string } } }).lab; return { dense: l.dense, summary: l.summary }; });
    expect(state.summary.weightsName).toBe('vgg-s-cifar10');
    expect(state.dense.count).toBe(10_000);
    expect(Math.abs(state.dense.top1 - card.testAccuracy)).toBeLessThanOrEqual(0.001);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a .tar.gz made here loads the same pixels', async () => {
    const gz = await createTarGzip([
      { name: 'cifar-10-batches-bin/batches.meta.txt', data: META },
      { name: 'cifar-10-batches-bin/test_batch.bin', data: testBatch },
    ]);
    const { page } = await openLab(browser);
    await upload(page, [fixture('cifar-10-binary.tar.gz', gz)]);
    expect((await loadedDigest(page, 'cifar10', 'test')).hex).toBe(sha256(testBatch));
    await page.close();
  });

  it('a HF-layout parquet made here (PNG images) loads the same pixels, decoded in the worker', async () => {
    const n = 300;
    const { images, labels } = nhwcFromCifar10(testBatch, n);
    const pq = hfParquet(images, n, [{ name: 'label', data: Array.from(labels, BigInt) }]);
    const { page, errors } = await openLab(browser);
    await upload(page, [fixture('test-00000-of-00001.parquet', new Uint8Array(pq))]);
    const d = await loadedDigest(page, 'cifar10', 'test');
    expect(d.count).toBe(n);
    expect(d.hex).toBe(sha256(testBatch.subarray(0, n * CIFAR10_RECORD_BYTES)));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('CIFAR-100 binary and parquet files load with fine and coarse labels', async () => {
    const ds = fakeCifar100(50);
    // The expected digest: fine label + R, G, B planes per image, as loadedDigest re-encodes.
    const records = new Uint8Array(50 * 3073);
    for (let i = 0; i < 50; i++) {
      records[i * 3073] = ds.labels[i];
      for (let p = 0; p < 1024; p++) for (let c = 0; c < 3; c++) records[i * 3073 + 1 + c * 1024 + p] = ds.images[i * 3072 + p * 3 + c];
    }
    const { page, errors } = await openLab(browser);
    // A training file alone is kept, but the lab stays on its data until a test set arrives.
    await upload(page, [fixture('train.bin', encodeCifar100Binary(ds))]);
    await expect(page.textContent('[data-testid="notices"]')).resolves.toMatch(/50 CIFAR-100 training images, but no test set/);
    expect(await page.evaluate(() => (window as unknown as { lab: { dataKey: string } }).lab.dataKey)).toBe('shapes10');
    const splits = await Promise.all(['train', 'reward'].map((split) => loadedDigest(page, 'cifar100', split)));
    expect(splits.map((s) => s.count)).toEqual([25, 25]); // half of 50 held out as the reward split
    const bin = await labRequest<{ coarseLabels: Record<string, number> }>(page, 'pixels', { dataset: 'cifar100', split: 'reward', seed: 1, start: 0, count: 25 });
    expect(Object.values(bin.coarseLabels).every((c) => c >= 0 && c < 20)).toBe(true);
    const pq = hfParquet(ds.images, 50, [{ name: 'fine_label', data: Array.from(ds.labels, BigInt) }, { name: 'coarse_label', data: Array.from(ds.coarseLabels!, BigInt) }]);
    await upload(page, [fixture('cifar100-test-00000-of-00001.parquet', new Uint8Array(pq))]);
    const d = await loadedDigest(page, 'cifar100', 'test');
    expect(d.count).toBe(50);
    expect(d.hex).toBe(sha256(records));
    expect(d.coarse).toEqual(Array.from(ds.coarseLabels!.slice(0, 20)));
    expect(errors).toEqual([]);
    expect(await page.$eval('[data-testid="dataset-select"]', (s) => (s as HTMLSelectElement).value)).toBe('cifar100');
    // The model was rebuilt for 100 classes.
    expect(await page.evaluate(() => (window as unknown as { lab: { summary: { numClasses: number } } }).lab.summary.numClasses)).toBe(100);
    await page.close();
  });

  it('files dropped on the drop zone load like picked ones', async () => {
    const { page, errors } = await openLab(browser);
    await page.evaluate(() => {
      const records = new Uint8Array(120 * 3073);
      for (let i = 0; i < 120; i++) {
        records[i * 3073] = i % 10;
        for (let p = 1; p < 3073; p++) records[i * 3073 + p] = (i * 7 + p) % 256;
      }
      const transfer = new DataTransfer();
      transfer.items.add(new File([records], 'test_batch.bin'));
      document.querySelector('[data-testid="drop-zone"]')!.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    });
    await page.waitForFunction(() => (window as unknown as { lab: { dataKey: string; busy: unknown } }).lab.dataKey === 'cifar10', undefined, { timeout: 60_000 });
    await waitIdle(page);
    const d = await loadedDigest(page, 'cifar10', 'test');
    expect(d.count).toBe(120);
    expect(d.perClass.slice(0, 10)).toEqual(new Array(10).fill(12));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('every bad input gives a clear message and keeps the loaded dataset', async () => {
    const { page, errors } = await openLab(browser);
    await upload(page, [join(dir, 'test_batch.bin')]);
    const before = await labRequest<{ labels: Record<string, number> }>(page, 'pixels', { dataset: 'cifar10', split: 'test', seed: 1, start: 0, count: 8 });
    const gzNotTar = await new Response(new Blob(['hello, not a tar '.repeat(50)]).stream().pipeThrough(new CompressionStream('gzip'))).bytes();
    const tarNoBatches = await createTarGzip([{ name: 'notes/readme.txt', data: 'nothing here' }]);
    const noColumns = parquetWriteBuffer({ columnData: [{ name: 'image', data: ['x'] }, { name: 'target', data: [1] }] });
    const { images, labels } = nhwcFromCifar10(testBatch, 4);
    const brokenPng = hfParquet(images, 4, [{ name: 'label', data: Array.from(labels, BigInt) }], { brokenRow: 2 });
    const cases: [string, () => Promise<void>, RegExp][] = [
      ['truncated .bin', () => upload(page, [fixture('test_batch.bin', testBatch.subarray(0, 5000), 'truncated')]), /5000 bytes, not a whole number of 3073-byte CIFAR-10 records/],
      ['CIFAR-100 given as CIFAR-10', async () => {
        await page.selectOption('label:has-text("Treat input as") select', 'cifar10');
        await upload(page, [fixture('train.bin', encodeCifar100Binary(fakeCifar100(10, 3)))]);
        await page.selectOption('label:has-text("Treat input as") select', 'auto');
      }, /looks like CIFAR-100/],
      ['gzip that is not a tar', () => upload(page, [fixture('odd.tar.gz', gzNotTar)]), /does not contain a tar file/],
      ['tar without batch files', () => upload(page, [fixture('empty.tar.gz', tarNoBatches)]), /No CIFAR batch files found/],
      ['parquet without the columns', () => upload(page, [fixture('odd.parquet', new Uint8Array(noColumns))]), /lacks the expected columns/],
      ['PNG that does not decode', () => upload(page, [fixture('broken-test.parquet', new Uint8Array(brokenPng))]), /the PNG of row 2 does not decode/],
      ['HTTP 404', async () => {
        await page.fill('[data-testid="data-url"]', `${fixtureUrl}/cors/missing.bin`);
        await page.click('[data-testid="data-load-url"]');
        await waitIdle(page);
      }, /HTTP 404 Not Found/],
      ['CORS refusal', async () => {
        await page.fill('[data-testid="data-url"]', `${fixtureUrl}/nocors/test_batch.bin`);
        await page.click('[data-testid="data-load-url"]');
        await waitIdle(page);
      }, /does not allow cross-origin requests \(CORS\)/],
    ];
    for (const [what, act, message] of cases) {
      await act();
      const error = await page.textContent('[data-testid="error"]').catch(() => null);
      expect(error, what).toMatch(message);
      expect(await page.evaluate(() => (window as unknown as { lab: { dataKey: string } }).lab.dataKey), what).toBe('cifar10');
      const after = await labRequest<{ labels: Record<string, number> }>(page, 'pixels', { dataset: 'cifar10', split: 'test', seed: 1, start: 0, count: 8 });
      expect(after.labels, what).toEqual(before.labels);
      const state = await page.evaluate(() => { const l = (window as unknown as { lab: { summary: { key: string; numClasses: number }; dataset: { count: number } | null } }).lab; return [l.summary.key, l.summary.numClasses, l.dataset?.count]; });
      expect(state, what).toEqual(['vgg-s', 10, 10_000]);
    }
    // The size limit (set low through the worker API: a 400 MiB file is no fixture).
    await expect(labRequest(page, 'loadData', { source: { kind: 'url', url: `${fixtureUrl}/cors/test_batch.bin` }, maxBytes: 1_000_000 })).rejects.toThrow(/over the 976.6 KiB limit/);
    expect(errors.filter((e) => !/Failed to load resource|CORS|Access-Control/.test(e))).toEqual([]);
    await page.close();
  });

  it('a URL load is cached: a reload loads it with zero network requests', async () => {
    const url = `${fixtureUrl}/cors/test_batch.bin`;
    const count = async () => ((await (await fetch(`${fixtureUrl}/__count`)).json()) as Record<string, number>)['/cors/test_batch.bin'] ?? 0;
    const start = await count();
    const { page, errors } = await openLab(browser, `?v=2&data=${encodeURIComponent(url)}`);
    await waitIdle(page);
    expect(await count()).toBe(start + 1);
    expect((await loadedDigest(page, 'cifar10', 'test')).hex).toBe(sha256(testBatch));
    await expect(page.textContent('[data-testid="cached-list"]')).resolves.toContain(url);
    await page.reload();
    await page.waitForFunction(() => { const l = (window as unknown as { lab?: { summary: unknown; busy: unknown } }).lab; return !!l?.summary && !l.busy; }, undefined, { timeout: 120_000 });
    expect(await page.evaluate(() => (window as unknown as { lab: { dataKey: string } }).lab.dataKey)).toBe('cifar10');
    await expect(page.textContent('[data-testid="notices"]')).resolves.toMatch(/from this browser's cache/);
    expect(await count()).toBe(start + 1);
    expect((await loadedDigest(page, 'cifar10', 'test')).hex).toBe(sha256(testBatch));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a download shows bytes and percent, and Cancel stops it and keeps the data', async () => {
    const { page, errors } = await openLab(browser);
    await page.fill('[data-testid="data-url"]', `${fixtureUrl}/slow/test_batch.bin`);
    await page.click('[data-testid="data-load-url"]');
    await page.waitForFunction(() => /downloading — [\d.]+ MiB \/ 29\.3 MiB \(\d+%\)/.test(document.querySelector('[data-testid="status"]')?.textContent ?? ''), undefined, { timeout: 30_000 });
    await page.click('[data-testid="status"] button:has-text("Cancel")');
    await waitIdle(page);
    await expect(page.textContent('[data-testid="notices"]')).resolves.toMatch(/Downloading data: cancelled/);
    expect(await page.$('[data-testid="error"]')).toBeNull();
    expect(await page.evaluate(() => (window as unknown as { lab: { dataKey: string } }).lab.dataKey)).toBe('shapes10');
    expect(errors.filter((e) => !/Failed to load resource|net::ERR/.test(e))).toEqual([]);
    await page.close();
  });

  it('an unreachable data URL falls back to Shapes-10 and says so', async () => {
    const { page } = await openLab(browser, `?v=2&data=${encodeURIComponent(`${fixtureUrl}/cors/nothing-here.bin`)}`);
    await waitIdle(page);
    await expect(page.textContent('[data-testid="notices"]')).resolves.toMatch(/HTTP 404.*Using the built-in Shapes-10 instead/);
    expect(await page.evaluate(() => (window as unknown as { lab: { dataKey: string; summary: { numClasses: number } } }).lab.dataKey)).toBe('shapes10');
    await page.close();
  });
});
