/**
 * The TypeScript DDPG update against a PyTorch float64 run of AMC's update_policy on the same
 * initial weights and batches (test/fixtures/ddpg-golden.json, from training/ddpg_golden.py):
 * losses, baseline, networks and target networks after each of 3 updates agree to float64 rounding.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DdpgAgent, DEFAULT_DDPG, Replay, type Transition } from '../../../src/core/rl/ddpg.ts';
import { zerosLike, type Linear } from '../../../src/core/rl/mlp.ts';
import { Rng } from '../../../src/core/rng.ts';

interface L { W: number[]; b: number[] }
interface Golden {
  dims: { state: number; hidden1: number; hidden2: number; batch: number };
  config: { lrActor: number; lrCritic: number; tau: number; gamma: number; baselineAlpha: number };
  init: { actor: L[]; critic: L[] };
  batches: { s: number[][]; a: number[]; r: number[]; s2: number[][]; done: boolean[] }[];
  results: { criticLoss: number; actorLoss: number; baseline: number; actor: L[]; critic: L[]; actorTarget: L[]; criticTarget: L[] }[];
}

const golden = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../fixtures/ddpg-golden.json'), 'utf8')) as Golden;

function toLinear(l: L, inDim: number): Linear {
  return { inDim, outDim: l.b.length, W: Float64Array.from(l.W), b: Float64Array.from(l.b) };
}

function maxDiff(got: Linear[], want: L[]): number {
  let worst = 0;
  got.forEach((l, k) => {
    expect(l.W.length).toBe(want[k].W.length);
    for (let i = 0; i < l.W.length; i++) worst = Math.max(worst, Math.abs(l.W[i] - want[k].W[i]));
    for (let i = 0; i < l.b.length; i++) worst = Math.max(worst, Math.abs(l.b[i] - want[k].b[i]));
  });
  return worst;
}

/**
 * Both runs are float64 with the same operations, so they agree to rounding (measured: ≤ 3e-17).
 * The tolerance sits far below the smallest step any network takes (the actor target moves 1e-6
 * in the first update: τ = 0.01 of the actor's 1e-4), and every network, targets included, is
 * checked to have moved by more than 1,000× it: a skipped update or soft update fails.
 */
const TOL = 1e-12;

describe('DDPG update vs PyTorch', () => {
  it(`3 updates on fixed batches match the golden run within ${TOL} (absolute, float64)`, () => {
    const { dims, config } = golden;
    const agent = new DdpgAgent(dims.state, { ...DEFAULT_DDPG, ...config, hidden1: dims.hidden1, hidden2: dims.hidden2, batchSize: dims.batch }, new Rng(1));
    const ins = { actor: [dims.state, dims.hidden1, dims.hidden2], critic: [dims.state, 1, dims.hidden1, dims.hidden2] };
    const actor = golden.init.actor.map((l, k) => toLinear(l, ins.actor[k]));
    const critic = golden.init.critic.map((l, k) => toLinear(l, ins.critic[k]));
    agent.setState({
      actor, critic, actorTarget: actor, criticTarget: critic, baseline: null,
      actorOpt: { step: 0, m: actor.map(zerosLike), v: actor.map(zerosLike) },
      criticOpt: { step: 0, m: critic.map(zerosLike), v: critic.map(zerosLike) },
    });
    golden.batches.forEach((b, step) => {
      const batch: Transition[] = b.a.map((a, i) => ({ s: b.s[i], a, r: b.r[i], s2: b.s2[i], done: b.done[i] }));
      const res = agent.update(batch);
      const want = golden.results[step];
      expect(Math.abs(res.criticLoss - want.criticLoss)).toBeLessThan(TOL);
      expect(Math.abs(res.actorLoss - want.actorLoss)).toBeLessThan(TOL);
      expect(Math.abs(res.baseline - want.baseline)).toBeLessThan(TOL);
      const s = agent.getState();
      const nets = { actor: [s.actor, want.actor, golden.init.actor], critic: [s.critic, want.critic, golden.init.critic], actorTarget: [s.actorTarget, want.actorTarget, golden.init.actor], criticTarget: [s.criticTarget, want.criticTarget, golden.init.critic] } as const;
      for (const [name, [got, expected, init]] of Object.entries(nets)) {
        expect(maxDiff(got, expected), `${name} after update ${step + 1}`).toBeLessThan(TOL);
        // It moved well past the tolerance (so did the golden, within TOL of it): not vacuous.
        expect(maxDiff(got, init), `${name} moved in update ${step + 1}`).toBeGreaterThan(1000 * TOL);
      }
    });
  });

  it('getState/setState round-trips: a restored agent continues identically', () => {
    const rng = new Rng(5);
    const mk = () => new DdpgAgent(10, { ...DEFAULT_DDPG, hidden1: 20, hidden2: 20, batchSize: 16 }, new Rng(3));
    const batch = () => Array.from({ length: 16 }, () => ({ s: Array.from({ length: 10 }, () => rng.next()), a: rng.next(), r: rng.next(), s2: Array.from({ length: 10 }, () => rng.next()), done: rng.next() < 0.2 }));
    const a = mk();
    a.update(batch());
    const saved = structuredClone(a.getState());
    const b = mk();
    b.setState(saved);
    const next = batch();
    const ra = a.update(next);
    const rb = b.update(next);
    expect(rb).toEqual(ra);
    expect(b.act(next[0].s)).toBe(a.act(next[0].s));
  });
});

describe('replay buffer', () => {
  it('is a FIFO of fixed capacity and samples without replacement when it can', () => {
    const r = new Replay(5);
    for (let i = 0; i < 8; i++) r.push({ s: [i], a: i, r: 0, s2: [i], done: false });
    expect(r.size).toBe(5);
    expect(r.items.map((t) => t.a).sort()).toEqual([3, 4, 5, 6, 7]);
    const got = r.sample(5, new Rng(1)).map((t) => t.a).sort();
    expect(got).toEqual([3, 4, 5, 6, 7]);
    expect(r.sample(12, new Rng(2))).toHaveLength(12);
  });
});
