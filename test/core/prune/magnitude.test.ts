import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.ts';
import { globalMagnitude, globalMagnitudeCounts, uniformMagnitude } from '../../../src/core/prune/magnitude.ts';
import { countZeros, magnitudeOrder } from '../../../src/core/prune/masks.ts';
import { randomLayer } from './helpers.ts';

/**
 * Reference global selection: concatenate every weight with (|w|, layer, index), sort with a
 * comparator, walk from the smallest and prune while the layer is under its cap.
 */
function referenceGlobal(layers: Float32Array[], sparsity: number, cap = 1): Uint8Array[] {
  const all: [number, number, number][] = [];
  layers.forEach((w, t) => w.forEach((v, i) => all.push([Number.isNaN(v) ? Infinity : Math.abs(v), t, i])));
  const nan = (t: number, i: number): number => (Number.isNaN(layers[t][i]) ? 1 : 0);
  all.sort((a, b) => nan(a[1], a[2]) - nan(b[1], b[2]) || a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
  const total = all.length;
  const kStar = Math.round(sparsity * total);
  const caps = layers.map((w) => Math.floor(cap * w.length));
  const masks = layers.map((w) => new Uint8Array(w.length).fill(1));
  const used = layers.map(() => 0);
  let pruned = 0;
  for (const [, t, i] of all) {
    if (pruned === kStar) break;
    if (used[t] >= caps[t]) continue;
    masks[t][i] = 0;
    used[t]++;
    pruned++;
  }
  return masks;
}

function smallLayers(rng: Rng): Float32Array[] {
  // Same tie levels across layers so ties cross layer boundaries.
  return [13, 1, 50, 7, 120, 33].map((n) => randomLayer(rng, n, { tieLevels: 4, scale: 0.05 }));
}

describe('uniformMagnitude', () => {
  it('prunes exactly round(s·n_t) in every layer', () => {
    const rng = new Rng(30);
    const layers = [1, 7, 1000, 1728, 4608].map((n) => randomLayer(rng, n, { tieLevels: 3 }));
    const orders = layers.map(magnitudeOrder);
    for (let r = 0; r < 100; r++) {
      const s = r === 0 ? 0 : r === 1 ? 1 : rng.next();
      const masks = uniformMagnitude(layers, s, { orders });
      masks.forEach((m, t) => expect(countZeros(m)).toBe(Math.round(s * layers[t].length)));
    }
    expect(uniformMagnitude(layers, 0.3)).toEqual(uniformMagnitude(layers, 0.3, { orders }));
    expect(uniformMagnitude(layers, 0.3, orders)).toEqual(uniformMagnitude(layers, 0.3, { orders }));
    expect(() => uniformMagnitude(layers, 1.5)).toThrow(RangeError);
  });
});

describe('globalMagnitude', () => {
  it('prunes exactly K* = round(s·Σn) for 100 sparsities', () => {
    const rng = new Rng(31);
    const layers = [1, 7, 1000, 1728, 36864].map((n, j) => randomLayer(rng, n, { tieLevels: j % 2 ? 0 : 3 }));
    const total = layers.reduce((s, w) => s + w.length, 0);
    const orders = layers.map(magnitudeOrder);
    for (let r = 0; r < 100; r++) {
      const s = r === 0 ? 0 : r === 1 ? 1 : rng.next();
      const masks = globalMagnitude(layers, s, { orders });
      expect(masks.reduce((z, m) => z + countZeros(m), 0)).toBe(Math.round(s * total));
    }
  });

  it('equals a pooled comparator-sort reference on small layers with ties', () => {
    const rng = new Rng(32);
    for (let trial = 0; trial < 20; trial++) {
      const layers = smallLayers(rng);
      if (trial === 0) {
        layers[2][5] = NaN;
        layers[4][0] = -Infinity;
      }
      const orders = layers.map(magnitudeOrder);
      for (const s of [0, 1, 0.5, rng.next(), rng.next(), rng.next(), rng.next(), rng.next()]) {
        expect(globalMagnitude(layers, s, { orders })).toEqual(referenceGlobal(layers, s));
        expect(globalMagnitude(layers, s, orders)).toEqual(referenceGlobal(layers, s)); // bare-array form
      }
    }
  });

  it('breaks ties across layers by layer index first', () => {
    // Every |w| equal: the pruned weights fill layer 0, then layer 1, ... in index order.
    const layers = [5, 3, 4].map((n) => new Float32Array(n).fill(-0.1));
    const masks = globalMagnitude(layers, 7 / 12);
    expect(masks.map((m) => Array.from(m))).toEqual([[0, 0, 0, 0, 0], [0, 0, 1], [1, 1, 1, 1]]);
    const c = globalMagnitudeCounts(layers, 7 / 12);
    expect(c.prunedPerLayer).toEqual([5, 2, 0]);
    expect(c.totalPruned).toBe(7);
  });

  it('respects a per-layer cap and still prunes exactly K*', () => {
    const rng = new Rng(33);
    for (let trial = 0; trial < 10; trial++) {
      const layers = smallLayers(rng);
      const total = layers.reduce((s, w) => s + w.length, 0);
      for (const cap of [0.99, 0.9, 0.6]) {
        const capacity = layers.reduce((s, w) => s + Math.floor(cap * w.length), 0);
        for (const s of [0.2, 0.5, capacity / total, rng.next() * (capacity / total)]) {
          const masks = globalMagnitude(layers, s, { maxLayerSparsity: cap });
          expect(masks).toEqual(referenceGlobal(layers, s, cap));
          masks.forEach((m, t) => expect(countZeros(m)).toBeLessThanOrEqual(Math.floor(cap * layers[t].length)));
        }
      }
      expect(() => globalMagnitude(layers, 0.95, { maxLayerSparsity: 0.6 })).toThrow(RangeError);
    }
  });

  it('validates sparsity and orders', () => {
    const layers = [new Float32Array(4), new Float32Array(3)];
    expect(() => globalMagnitude(layers, NaN)).toThrow(RangeError);
    expect(() => globalMagnitude(layers, 0.5, { orders: [new Uint32Array(4)] })).toThrow(RangeError);
    expect(() => globalMagnitude(layers, 0.5, { orders: [new Uint32Array(4), new Uint32Array(2)] })).toThrow(RangeError);
    expect(globalMagnitude([], 0.5)).toEqual([]);
  });
});
