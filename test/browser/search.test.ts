/**
 * The DDPG search in the built app (wasm): a short search streams its episodes into the charts,
 * the best policy is applied with k-σ on the dense layers and scored; a search interrupted by a
 * reload resumes from its IndexedDB checkpoint and gives the same episodes as an uninterrupted run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/lib/chromium.ts';
import { labRequest, openLab } from './app.ts';
import { shippedFor } from '../../src/core/models/shipped.ts';
import { kSigmaRemovedFraction } from '../core/models/shipped-helpers.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

interface Ep { episode: number; reward: number; sparsities: number[]; raw: number[] }
type LabView = { lab: { searchLog: Ep[]; searchStatus: string; searchBest: { reward: number; episode: number; prunedCounts: number[] } | null; busy: string | null; heal: { report: { accBefore: number; accPruned: number; accFineTuned: number | null; report: { layers: { name: string; kind: string; params: number; kept: number; sparsity: number; kSigma?: { k: number } }[]; accounting: { weights: { removedPercent: number } } } } | null } } };
const view = (page: Page) => page.evaluate(() => {
  const l = (window as unknown as LabView).lab;
  return { log: l.searchLog.map((e) => ({ episode: e.episode, reward: e.reward, sparsities: e.sparsities, raw: e.raw })), status: l.searchStatus, best: l.searchBest, pipeline: l.heal.report, busy: l.busy };
});
const QUERY = '?v=2&episodes=12&warmup=4&rewardImages=40';
/** A results cell that starts with the fraction `x` as a percentage with two decimals. */
const shows = (x: number) => new RegExp(`^${(100 * x).toFixed(2).replace('.', '\\.')}\\s*%`);

