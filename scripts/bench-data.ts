/**
 * Data-loading benchmark: builds CIFAR-10 fixtures from the local CIFAR-10 files in a temporary
 * folder — the official binary batch, a .tar.gz of a full-size 60,000-image set (the 20,000
 * shipped images repeated), and a 10,000-image HF parquet (PNG) — serves them from a second
 * port, and times parse + decode in the worker (cache off). Also reads the page's memory after
 * the full load with performance.measureUserAgentSpecificMemory().
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createTarGzip } from 'nanotar';
import { hfParquet, nhwcFromCifar10 } from './lib/cifar-fixtures.ts';
import type { Browser } from 'playwright-core';
import { startFixtureServer } from './lib/fixture-server.ts';
import { cifar10Files } from './local-env.ts';

export interface DataRow { name: string; value: number; unit: string; backend: string; model: string }

const shared = () => dirname(cifar10Files(['test_batch.bin', 'data_batch_1.bin', 'batches.meta.txt'])[0]);

const memory = (page: import('playwright-core').Page) => page.evaluate(async () => {
  const perf = performance as Performance & { measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }> };
  return perf.measureUserAgentSpecificMemory ? (await perf.measureUserAgentSpecificMemory()).bytes : null;
});

/**
 * Runs the data benchmark in a fresh lab page (so the WASM heap of earlier model benchmarks does
 * not count); returns rows for bench-results.json.
 */
export async function benchData(browser: Browser, appUrl: string, backend: string): Promise<DataRow[]> {
  const SHARED = shared();
  const dir = mkdtempSync(join(tmpdir(), 'lab-bench-data-'));
  const { server, url } = await startFixtureServer(dir);
  const page = await browser.newPage();
  try {
    await page.goto(`${appUrl}?backend=${backend}`);
    await page.waitForFunction(() => { const l = (window as unknown as { lab?: { summary: unknown; busy: unknown } }).lab; return !!l?.summary && !l.busy; }, undefined, { timeout: 120_000 });
    const test = readFileSync(join(SHARED, 'test_batch.bin'));
    const train = readFileSync(join(SHARED, 'data_batch_1.bin'));
    writeFileSync(join(dir, 'test_batch.bin'), test);
    const files = [
      { name: 'cifar-10-batches-bin/batches.meta.txt', data: readFileSync(join(SHARED, 'batches.meta.txt')) },
      { name: 'cifar-10-batches-bin/test_batch.bin', data: test },
      ...[1, 2, 3, 4, 5].map((i) => ({ name: `cifar-10-batches-bin/data_batch_${i}.bin`, data: i % 2 ? train : test })),
    ];
    writeFileSync(join(dir, 'cifar-10-binary.tar.gz'), await createTarGzip(files));
    const { images, labels } = nhwcFromCifar10(test, 10_000);
    writeFileSync(join(dir, 'test-00000-of-00001.parquet'), new Uint8Array(hfParquet(images, 10_000, [{ name: 'label', data: Array.from(labels, BigInt) }])));
    const load = (file: string) => page.evaluate(async (u) => {
      const lab = (window as unknown as { lab: { client: { request(t: string, p: unknown): Promise<{ loadedCounts: { train: number; test: number } }> } } }).lab;
      const t0 = performance.now();
      const r = await lab.client.request('loadData', { source: { kind: 'url', url: u }, cache: false });
      return { images: r.loadedCounts.train + r.loadedCounts.test, ms: performance.now() - t0 };
    }, `${url}/cors/${file}`);
    const baseline = await memory(page);
    const rows: DataRow[] = [];
    const common = { backend, model: 'cifar10' };
    if (baseline !== null) rows.push({ name: 'data.baseline_page_memory_mb', value: baseline / 2 ** 20, unit: 'MiB (before any CIFAR load)', ...common });
    for (const [name, file] of [['binary', 'test_batch.bin'], ['targz', 'cifar-10-binary.tar.gz'], ['parquet', 'test-00000-of-00001.parquet']] as const) {
      const r = await load(file);
      const after = await memory(page);
      rows.push({ name: `data.${name}_images_per_s`, value: r.images / (r.ms / 1000), unit: 'images/s', ...common });
      console.log(`data ${name}: ${r.images} images in ${(r.ms / 1000).toFixed(2)} s = ${(r.images / (r.ms / 1000)).toFixed(0)} images/s; page memory ${after === null ? 'n/a' : `${(after / 2 ** 20).toFixed(0)} MiB (baseline ${(baseline! / 2 ** 20).toFixed(0)} MiB)`}`);
      if (name === 'targz' && after !== null) rows.push({ name: 'data.full_cifar10_page_memory_mb', value: after / 2 ** 20, unit: 'MiB', ...common });
    }
    return rows;
  } finally {
    await page.close();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
