/**
 * The presenter view in the built app, as a teacher runs the class demo on a 1280×720 projector
 * in Chinese: one click per step (model → prune → search → heal → compare), each step's figure
 * equal to what the lab measured, large type, nothing wider than the screen, no English sentence,
 * and the view in the address bar. The search and the fine-tuning are cut short (12 episodes,
 * 0.1 epoch) so the test stays short; the full demo is timed in the bench (demo.*).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/lib/chromium.ts';
import { inject } from 'vitest';
import { englishOnScreen } from './english.ts';

type W = { lab: { busy: string | null; error: string | null; summary: unknown; config: Record<string, unknown>; search: { active: boolean; best: { reward: number } | null; log: unknown[] }; heal: { active: boolean; report: { accBefore: number | null; accPruned: number; accRecal: number | null; epochs: { top1: number }[] } | null }; compare: { running: string | null; rows: { method: string }[] }; prune: { dense: { top1: number } | null; pruned: { top1: number } | null } } };

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const idle = (page: Page, timeout = 600_000) => page.waitForFunction(() => {
  const l = (window as unknown as Partial<W>).lab;
  return !!l && ((!!l.summary && !l.busy && !l.search!.active && !l.heal!.active && !l.compare!.running) || !!l.error);
}, undefined, { timeout });
/** Clicks a step's button and waits for its figure (data-state done) with the view and the lab free again, or for an error. */
async function step(page: Page, key: string): Promise<void> {
  await page.click(`[data-testid="present-go-${key}"]`);
  await page.waitForFunction((key) => {
    const l = (window as unknown as W).lab;
    if (l.error) return true;
    const free = !document.querySelector('[data-testid="presenter"][data-running]') && !l.busy && !l.search.active && !l.heal.active && !l.compare.running;
    return free && document.querySelector(`[data-testid="present-${key}"]`)?.getAttribute('data-state') === 'done';
  }, key, { timeout: 600_000 });
  expect(await page.evaluate(() => (window as unknown as W).lab.error)).toBeNull();
}
const lab = <T>(page: Page, f: (l: W['lab']) => T) => page.evaluate(`(${f.toString()})(window.lab)`) as Promise<T>;
const pctText = (x: number) => `${(100 * x).toFixed(2)}%`;

describe('the presenter view', () => {
  it('runs the class demo in Chinese, one click per step, at 1280×720', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${inject('baseUrl')}?v=2&backend=wasm&lang=zh&present=1`);
    await idle(page, 180_000);
    expect(await page.locator('[data-testid="presenter"]').isVisible()).toBe(true);
    expect(await page.locator('#model-panel').count()).toBe(0); // the panels give way to the steps
    const state = (step: string) => page.getAttribute(`[data-testid="present-${step}"]`, 'data-state');
    expect(await state('model')).toBe('now');

    await step(page, 'model');
    const dense = await lab(page, (l) => l.prune.dense!.top1);
    expect(await page.locator('[data-testid="present-dense"]').innerText()).toBe(pctText(dense));
    expect([await state('model'), await state('prune')]).toEqual(['done', 'now']);
    // The demo preset is in force; the test cuts its search and fine-tuning short.
    expect(await lab(page, (l) => [l.config.model, l.config.episodes])).toEqual(['vgg-s', 120]);
    await page.evaluate(() => Object.assign((window as unknown as W).lab.config, { episodes: 12, warmup: 4, ftEpochs: 0.1 }));

    await step(page, 'prune');
    const drop = await lab(page, (l) => l.prune.pruned!.top1);
    expect(await page.locator('[data-testid="present-drop"]').innerText()).toBe(pctText(drop));
    expect(drop).toBeLessThan(dense - 0.3); // the paper's drop: 80 % + 3σ without retraining
    expect(await page.locator('[data-testid="present-prune"] [data-testid="network-picture"]').isVisible()).toBe(true);

    await step(page, 'search');
    expect(await page.locator('[data-testid="present-search-progress"]').innerText()).toContain('第 12 回合，共 12 回合');
    const best = await lab(page, (l) => l.search.best!.reward);
    expect(await page.locator('[data-testid="present-search-progress"]').innerText()).toContain(pctText(best));
    expect(await state('search')).toBe('done');

    await step(page, 'heal');
    const heal = await lab(page, (l) => l.heal.report!);
    const healText = await page.locator('[data-testid="present-heal-figure"]').innerText();
    for (const x of [heal.accPruned, heal.accRecal!, heal.epochs.at(-1)!.top1]) expect(healText).toContain(pctText(x));
    expect(await state('heal')).toBe('done');

    await step(page, 'compare');
    expect(await lab(page, (l) => l.compare.rows.map((r) => r.method))).toEqual(['uniform', 'global', 'combination']);
    expect(await page.locator('[data-testid="present-compare"] tbody tr').count()).toBe(3);
    expect(await lab(page, (l) => [l.error, (l.config.methods as unknown[]).length])).toEqual([null, 9]); // the experiment's own comparison list is untouched

    // Readable on a projector: step titles ≥ 24 px, buttons ≥ 20 px, nothing wider than the screen.
    const sizes = await page.evaluate(() => ({
      h2: parseFloat(getComputedStyle(document.querySelector('[data-testid="presenter"] h2')!).fontSize),
      button: parseFloat(getComputedStyle(document.querySelector('[data-testid="present-go-model"]')!).fontSize),
      overflow: document.documentElement.scrollWidth - window.innerWidth,
    }));
    expect(sizes.h2).toBeGreaterThanOrEqual(24);
    expect(sizes.button).toBeGreaterThanOrEqual(20);
    expect(sizes.overflow).toBeLessThanOrEqual(0);
    expect(await englishOnScreen(page)).toEqual([]);
    expect(new URL(page.url()).searchParams.get('present')).toBe('1');

    // The header button leaves the view; the link no longer carries it.
    await page.click('[data-testid="present-toggle"]');
    await page.waitForSelector('#model-panel');
    expect(new URL(page.url()).searchParams.get('present')).toBeNull();
    expect(errors).toEqual([]);
    await page.close();
  });
});
