/**
 * The baselines view in the built app (wasm, VGG-S / Shapes-10 trained weights): a 5-point sweep
 * of 3 methods renders its chart and data table with exactly the numbers the worker's core
 * returned; the comparison table shows the lab's rows and the published ones, and exports the
 * same cells as CSV.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../scripts/lib/chromium.ts';
import { labRequest, openLab } from './app.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

interface Point { method: string; target: number; removedFraction: number; accuracy: number }
type View = { lab: { busy: string | null; compare: { running: string | null; sweep: Point[]; rows: { label: string; weightsRemovedPercent: number; pruned: number; error?: string }[]; evalImages: number; sweepMethods: string[] } } };

describe('baselines view', () => {
  it('a 5-point sweep of 3 methods: chart and table show the numbers the core returned', async () => {
    const { page, errors } = await openLab(browser, '');
    await page.evaluate(() => { (window as unknown as View).lab.compare.evalImages = 200; });
    await page.fill('[data-testid="sweep-points"]', '5');
    await page.click('[data-testid="sweep-run"]');
    await page.waitForFunction(() => { const l = (window as unknown as View).lab; return !l.compare.running && l.compare.sweep.length > 0 && !l.busy; }, undefined, { timeout: 300_000 });
    const sweep = await page.evaluate(() => (window as unknown as View).lab.compare.sweep);
    expect(await page.evaluate(() => (window as unknown as View).lab.compare.sweepMethods)).toEqual(['uniform', 'global', 'l1']);
    // 3 methods × (the dense point + 5 targets up to 90 %).
    expect(sweep).toHaveLength(18);
    expect([...new Set(sweep.map((p) => p.target))]).toEqual([0, 0.18, 0.36, 0.54, 0.72, 0.9]);
    // The same request straight to the worker gives the same numbers (the UI adds nothing).
    const direct = await labRequest<Point[]>(page, 'sweep', {
      k: 3, methods: ['uniform', 'global', 'l1'], targets: [0, 0.18, 0.36, 0.54, 0.72, 0.9], evaluation: { dataset: 'shapes10', split: 'test', seed: 1234 }, limit: 200,
      calibration: { dataset: 'shapes10', split: 'train', seed: 1234 }, calibrationImages: 1280,
    });
    expect(direct).toEqual(sweep);
    const rows = await page.$$eval('[data-testid="sweep-table"] tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    expect(rows).toEqual(sweep.map((p) => [
      { uniform: 'Uniform magnitude', global: 'Global magnitude', l1: 'L1-norm filters (Li17)' }[p.method], (100 * p.target).toFixed(1), (100 * p.removedFraction).toFixed(2), (100 * p.accuracy).toFixed(2),
    ]));
    // The chart drew something: its canvas has non-transparent pixels.
    const drawn = await page.$eval('canvas[data-testid="sweep-chart"]', (c) => {
      const cv = c as HTMLCanvasElement;
      const d = cv.getContext('2d')!.getImageData(0, 0, cv.width, cv.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
      return n;
    });
    expect(drawn).toBeGreaterThan(1000);
    // Dense point = the dense accuracy for every method; uniform removes the target exactly.
    const dense = sweep.filter((p) => p.target === 0).map((p) => p.accuracy);
    expect(new Set(dense).size).toBe(1);
    for (const p of sweep.filter((q) => q.method === 'uniform')) expect(p.removedFraction).toBeCloseTo(p.target, 4);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the comparison table lists the run methods and the published rows, and the CSV holds the same cells', async () => {
    const { page, errors } = await openLab(browser, '');
    await page.evaluate(() => { const c = (window as unknown as View & { lab: { compare: { methods: string[] } } }).lab.compare; c.evalImages = 200; c.methods = ['uniform', 'l1', 'rl']; });
    await page.click('[data-testid="cmp-run"]');
    await page.waitForFunction(() => { const l = (window as unknown as View).lab; return !l.compare.running && l.compare.rows.length === 3 && !l.busy; }, undefined, { timeout: 300_000 });
    const rows = await page.evaluate(() => (window as unknown as View).lab.compare.rows);
    expect(rows.map((r) => r.label)).toEqual(['Uniform magnitude', 'L1-norm filters (Li17)', 'RL only (DDPG on conv)']);
    expect(rows[0].weightsRemovedPercent).toBeCloseTo(80, 2);
    expect(rows[2].error).toMatch(/Run a DDPG search first/);
    const cells = await page.$$eval('[data-testid="cmp-table"] tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    expect(cells[0].slice(0, 3)).toEqual(['Uniform magnitude', 'run here', rows[0].weightsRemovedPercent.toFixed(2)]);
    expect(cells[1][5]).toBe((100 * rows[1].pruned).toFixed(2));
    // VGG-S has no published figures: only the lab's rows.
    expect(cells).toHaveLength(3);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="compare-panel"] .exports button:first-child')]);
    const csv = await new Promise<string>((resolve, reject) => {
      download.createReadStream().then((s) => { let t = ''; s.on('data', (d) => (t += d)); s.on('end', () => resolve(t)); }, reject);
    });
    expect(csv.split('\r\n')[1].split(',').slice(0, 3)).toEqual(cells[0].slice(0, 3));
    expect(errors).toEqual([]);
    await page.close();
  });
});
