/**
 * End-to-end on the built app (default backend choice, so WASM here): the sparsity slider
 * changes the histogram and the accuracy; bad URL values give a visible notice and defaults;
 * the URL keeps the experiment across a reload.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/lib/chromium.ts';
import { openLab } from './app.ts';
import { shippedFor } from '../../src/core/models/shipped.ts';
import { kSigmaRemovedFraction } from '../core/models/shipped-helpers.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const idle = (page: Page) => page.waitForFunction(() => !(window as unknown as { lab: { busy: string | null } }).lab.busy, undefined, { timeout: 120_000 });
const canvasPixels = (page: Page) => page.$eval('[data-testid="histogram-canvas"]', (c) => (c as HTMLCanvasElement).toDataURL());

describe('the lab in a browser', () => {
  it('loads the shipped trained weights by default: the card\'s accuracy, and pruning 90% lowers it', async () => {
    const card = shippedFor('vgg-s', 'shapes10');
    expect(card).toBeDefined();
    const { page, errors } = await openLab(browser, '');
    await page.waitForSelector('[data-testid="trained-weights"]', { timeout: 120_000 });
    await expect(page.textContent('[data-testid="trained-weights"]')).resolves.toContain(`${(100 * card!.testAccuracy).toFixed(2)}%`);
    expect(await page.$('[data-testid="random-weights"]')).toBeNull();
    await expect(page.textContent('[data-testid="model-select"] option[value="vgg-s"]')).resolves.toContain(`${(100 * card!.testAccuracy).toFixed(2)}% on Shapes-10`);
    await page.click('[data-testid="evaluate"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="acc-dense"]')?.textContent?.includes('%'), undefined, { timeout: 120_000 });
    await idle(page);
    // The same 2,000 test images the trainer scored, so the same accuracy within 0.1 point.
    const dense = await page.evaluate(() => (window as unknown as { lab: { dense: { top1: number; count: number } } }).lab.dense);
    expect(dense.count).toBe(card!.testImages);
    expect(Math.abs(dense.top1 - card!.testAccuracy)).toBeLessThanOrEqual(0.001);
    await page.fill('[data-testid="sparsity-slider"]', '90');
    await page.waitForFunction(() => document.querySelector('[data-testid="acc-pruned"]')?.textContent?.includes('%'), undefined, { timeout: 120_000 });
    await idle(page);
    const pruned = await page.evaluate(() => (window as unknown as { lab: { pruned: { top1: number } } }).lab.pruned);
    expect(pruned.top1).toBeLessThan(dense.top1 - 0.05);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('weights=random and models without shipped weights say the weights are random', async () => {
    const { page, errors } = await openLab(browser, '?v=2&weights=random');
    await expect(page.textContent('[data-testid="random-weights"]')).resolves.toContain('as chosen');
    await expect(page.isDisabled('[data-testid="seed"]')).resolves.toBe(false);
    await page.selectOption('[data-testid="weights-select"]', 'trained');
    await page.waitForSelector('[data-testid="trained-weights"]', { timeout: 120_000 });
    await expect(page.isDisabled('[data-testid="seed"]')).resolves.toBe(true);
    expect(page.url()).not.toContain('weights=');
    await page.close();
    const other = await openLab(browser, '?v=2&model=resnet20');
    await expect(other.page.textContent('[data-testid="random-weights"]')).resolves.toMatch(/no trained ResNet-20 ships for this dataset/);
    await other.page.close();
    expect([...errors, ...other.errors]).toEqual([]);
  });

  it('moving the sparsity slider redraws the histogram and changes the accuracy', async () => {
    const { page, errors } = await openLab(browser, '?v=2&model=vgg-s&weights=random');
    await expect(page.textContent('[data-testid="random-weights"]')).resolves.toContain('Weights are random');
    await page.click('[data-testid="evaluate"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="acc-dense"]')?.textContent?.includes('%'), undefined, { timeout: 120_000 });
    await idle(page);
    const denseText = await page.textContent('[data-testid="acc-dense"]');
    const keptBefore = await page.getAttribute('[data-testid="histogram-stats"]', 'data-kept');
    const pixelsBefore = await canvasPixels(page);

    await page.fill('[data-testid="sparsity-slider"]', '90');
    await page.waitForFunction(() => document.querySelector('[data-testid="acc-pruned"]')?.textContent?.includes('%'), undefined, { timeout: 120_000 });
    await idle(page);
    const keptAfter = await page.getAttribute('[data-testid="histogram-stats"]', 'data-kept');
    const total = await page.getAttribute('[data-testid="histogram-stats"]', 'data-total');
    expect(Number(keptBefore)).toBe(Number(total));
    expect(Number(keptAfter)).toBe(Number(total) - Math.round(0.9 * Number(total)));
    expect(await canvasPixels(page)).not.toBe(pixelsBefore);
    const prunedText = await page.textContent('[data-testid="acc-pruned"]');
    expect(prunedText).not.toBe(denseText);
    await expect(page.textContent('[data-testid="removed-weights"]')).resolves.not.toBe('0.00%');
    expect(page.url()).toContain('sparsity=0.9');
    const sparsities = await page.$$eval('[data-testid="layer-sparsity"]', (cells) => cells.map((c) => Number(c.getAttribute('data-sparsity'))));
    expect(sparsities.slice(0, 6).every((s) => Math.abs(s - 0.9) < 1e-3)).toBe(true);
    expect(errors).toEqual([]);

    // Nothing lost on reload: the URL brings the same pruning back.
    await page.reload();
    await page.waitForFunction(() => (window as unknown as { lab: { report: unknown; busy: unknown } }).lab.report && !(window as unknown as { lab: { busy: unknown } }).lab.busy, undefined, { timeout: 120_000 });
    await expect(page.inputValue('[data-testid="sparsity-slider"]')).resolves.toBe('90');
    await page.close();
  });

  it('rapid slider moves: the last value wins and its accuracy is shown', async () => {
    const { page, errors } = await openLab(browser, '?v=2&model=vgg-s');
    await page.click('[data-testid="evaluate"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="acc-dense"]')?.textContent?.includes('%'), undefined, { timeout: 120_000 });
    await idle(page);
    for (const v of ['30', '60', '75', '90']) await page.fill('[data-testid="sparsity-slider"]', v);
    await page.waitForFunction(() => {
      const lab = (window as unknown as { lab: { busy: unknown; pruned: unknown; report: { spec: { conv: { sparsity: number } } } } }).lab;
      return !lab.busy && lab.pruned && lab.report.spec.conv.sparsity === 0.9;
    }, undefined, { timeout: 120_000 });
    const sparsities = await page.$$eval('[data-testid="layer-sparsity"]', (cells) => cells.map((c) => Number(c.getAttribute('data-sparsity'))));
    expect(sparsities.slice(0, 6).every((x) => Math.abs(x - 0.9) < 1e-3)).toBe(true);
    expect(page.url()).toContain('sparsity=0.9');
    expect(await page.$('[data-testid="error"]')).toBeNull();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a typed k applies the k-σ rule with that k to the dense layers of the scope: the hidden one, then all', async () => {
    const { page, errors } = await openLab(browser, '?v=2&model=vgg-s&layer=fc1');
    await page.fill('[data-testid="k-input"]', '1.5');
    await page.locator('[data-testid="k-input"]').dispatchEvent('change');
    await page.waitForFunction(() => window.location.search.includes('k=1.5'), undefined, { timeout: 60_000 });
    await idle(page);
    await expect(page.textContent('[data-testid="histogram-stats"]')).resolves.toMatch(/k-σ rule, k = 1\.5: removed \d+\.\d+%/);
    const fcRows = () => page.$$eval('[data-testid="layer-sparsity"]', (cells) => cells.map((c) => [c.getAttribute('data-layer')!, Number(c.getAttribute('data-sparsity'))] as const).filter(([name]) => name.startsWith('fc')));
    // Exactly the share of the shipped kernel inside μ ± 1.5σ (counted here from the file), near a
    // Gaussian layer's erf(1.5/√2) = 86.64 % within 3 points (k = 1 gives 68.3 %, k = 2 95.4 %).
    const fileShare = (name: string) => kSigmaRemovedFraction(shippedFor('vgg-s', 'shapes10')!, name, 1.5);
    // The default scope keeps the classifier, fc2, dense.
    expect(await fcRows()).toEqual([['fc1', expect.closeTo(fileShare('fc1'), 6)], ['fc2', 0]]);
    await page.selectOption('[data-testid="k-scope"]', 'all');
    await page.waitForFunction(() => window.location.search.includes('kScope=all'), undefined, { timeout: 60_000 });
    // The scope change reads the saved heal first (not a busy step), then prunes: wait for the pruning of the new scope.
    await page.waitForFunction(() => (window as unknown as { lab: { prune: { report: { spec: { dense: { scope?: string } } } | null } } }).lab.prune.report?.spec.dense.scope === 'all', undefined, { timeout: 60_000 });
    await idle(page);
    const fc = await fcRows();
    expect(fc.map(([name]) => name)).toEqual(['fc1', 'fc2']);
    for (const [name, sparsity] of fc) {
      expect(sparsity).toBeCloseTo(fileShare(name), 6);
      expect(Math.abs(sparsity - 0.8664)).toBeLessThan(0.03);
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the slider works from the keyboard', async () => {
    const { page } = await openLab(browser, '?v=2&model=vgg-s&sparsity=0.5');
    await page.focus('[data-testid="sparsity-slider"]');
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => window.location.search.includes('sparsity=0.51'), undefined, { timeout: 60_000 });
    await idle(page);
    const s = await page.$$eval('[data-testid="layer-sparsity"]', (cells) => Number(cells[0].getAttribute('data-sparsity')));
    expect(s).toBeCloseTo(0.51, 2);
    await page.close();
  });

  it('Cancel stops an evaluation: a notice, no error, no accuracy', async () => {
    const { page, errors } = await openLab(browser, '?v=2&model=vgg16');
    await page.click('[data-testid="evaluate"]');
    await page.waitForSelector('[data-testid="progress"]', { timeout: 60_000 });
    await page.click('text=Cancel');
    await idle(page);
    await expect(page.textContent('[data-testid="notices"]')).resolves.toMatch(/Evaluating: cancelled/);
    expect(await page.$('[data-testid="error"]')).toBeNull();
    await expect(page.textContent('[data-testid="acc-dense"]')).resolves.toBe('—');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('switching the model during an evaluation drops the old result', async () => {
    const { page, errors } = await openLab(browser, '?v=2&model=vgg16');
    await page.click('[data-testid="evaluate"]');
    await page.waitForSelector('[data-testid="progress"]', { timeout: 60_000 });
    await page.selectOption('[data-testid="model-select"]', 'vgg-s');
    await page.waitForFunction(() => (window as unknown as { lab: { summary: { key: string } } }).lab.summary?.key === 'vgg-s', undefined, { timeout: 60_000 });
    await idle(page);
    const state = await page.evaluate(() => {
      const lab = (window as unknown as { lab: { dense: unknown; pruned: unknown; error: unknown } }).lab;
      return { dense: lab.dense, pruned: lab.pruned, error: lab.error };
    });
    expect(state).toEqual({ dense: null, pruned: null, error: null });
    await page.click('[data-testid="evaluate"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="acc-dense"]')?.textContent?.includes('%'), undefined, { timeout: 120_000 });
    expect(page.url()).not.toContain('model='); // vgg-s is the default, so it stays out of the URL
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a forced backend that cannot start falls back to the automatic choice with a notice', async () => {
    const { page, errors } = await openLab(browser, '?backend=webgpu');
    await expect(page.textContent('[data-testid="notices"]')).resolves.toMatch(/Backend 'webgpu' was requested but could not start.*Using the automatic choice/);
    await expect(page.getAttribute('[data-testid="backend-badge"]', 'data-backend')).resolves.toBe('wasm');
    expect(await page.$('[data-testid="error"]')).toBeNull();
    expect(page.url()).not.toContain('backend=');
    expect(errors).toEqual([]);
    await page.close();
  });

  it.each([
    ['?backend=nonsense', /backend 'nonsense' is not valid \(expected webgpu, webgl, wasm, cpu\)/],
    ['?model=unknown', /model 'unknown' is not valid \(expected vgg-s, vgg16, resnet20, resnet56/],
    ['?sparsity=1.5', /sparsity '1.5' is not valid \(expected a number in \[0, 0.99\]\)/],
    ['?sparsity=NaN', /sparsity 'NaN' is not valid/],
    ['?k=-2&seed=abc&evil=<script>alert(1)</script>', /k '-2' is not valid/],
  ])('bad URL %s: visible notice, defaults used, nothing crashes', async (query, message) => {
    const { page, errors } = await openLab(browser, query);
    const notices = await page.textContent('[data-testid="notices"]');
    expect(notices).toMatch(message);
    const state = await page.evaluate(() => {
      const lab = (window as unknown as { lab: { config: { model: string; sparsity: number }; backend: { name: string }; error: string | null; summary: { key: string } } }).lab;
      return { model: lab.config.model, sparsity: lab.config.sparsity, backend: lab.backend.name, error: lab.error, loaded: lab.summary.key };
    });
    expect(state).toEqual({ model: 'vgg-s', sparsity: 0, backend: 'wasm', error: null, loaded: 'vgg-s' });
    expect(await page.$('[data-testid="error"]')).toBeNull();
    expect(errors).toEqual([]);
    await page.close();
  });
});
