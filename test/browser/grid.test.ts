/**
 * The grid of verdicts in the built app: 24 test images drawn, each with the dense and the pruned
 * net's prediction, then the healed net's beside them after a heal; each column's count of right
 * answers equals the worker's own evaluation of the same 24 images (another code path: batched
 * scoring, not the grid's predictions). After a search, "Apply best policy" with BN recalibration
 * heals in the request that applies the masks: the masks-only column is the one the heal measured,
 * the same verdicts as a fresh session gives the same policy without recalibration.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/lib/chromium.ts';
import { labRequest, openLab } from './app.ts';

type W = { lab: { busy: string | null; error: string | null; searchStatus: string; shareLink: string; data: { splitRef(p: string): unknown }; prune: { dense: unknown; pruned: unknown; prunedStage: string }; grid: { view: { predicted: Record<string, number[]> } | null }; heal: { report: { accFineTuned: number | null; accRecal: number | null } | null } } };

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** Right answers per column, as the grid shows them (its summary and its cells agree). */
async function gridCounts(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const out: Record<string, number> = {};
    for (const v of document.querySelectorAll('[data-testid="grid-cell"] .verdict')) {
      const s = v.getAttribute('data-stage')!;
      out[s] = (out[s] ?? 0) + (v.getAttribute('data-ok') === 'true' ? 1 : 0);
    }
    return out;
  });
}

const correct = async (page: Page, dense: boolean) => {
  const ref = await page.evaluate(() => (window as unknown as W).lab.data.splitRef('test'));
  return (await labRequest<{ correct: number }>(page, 'evaluate', { ...(ref as object), limit: 24, dense })).correct;
};

describe('the grid of verdicts', () => {
  it('dense and pruned, then healed: drawn images, and each column right as often as the evaluation says', async () => {
    const { page, errors } = await openLab(browser, '?v=2&backend=wasm&method=uniform&sparsity=0.85&recalImages=64&ftEpochs=0.02&ftBatch=16&ftAugment=none');
    expect(await page.$('[data-testid="prediction-grid"]')).toBeNull(); // nothing scored yet
    await page.click('[data-testid="evaluate"]');
    await page.waitForFunction(() => { const v = (window as unknown as W).lab.grid.view; return !!v?.predicted.dense && !!v.predicted.pruned; }, undefined, { timeout: 120_000 });
    expect(await page.locator('[data-testid="grid-cell"]').count()).toBe(24);
    const inked = await page.evaluate(() => { const c = document.querySelector('[data-testid="grid-cell"] canvas') as HTMLCanvasElement; return c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data.some((x, i) => i % 4 !== 3 && x > 0); });
    expect(inked).toBe(true);
    const before = await gridCounts(page);
    expect(before).toEqual({ dense: await correct(page, true), pruned: await correct(page, false) });
    await page.click('[data-testid="heal-pruning"]');
    await page.waitForFunction(() => { const l = (window as unknown as W).lab; return (l.heal.report?.accFineTuned != null && !l.busy && !!l.grid.view?.predicted.healed) || l.error; }, undefined, { timeout: 300_000 });
    const after = await gridCounts(page);
    // The masks' column stays as measured; the healed net is the one in the worker now.
    expect(after).toEqual({ dense: before.dense, pruned: before.pruned, healed: await correct(page, false) });
    await expect(page.textContent('[data-testid="grid-summary"]')).resolves.toContain(`${after.healed} / 24 right`);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('"Apply best policy" with BN recalibration: the masks-only column beside the healed one, as the masks alone predict', async () => {
    const { page, errors } = await openLab(browser, '?v=2&backend=wasm&episodes=4&warmup=2&rewardImages=100&recalImages=256&searchSeed=3');
    await page.click('[data-testid="search-start"]');
    // The finished search applies its best policy, recalibrated, in one heal request.
    await page.waitForFunction(() => { const l = (window as unknown as W).lab; return (l.searchStatus === 'done' && l.heal.report?.accRecal != null && !l.busy && !!l.grid.view?.predicted.healed) || l.error; }, undefined, { timeout: 300_000 });
    const state = await page.evaluate(() => { const l = (window as unknown as W).lab; return { stage: l.prune.prunedStage, predicted: l.grid.view!.predicted, link: l.shareLink, error: l.error }; });
    expect([state.error, state.stage, Object.keys(state.predicted).sort()]).toEqual([null, 'recal', ['dense', 'healed', 'pruned']]);
    const counts = await gridCounts(page);
    expect([counts.dense, counts.healed]).toEqual([await correct(page, true), await correct(page, false)]);
    // The reference: the same policy in a fresh session, the masks alone (no recalibration), scored by the worker.
    const link = new URL(state.link);
    link.searchParams.set('recalImages', '0');
    const ref = await openLab(browser, link.search);
    await ref.page.waitForFunction(() => { const l = (window as unknown as W).lab; return (l.heal.report && !l.busy && !!l.grid.view?.predicted.pruned) || l.error; }, undefined, { timeout: 180_000 });
    const masksOnly = await ref.page.evaluate(() => { const l = (window as unknown as W).lab; return { stage: l.prune.prunedStage, pruned: l.grid.view!.predicted.pruned, error: l.error }; });
    expect([masksOnly.error, masksOnly.stage, masksOnly.pruned]).toEqual([null, 'pruned', state.predicted.pruned]);
    expect(counts.pruned).toBe(await correct(ref.page, false));
    expect([errors, ref.errors]).toEqual([[], []]);
    await ref.page.close();
    await page.close();
  });
});
