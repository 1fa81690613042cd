/**
 * The search's early stop (a lab addition): a synthetic environment whose candidate's images are
 * right or wrong by a seeded rule of its sparsities, scored in batches of 10 as the real one
 * scores batches, honouring the stop rule it is given. Checked against the same environment
 * scored in full: no stopped candidate could have beaten the best at its episode, the best
 * policy is a fully scored one, a stopped episode's reward is its top-1 on the images it saw,
 * and the rule is absent when the setting is off, before any best exists and for the FLOPs reward.
 */
import { describe, expect, it } from 'vitest';
import { DdpgSearch, type Evaluate, type SearchConfig, type SearchLayer, type StopRule } from '../../../src/core/rl/search.ts';

const LAYERS: SearchLayer[] = [16, 32, 64].map((c, t) => ({
  name: `conv${t + 1}`, kind: 'conv', inChannels: t ? c / 2 : 3, outChannels: c, stride: 1, kernelSize: 3, params: 9 * c * (t ? c / 2 : 3), macsPerWeight: 1024 >> (2 * t),
}));
const N = 200;
const BATCH = 10;

/** Image i is right when a hash of (i, the policy) clears a threshold that falls with the first layer's sparsity. */
function rightAnswers(sparsities: number[]): boolean[] {
  const p = 0.95 - 0.8 * sparsities[0] ** 2;
  return Array.from({ length: N }, (_, i) => {
    const h = Math.sin(i * 12.9898 + sparsities[1] * 78.233) * 43758.5453;
    return h - Math.floor(h) < p;
  });
}

function environment(calls: { stop: StopRule | undefined; full: number; scored: number }[]): Evaluate {
  return async (_counts, sparsities, stop) => {
    const right = rightAnswers(sparsities);
    const full = right.filter(Boolean).length / N;
    let correct = 0;
    let seen = 0;
    while (seen < N) {
      for (let i = seen; i < seen + BATCH; i++) correct += right[i] ? 1 : 0;
      seen += BATCH;
      if (stop?.(correct, seen, N)) break;
    }
    calls.push({ stop, full, scored: seen });
    return { accuracy: correct / seen, macs: 1e6, ...(seen < N ? { stoppedAt: seen } : {}) };
  };
}

async function search(config: Partial<SearchConfig>) {
  const calls: { stop: StopRule | undefined; full: number; scored: number }[] = [];
  const s = new DdpgSearch(LAYERS, { episodes: 40, warmup: 10, alpha: 0.6, seed: 3, ...config, ddpg: { hidden1: 16, hidden2: 16, lrActor: 1e-3, lrCritic: 1e-2, tau: 0.05, gamma: 1, batchSize: 8, baselineAlpha: 0.5 } });
  const evaluate = environment(calls);
  while (!s.done) await s.runEpisode(evaluate);
  return { s, calls };
}

describe('early stop of a candidate’s scoring', () => {
  it('stops only candidates that cannot beat the best, keeps the best fully scored, rewards the images seen', async () => {
    const { s, calls } = await search({ earlyStop: true });
    expect(calls[0].stop).toBeUndefined(); // no best yet
    const stopped = s.log.filter((l) => l.stoppedAt !== undefined);
    expect(stopped.length).toBeGreaterThan(5);
    let best = -Infinity;
    s.log.forEach((l, e) => {
      const c = calls[e];
      if (l.stoppedAt !== undefined) {
        expect(c.full, `episode ${e}`).toBeLessThanOrEqual(best); // the full score could not have won
        expect(l.stoppedAt).toBe(c.scored);
        expect(l.stoppedAt).toBeLessThan(N);
        expect(l.reward).toBe(l.accuracy);
        expect(l.reward).toBeLessThanOrEqual(best);
      } else expect(l.reward).toBe(c.full);
      best = Math.max(best, l.reward);
    });
    expect(s.best!.reward).toBe(Math.max(...s.log.filter((l) => l.stoppedAt === undefined).map((l) => l.reward)));
    expect(s.log[s.best!.episode].stoppedAt).toBeUndefined();
    const scored = calls.reduce((a, c) => a + c.scored, 0);
    expect(scored).toBeLessThan(calls.length * N);
  });

  it('is exact at the boundary: stops when the best reachable equals the best, not one image earlier', async () => {
    const { s } = await search({ earlyStop: true, episodes: 2, warmup: 5 });
    const rule = (s as unknown as { stopRule(): StopRule | undefined }).stopRule()!;
    const b = s.best!.reward * N; // correct answers of the best
    expect(Math.abs(b - Math.round(b))).toBeLessThan(1e-9);
    const errorsAllowed = N - Math.round(b);
    expect(errorsAllowed).toBeGreaterThan(0);
    expect(errorsAllowed).toBeLessThan(100);
    // errorsAllowed wrong so far: a perfect rest ties the best, which does not replace it → stop.
    expect(rule(100 - errorsAllowed, 100, N)).toBe(true);
    expect(rule(101 - errorsAllowed, 100, N)).toBe(false);
    expect(rule(N - errorsAllowed, N, N)).toBe(false); // nothing left to skip
  });

  it('is absent when off (the paper) and with the accuracy-FLOPs reward', async () => {
    for (const config of [{ earlyStop: false }, { earlyStop: true, reward: 'acc-flops' as const }]) {
      const { s, calls } = await search({ ...config, episodes: 15 });
      expect(calls.every((c) => c.stop === undefined)).toBe(true);
      expect(s.log.every((l) => l.stoppedAt === undefined)).toBe(true);
    }
  });
});
