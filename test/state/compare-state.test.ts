/**
 * CompareState in Node on a fake worker: the comparison streams rows and keeps the result, uses
 * the search's policy at α, drops rows for an older model, and every job puts the panels' pruning
 * back; a cancel is not an error.
 */
import { describe, expect, it } from 'vitest';
import { CompareState } from '../../src/state/compare.svelte.ts';
import { CANCELLED_MESSAGE } from '../../src/worker/protocol.ts';
import type { BestPolicy } from '../../src/core/rl/search.ts';
import { FakeClient, fakeHost } from './fakes.ts';

const row = (method: string) => ({ method, label: method, top1: 0.5 });

describe('CompareState', () => {
  it('streams rows, keeps the result, passes the searched policy at α and the calibration split', async () => {
    const client = new FakeClient({ compare: (p, onProgress) => { for (const m of p.methods) onProgress!({ stage: m, done: 0, total: 0, row: row(m) }); return p.methods.map(row); } });
    const best = { prunedCounts: [3, 30] } as BestPolicy;
    const { host, calls } = fakeHost(client, { methods: ['uniform', 'rl'], alpha: 0.7, fcK: 2 }, best);
    const c = new CompareState(host);
    await c.runComparison();
    expect(c.rows.map((r) => r.method)).toEqual(['uniform', 'rl']);
    const p = client.of('compare')[0] as Record<string, unknown>;
    expect([p.k, p.policy, p.alpha, p.target, p.limit, p.calibration]).toEqual([2, [3, 30], 0.7, 0.8, 500, { dataset: 'shapes10', split: 'train', seed: 1234 }]);
    expect([c.running, c.error, calls.applyPruning, c.resultsModel]).toEqual([null, null, 1, 'vgg-s']);
  });

  it('drops what an older model\'s job reports; a cancel is no error', async () => {
    let host!: ReturnType<typeof fakeHost>['host'];
    const client = new FakeClient({
      sweep: (p, onProgress) => { host.modelGeneration += 1; onProgress!({ stage: 'sweep', done: 1, total: 1, point: { method: 'uniform', target: 0.5, top1: 0.4 } }); return [{ method: 'uniform' }]; },
      sensitivity: () => { throw new Error(CANCELLED_MESSAGE); },
    });
    ({ host } = fakeHost(client));
    const c = new CompareState(host);
    await c.runSweep();
    expect(c.sweep).toEqual([]);
    await c.runSensitivity();
    expect([c.error, c.running]).toEqual([null, null]);
  });

  it('sweep targets are evenly spaced up to the maximum; no job starts while the lab is busy', async () => {
    const client = new FakeClient();
    const { host } = fakeHost(client);
    const c = new CompareState(host);
    c.sweepPoints = 3;
    expect(c.sweepTargets).toEqual([0.3, 0.6, 0.9]);
    Object.defineProperty(host, 'busy', { value: 'Pruning' });
    await c.runComparison();
    expect(client.calls).toEqual([]);
  });
});
