/**
 * A WebGPU device lost mid-search or mid-fine-tuning (the test destroys it through the worker's
 * `loseDevice` hook, as a driver reset would): the lab reloads on WASM, says why, and resumes from
 * the last checkpoint; every episode or step appears exactly once, and those before the
 * checkpoint are the ones computed on WebGPU. WebGPU runs on SwiftShader here, so the work is
 * tiny: 8 episodes on 16 reward images; a fine-tuning of a few batches of 4 on a CIFAR-format
 * archive of 200 + 16 images served by the fixture server.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createTar } from 'nanotar';
import { launchChromium } from '../../scripts/lib/chromium.ts';
import { openLab } from './app.ts';
import { fakeCifar10Binary } from '../../scripts/lib/cifar-fixtures.ts';

interface Ep { episode: number; reward: number; sparsities: number[] }
type LabView = { lab: { searchLog: Ep[]; searchStatus: string; busy: string | null; notices: string[]; backend: { name: string } | null; client: { request(t: string, p: unknown): Promise<unknown> } } };

type HealView = { lab: { busy: string | null; error: string | null; notices: string[]; dataKey: string; backend: { name: string } | null; client: { request(t: string, p: unknown, onProgress?: (p: unknown) => void): Promise<unknown> }; heal: { progress: { phase: string; done: number; total: number; loss?: number } | null; saved: unknown; report: { accFineTuned: number | null; fineTune: { steps: number; losses: number[]; maskedNonzero: number } | null } | null } } };

/** The step the fine-tuning test checkpoints after, then loses the device. */
const CHECKPOINT = 5;

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium({ webgpu: true });
});
afterAll(async () => {
  await browser?.close();
});

