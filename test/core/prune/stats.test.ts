import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.ts';
import { exactKMask, countKept } from '../../../src/core/prune/masks.ts';
import { weightStats } from '../../../src/core/prune/stats.ts';
import { randomLayer } from './helpers.ts';

const sum = (a: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
};
const relClose = (a: number, b: number, tol = 1e-9): boolean => Math.abs(a - b) <= tol * Math.max(Math.abs(b), 1e-300);

describe('weightStats', () => {
  it('mean/std/min/max match a float64 reference; histogram sums match', () => {
    const rng = new Rng(50);
    for (const n of [2, 7, 1000, 36864]) {
      const w = randomLayer(rng, n, { tieLevels: 3, scale: 0.07 });
      for (let i = 0; i < n; i++) w[i] += 0.01; // non-zero mean
      const xs = Array.from(w);
      const mu = xs.reduce((s, v) => s + v, 0) / n;
      const sd = Math.sqrt(xs.reduce((s, v) => s + (v - mu) ** 2, 0) / n);
      const mask = exactKMask(w, 0.7);
      const st = weightStats(w, { bins: 37, mask });
      expect(st.count).toBe(n);
      expect(relClose(st.mean, mu)).toBe(true);
      expect(relClose(st.std, sd)).toBe(true);
      expect(st.min).toBe(Math.min(...xs));
      expect(st.max).toBe(Math.max(...xs));
      expect(st.edges.length).toBe(38);
      expect(st.edges[0]).toBe(st.min);
      expect(st.edges[37]).toBe(st.max);
      expect(sum(st.counts)).toBe(n);
      expect(sum(st.keptCounts!)).toBe(countKept(mask));
      expect(st.keptCount).toBe(countKept(mask));
      expect(st.prunedCount).toBe(n - countKept(mask));
      // Every value sits in the bin its edges claim, and kept ≤ all per bin.
      for (let b = 0; b < 37; b++) {
        const inBin = xs.filter((v) => v >= st.edges[b] && (b === 36 ? v <= st.edges[37] : v < st.edges[b + 1]));
        expect(st.counts[b]).toBe(inBin.length);
        expect(st.keptCounts![b]).toBeLessThanOrEqual(st.counts[b]);
      }
    }
  });

  it('bins kept weights by their original value (pruned ones do not pile up at 0)', () => {
    const w = new Float32Array([-1, -0.5, 0.5, 1]);
    const st = weightStats(w, { bins: 2, mask: new Uint8Array([1, 0, 0, 1]) });
    expect(Array.from(st.counts)).toEqual([2, 2]);
    expect(Array.from(st.keptCounts!)).toEqual([1, 1]);
    expect(st.prunedCount).toBe(2);
  });

  it('puts the max value in the last bin', () => {
    const w = new Float32Array([0, 0.25, 0.5, 0.75, 1]);
    const st = weightStats(w, { bins: 4 });
    expect(Array.from(st.edges)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(Array.from(st.counts)).toEqual([1, 1, 1, 2]);
  });

  it('handles a constant array and a single element with a non-degenerate range', () => {
    const c = weightStats(new Float32Array(9).fill(0.25), { bins: 5 });
    expect(c.mean).toBe(0.25);
    expect(c.std).toBe(0);
    expect(c.min).toBe(0.25);
    expect(c.max).toBe(0.25);
    expect(c.edges[0]).toBe(-0.25);
    expect(c.edges[5]).toBe(0.75);
    expect(Array.from(c.counts)).toEqual([0, 0, 9, 0, 0]);
    const one = weightStats(new Float32Array([-3]), { bins: 1 });
    expect([one.count, one.mean, one.std, one.min, one.max]).toEqual([1, -3, 0, -3, -3]);
    expect(Array.from(one.counts)).toEqual([1]);
  });

  it('honours a given range; out-of-range and non-finite values are counted apart', () => {
    const w = new Float32Array([-2, -1, 0, 1, 2, NaN, Infinity]);
    const st = weightStats(w, { bins: 2, range: [-1, 1] });
    expect(Array.from(st.counts)).toEqual([1, 2]); // [-1, 0) holds -1; [0, 1] holds 0 and 1
    expect(st.belowRange).toBe(1);
    expect(st.aboveRange).toBe(1);
    expect(st.nonFinite).toBe(2);
    expect(st.count).toBe(7);
    expect(st.mean).toBe(0);
    expect(st.std).toBeCloseTo(Math.sqrt(2), 14);
    expect(st.max).toBe(2);
  });

  it('handles empty input and validates options', () => {
    const e = weightStats(new Float32Array(0), { bins: 3 });
    expect(e.count).toBe(0);
    expect(Number.isNaN(e.mean)).toBe(true);
    expect(sum(e.counts)).toBe(0);
    const w = new Float32Array([1, 2]);
    for (const bins of [0, -1, 1.5, NaN]) expect(() => weightStats(w, { bins })).toThrow(RangeError);
    expect(() => weightStats(w, { bins: 2, mask: new Uint8Array(3) })).toThrow(RangeError);
    expect(() => weightStats(w, { bins: 2, range: [1, 1] })).toThrow(RangeError);
    expect(() => weightStats(w, { bins: 2, range: [0, Infinity] })).toThrow(RangeError);
  });

  it('does not mutate its inputs', () => {
    const w = randomLayer(new Rng(51), 500);
    const mask = exactKMask(w, 0.5);
    const [wc, mc] = [w.slice(), mask.slice()];
    weightStats(w, { bins: 10, mask });
    expect(w).toEqual(wc);
    expect(mask).toEqual(mc);
  });
});
