/**
 * HealState in Node on a fake worker: "Heal this pruning" sends the panels' masks with the
 * config's healing settings, streams the fine-tuning's losses, reports every score, and takes
 * over the healed net's report, and hands the grid the masks-only verdicts the worker measured
 * before healing; a paused run offers to resume; cancel forgets the checkpoint;
 * without a searched policy, "apply the best policy" does nothing.
 */
import { describe, expect, it } from 'vitest';
import { HealState } from '../../src/state/heal.svelte.ts';
import type { BestPolicy } from '../../src/core/rl/search.ts';
import { GRID_IMAGES } from '../../src/state/predictions.svelte.ts';
import { FakeClient, fakeHost } from './fakes.ts';

const score = (top1: number) => ({ top1, correct: 1, count: 2000, ms: 1 });
const MASKED = { labels: [0, 1], predicted: [1, 1] };

/** A fakeHost with the grid's side of a heal: each reply's spec and masks-only verdicts, in `adopted`. */
function withGrid<H extends object>(host: H) {
  const adopted: unknown[][] = [];
  return Object.assign(host, { adopted, grid: { adoptMasked: (...args: unknown[]) => void adopted.push(args) } });
}

function combine(status: 'done' | 'paused') {
  return (p: { fineTune: unknown; gridImages?: number }, onProgress?: (x: unknown) => void) => {
    for (let i = 1; i <= 10; i++) onProgress!({ stage: 'fine-tuning', done: i, total: 10, heal: { phase: 'fine-tuning', done: i, total: 10, loss: 2 - i / 10, batchAccuracy: i / 10 } });
    return {
      status, report: { spec: { dense: { k: 1, scope: 'hidden' } } }, pruned: score(0.1), recal: score(0.6), recalMs: 1, fineTuned: status === 'done' ? score(0.9) : null,
      fineTune: status === 'done' ? { steps: 10, losses: [1, 0.5], accuracies: [0.5, 0.9] } : null, dense: score(0.95), backend: 'wasm',
      maskedPredictions: p.gridImages ? MASKED : undefined,
    };
  };
}

