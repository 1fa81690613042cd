import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.ts';
import {
  erf,
  expectedGaussianRemoved,
  expectedLaplacianRemoved,
  K_SIGMA_PRESETS,
  kSigmaMask,
} from '../../../src/core/prune/ksigma.ts';
import { countZeros } from '../../../src/core/prune/masks.ts';

function gaussian(rng: Rng, n: number, mean: number, std: number): Float32Array {
  const w = new Float32Array(n);
  for (let i = 0; i < n; i++) w[i] = mean + std * rng.normal();
  return w;
}

describe('kSigmaMask', () => {
  const w = gaussian(new Rng(40), 1_000_000, 0.1, 0.02);

  it('removes 99.73 ± 0.02 % of 10^6 N(0.1, 0.02²) draws at k = 3 (METHOD §2 test)', () => {
    const r = kSigmaMask(w, 3);
    console.log(`k=3 on 10^6 N(0.1, 0.02²): removed ${(100 * r.removedFraction).toFixed(4)} %`);
    expect(r.removedFraction * 100).toBeGreaterThan(99.73 - 0.02);
    expect(r.removedFraction * 100).toBeLessThan(99.73 + 0.02);
    expect(r.mean).toBeCloseTo(0.1, 4);
    expect(r.std).toBeCloseTo(0.02, 4);
    expect(r.removed).toBe(countZeros(r.mask));
    expect(r.k).toBe(3);
  });

  it('removes about 68.27 % at k = 1 and 95.45 % at k = 2', () => {
    expect(Math.abs(kSigmaMask(w, 1).removedFraction * 100 - 68.27)).toBeLessThan(0.2);
    expect(Math.abs(kSigmaMask(w, 2).removedFraction * 100 - 95.45)).toBeLessThan(0.2);
  });

  it('equals a plain loop reference on a small array (population std, float64)', () => {
    const rng = new Rng(41);
    for (const k of [0.5, 1, 2, 3]) {
      const x = gaussian(rng, 257, -0.3, 1.7);
      // Values exactly on the band edge stay (≥), values strictly inside go.
      const xs = Array.from(x);
      const mu = xs.reduce((s, v) => s + v, 0) / xs.length;
      const sd = Math.sqrt(xs.reduce((s, v) => s + (v - mu) ** 2, 0) / xs.length);
      const r = kSigmaMask(x, k);
      expect(r.mean).toBeCloseTo(mu, 12);
      expect(r.std).toBeCloseTo(sd, 12);
      expect(r.lower).toBeCloseTo(mu - k * sd, 12);
      expect(r.upper).toBeCloseTo(mu + k * sd, 12);
      const ref = xs.map((v) => (Math.abs(v - mu) >= k * sd ? 1 : 0));
      expect(Array.from(r.mask)).toEqual(ref);
    }
  });

  it('keeps a weight exactly on the band edge and removes strictly inside', () => {
    // {-1, 1}: μ = 0, σ = 1; at k = 1 both are on the edge and kept.
    expect(Array.from(kSigmaMask(new Float32Array([-1, 1, -1, 1]), 1).mask)).toEqual([1, 1, 1, 1]);
    // {-2, 0, 2}: σ = √(8/3) ≈ 1.633; at k = 1, 0 is inside, ±2 outside.
    expect(Array.from(kSigmaMask(new Float32Array([-2, 0, 2]), 1).mask)).toEqual([1, 0, 1]);
  });

  it('keeps a constant layer (σ = 0, empty band)', () => {
    const r = kSigmaMask(new Float32Array(10).fill(0.3), 3);
    expect(r.std).toBe(0);
    expect(r.removed).toBe(0);
  });

  it('rejects invalid k, empty and non-finite weights', () => {
    for (const k of [0, -1, NaN, Infinity, -Infinity]) {
      expect(() => kSigmaMask(new Float32Array([1, 2, 3]), k)).toThrow(RangeError);
    }
    expect(() => kSigmaMask(new Float32Array(0), 3)).toThrow(RangeError);
    expect(() => kSigmaMask(new Float32Array([1, NaN]), 3)).toThrow(RangeError);
  });
});

describe('erf and expected fractions', () => {
  it('erf matches reference values to 1e-12', () => {
    // Reference values (high-precision tables).
    const table: [number, number][] = [
      [0, 0],
      [0.1, 0.1124629160182849],
      [0.5, 0.5204998778130465],
      [1, 0.8427007929497149],
      [1.5, 0.9661051464753108],
      [2, 0.9953222650189527],
      [3, 0.9999779095030014],
      [4, 0.9999999845827421],
      [5, 0.9999999999984626],
      [6, 1],
    ];
    for (const [x, v] of table) {
      expect(Math.abs(erf(x) - v)).toBeLessThan(1e-12);
      expect(Math.abs(erf(-x) + v)).toBeLessThan(1e-12);
    }
    expect(erf(40)).toBe(1);
    expect(Number.isNaN(erf(NaN))).toBe(true);
  });

  it('expectedGaussianRemoved gives 68.27 / 95.45 / 99.73 %', () => {
    expect(K_SIGMA_PRESETS).toEqual([1, 2, 3]);
    expect(expectedGaussianRemoved(1)).toBeCloseTo(0.682689492137086, 12);
    expect(expectedGaussianRemoved(2)).toBeCloseTo(0.954499736103642, 12);
    expect(expectedGaussianRemoved(3)).toBeCloseTo(0.99730020393674, 12);
    expect(expectedGaussianRemoved(0)).toBe(0);
    expect(() => expectedGaussianRemoved(-1)).toThrow(RangeError);
  });

  it('expectedLaplacianRemoved gives 75.69 / 94.09 / 98.56 %', () => {
    expect(expectedLaplacianRemoved(1) * 100).toBeCloseTo(75.69, 2);
    expect(expectedLaplacianRemoved(2) * 100).toBeCloseTo(94.09, 2);
    expect(expectedLaplacianRemoved(3) * 100).toBeCloseTo(98.56, 2);
  });
});
