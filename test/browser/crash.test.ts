/**
 * The lab's worker dies mid-search (an uncaught error thrown inside it, as a crash would): the
 * page says so and offers a restart; after it, the saved search resumes from its checkpoint and
 * ends with every episode exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../scripts/lib/chromium.ts';
import { openLab } from './app.ts';

type LabView = { lab: { searchStatus: string; searchLog: { episode: number }[]; busy: string | null; client: { crashed: string | null } } };
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('a worker crash', () => {
  it('is reported with a restart; the restarted lab resumes the saved search', async () => {
    const { page, errors } = await openLab(browser, '?v=2&episodes=12&warmup=4&rewardImages=40&searchSeed=9&ftEpochs=0');
    await page.click('[data-testid="search-start"]');
    await page.waitForFunction(() => (window as unknown as LabView).lab.searchLog.length >= 6, undefined, { timeout: 300_000 });
    const worker = page.workers().find((w) => /lab\.worker/.test(w.url()))!;
    await worker.evaluate(() => { setTimeout(() => { throw new Error('simulated crash'); }, 0); });
    await page.waitForSelector('[data-testid="worker-crashed"]', { timeout: 30_000 });
    await expect(page.textContent('[data-testid="worker-crashed"]')).resolves.toMatch(/The lab's worker stopped: .*simulated crash.*Saved searches and fine-tunings are kept/);
    // Nothing else can run on a dead worker: a request fails at once with the same message.
    await expect(page.evaluate(() => (window as unknown as { lab: { client: { request(t: string, p: unknown): Promise<unknown> } } }).lab.client.request('listCheckpoints', {}))).rejects.toThrow(/worker stopped/);

    await page.click('[data-testid="restart-lab"]');
    await page.waitForSelector('[data-testid="search-resume"]', { timeout: 120_000 });
    await page.waitForFunction(() => (window as unknown as LabView).lab.searchStatus === 'paused', undefined, { timeout: 120_000 });
    expect(await page.$('[data-testid="worker-crashed"]')).toBeNull();
    const saved = (await page.evaluate(() => (window as unknown as LabView).lab.searchLog.length));
    expect(saved % 5).toBe(0); // checkpoints every 5 episodes
    expect(saved).toBeGreaterThanOrEqual(5);
    await page.click('[data-testid="search-resume"]');
    await page.waitForFunction(() => (window as unknown as LabView).lab.searchStatus === 'done', undefined, { timeout: 300_000 });
    expect(await page.evaluate(() => (window as unknown as LabView).lab.searchLog.map((e) => e.episode))).toEqual([...Array(12).keys()]);
    expect(errors.filter((e) => !/simulated crash/.test(e))).toEqual([]);
    await page.close();
  });
});