describe('HealState', () => {
  it('heals the panels\' pruning: sends the settings, streams losses, reports every score', async () => {
    const client = new FakeClient({ heal: combine('done'), getHealCheckpoint: () => null });
    const { host, calls } = fakeHost(client, { recalImages: 256, ftEpochs: 0.5, ftBatch: 16, ftLr: 0.02, ftAugment: 'none' });
    const grid = withGrid(host);
    const heal = new HealState(grid);
    await heal.run('pruning', true);
    const p = client.of('heal')[0] as Record<string, unknown>;
    expect([p.spec, p.checkpointEvery, p.checkpointSeconds, p.scoreDense, p.resume]).toEqual([host.prune.spec, 20, 15, true, false]);
    // No dense score held yet; once the lab holds one it travels with the request (and so into the checkpoint).
    expect(p.dense).toBeNull();
    expect(p.recal).toEqual({ data: { dataset: 'shapes10', split: 'train', seed: 1234 }, images: 256 });
    expect(p.fineTune).toEqual({ data: { dataset: 'shapes10', split: 'train', seed: 1234 }, epochs: 0.5, batchSize: 16, lr: 0.02, seed: 1, augment: false });
    // The masks-only verdicts, measured by the worker before healing, go to the grid with the masks they are of.
    expect([p.gridImages, grid.adopted]).toEqual([GRID_IMAGES, [[{ dense: { k: 1, scope: 'hidden' } }, MASKED]]]);
    const r = heal.report!;
    expect([r.accBefore, r.accPruned, r.accRecal, r.accFineTuned, r.recalImages, r.fineTune?.backend]).toEqual([0.95, 0.1, 0.6, 0.9, 256, 'wasm']);
    expect([heal.losses, heal.status, host.prune.pruned?.top1, host.prune.prunedStage, calls.refreshStats]).toEqual([[1, 0.5], 'idle', 0.9, 'fine-tuned', 1]);
    expect(client.of('getHealCheckpoint')).toHaveLength(2); // both sources are looked up for a saved run
    const held = host.prune.dense;
    expect(held?.top1).toBe(0.95);
    await heal.run('pruning', true);
    expect((client.of('heal')[1] as Record<string, unknown>).dense).toEqual(held);
  });

  it('a paused run is offered for resuming; cancel deletes its checkpoint', async () => {
    const saved = { key: 'k', label: 'l', step: 5, steps: 10, savedAt: 1 };
    let stored: typeof saved | null = null;
    const client = new FakeClient({
      heal: (p, onProgress) => { stored = saved; return combine('paused')(p, onProgress); },
      getHealCheckpoint: () => stored, deleteHealCheckpoint: () => { stored = null; return true; },
    });
    const { host } = fakeHost(client);
    const heal = new HealState(withGrid(host));
    await heal.run('pruning', true);
    expect([heal.status, heal.saved?.step, heal.saved?.source]).toEqual(['paused', 5, 'pruning']);
    await heal.cancel();
    expect([heal.status, heal.saved]).toEqual(['idle', null]);
    expect(client.of('deleteHealCheckpoint')).toEqual([{ key: heal.keyFor('pruning') }]);
  });

  it('without a searched policy there is nothing to apply; with one, its pruned counts go with k = fcK', async () => {
    const client = new FakeClient({ heal: combine('done'), getHealCheckpoint: () => null });
    const none = new HealState(withGrid(fakeHost(client).host));
    await none.run('policy', false);
    expect(client.of('heal')).toEqual([]);
    const best = { prunedCounts: [3, 30] } as BestPolicy;
    const { host } = fakeHost(client, { alpha: 0.7, fcK: 2, recalImages: 64 }, best);
    const grid = withGrid(host);
    const heal = new HealState(grid);
    expect(heal.specFor('policy')).toEqual({ conv: { method: 'policy', sparsity: 0.7, counts: [3, 30] }, dense: { k: 2, scope: 'hidden' } });
    await heal.run('policy', false);
    const sent = () => client.of('heal') as { fineTune: unknown; gridImages?: number }[];
    expect([sent()[0].fineTune, sent()[0].gridImages]).toEqual([null, GRID_IMAGES]);
    expect(heal.report?.policy).toBe(best);
    // Neither recalibrated nor fine-tuned: the masks alone are scored, and the grid asks for their verdicts itself.
    host.config.recalImages = 0;
    await heal.run('policy', false);
    expect(sent()[1].gridImages).toBeUndefined();
    expect(grid.adopted.map(([, v]) => v)).toEqual([MASKED, null]);
  });

  it('a finished run stays saved: not "paused", and one more epoch continues it with the config\'s epochs following', async () => {
    const finished = { key: 'k', label: 'l', step: 79, steps: 79, epochsDone: 1, epochs: 1, savedAt: 1 };
    const client = new FakeClient({ heal: combine('done'), getHealCheckpoint: () => finished });
    const { host } = fakeHost(client, { ftEpochs: 1 });
    const heal = new HealState(withGrid(host));
    await heal.refreshSaved();
    expect([heal.status, heal.saved?.finished, heal.extendable]).toEqual(['idle', true, 1]);
    const key = heal.keyFor('pruning');
    await heal.more();
    expect(host.config.ftEpochs).toBe(2);
    const p = client.of('heal')[0] as { key: string; resume: boolean; fineTune: { epochs: number } };
    expect([p.key, p.resume, p.fineTune.epochs]).toEqual([key, true, 2]);
    // The run's length is not part of its key: the 2-epoch run continues the 1-epoch one.
    expect(heal.keyFor('pruning')).toBe(key);
    // After a reload the finished run is shown again from its checkpoint, its epochs in the config.
    host.config.ftEpochs = 5;
    await heal.showSaved();
    expect([host.config.ftEpochs, (client.of('heal')[1] as { resume: boolean }).resume]).toEqual([1, true]);
    // A fraction of an epoch cannot take one more (its cosine would not be a prefix of the longer run's).
    const partial = new FakeClient({ getHealCheckpoint: () => ({ ...finished, step: 8, steps: 8, epochsDone: 0.1, epochs: 0.1 }) });
    const otherHost = fakeHost(partial).host;
    const other = new HealState(withGrid(otherHost));
    await other.refreshSaved();
    expect([other.saved?.finished, other.extendable]).toEqual([true, null]);
    // It is shown as saved: the config's epochs become its 0.1, so the worker does not lengthen it to 1.
    await other.showSaved();
    expect([otherHost.config.ftEpochs, (partial.of('heal')[0] as { fineTune: { epochs: number } }).fineTune.epochs]).toEqual([0.1, 0.1]);
  });

  it('the saved run is up to date before the lab is free again: a page that waits for the result sees the finished checkpoint', async () => {
    let stored = { key: 'k', label: 'l', step: 2, steps: 10, savedAt: 1 };
    const client = new FakeClient({ heal: (p, onProgress) => { stored = { ...stored, step: 10 }; return combine('done')(p, onProgress); }, getHealCheckpoint: () => stored });
    const { host } = fakeHost(client, { ftEpochs: 1 });
    const heal = new HealState(withGrid(host));
    await heal.refreshSaved();
    expect([heal.status, heal.saved?.step]).toEqual(['paused', 2]);
    // What the lab shows at the moment its run ends (busy clears there).
    const run = host.run.bind(host);
    let atFree: unknown = null;
    host.run = (async (label: string, step: () => Promise<unknown>) => {
      const r = await run(label, step);
      atFree = { status: heal.status, saved: heal.saved };
      return r;
    }) as typeof host.run;
    await heal.run('pruning', true, true);
    expect(atFree).toMatchObject({ status: 'idle', saved: { step: 10, finished: true } });
  });

  it('the key changes with the scope and every healing setting but the length', () => {
    const { host } = fakeHost(new FakeClient(), {}, { prunedCounts: [3, 30] } as BestPolicy);
    const heal = new HealState(withGrid(host));
    const keys = new Set<string>();
    const change = (over: Partial<typeof host.config>) => { Object.assign(host.config, over); keys.add(heal.keyFor('policy')); };
    change({});
    change({ ftEpochs: 3 });
    expect(keys.size).toBe(1);
    for (const over of [{ kScope: 'all' as const }, { fcK: 2 }, { recalImages: 64 }, { ftLr: 0.02 }, { ftBatch: 64 }, { ftAugment: 'none' as const }, { searchSeed: 5 }]) change(over);
    expect(keys.size).toBe(8);
  });

  it('the preview asks for the heal\'s k and scope, and keeps only the answer to the latest ask', async () => {
    const rows = [{ name: 'fc1', kind: 'dense', kept: 5, params: 100, outChannels: 10, classifier: false }];
    const client = new FakeClient({ kSigmaPreview: () => rows });
    const { host } = fakeHost(client, { fcK: 3, kScope: 'all' });
    const heal = new HealState(withGrid(host));
    const first = heal.refreshPreview();
    host.config.fcK = 2; // moved before the answer came
    await first;
    expect(heal.preview).toBeNull();
    await heal.refreshPreview();
    expect(client.of('kSigmaPreview')).toEqual([{ k: 3, scope: 'all' }, { k: 2, scope: 'all' }]);
    expect(heal.preview).toEqual(rows);
  });
});
