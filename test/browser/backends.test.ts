/**
 * The worker on WebGPU (SwiftShader) computes what the cpu backend computes, within 1e-4
 * relative; backend choice and the badge behave as the README says.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../scripts/lib/chromium.ts';
import { labRequest, openLab } from './app.ts';

const REF = { dataset: 'shapes10', split: 'test', seed: 7 } as const;

/** Logits, accuracy of a small eval, and k-σ / magnitude statistics from one page. */
async function probe(browser: Browser, backend: string, model = 'vgg-s') {
  const { page, errors } = await openLab(browser, `?v=2&backend=${backend}&model=${model}&seed=3`);
  const badge = await page.getAttribute('[data-testid="backend-badge"]', 'data-backend');
  const dense = await labRequest<number[]>(page, 'logits', { ...REF, start: 0, count: 8 });
  const report = await labRequest<{ layers: { name: string; kept: number }[] }>(page, 'prune', { conv: { method: 'global', sparsity: 0.7 }, dense: { k: 1 } });
  const masked = await labRequest<number[]>(page, 'logits', { ...REF, start: 0, count: 8 });
  const evalResult = await labRequest<{ correct: number; count: number }>(page, 'evaluate', { ...REF, limit: 64, batchSize: 32 });
  await page.close();
  return { badge, dense, masked, report, evalResult, errors };
}

/**
 * Largest element-wise relative error |a−b| / |b|, with |b| floored at 1% of the largest |b| so
 * that logits near zero do not turn float32 rounding into huge ratios.
 */
function maxRelativeError(a: number[], b: number[]): number {
  const floor = 0.01 * Math.max(...b.map(Math.abs), 1e-6);
  return Math.max(...a.map((x, i) => Math.abs(x - b[i]) / Math.max(Math.abs(b[i]), floor)));
}

