import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.ts';
import {
  applyMask,
  combineMasks,
  countKept,
  countZeros,
  exactKMask,
  magnitudeOrder,
  maskFromOrder,
  prunedCountForSparsity,
} from '../../../src/core/prune/masks.ts';
import { randomLayer, referenceOrder } from './helpers.ts';

/** 100 sparsities in [0, 1]: 0, 1, 0.5 and 97 uniform draws. */
function sparsities(rng: Rng): number[] {
  const s = [0, 1, 0.5];
  while (s.length < 100) s.push(rng.next());
  return s;
}

describe('magnitudeOrder', () => {
  it('matches a comparator sort on random data with ties, ±0 and negatives', () => {
    const rng = new Rng(1);
    for (const n of [0, 1, 2, 7, 100, 1000, 1728, 5000]) {
      for (const tieLevels of [0, 3, 50]) {
        const w = randomLayer(rng, n, { tieLevels });
        expect(Array.from(magnitudeOrder(w))).toEqual(referenceOrder(w));
      }
    }
  });

  it('spans every radix digit (magnitudes across many exponents)', () => {
    const rng = new Rng(2);
    const w = new Float32Array(20000);
    for (let i = 0; i < w.length; i++) w[i] = (rng.next() - 0.5) * 2 ** (rng.int(60) - 30);
    for (let i = 0; i < 500; i++) w[rng.int(w.length)] = w[rng.int(w.length)]; // duplicate values
    expect(Array.from(magnitudeOrder(w))).toEqual(referenceOrder(w));
  });

  it('orders +0/-0 by index, puts ±Infinity then NaN last', () => {
    const w = new Float32Array([NaN, -0, 1, -Infinity, 0, -1, Infinity, NaN, -2]);
    expect(Array.from(magnitudeOrder(w))).toEqual([1, 4, 2, 5, 8, 3, 6, 0, 7]);
    expect(Array.from(magnitudeOrder(w))).toEqual(referenceOrder(w));
  });

  it('does not mutate its input', () => {
    const w = randomLayer(new Rng(3), 1000, { tieLevels: 5 });
    const copy = w.slice();
    magnitudeOrder(w);
    expect(w).toEqual(copy);
  });

  it('works on a subarray view with a byte offset', () => {
    const full = randomLayer(new Rng(4), 300, { tieLevels: 4 });
    const view = full.subarray(37, 250);
    expect(Array.from(magnitudeOrder(view))).toEqual(referenceOrder(view.slice()));
  });
});

