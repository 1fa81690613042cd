/**
 * `npm run bench`: serves the built app, drives headless Chromium, and times dense vs masked
 * evaluation on the worker for VGG-S and VGG16. Prints a table and writes bench-results.json
 * (an array of { name, value, unit, backend, model }).
 *
 * Backends: wasm always; webgpu too when the browser finds a hardware WebGPU adapter (a software
 * adapter such as SwiftShader is ~100× slower than WASM and is skipped unless `--webgpu`).
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { launchChromium } from '../test/browser/chromium.ts';
import { serveDist, ROOT } from '../test/browser/server.ts';
import { benchData } from './bench-data.ts';

interface BenchRow { name: string; value: number; unit: string; backend: string; model: string }

const PLAN = [
  { model: 'vgg-s', images: 1024 },
  { model: 'vgg16', images: 512 },
];

/** True when Chromium with --enable-unsafe-webgpu starts the lab on a hardware (non-fallback) adapter. */
async function hardwareWebgpu(url: string): Promise<boolean> {
  const browser = await launchChromium({ webgpu: true });
  try {
    const page = await browser.newPage();
    await page.goto(`${url}?backend=webgpu`);
    await page.waitForFunction(() => (window as unknown as { lab?: { backend: unknown; error: unknown } }).lab?.backend, undefined, { timeout: 120_000 });
    const info = await page.evaluate(() => (window as unknown as { lab: { backend: { name: string; details: string[] } } }).lab.backend);
    const hardware = info.name === 'webgpu' && !info.details.some((d) => /software adapter/.test(d));
    console.log(`webgpu: ${info.name === 'webgpu' ? info.details.join(', ') : 'not available'}${hardware ? '' : ' → not benchmarked (pass --webgpu to force)'}`);
    return hardware;
  } finally {
    await browser.close();
  }
}

async function main() {
  const { server, url } = await serveDist();
  const backends = ['wasm', ...((await hardwareWebgpu(url)) || process.argv.includes('--webgpu') ? ['webgpu'] : [])];
  const rows: BenchRow[] = [];
  try {
    for (const backend of backends) {
      const browser = await launchChromium({ webgpu: backend === 'webgpu' });
      try {
        const page = await browser.newPage();
        await page.goto(`${url}?backend=${backend}`);
        await page.waitForFunction(() => (window as unknown as { lab?: { backend: unknown } }).lab?.backend, undefined, { timeout: 120_000 });
        const info = await page.evaluate(() => (window as unknown as { lab: { backend: { name: string; details: string[] } } }).lab.backend);
        console.log(`backend ${info.name}: ${info.details.join(', ')}`);
        for (const { model, images } of PLAN) {
          const r = await page.evaluate(async (p) => {
            const lab = (window as unknown as { lab: { client: { request(t: string, p: unknown): Promise<unknown> } } }).lab;
            return lab.client.request('benchEval', p);
          }, { model, images, batchSize: 128, sparsity: 0.8, repeats: 5 }) as { denseMsPerImage: number; maskedMsPerImage: number; maskApplyMs: number; backend: string };
          const common = { backend: r.backend, model };
          rows.push(
            { name: 'eval.dense_ms_per_image', value: r.denseMsPerImage, unit: 'ms/image', ...common },
            { name: 'eval.masked_ms_per_image', value: r.maskedMsPerImage, unit: 'ms/image', ...common },
            { name: 'eval.masked_over_dense', value: r.maskedMsPerImage / r.denseMsPerImage, unit: 'ratio', ...common },
            { name: 'eval.mask_apply_ms', value: r.maskApplyMs, unit: 'ms', ...common },
          );
          console.log(`${model} on ${r.backend}: dense ${r.denseMsPerImage.toFixed(3)} ms/image, masked ${r.maskedMsPerImage.toFixed(3)} ms/image (incl. ${r.maskApplyMs.toFixed(0)} ms to compute+apply masks over ${images} images)`);
        }
        if (backend === 'wasm') rows.push(...(await benchData(browser, url, 'wasm')));
      } finally {
        await browser.close();
      }
    }
  } finally {
    await server.close();
  }
  const out = resolve(ROOT, 'bench-results.json');
  writeFileSync(out, `${JSON.stringify(rows, null, 2)}\n`);
  console.log('');
  console.table(rows.map((r) => ({ ...r, value: Number(r.value.toFixed(4)) })));
  console.log(`wrote ${out}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
