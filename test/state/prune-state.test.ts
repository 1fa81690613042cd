/**
 * PruneState in Node on a fake worker: slider moves during a prune coalesce into one more prune
 * with the latest config, a moot re-evaluation is cancelled, replies for an older model are
 * dropped, the dense net is scored once per model, and a moving slider (a draft) is scored on the
 * small sample only.
 */
import { describe, expect, it } from 'vitest';
import { PruneState, QUICK_IMAGES } from '../../src/state/prune.svelte.ts';
import { FakeClient, fakeCore } from './fakes.ts';

const report = (sparsity: number) => ({ spec: { conv: { method: 'uniform', sparsity }, dense: { k: null } }, accounting: { weights: { removed: sparsity > 0 ? 100 : 0 } } });
const testRef = { dataset: 'shapes10' as const, split: 'test' as const, seed: 1234 };

function setup(handlers: ConstructorParameters<typeof FakeClient>[0] = {}) {
  const client = new FakeClient({
    prune: (spec) => report(spec.conv.sparsity),
    layerStats: ({ layer }) => ({ layer }),
    evaluate: (p) => ({ top1: p.dense ? 0.9 : 0.5, correct: 1, count: p.limit ?? 2000, ms: 1 }),
    ...handlers,
  });
  const core = fakeCore(client);
  const prune = new PruneState(core, { model: { selectedLayer: 'conv1' }, data: { testRef } });
  return { client, core, prune };
}

describe('PruneState', () => {
  it('prunes with the config\'s spec and refreshes the histogram', async () => {
    const { client, core, prune } = setup();
    core.config.sparsity = 0.5;
    await prune.apply();
    // k off masks no dense layer: the spec names no scope (the heal's key stays the same across scopes).
    expect(client.of('prune')).toEqual([{ conv: { method: 'uniform', sparsity: 0.5 }, dense: { k: null } }]);
    core.config.k = 2;
    expect(prune.spec.dense).toEqual({ k: 2, scope: 'hidden' });
    core.config.kScope = 'all';
    expect(prune.spec.dense).toEqual({ k: 2, scope: 'all' });
    expect(client.of('layerStats')).toEqual([{ layer: 'conv1', bins: 60 }]);
    expect([prune.isPruned, prune.stats]).toEqual([true, { layer: 'conv1' }]);
  });

  it('moves during a prune coalesce into one more prune with the latest value', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    const { client, core, prune } = setup({ prune: async (spec) => { if (client.of('prune').length === 1) await gate; return report(spec.conv.sparsity); } });
    core.config.sparsity = 0.1;
    const first = prune.apply();
    for (const s of [0.2, 0.3, 0.4]) {
      core.config.sparsity = s;
      void prune.apply();
    }
    release();
    await first;
    expect(client.of('prune').map((p) => (p as { conv: { sparsity: number } }).conv.sparsity)).toEqual([0.1, 0.4]);
    expect(prune.report?.spec.conv).toEqual({ method: 'uniform', sparsity: 0.4 });
  });

  it('scores the dense net once per model and re-scores the pruned net after each prune', async () => {
    const { client, core, prune } = setup();
    core.config.sparsity = 0.5;
    await prune.apply();
    await prune.evaluate();
    expect([prune.dense?.top1, prune.pruned?.top1]).toEqual([0.9, 0.5]);
    core.config.sparsity = 0.6;
    await prune.apply(); // auto-evaluates: the dense score is kept
    // First prune: the sample (dense once, then pruned); Evaluate: the test split (dense, pruned); second prune: the sample, then the split.
    const asked = client.of('evaluate').map((p) => { const e = p as { dense: boolean; limit?: number }; return `${e.dense ? 'dense' : 'pruned'}${e.limit ? `@${e.limit}` : ''}`; });
    expect(asked).toEqual([`dense@${QUICK_IMAGES}`, `pruned@${QUICK_IMAGES}`, 'dense', 'pruned', `pruned@${QUICK_IMAGES}`, 'pruned']);
    expect(client.of('evaluate')[2]).toEqual({ ...testRef, dense: true });
    expect(prune.quick?.dense.count).toBeGreaterThan(0);
  });

  it('while the slider moves, prunes at the draft and scores only the sample; where it stops, the test split', async () => {
    const { client, core, prune } = setup();
    core.config.sparsity = 0.5;
    await prune.apply();
    await prune.evaluate();
    const before = client.of('evaluate').length;
    await prune.apply({ draft: 0.7 }); // a draft: the config (and the link) keep 0.5
    expect([core.config.sparsity, prune.draft, prune.report?.spec.conv.sparsity]).toEqual([0.5, 0.7, 0.7]);
    expect(client.of('evaluate').slice(before)).toEqual([{ ...testRef, dense: false, limit: QUICK_IMAGES }]);
    expect([prune.quick?.pruned.count, prune.quick?.dense.count]).toEqual([QUICK_IMAGES, QUICK_IMAGES]);
    expect(prune.pruned).toBeNull(); // the split's figure is of another pruning: not shown as this one's
    core.config.sparsity = 0.7;
    await prune.apply(); // released: the draft ends, the split follows
    expect(prune.draft).toBeNull();
    expect(client.of('evaluate').slice(before + 1)).toEqual([{ ...testRef, dense: false, limit: QUICK_IMAGES }, { ...testRef, dense: false }]);
    expect(prune.pruned).not.toBeNull();
  });

  it('a control let go (full) scores the test split even before the dense net was scored; a plain apply does not', async () => {
    const { client, core, prune } = setup();
    core.config.sparsity = 0.5;
    await prune.apply();
    expect(client.of('evaluate').filter((p) => !(p as { limit?: number }).limit)).toEqual([]);
    core.config.sparsity = 0.6;
    await prune.apply({ full: true });
    expect(client.of('evaluate').filter((p) => !(p as { limit?: number }).limit)).toEqual([{ ...testRef, dense: true }, { ...testRef, dense: false }]);
    expect([prune.dense?.top1, prune.pruned?.top1]).toEqual([0.9, 0.5]);
  });

  it('a control let go at "nothing pruned" leaves no request for the test split to a later pruning', async () => {
    const { client, core, prune } = setup();
    await prune.apply({ full: true }); // sparsity 0, k off: nothing to score
    core.config.sparsity = 0.5;
    await prune.apply();
    expect(client.of('evaluate').filter((p) => !(p as { limit?: number }).limit)).toEqual([]);
  });

  it('a new pruning drops the sample score of the old one; nothing is scored when nothing is pruned', async () => {
    const { client, core, prune } = setup();
    core.config.sparsity = 0.5;
    await prune.apply();
    expect(prune.quick).not.toBeNull();
    core.config.sparsity = 0;
    const n = client.of('evaluate').length;
    await prune.apply();
    expect([prune.quick, client.of('evaluate').length]).toEqual([null, n]);
  });

  it('drops replies for an older model, and clear() cancels a running evaluation', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    const { client, core, prune } = setup({ evaluate: async () => { await gate; return { top1: 0.9, correct: 1, count: 2, ms: 1 }; } });
    const p = prune.evaluate();
    await Promise.resolve();
    core.modelGeneration += 1;
    prune.clear();
    expect(client.of('cancel')).toHaveLength(1);
    release();
    await p;
    expect(prune.dense).toBeNull();
  });
});