describe('a lost WebGPU device', () => {
  it('mid-search: the lab reloads on WASM and resumes from the checkpoint, every episode once', async () => {
    const { page, errors } = await openLab(browser, '?v=2&backend=webgpu&episodes=8&warmup=2&rewardImages=16&searchSeed=5&ftEpochs=0', 300_000);
    expect(await page.evaluate(() => (window as unknown as LabView).lab.backend?.name)).toBe('webgpu');
    // The search checkpoints every 5 episodes, before it starts the next: the page loses the
    // device as soon as episode 6 reports (the checkpoint of 5 is written, 3 episodes still to go),
    // from the progress callback itself, so how fast the device runs cannot move the moment.
    // Each episode as the worker reports it, kept on this side: the page reloads on the loss.
    const webgpu: Ep[] = [];
    await page.exposeFunction('recordEpisode', (e: Ep) => { webgpu.push(e); });
    await page.evaluate(() => {
      const w = window as unknown as LabView & { recordEpisode(e: Ep): void };
      const client = w.lab.client as { request(t: string, p: unknown, onProgress?: (p: unknown) => void): Promise<unknown> };
      const request = client.request.bind(client);
      let lost = false;
      client.request = (type, params, onProgress) => type !== 'search' ? request(type, params, onProgress)
        : request(type, params, (p) => {
          onProgress?.(p);
          const e = (p as { episode?: Ep }).episode;
          if (!e) return;
          w.recordEpisode({ episode: e.episode, reward: e.reward, sparsities: e.sparsities });
          if (e.episode >= 5 && !lost) {
            lost = true;
            void request('loseDevice', {});
          }
        });
    });
    await Promise.all([page.waitForURL(/backend=wasm/, { timeout: 600_000 }), page.click('[data-testid="search-start"]')]);
    await page.waitForFunction(() => { const l = (window as unknown as Partial<LabView>).lab; return l?.searchStatus === 'done' && !l.busy; }, undefined, { timeout: 600_000 });
    const after = await page.evaluate(() => {
      const l = (window as unknown as LabView).lab;
      return { log: l.searchLog.map((e) => ({ episode: e.episode, reward: e.reward, sparsities: e.sparsities })), backend: l.backend?.name, notices: l.notices };
    });
    expect(after.backend).toBe('wasm');
    expect(after.notices.some((n) => /WebGPU device was lost.*restarted on WASM and resumes the search/.test(n))).toBe(true);
    expect(after.log.map((e) => e.episode)).toEqual([...Array(8).keys()]);
    // Episodes up to the checkpoint are the WebGPU ones; the rest were run again on WASM.
    expect(webgpu.map((e) => e.episode).slice(0, 6)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(after.log.slice(0, 5)).toEqual(webgpu.slice(0, 5));
    expect(errors.filter((e) => !/device|lost|destroyed/i.test(e))).toEqual([]);
    await page.close();
  });

  it('mid-fine-tuning: the lab reloads on WASM and resumes from the checkpoint, every step once', async () => {
    writeFileSync(join(inject('fixtureDir'), 'tiny-cifar10.tar'), createTar([
      { name: 'cifar-10-batches-bin/data_batch_1.bin', data: fakeCifar10Binary(200, 3) },
      { name: 'cifar-10-batches-bin/test_batch.bin', data: fakeCifar10Binary(16, 4) },
    ]));
    const data = encodeURIComponent(`${inject('fixtureUrl')}/cors/tiny-cifar10.tar`);
    // 184 training images (200 less 16 reward images), 0.2 epoch in batches of 4: 10 steps.
    const query = `?v=2&backend=webgpu&data=${data}&rewardImages=16&method=uniform&sparsity=0.5&recalImages=0&ftEpochs=0.2&ftBatch=4&ftAugment=none`;
    const { page, errors } = await openLab(browser, query, 300_000);
    await page.waitForFunction(() => { const l = (window as unknown as HealView).lab; return (l.dataKey === 'cifar10' && !l.busy) || l.error; }, undefined, { timeout: 300_000 });
    expect(await page.evaluate(() => { const l = (window as unknown as HealView).lab; return [l.backend?.name, l.dataKey, l.error]; })).toEqual(['webgpu', 'cifar10', null]);
    // Each step's loss as the worker reports it, kept on this side: the page reloads on the loss.
    const webgpu: number[] = [];
    await page.exposeFunction('recordStep', (done: number, loss: number) => { webgpu[done - 1] = loss; });
    // The app checkpoints every 20 steps or 15 s, so where a 10-step run's checkpoint falls would
    // depend on the device's speed. This run's request checkpoints after step CHECKPOINT instead
    // (and at the end), and the page loses the device as soon as the next step reports: after
    // that checkpoint is written (the worker saves before it starts the next step), with the
    // rest of the run still to go. The reloaded page sends its own, unchanged requests.
    await page.evaluate((every) => {
      const w = window as unknown as HealView & { recordStep(done: number, loss: number): void };
      const client = w.lab.client;
      const request = client.request.bind(client);
      let lost = false;
      client.request = (type, params, onProgress) => type !== 'heal' ? request(type, params, onProgress)
        : request(type, { ...(params as object), checkpointEvery: every, checkpointSeconds: 0 }, (p) => {
          const h = (p as { heal?: { phase: string; done: number; loss?: number } }).heal;
          if (h?.phase === 'fine-tuning' && h.loss !== undefined) {
            w.recordStep(h.done, h.loss);
            if (h.done > every && !lost) {
              lost = true;
              void request('loseDevice', {});
            }
          }
          onProgress?.(p);
        });
    }, CHECKPOINT);
    await page.click('[data-testid="heal-pruning"]');
    await page.waitForURL(/backend=wasm/, { timeout: 600_000 });
    await page.waitForFunction(() => { const l = (window as unknown as Partial<HealView>).lab; return l?.heal.report?.accFineTuned != null && !l.busy; }, undefined, { timeout: 600_000 });
    const after = await page.evaluate(() => {
      const l = (window as unknown as HealView).lab;
      return { ft: l.heal.report!.fineTune!, backend: l.backend?.name, notices: l.notices, saved: l.heal.saved };
    });
    expect(after.backend).toBe('wasm');
    expect(after.notices.some((n) => /WebGPU device was lost.*restarted on WASM and resumes the fine-tuning/.test(n))).toBe(true);
    expect(after.ft.steps).toBe(10);
    expect(after.ft.losses).toHaveLength(10);
    expect(after.ft.losses.every(Number.isFinite)).toBe(true);
    // Steps up to the checkpoint are the WebGPU ones; the rest were run again on WASM.
    expect(webgpu.length).toBeGreaterThan(CHECKPOINT);
    expect(webgpu.slice(0, CHECKPOINT).every(Number.isFinite)).toBe(true);
    expect(after.ft.losses.slice(0, CHECKPOINT)).toEqual(webgpu.slice(0, CHECKPOINT));
    expect(after.ft.maskedNonzero).toBe(0);
    // The finished run stays saved (so 'one more epoch' can continue it), at its last step.
    expect(after.saved).toMatchObject({ finished: true, step: 10, steps: 10 });
    expect(errors.filter((e) => !/device|lost|destroyed/i.test(e))).toEqual([]);
    await page.close();
  });
});
