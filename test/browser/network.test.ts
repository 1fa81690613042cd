/**
 * The network picture and the instant feedback in the built app: while the slider moves, every
 * conv block follows the draft sparsity and the sample's score appears, labelled as an estimate,
 * equal to the worker's own evaluation of the same 256 images (another path: a direct request);
 * the link keeps the committed value until the slider stops, and then the test split is scored.
 * With k = 3 on every dense layer the classifier is emptied and drawn as such; a dense layer's
 * picture lights no more cells than it keeps weights.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/lib/chromium.ts';
import { labRequest, openLab } from './app.ts';

type Row = { name: string; kind: string; kept: number; params: number };
type W = { lab: { busy: string | null; error: string | null; config: { sparsity: number }; data: { splitRef(p: string): unknown }; prune: { draft: number | null; quick: { pruned: { top1: number; count: number } } | null; pruned: { count: number } | null; masks: { layer: string; kept: number }[]; report: { layers: Row[]; spec: { conv: { sparsity: number }; dense: { k: number | null } } } } } };

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const drawn = (page: Page) => page.$$eval('[data-testid="net-layer"]', (els) => els.map((e) => ({ name: e.getAttribute('data-layer')!, kind: e.getAttribute('data-kind')!, kept: Number(e.getAttribute('data-kept')), emptied: e.classList.contains('emptied') })));

/** Cells of a dense layer's picture that are not the background (any weight kept). */
const litCells = (page: Page, layer: string) => page.$eval(`[data-layer="${layer}"] canvas`, (c) => {
  const cv = c as HTMLCanvasElement;
  const d = cv.getContext('2d')!.getImageData(0, 0, cv.width, cv.height).data;
  let lit = 0;
  for (let i = 0; i < d.length; i += 4) if (d[i] < 200) lit++;
  return { lit, cells: cv.width * cv.height };
});

describe('the network picture and the quick estimate', () => {
  it('follow the moving slider on the sample, then score the test split where it stops', async () => {
    const { page, errors } = await openLab(browser, '?v=2&backend=wasm&method=uniform');
    const slider = page.locator('[data-testid="sparsity-slider"]');
    await slider.evaluate((el: HTMLInputElement) => { el.value = '60'; el.dispatchEvent(new Event('input', { bubbles: true })); });
    await page.waitForFunction(() => { const p = (window as unknown as W).lab.prune; return !!p.quick && p.report.spec.conv.sparsity === 0.6; }, undefined, { timeout: 120_000 });
    const s = await page.evaluate(() => { const l = (window as unknown as W).lab; return { sparsity: l.config.sparsity, draft: l.prune.draft, quick: l.prune.quick!.pruned, pruned: l.prune.pruned, url: location.search }; });
    expect([s.sparsity, s.draft, s.pruned, s.url.includes('sparsity=')]).toEqual([0, 0.6, null, false]); // a draft: not in the config, not in the link
    for (const l of (await drawn(page)).filter((r) => r.kind === 'conv')) expect(Math.abs(l.kept - 0.4)).toBeLessThan(0.01);
    const ref = await page.evaluate(() => (window as unknown as W).lab.data.splitRef('test'));
    const direct = await labRequest<{ top1: number; count: number }>(page, 'evaluate', { ...(ref as object), limit: 256 });
    expect(s.quick).toMatchObject({ top1: direct.top1, count: 256 });
    const text = await page.locator('[data-testid="quick-estimate"]').innerText();
    expect(text).toContain(`${(direct.top1 * 100).toFixed(1)}%`);
    expect(text).toMatch(/estimate.*256/is);

    await slider.evaluate((el: HTMLInputElement) => el.dispatchEvent(new Event('change', { bubbles: true })));
    await page.waitForFunction(() => { const l = (window as unknown as W).lab; return (!!l.prune.pruned && !l.busy) || !!l.error; }, undefined, { timeout: 180_000 });
    const after = await page.evaluate(() => { const l = (window as unknown as W).lab; return { sparsity: l.config.sparsity, draft: l.prune.draft, count: l.prune.pruned!.count, error: l.error, url: location.search }; });
    expect(after).toMatchObject({ sparsity: 0.6, draft: null, count: 2000, error: null });
    expect(after.url).toContain('sparsity=0.6');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('k = 3 on every dense layer: the classifier is drawn emptied, and each picture lights no more cells than kept weights', async () => {
    const { page, errors } = await openLab(browser, '?v=2&backend=wasm&method=uniform&sparsity=0.5&k=3&kScope=all');
    await page.waitForFunction(() => { const p = (window as unknown as W).lab.prune; return p.masks.length > 0 && p.report?.spec.dense.k === 3; }, undefined, { timeout: 120_000 });
    await page.waitForSelector('[data-layer="fc2"] canvas');
    const rows = await page.evaluate(() => (window as unknown as W).lab.prune.report.layers);
    const pic = await drawn(page);
    expect(pic.map((r) => r.name)).toEqual(rows.map((r) => r.name));
    for (const r of rows) expect(pic.find((p) => p.name === r.name)!.kept).toBeCloseTo(r.kept / r.params, 4);
    const dense = rows.filter((r) => r.kind === 'dense');
    const classifier = dense.at(-1)!;
    expect(classifier.kept).toBeLessThan(10); // 3σ leaves the 10-way classifier almost nothing (METHOD §2)
    expect(pic.find((p) => p.name === classifier.name)!.emptied).toBe(true);
    expect(await page.locator('[data-testid="network-emptied"]').innerText()).toContain(classifier.name);
    for (const r of dense) {
      const { lit, cells } = await litCells(page, r.name);
      expect(lit).toBeGreaterThan(0);
      expect(lit).toBeLessThanOrEqual(Math.min(r.kept, cells));
    }
    expect(errors).toEqual([]);
    await page.close();
  });
});