describe('exact-k masks', () => {
  it('prunes exactly round(s·n) for 100 sparsities on several layer sizes, smallest |w| first', () => {
    const rng = new Rng(10);
    const layers = [1, 7, 1000, 1728, 36864].map((n, j) => randomLayer(rng, n, { tieLevels: j % 2 === 0 ? 4 : 0 }));
    let checked = 0;
    for (const w of layers) {
      const order = magnitudeOrder(w);
      for (const s of sparsities(rng)) {
        const mask = exactKMask(w, s, order);
        const k = Math.round(s * w.length);
        expect(countZeros(mask)).toBe(k);
        expect(countKept(mask)).toBe(w.length - k);
        // Kept |w| ≥ every pruned |w|; at equal |w| every pruned index < every kept index.
        let maxPruned = -1;
        let maxPrunedIdxAtMax = -1;
        let minKept = Infinity;
        let minKeptIdxAtMin = Infinity;
        for (let i = 0; i < w.length; i++) {
          const a = Math.abs(w[i]);
          if (mask[i] === 0) {
            if (a > maxPruned) [maxPruned, maxPrunedIdxAtMax] = [a, i];
            else if (a === maxPruned) maxPrunedIdxAtMax = i;
          } else if (a < minKept) [minKept, minKeptIdxAtMin] = [a, i];
        }
        expect(maxPruned <= minKept).toBe(true);
        if (maxPruned === minKept) expect(maxPrunedIdxAtMax).toBeLessThan(minKeptIdxAtMin);
        checked++;
      }
    }
    expect(checked).toBe(500);
  });

  it('breaks ties by index: with all |w| equal, the lowest indices are pruned', () => {
    const n = 1000;
    const w = new Float32Array(n);
    for (let i = 0; i < n; i++) w[i] = i % 3 === 0 ? -0.25 : 0.25;
    for (const s of [0, 0.001, 0.37, 0.5, 0.999, 1]) {
      const k = Math.round(s * n);
      const mask = exactKMask(w, s);
      for (let i = 0; i < n; i++) expect(mask[i]).toBe(i < k ? 0 : 1);
    }
  });

  it('breaks ties among a tied block inside random data by index', () => {
    // 200 weights at |w| = 0.5 interleaved with smaller and larger ones.
    const rng = new Rng(11);
    const n = 600;
    const w = new Float32Array(n);
    const tiedIdx: number[] = [];
    for (let i = 0; i < n; i++) {
      const r = i % 3;
      if (r === 0) w[i] = rng.uniform(-0.4, 0.4);
      else if (r === 1) {
        w[i] = rng.next() < 0.5 ? 0.5 : -0.5;
        tiedIdx.push(i);
      } else w[i] = (rng.next() < 0.5 ? -1 : 1) * rng.uniform(0.6, 1);
    }
    const mask = exactKMask(w, 300 / n); // 200 small ones + the first 100 tied ones
    expect(countZeros(mask)).toBe(300);
    tiedIdx.forEach((i, j) => expect(mask[i]).toBe(j < 100 ? 0 : 1));
  });

  it('prunedCountForSparsity rounds and validates', () => {
    expect(prunedCountForSparsity(10, 0.25)).toBe(3); // 2.5 rounds half up
    expect(prunedCountForSparsity(1728, 0.8)).toBe(1382);
    expect(prunedCountForSparsity(0, 0.5)).toBe(0);
    expect(prunedCountForSparsity(7, 1)).toBe(7);
    for (const bad of [-0.01, 1.01, NaN, Infinity, -Infinity]) {
      expect(() => prunedCountForSparsity(10, bad)).toThrow(RangeError);
    }
    expect(() => prunedCountForSparsity(-1, 0.5)).toThrow(RangeError);
    expect(() => prunedCountForSparsity(2.5, 0.5)).toThrow(RangeError);
  });

  it('maskFromOrder validates the count; exactKMask validates the order length', () => {
    const order = new Uint32Array([2, 0, 1]);
    expect(Array.from(maskFromOrder(order, 2))).toEqual([0, 1, 0]);
    for (const bad of [-1, 4, 1.5, NaN]) expect(() => maskFromOrder(order, bad)).toThrow(RangeError);
    expect(() => exactKMask(new Float32Array(4), 0.5, order)).toThrow(RangeError);
  });
});

describe('mask utilities', () => {
  it('applyMask returns a new array and leaves the input untouched; restore is bit-exact', () => {
    const w = randomLayer(new Rng(20), 5000, { tieLevels: 3 });
    w[7] = NaN;
    w[8] = -Infinity;
    const before = new Uint32Array(w.slice().buffer);
    const mask = exactKMask(w, 0.6);
    const masked = applyMask(w, mask);
    expect(masked).not.toBe(w);
    expect(new Uint32Array(w.buffer)).toEqual(before); // input bits unchanged (incl. NaN, -0)
    for (let i = 0; i < w.length; i++) {
      if (mask[i] === 0) expect(Object.is(masked[i], 0)).toBe(true); // +0, never -0 or NaN
      else expect(Object.is(masked[i], w[i])).toBe(true);
    }
    // Restoring (a mask that keeps everything, as lowering the slider to 0 gives) brings back
    // every original bit, NaN, -Infinity and -0 included.
    const restored = applyMask(w, exactKMask(w, 0));
    expect(new Uint32Array(restored.buffer)).toEqual(before);
    expect(() => applyMask(w, new Uint8Array(3))).toThrow(RangeError);
  });

  it('countZeros / countKept / combineMasks', () => {
    const a = new Uint8Array([1, 1, 0, 0, 1]);
    const b = new Uint8Array([1, 0, 1, 0, 1]);
    expect(countZeros(a)).toBe(2);
    expect(countKept(a)).toBe(3);
    expect(Array.from(combineMasks(a, b))).toEqual([1, 0, 0, 0, 1]);
    expect(Array.from(a)).toEqual([1, 1, 0, 0, 1]);
    expect(() => combineMasks(a, new Uint8Array(4))).toThrow(RangeError);
  });
});
