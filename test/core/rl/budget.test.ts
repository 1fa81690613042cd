import { describe, expect, it } from 'vitest';
import { BudgetWall, type BudgetLayer } from '../../../src/core/rl/budget.ts';
import { Rng } from '../../../src/core/rng.ts';

const VGG16_CONV = [1728, 36864, 73728, 147456, 294912, 589824, 589824, 1179648, 2359296, 2359296, 2359296, 2359296, 2359296];

function randomLayers(rng: Rng): BudgetLayer[] {
  const n = 1 + Math.floor(rng.next() * 20);
  return Array.from({ length: n }, () => ({ weights: 100 + Math.floor(rng.next() ** 3 * 100_000), cost: 1 }));
}

function runEpisode(wall: BudgetWall, actions: number[]) {
  return actions.map((a) => {
    const b = wall.bounds();
    const s = wall.step(a);
    return { ...s, expectLo: b.lo, expectHi: b.hi };
  });
}

describe('budget wall, exact mode, parameter budget', () => {
  it('Σ k = round(α·W) for any raw actions in [0, 1] (incl. 0 and 1), each k within its bounds', () => {
    const rng = new Rng(7);
    for (let trial = 0; trial < 2000; trial++) {
      const layers = randomLayers(rng);
      const aMin = rng.next() < 0.5 ? 0 : rng.next() * 0.3;
      const aMax = rng.next() < 0.5 ? 0.99 : 0.7 + rng.next() * 0.3;
      const alpha = aMin + rng.next() * (aMax - aMin);
      let wall: BudgetWall;
      try {
        wall = new BudgetWall(layers, { alpha, mode: 'exact', aMin, aMax });
      } catch (e) {
        // Rounding can make a target at the edge of the bounds infeasible on tiny layers; it must say so.
        expect(String(e)).toMatch(/cannot be met|infeasible/);
        continue;
      }
      const pick = rng.next();
      const actions = layers.map(() => (pick < 0.2 ? 0 : pick < 0.4 ? 1 : rng.next()));
      const steps = runEpisode(wall, actions);
      const W = layers.reduce((a, l) => a + l.weights, 0);
      expect(steps.reduce((a, s) => a + s.k, 0)).toBe(Math.round(alpha * W));
      steps.forEach((s, t) => {
        expect(s.k).toBeGreaterThanOrEqual(Math.ceil(aMin * layers[t].weights - 1e-9));
        expect(s.k).toBeLessThanOrEqual(Math.floor(aMax * layers[t].weights + 1e-9));
        if (t < layers.length - 1) {
          expect(s.k).toBeGreaterThanOrEqual(s.lo);
          expect(s.k).toBeLessThanOrEqual(s.hi);
        }
      });
    }
  });

  it('VGG16 convs at α = 0.8: exact total whatever the actions, and the bounds follow METHOD §1.3', () => {
    const layers = VGG16_CONV.map((w) => ({ weights: w, cost: 1 }));
    const W = VGG16_CONV.reduce((a, b) => a + b, 0);
    for (const a of [0, 0.5, 1]) {
      const wall = new BudgetWall(layers, { alpha: 0.8, mode: 'exact', aMin: 0, aMax: 0.99 });
      const steps = runEpisode(wall, layers.map(() => a));
      expect(steps.reduce((s, x) => s + x.k, 0)).toBe(Math.round(0.8 * W));
    }
    // First layer with all actions 0: k_lo = K* − Σ_{j>1} ⌊0.99·W_j⌋ (negative here, so 0).
    const wall = new BudgetWall(layers, { alpha: 0.8, mode: 'exact', aMin: 0, aMax: 0.99 });
    const K = Math.round(0.8 * W);
    const restMax = VGG16_CONV.slice(1).reduce((a, w) => a + Math.floor(0.99 * w), 0);
    expect(wall.bounds()).toEqual({ lo: Math.max(0, K - restMax), hi: Math.min(Math.floor(0.99 * 1728), K) });
  });

  it('an infeasible α is a clear error', () => {
    const layers = [{ weights: 100, cost: 1 }, { weights: 50, cost: 1 }];
    expect(() => new BudgetWall(layers, { alpha: 0.995, mode: 'exact', aMin: 0, aMax: 0.99 })).toThrow(/infeasible/);
    expect(() => new BudgetWall(layers, { alpha: 0.05, mode: 'exact', aMin: 0.1, aMax: 0.99 })).toThrow(/infeasible/);
    expect(() => new BudgetWall(layers, { alpha: Number.NaN, mode: 'exact', aMin: 0, aMax: 0.99 })).toThrow(/infeasible/);
    expect(() => new BudgetWall([], { alpha: 0.5, mode: 'exact', aMin: 0, aMax: 0.99 })).toThrow();
    expect(() => new BudgetWall([{ weights: 1, cost: 1 }], { alpha: 0.5, mode: 'exact', aMin: 0.2, aMax: 0.99 })).toThrow(/too small/);
  });
});

describe('budget wall, amc mode and FLOPs budget', () => {
  it('amc mode removes at least the target and honours the per-layer cap', () => {
    const rng = new Rng(11);
    for (let trial = 0; trial < 500; trial++) {
      const layers = randomLayers(rng);
      const wall = new BudgetWall(layers, { alpha: 0.8, mode: 'amc', aMin: 0, aMax: 0.99 });
      const steps = runEpisode(wall, layers.map(() => rng.next()));
      const W = layers.reduce((a, l) => a + l.weights, 0);
      expect(steps.reduce((a, s) => a + s.k, 0)).toBeGreaterThanOrEqual(Math.round(0.8 * W));
      steps.forEach((s, t) => expect(s.k).toBeLessThanOrEqual(Math.floor(0.99 * layers[t].weights)));
    }
  });

  it('exact mode with a FLOPs budget meets the target within one weight\'s cost', () => {
    const rng = new Rng(3);
    for (let trial = 0; trial < 500; trial++) {
      const layers = randomLayers(rng).map((l) => ({ ...l, cost: [1024, 256, 64, 16, 4, 1][Math.floor(rng.next() * 6)] }));
      const wall = new BudgetWall(layers, { alpha: 0.8, mode: 'exact', aMin: 0, aMax: 0.99 });
      const steps = runEpisode(wall, layers.map(() => rng.next()));
      const removed = steps.reduce((a, s, t) => a + s.k * layers[t].cost, 0);
      expect(Math.abs(removed - wall.targetCost)).toBeLessThanOrEqual(Math.max(...layers.map((l) => l.cost)));
    }
  });
});
