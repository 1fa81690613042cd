/**
 * A WebGPU device lost mid-search (the test destroys it through the worker's `loseDevice` hook,
 * as a driver reset would): the lab reloads on WASM, says why, and resumes the search from its
 * last checkpoint; every episode appears exactly once, and those before the checkpoint are the
 * ones computed on WebGPU. WebGPU runs on SwiftShader here, so the search is tiny.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from './chromium.ts';
import { openLab } from './app.ts';

interface Ep { episode: number; reward: number; sparsities: number[] }
type LabView = { lab: { searchLog: Ep[]; searchStatus: string; busy: string | null; notices: string[]; backend: { name: string } | null; client: { request(t: string, p: unknown): Promise<unknown> } } };

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium({ webgpu: true });
});
afterAll(async () => {
  await browser?.close();
});

describe('a lost WebGPU device', () => {
  it('mid-search: the lab reloads on WASM and resumes from the checkpoint, every episode once', async () => {
    const { page, errors } = await openLab(browser, '?backend=webgpu&episodes=8&warmup=2&rewardImages=16&searchSeed=5&ftEpochs=0', 300_000);
    expect(await page.evaluate(() => (window as unknown as LabView).lab.backend?.name)).toBe('webgpu');
    await page.click('[data-testid="search-start"]');
    // The search checkpoints every 5 episodes: lose the device after the first checkpoint.
    await page.waitForFunction(() => (window as unknown as LabView).lab.searchLog.length >= 6, undefined, { timeout: 600_000 });
    const before = await page.evaluate(() => (window as unknown as LabView).lab.searchLog.slice(0, 5).map((e) => ({ episode: e.episode, reward: e.reward, sparsities: e.sparsities })));
    await Promise.all([
      page.waitForURL(/backend=wasm/, { timeout: 60_000 }),
      page.evaluate(() => { void (window as unknown as LabView).lab.client.request('loseDevice', {}); }),
    ]);
    await page.waitForFunction(() => { const l = (window as unknown as Partial<LabView>).lab; return l?.searchStatus === 'done' && !l.busy; }, undefined, { timeout: 600_000 });
    const after = await page.evaluate(() => {
      const l = (window as unknown as LabView).lab;
      return { log: l.searchLog.map((e) => ({ episode: e.episode, reward: e.reward, sparsities: e.sparsities })), backend: l.backend?.name, notices: l.notices };
    });
    expect(after.backend).toBe('wasm');
    expect(after.notices.some((n) => /WebGPU device was lost.*restarted on WASM and resumes the search/.test(n))).toBe(true);
    expect(after.log.map((e) => e.episode)).toEqual([...Array(8).keys()]);
    expect(after.log.slice(0, 5)).toEqual(before);
    expect(errors.filter((e) => !/device|lost|destroyed/i.test(e))).toEqual([]);
    await page.close();
  });
});
