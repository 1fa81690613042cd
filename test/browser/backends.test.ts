/**
 * The worker on WebGPU (SwiftShader) computes what the cpu backend computes, within 1e-4
 * relative; backend choice and the badge behave as the README says. Training on each backend is
 * in training.test.ts (the slow tier: SwiftShader's training steps take minutes).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../scripts/lib/chromium.ts';
import { labRequest, maxRelativeError, openLab } from './app.ts';

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
});
