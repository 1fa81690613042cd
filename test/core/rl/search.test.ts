/**
 * The search on a real (small) model on the cpu backend: same seed ⇒ the same episode log; a
 * search restored from a checkpoint continues exactly as the uninterrupted one; the policy meets
 * the budget; the environment leaves no tensors behind.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useCpu } from '../tf-setup.ts';
import { LabSession } from '../../../src/core/pipeline/session.ts';
import { searchLayers, sessionEvaluate } from '../../../src/core/pipeline/search-env.ts';
import { DdpgSearch, type SearchConfig } from '../../../src/core/rl/search.ts';
import { generateShapes10 } from '../../../src/core/data/shapes10.ts';

beforeAll(async () => {
  await useCpu();
});

// A tiny reward split keeps this at seconds per run on the cpu backend; the logic under test
// (seeding, exploration, budget, updates, checkpoints) does not depend on its size.
const reward = generateShapes10('validation', { seed: 1234, count: 10 });
const CONFIG: Partial<SearchConfig> = { episodes: 30, warmup: 10, alpha: 0.8, seed: 7, ddpg: { hidden1: 300, hidden2: 300, lrActor: 1e-4, lrCritic: 1e-3, tau: 0.01, gamma: 1, batchSize: 64, baselineAlpha: 0.5 } };

async function run(episodes: number, search: DdpgSearch, session: LabSession) {
  const evaluate = sessionEvaluate(session, reward, { alpha: 0.8, batchSize: 64 });
  while (search.episode < episodes) await search.runEpisode(evaluate);
  return search.log.map((l) => ({ reward: l.reward, sparsities: l.sparsities, raw: l.raw, sigma: l.sigma, criticLoss: l.criticLoss }));
}

describe('DDPG search on VGG-S (cpu backend)', () => {
  it('same seed ⇒ identical first 30 episodes; a restored checkpoint continues identically', { timeout: 600_000 }, async () => {
    const session = LabSession.create('vgg-s', 10, 1);
    const layers = searchLayers(session);
    expect(layers).toHaveLength(6);
    const a = await run(30, new DdpgSearch(layers, CONFIG), session);
    // A second search with the same seed, interrupted at episode 17 (after warm-up, updates
    // running), checkpointed through structuredClone (as IndexedDB stores it) and restored:
    // episodes 0–16 show the same seed gives the same run, 17–29 that a resume continues it.
    const first = new DdpgSearch(layers, CONFIG);
    await run(17, first, session);
    const saved = structuredClone(first.getState());
    const resumed = DdpgSearch.restore(layers, saved);
    const c = await run(30, resumed, session);
    expect(c).toEqual(a);
    // Exploration after warm-up follows the actor: σ decays as 0.5·0.95^(e−10).
    expect(a[11].sigma).toBeCloseTo(0.5 * 0.95, 12);
    expect(a[10].sigma).toBeNull();
    expect(a.slice(11).every((l) => l.criticLoss !== null)).toBe(true);
    // Different seed, different run.
    const d = await run(1, new DdpgSearch(layers, { ...CONFIG, seed: 8 }), session);
    expect(d[0].raw).not.toEqual(a[0].raw);
    session.dispose();
  });

  it('every episode meets the budget exactly, and the environment leaks no tensors', { timeout: 300_000 }, async () => {
    const session = LabSession.create('vgg-s', 10, 1);
    const layers = searchLayers(session);
    const search = new DdpgSearch(layers, { ...CONFIG, episodes: 14 });
    const W = layers.reduce((s, l) => s + l.params, 0);
    await run(1, search, session);
    const n = tf.memory().numTensors;
    await run(14, search, session);
    expect(tf.memory().numTensors).toBe(n);
    for (const l of search.log) {
      const pruned = l.sparsities.reduce((s, x, t) => s + Math.round(x * layers[t].params), 0);
      expect(pruned).toBe(Math.round(0.8 * W));
    }
    expect(search.best!.reward).toBe(Math.max(...search.log.map((l) => l.reward)));
    session.dispose();
  });

  it('an infeasible target is a clear error', () => {
    const session = LabSession.create('vgg-s', 10, 1);
    expect(() => new DdpgSearch(searchLayers(session), { ...CONFIG, alpha: 0.995 })).toThrow(/infeasible/);
    session.dispose();
  });
});