describe('DDPG search in the browser', () => {
  it('the class demo preset, cut short: runs, charts every episode, applies the best policy with 3σ on the hidden dense layer (the classifier kept) and scores it', async () => {
    const { page, errors } = await openLab(browser, '?v=2');
    await page.selectOption('[data-testid="search-preset"]', 'demo');
    await page.waitForFunction(() => { const l = (window as unknown as { lab: { config: { episodes: number; kScope: string }; busy: string | null } }).lab; return l.config.episodes === 120 && l.config.kScope === 'hidden' && !l.busy; }, undefined, { timeout: 120_000 });
    // The preset turns the early stop on (a lab addition; the paper preset keeps it off).
    await expect(page.inputValue('[data-testid="search-early-stop"]')).resolves.toBe('on');
    // A short search instead of the preset's 120 episodes, typed as a teacher would.
    for (const [id, value] of [['search-episodes', '12'], ['search-warmup', '4'], ['search-reward-images', '40'], ['ft-epochs', '0.0048'], ['ft-batch', '16']]) {
      await page.fill(`[data-testid="${id}"]`, value);
      await page.dispatchEvent(`[data-testid="${id}"]`, 'change');
    }
    await page.click('[data-testid="search-start"]');
    await page.waitForFunction(() => { const l = (window as unknown as LabView).lab; return l.searchStatus === 'done' && l.heal.report && !l.busy; }, undefined, { timeout: 300_000 });
    const v = await view(page);
    expect(v.log.map((e) => e.episode)).toEqual([...Array(12).keys()]);
    expect(v.best!.reward).toBe(Math.max(...v.log.map((e) => e.reward)));
    // Stopped episodes scored fewer than the 40 reward images and never became the best; the panel says how many.
    const stops = await page.evaluate(() => (window as unknown as { lab: { search: { log: { stoppedAt?: number }[] } } }).lab.search.log.map((e) => e.stoppedAt ?? null));
    expect(stops[v.best!.episode]).toBeNull();
    expect(stops.every((n) => n === null || n < 40)).toBe(true);
    const stopped = stops.filter((n) => n !== null).length;
    if (stopped) await expect(page.textContent('[data-testid="search-early-stop-line"]')).resolves.toContain(`${stopped} of 12 episodes stopped early`);
    else expect(await page.$('[data-testid="search-early-stop-line"]')).toBeNull();
    await expect(page.textContent('[data-testid="search-best"]')).resolves.toBe(`${(100 * v.best!.reward).toFixed(2)} %`);
    // Episodes count from 1 on screen, in the progress line and beside the best.
    await expect(page.textContent('[data-testid="search-stats"]')).resolves.toContain(`(episode ${v.best!.episode + 1})`);
    for (const id of ['reward-chart', 'policy-chart', 'search-heatmap', 'stage-chart']) expect(await page.$(`[data-testid="${id}"]`), id).not.toBeNull();
    // Every episode is charted: the reward chart holds one point per episode in both its series.
    await expect(page.getAttribute('[data-testid="reward-chart"]', 'data-points')).resolves.toBe('12,12');
    // The heatmap has its x axis (episodes) and its colour key.
    await expect(page.textContent('[data-testid="heatmap-x"]')).resolves.toBe('episode 1 → 12');
    await expect(page.textContent('[data-testid="heatmap-key"]')).resolves.toMatch(/sparsity 0%.*100%/);
    // The combination: each conv prunes exactly the best episode's count, fc1 exactly the share of
    // its shipped kernel inside μ ± 3σ (counted here from the file), and fc2, the classifier, nothing.
    const layers = v.pipeline!.report.layers;
    const convs = layers.filter((l) => l.kind === 'conv');
    expect(convs.map((l) => l.params - l.kept)).toEqual(v.best!.prunedCounts);
    const [fc1, fc2] = layers.filter((l) => l.kind === 'dense');
    expect([fc1.name, fc1.kSigma?.k, fc2.name, fc2.kSigma, fc2.kept]).toEqual(['fc1', 3, 'fc2', undefined, fc2.params]);
    expect(fc1.sparsity).toBeCloseTo(kSigmaRemovedFraction(shippedFor('vgg-s', 'shapes10')!, 'fc1', 3), 6);
    // Nothing emptied, nothing warned; the results say where k-σ went.
    for (const id of ['heal-emptied-warning', 'res-emptied-warning', 'dense-emptied-warning']) expect(await page.$(`[data-testid="${id}"]`), id).toBeNull();
    await expect(page.textContent('[data-testid="res-scope"]')).resolves.toMatch(/hidden dense layers \(fc1\); the classifier fc2 stays dense/);
    expect(v.pipeline!.report.accounting.weights.removedPercent).toBeGreaterThan(80);
    // The results view shows numbers, and the same ones the run reported.
    await expect(page.textContent('[data-testid="res-acc-before"]')).resolves.toMatch(shows(v.pipeline!.accBefore));
    await expect(page.textContent('[data-testid="res-acc-pruned"]')).resolves.toMatch(shows(v.pipeline!.accPruned));
    // BN recalibration (the default 1,280 images), then a few steps of fine-tuning (0.0048 epoch of 10,000 images at batch 16 = 3 steps, on wasm) with fixed masks.
    await page.click('[data-testid="fine-tune"]');
    await page.waitForFunction(() => { const l = (window as unknown as LabView).lab; return l.heal.report?.accFineTuned != null && !l.busy; }, undefined, { timeout: 300_000 });
    const ft = await page.evaluate(() => { const l = (window as unknown as { lab: { heal: { losses: number[]; report: { accFineTuned: number; accRecal: number | null; fineTune: { steps: number; maskedNonzero: number } } } } }).lab; return { losses: l.heal.losses.length, steps: l.heal.report.fineTune.steps, acc: l.heal.report.accFineTuned, recal: l.heal.report.accRecal, maskedNonzero: l.heal.report.fineTune.maskedNonzero }; });
    expect(ft.steps).toBe(3);
    expect(ft.losses).toBe(3);
    expect(ft.recal).not.toBeNull();
    expect(ft.maskedNonzero).toBe(0);
    await expect(page.textContent('[data-testid="res-acc-recal"]')).resolves.toMatch(shows(ft.recal!));
    await expect(page.textContent('[data-testid="res-acc-ft"]')).resolves.toMatch(shows(ft.acc));
    expect(await page.$('[data-testid="ft-chart"]')).not.toBeNull();

    // The contrast: 3σ on every dense layer. The Heal panel warns before anything is applied (the
    // worker's preview), the results after; fc2 keeps the count the shipped file gives.
    await page.selectOption('[data-testid="heal-k-scope"]', 'all');
    const warning = /fc2 \(the classifier\) keeps 2 of its 2,560 weights, fewer than its 10 outputs.*“hidden dense layers” keeps the classifier dense/;
    await expect(page.waitForSelector('[data-testid="heal-emptied-warning"]', { timeout: 60_000 }).then((e) => e.textContent())).resolves.toMatch(warning);
    await page.click('[data-testid="apply-best"]');
    await page.waitForFunction(() => { const l = (window as unknown as LabView).lab; return l.heal.report?.report.layers.some((x) => x.name === 'fc2' && x.kSigma) && !l.busy; }, undefined, { timeout: 300_000 });
    const all = (await view(page)).pipeline!.report.layers.find((l) => l.name === 'fc2')!;
    expect(all.sparsity).toBeCloseTo(kSigmaRemovedFraction(shippedFor('vgg-s', 'shapes10')!, 'fc2', 3), 6);
    await expect(page.textContent('[data-testid="res-emptied-warning"]')).resolves.toMatch(warning);
    expect(new URL(page.url()).search).toMatch(/^\?v=2&.*kScope=all/);
    // The same warning in Chinese.
    await page.evaluate(() => (window as unknown as { lab: { setLang(l: string): void } }).lab.setLang('zh'));
    await expect(page.textContent('[data-testid="res-emptied-warning"]')).resolves.toContain('fc2（分类层）的 2,560 个权重只剩 2 个，少于它的 10 个输出');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a reload mid-search offers to resume; the resumed run equals an uninterrupted one', async () => {
    const ref = await openLab(browser, `${QUERY}&searchSeed=5`);
    await ref.page.click('[data-testid="search-start"]');
    await ref.page.waitForFunction(() => (window as unknown as LabView).lab.searchStatus === 'done', undefined, { timeout: 300_000 });
    const uninterrupted = (await view(ref.page)).log;
    await ref.page.close();

    const { page, errors } = await openLab(browser, `${QUERY}&searchSeed=5`);
    // The reference run's checkpoint (finished) is no resume offer.
    expect(await page.$('[data-testid="search-resume"]')).toBeNull();
    await page.click('[data-testid="search-start"]');
    await page.waitForFunction(() => (window as unknown as LabView).lab.searchLog.length >= 7, undefined, { timeout: 300_000 });
    await page.reload();
    await page.waitForSelector('[data-testid="search-resume"]', { timeout: 120_000 });
    await expect(page.textContent('[data-testid="search-resume"]')).resolves.toMatch(/episode (5|10) \/ 12/);
    // Nothing lost on reload: the saved episodes are shown again before resuming.
    await page.waitForFunction(() => (window as unknown as LabView).lab.searchStatus === 'paused', undefined, { timeout: 120_000 });
    const saved = Number((await page.textContent('[data-testid="search-resume"]'))!.match(/episode (\d+)/)![1]);
    const shown = (await view(page)).log;
    expect(shown).toEqual(uninterrupted.slice(0, saved));
    await page.click('[data-testid="search-resume"]');
    await page.waitForFunction(() => (window as unknown as LabView).lab.searchStatus === 'done', undefined, { timeout: 300_000 });
    const resumed = (await view(page)).log;
    expect(resumed).toEqual(uninterrupted);
    // A finished search is shown again after a reload, with its best policy ready to apply.
    await page.reload();
    await page.waitForFunction(() => (window as unknown as LabView).lab.searchStatus === 'done', undefined, { timeout: 120_000 });
    expect((await view(page)).log).toEqual(uninterrupted);
    expect(await page.$('[data-testid="apply-best"]')).not.toBeNull();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('XNNPACK\'s pool of every core gives the episodes of one thread, early stop included (exactly: each output is summed by one thread)', async () => {
    const query = '?v=2&episodes=10&warmup=3&rewardImages=200&earlyStop=on&searchSeed=7';
    const run = async (threads: string) => {
      const { page, errors } = await openLab(browser, `${query}${threads}`);
      const [pool, cores] = await page.evaluate(() => [(window as unknown as { lab: { backend: { threads: number } } }).lab.backend.threads, navigator.hardwareConcurrency]);
      await page.click('[data-testid="search-start"]');
      await page.waitForFunction(() => (window as unknown as LabView).lab.searchStatus === 'done', undefined, { timeout: 300_000 });
      const stops = await page.evaluate(() => (window as unknown as { lab: { search: { log: { stoppedAt?: number }[] } } }).lab.search.log.map((e) => e.stoppedAt ?? null));
      const out = { pool, cores, log: (await view(page)).log, stops, errors };
      await page.close();
      return out;
    };
    const all = await run('');
    const one = await run('&threads=1');
    expect([one.pool, all.pool]).toEqual([1, Math.min(8, all.cores)]);
    expect(all.log).toHaveLength(10);
    expect(all.log).toEqual(one.log);
    expect(all.stops).toEqual(one.stops);
    expect(all.stops.some((n) => n !== null)).toBe(true); // the early stop acted in both
    expect([...all.errors, ...one.errors]).toEqual([]);
  });

  it('VGG-S at α = 80%: the best DDPG policy beats uniform magnitude on held-out test images, strictly (global reported beside)', async () => {
    const { page, errors } = await openLab(browser, '?v=2&episodes=60&warmup=20&rewardImages=200');
    await page.click('[data-testid="search-start"]');
    await page.waitForFunction(() => (window as unknown as LabView).lab.searchStatus === 'done', undefined, { timeout: 600_000 });
    const best = (await view(page)).best!;
    // Scored on the test split, which the search never saw (it maximised the reward split's 200 images).
    const onTest = async (conv: object) => {
      await labRequest(page, 'prune', { conv, dense: { k: null } });
      return (await labRequest<{ top1: number }>(page, 'evaluate', { dataset: 'shapes10', split: 'test', seed: 1234 })).top1;
    };
    const searched = await onTest({ method: 'policy', sparsity: 0.8, counts: best.prunedCounts });
    const uniform = await onTest({ method: 'uniform', sparsity: 0.8 });
    const global = await onTest({ method: 'global', sparsity: 0.8 });
    console.log(`VGG-S / Shapes-10, α = 0.8, 2,000 held-out test images, before fine-tuning: DDPG best (episode ${best.episode + 1}, reward ${best.reward.toFixed(4)}) ${searched.toFixed(4)}, uniform ${uniform.toFixed(4)}, global ${global.toFixed(4)}`);
    expect(searched).toBeGreaterThan(uniform);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('Cancel stops a search at once and discards it; no resume is offered', async () => {
    const { page, errors } = await openLab(browser, '?v=2&episodes=200&warmup=4&rewardImages=40&searchSeed=9');
    await page.click('[data-testid="search-start"]');
    await page.waitForFunction(() => (window as unknown as LabView).lab.searchLog.length >= 6, undefined, { timeout: 300_000 });
    await page.click('[data-testid="search-cancel"]');
    await page.waitForFunction(() => { const l = (window as unknown as LabView).lab; return l.searchStatus === 'idle' && !l.busy; }, undefined, { timeout: 120_000 });
    expect((await view(page)).log.length).toBeLessThan(200);
    expect(await page.$('[data-testid="search-resume"]')).toBeNull();
    await page.reload();
    await page.waitForFunction(() => !!(window as unknown as LabView).lab.searchStatus && !(window as unknown as LabView).lab.busy, undefined, { timeout: 120_000 });
    expect(await page.$('[data-testid="search-resume"]')).toBeNull();
    expect(errors).toEqual([]);
    await page.close();
  });
});
