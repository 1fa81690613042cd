/**
 * HealState in Node on a fake worker: "Heal this pruning" sends the panels' masks with the
 * config's healing settings, streams the fine-tuning's losses, reports every score, and takes
 * over the healed net's report; a paused run offers to resume; cancel forgets the checkpoint;
 * without a searched policy, "apply the best policy" does nothing.
 */
import { describe, expect, it } from 'vitest';
import { HealState } from '../../src/state/heal.svelte.ts';
import type { BestPolicy } from '../../src/core/rl/search.ts';
import { FakeClient, fakeHost } from './fakes.ts';

const score = (top1: number) => ({ top1, correct: 1, count: 2000, ms: 1 });

function combine(status: 'done' | 'paused') {
  return (p: { fineTune: unknown }, onProgress?: (x: unknown) => void) => {
    for (let i = 1; i <= 10; i++) onProgress!({ stage: 'fine-tuning', done: i, total: 10, heal: { phase: 'fine-tuning', done: i, total: 10, loss: 2 - i / 10, batchAccuracy: i / 10 } });
    return {
      status, report: { spec: {} }, pruned: score(0.1), recal: score(0.6), recalMs: 1, fineTuned: status === 'done' ? score(0.9) : null,
      fineTune: status === 'done' ? { steps: 10, losses: [1, 0.5], accuracies: [0.5, 0.9] } : null, dense: score(0.95), backend: 'wasm',
    };
  };
}

describe('HealState', () => {
  it('heals the panels\' pruning: sends the settings, streams losses, reports every score', async () => {
    const client = new FakeClient({ heal: combine('done'), getHealCheckpoint: () => null });
    const { host, calls } = fakeHost(client, { recalImages: 256, ftEpochs: 0.5, ftBatch: 16, ftLr: 0.02, ftAugment: 'none' });
    const heal = new HealState(host);
    await heal.run('pruning', true);
    const p = client.of('heal')[0] as Record<string, unknown>;
    expect([p.spec, p.checkpointEvery, p.checkpointSeconds, p.scoreDense, p.resume]).toEqual([host.prune.spec, 20, 15, true, false]);
    expect(p.recal).toEqual({ data: { dataset: 'shapes10', split: 'train', seed: 1234 }, images: 256 });
    expect(p.fineTune).toEqual({ data: { dataset: 'shapes10', split: 'train', seed: 1234 }, epochs: 0.5, batchSize: 16, lr: 0.02, seed: 1, augment: false });
    const r = heal.report!;
    expect([r.accBefore, r.accPruned, r.accRecal, r.accFineTuned, r.recalImages, r.fineTune?.backend]).toEqual([0.95, 0.1, 0.6, 0.9, 256, 'wasm']);
    expect([heal.losses, heal.status, host.prune.pruned?.top1, calls.refreshStats]).toEqual([[1, 0.5], 'idle', 0.9, 1]);
    expect(client.of('getHealCheckpoint')).toHaveLength(2); // both sources are looked up for a saved run
  });

  it('a paused run is offered for resuming; cancel deletes its checkpoint', async () => {
    const saved = { key: 'k', label: 'l', step: 5, steps: 10, savedAt: 1 };
    let stored: typeof saved | null = null;
    const client = new FakeClient({
      heal: (p, onProgress) => { stored = saved; return combine('paused')(p, onProgress); },
      getHealCheckpoint: () => stored, deleteHealCheckpoint: () => { stored = null; return true; },
    });
    const { host } = fakeHost(client);
    const heal = new HealState(host);
    await heal.run('pruning', true);
    expect([heal.status, heal.saved?.step, heal.saved?.source]).toEqual(['paused', 5, 'pruning']);
    await heal.cancel();
    expect([heal.status, heal.saved]).toEqual(['idle', null]);
    expect(client.of('deleteHealCheckpoint')).toEqual([{ key: heal.keyFor('pruning') }]);
  });

  it('without a searched policy there is nothing to apply; with one, its pruned counts go with k = fcK', async () => {
    const client = new FakeClient({ heal: combine('done'), getHealCheckpoint: () => null });
    const none = new HealState(fakeHost(client).host);
    await none.run('policy', false);
    expect(client.of('heal')).toEqual([]);
    const best = { prunedCounts: [3, 30] } as BestPolicy;
    const { host } = fakeHost(client, { alpha: 0.7, fcK: 2 }, best);
    const heal = new HealState(host);
    expect(heal.specFor('policy')).toEqual({ conv: { method: 'policy', sparsity: 0.7, counts: [3, 30] }, dense: { k: 2 } });
    await heal.run('policy', false);
    expect((client.of('heal')[0] as { fineTune: unknown }).fineTune).toBeNull();
    expect(heal.report?.policy).toBe(best);
  });
});
