/**
 * Healing in the built app (wasm, the shipped VGG-S / Shapes-10): "Heal this pruning" scores the
 * pruned net, recalibrates BN and fine-tunes with fixed masks in one worker request; a reload in
 * the middle of the fine-tuning offers to resume it, and the resumed run ends exactly where an
 * uninterrupted run ends (losses and accuracy), as the search's resume is tested.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/lib/chromium.ts';
import { openLab } from './app.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

// 80 % of every conv and k = 1, BN recalibrated on 256 images, 0.08 epoch = 50 steps of 16.
const QUERY = '?method=uniform&sparsity=0.8&k=1&recalImages=256&ftEpochs=0.08&ftBatch=16';
interface Report { accBefore: number; accPruned: number; accRecal: number | null; accFineTuned: number | null; fineTune: { steps: number; losses: number[]; maskedNonzero: number } | null }
type LabView = { lab: { busy: string | null; heal: { report: Report | null; progress: { phase: string; done: number } | null; status: string } } };
const report = (page: Page) => page.evaluate(() => JSON.parse(JSON.stringify((window as unknown as LabView).lab.heal.report)) as Report);
const finished = (page: Page) => page.waitForFunction(() => { const l = (window as unknown as LabView).lab; return l.heal.report?.accFineTuned != null && !l.busy; }, undefined, { timeout: 600_000 });

describe('healing in the browser', () => {
  it('recovers accuracy (recalibration, then fine-tuning); a reload mid-fine-tuning resumes to the same result', async () => {
    const ref = await openLab(browser, QUERY);
    await ref.page.click('[data-testid="heal-pruning"]');
    await ref.page.waitForSelector('[data-testid="heal-progress"]', { timeout: 120_000 });
    await finished(ref.page);
    const whole = await report(ref.page);
    expect(ref.errors).toEqual([]);
    await ref.page.close();
    expect(whole.fineTune!.steps).toBe(50);
    expect(whole.fineTune!.maskedNonzero).toBe(0);
    // Pruning 80 % of every conv with k = 1 breaks the net; recalibration wins much back.
    expect(whole.accRecal!).toBeGreaterThan(whole.accPruned + 0.1);
    expect(whole.accFineTuned!).toBeGreaterThan(whole.accPruned);

    const { page, errors } = await openLab(browser, QUERY);
    // The finished reference run left no checkpoint behind.
    expect(await page.$('[data-testid="heal-resume"]')).toBeNull();
    await page.click('[data-testid="heal-pruning"]');
    await page.waitForFunction(() => ((window as unknown as LabView).lab.heal.progress?.phase === 'fine-tuning' && (window as unknown as LabView).lab.heal.progress!.done >= 25), undefined, { timeout: 300_000 });
    await page.reload();
    await page.waitForSelector('[data-testid="heal-resume"]', { timeout: 120_000 });
    await expect(page.textContent('[data-testid="heal-resume"]')).resolves.toMatch(/step (20|40) \/ 50/);
    await page.click('[data-testid="heal-resume"]');
    await finished(page);
    const resumed = await report(page);
    expect(resumed.fineTune!.losses).toEqual(whole.fineTune!.losses);
    expect(resumed.accFineTuned).toBe(whole.accFineTuned);
    // Carried through the reload by the checkpoint (a resume does not redo the recalibration: the
    // weights are past it); that a recomputed recalibration scores the same is combination.test's.
    expect(resumed.accRecal).toBe(whole.accRecal);
    await expect(page.textContent('[data-testid="res-acc-ft"]')).resolves.toMatch(/%/);
    expect(await page.$('[data-testid="heal-resume"]')).toBeNull();
    expect(errors).toEqual([]);
    await page.close();
  });
});