describe('backends in the worker', () => {
  let gpuBrowser: Browser;
  let plainBrowser: Browser;
  beforeAll(async () => {
    gpuBrowser = await launchChromium({ webgpu: true });
    plainBrowser = await launchChromium();
  });
  afterAll(async () => {
    await gpuBrowser?.close();
    await plainBrowser?.close();
  });

  it('webgpu (SwiftShader) matches cpu within 1e-4 relative, dense and masked', async () => {
    const gpu = await probe(gpuBrowser, 'webgpu');
    const cpu = await probe(gpuBrowser, 'cpu');
    expect(gpu.errors).toEqual([]);
    expect(gpu.badge).toBe('webgpu');
    expect(cpu.badge).toBe('cpu');
    expect(gpu.dense).toHaveLength(80);
    expect(maxRelativeError(gpu.dense, cpu.dense)).toBeLessThan(1e-4);
    expect(maxRelativeError(gpu.masked, cpu.masked)).toBeLessThan(1e-4);
    // Pruning really changed the function, so the masked comparison is not the dense one again.
    expect(maxRelativeError(gpu.masked, gpu.dense)).toBeGreaterThan(1e-3);
    expect(gpu.report.layers.map((l) => l.kept)).toEqual(cpu.report.layers.map((l) => l.kept));
    expect(gpu.evalResult.count).toBe(64);
    expect(gpu.evalResult.correct).toBe(cpu.evalResult.correct);
  });

  it('ResNet-20 (explicit-padding stride-2 convs, option-A shortcuts) on webgpu matches cpu within 1e-4', async () => {
    const gpu = await probe(gpuBrowser, 'webgpu', 'resnet20');
    const cpu = await probe(gpuBrowser, 'cpu', 'resnet20');
    expect(gpu.errors).toEqual([]);
    expect(gpu.badge).toBe('webgpu');
    expect(maxRelativeError(gpu.dense, cpu.dense)).toBeLessThan(1e-4);
    expect(maxRelativeError(gpu.masked, cpu.masked)).toBeLessThan(1e-4);
    expect(maxRelativeError(gpu.masked, gpu.dense)).toBeGreaterThan(1e-3);
  });

  it('picks webgpu when --enable-unsafe-webgpu is given', async () => {
    const { page } = await openLab(gpuBrowser, '?v=2&model=vgg-s');
    const backend = await page.evaluate(() => (window as unknown as { lab: { backend: { name: string; details: string[] } } }).lab.backend);
    expect(backend.name).toBe('webgpu');
    await expect(page.textContent('[data-testid="backend-badge"]')).resolves.toContain('webgpu');
    await page.close();
  });

  it('picks wasm with threads when WebGPU is unavailable and WebGL is software', async () => {
    const { page } = await openLab(plainBrowser, '?v=2&model=vgg-s');
    const backend = await page.evaluate(() => (window as unknown as { lab: { backend: unknown } }).lab.backend) as {
      name: string; threads: number; crossOriginIsolated: boolean; skipped: { backend: string; reason: string }[]; details: string[];
    };
    expect(backend.name).toBe('wasm');
    expect(backend.crossOriginIsolated).toBe(true);
    expect(backend.details.join(' ')).toContain('threads on');
    // Every logical core works (tfjs alone would take half): the pool is the core count, at most 8.
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    expect(backend.threads).toBe(Math.min(8, cores));
    expect(backend.details.join(' ')).toContain(`pool of ${Math.min(8, cores)} on ${cores} logical cores`);
    // ?threads=1: the one-thread comparison the bench makes.
    const one = await openLab(plainBrowser, '?v=2&model=vgg-s&threads=1');
    await expect(one.page.evaluate(() => (window as unknown as { lab: { backend: { threads: number } } }).lab.backend.threads)).resolves.toBe(1);
    await one.page.close();
    expect(backend.skipped.map((s) => s.backend)).toEqual(['webgpu', 'webgl']);
    expect(backend.skipped[1].reason).toMatch(/software renderer/);
    await page.close();
  });

  /**
   * Masked SGD steps on one fixed batch (the first `batch` training images) in the page, on the
   * backend the lab chose: no switch, the loss falls, and every masked weight is still exactly 0.
   * Seeded weights, so the loss starts high and has room to fall.
   */
  async function trainInPage(browser: Browser, query: string, batch: number, lr: number, steps: number) {
    const { page, errors } = await openLab(browser, query);
    const spec = { conv: { method: 'uniform', sparsity: 0.6 }, dense: { k: 1 } };
    const before = await labRequest<{ sizes: { zeros: number } }>(page, 'exportModel', { meta: {} });
    const r = await labRequest<{ backend: string; report: { accounting: { weights: { removed: number } } }; fineTune: { losses: number[]; maskedNonzero: number } }>(page, 'heal', {
      key: 'test', label: 'test', spec, evaluation: { ...REF, split: 'test' }, limit: 8, scoreDense: false, recal: null, resume: false, checkpointEvery: 1000,
      fineTune: { data: { ...REF, split: 'train' }, images: batch, epochs: steps, batchSize: batch, lr, seed: 1, augment: false },
    });
    const after = await labRequest<{ sizes: { zeros: number } }>(page, 'exportModel', { meta: {} });
    const notices = await page.evaluate(() => (window as unknown as { lab: { client: { notices: string[] } } }).lab.client.notices.slice());
    await page.close();
    return { r, zerosBefore: before.sizes.zeros, zerosAfter: after.sizes.zeros, notices, errors };
  }

  // Batch 4 on wasm, 2 on WebGPU (SwiftShader emulates the GPU on the CPU, ~100× slower).
  it.each([['wasm', 'vgg-s', 4], ['wasm', 'resnet20', 4], ['webgpu', 'vgg-s', 2], ['webgpu', 'resnet20', 2]] as const)('trains on %s (%s, batch %i) without switching backends: masked weights stay 0, the loss falls', async (backend, model, batch) => {
    const query = `?v=2&model=${model}&backend=${backend}&weights=random`;
    const t = await trainInPage(backend === 'webgpu' ? gpuBrowser : plainBrowser, query, batch, 0.02, 20);
    expect(t.errors).toEqual([]);
    expect(t.r.backend).toBe(backend);
    expect(t.notices.join('\n')).not.toMatch(/training runs on/);
    const losses = t.r.fineTune.losses;
    const n = losses.length;
    expect(n).toBe(20);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect((losses[n - 2] + losses[n - 1]) / 2).toBeLessThan(0.8 * (losses[0] + losses[1]) / 2);
    // Every masked entry is an exact zero after training (counted in the worker, and in the exported file).
    expect(t.r.fineTune.maskedNonzero).toBe(0);
    expect(t.zerosAfter).toBeGreaterThanOrEqual(t.r.report.accounting.weights.removed);
    expect(t.zerosAfter - t.zerosBefore).toBeGreaterThan(0.5 * t.r.report.accounting.weights.removed);
    if (backend === 'webgpu') {
      // WebGPU's first two losses (the forward pass, then one update) follow the same seeded run
      // on wasm within 1e-3 relative. This caught two faults: a tf.addN over 30 gradients dropped
      // whole submissions on WebGPU (the second loss read 0), and a rank-5 Pad in the StridedSlice
      // gradient returned zeros there (ResNet-20's gradients wrong from its first stride-2 block).
      // Later steps are not compared: VGG-S's dense BatchNorm over a batch of 2 amplifies float
      // rounding, so even cpu and wasm part at step 3 (measured: 1.650 vs 1.453).
      const ref = (await trainInPage(plainBrowser, query.replace('backend=webgpu', 'backend=wasm'), batch, 0.02, 2)).r.fineTune.losses;
      expect(ref).toHaveLength(2);
      expect(maxRelativeError(losses.slice(0, 2), ref)).toBeLessThan(1e-3);
    }
  });
});
