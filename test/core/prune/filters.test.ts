import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.ts';
import {
  ApozAccumulator,
  EntropyAccumulator,
  filtersToRemove,
  histogramEntropy,
  HRankAccumulator,
  l1FilterScores,
  selectFilters,
} from '../../../src/core/prune/filters.ts';
import { FLOAT32_EPS, jacobiRank, matrixRankInPlace, singularValuesInPlace } from '../../../src/core/prune/svd.ts';

/** Post-ReLU-like NHWC activations: about `zeroFraction` exact zeros, the rest in (0, 2). */
function activations(rng: Rng, n: number, h: number, w: number, c: number, zeroFraction = 0.4): Float32Array {
  const a = new Float32Array(n * h * w * c);
  for (let i = 0; i < a.length; i++) a[i] = rng.next() < zeroFraction ? 0 : 2 * rng.next();
  return a;
}

const at = (a: Float32Array, s: { h: number; w: number; c: number }, n: number, y: number, x: number, j: number): number =>
  a[((n * s.h + y) * s.w + x) * s.c + j];

describe('filter criteria equal plain references (tolerance 1e-6)', () => {
  const rng = new Rng(61);
  const s = { n: 6, h: 5, w: 4, c: 7 };
  const batches = [activations(rng, s.n, s.h, s.w, s.c), activations(rng, s.n, s.h, s.w, s.c, 0.7)];

  it('L1: Σ|K[h,w,i,j]| per filter', () => {
    const shape = [3, 3, 4, 5];
    const k = Float32Array.from({ length: 180 }, () => rng.normal());
    const scores = l1FilterScores(k, shape);
    for (let j = 0; j < 5; j++) {
      let ref = 0;
      for (let h = 0; h < 3; h++) for (let w = 0; w < 3; w++) for (let i = 0; i < 4; i++) ref += Math.abs(k[((h * 3 + w) * 4 + i) * 5 + j]);
      expect(Math.abs(scores[j] - ref)).toBeLessThan(1e-6);
    }
    expect(() => l1FilterScores(k, [3, 3, 4, 4])).toThrow(/shape/);
  });

  it('APoZ: fraction of zero outputs per channel over all images and positions', () => {
    const acc = new ApozAccumulator(s.c);
    for (const b of batches) acc.add(b, s);
    const scores = acc.scores();
    for (let j = 0; j < s.c; j++) {
      let zeros = 0;
      for (const b of batches) for (let n = 0; n < s.n; n++) for (let y = 0; y < s.h; y++) for (let x = 0; x < s.w; x++) if (at(b, s, n, y, x, j) === 0) zeros++;
      expect(Math.abs(scores[j] - zeros / (2 * s.n * s.h * s.w))).toBeLessThan(1e-6);
    }
    expect(acc.images).toBe(12);
  });

  it('entropy: histogram of spatial means, −Σ p ln p', () => {
    const bins = 4;
    const acc = new EntropyAccumulator(s.c, bins);
    for (const b of batches) acc.add(b, s);
    const scores = acc.scores();
    for (let j = 0; j < s.c; j++) {
      const g: number[] = [];
      for (const b of batches) {
        for (let n = 0; n < s.n; n++) {
          let sum = 0;
          for (let y = 0; y < s.h; y++) for (let x = 0; x < s.w; x++) sum += at(b, s, n, y, x, j);
          g.push(sum / (s.h * s.w));
        }
      }
      const lo = Math.min(...g);
      const hi = Math.max(...g);
      const counts = new Array(bins).fill(0);
      for (const v of g) counts[Math.min(bins - 1, Math.floor(((v - lo) / (hi - lo)) * bins))]++;
      const ref = -counts.filter((k) => k > 0).reduce((h, k) => h + (k / g.length) * Math.log(k / g.length), 0);
      expect(Math.abs(scores[j] - ref)).toBeLessThan(1e-6);
    }
  });

  it('entropy matches hand-computed histograms', () => {
    // [0, 0, 1, 1] in 2 bins: p = ½, ½ → ln 2. The maximum lands in the last bin.
    expect(histogramEntropy([0, 0, 1, 1], 2)).toBeCloseTo(Math.LN2, 12);
    // [0, 1, 2, 3] in 4 bins on [0, 3]: edges 0, .75, 1.5, 2.25, 3 → one value per bin → ln 4.
    expect(histogramEntropy([0, 1, 2, 3], 4)).toBeCloseTo(Math.log(4), 12);
    // [0, 0.1, 0.2, 3] in 2 bins: edges 0, 1.5, 3 → counts 3, 1 → −(¾ ln ¾ + ¼ ln ¼).
    expect(histogramEntropy([0, 0.1, 0.2, 3], 2)).toBeCloseTo(-(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25)), 12);
    // Constant channel → 0; one bin → 0.
    expect(histogramEntropy([0.5, 0.5, 0.5], 100)).toBe(0);
    expect(histogramEntropy([0, 1, 2], 1)).toBe(0);
    expect(() => new EntropyAccumulator(3, 0)).toThrow(/bins/);
  });

  it('HRank: mean rank of each channel map equals a float64 reference rank', () => {
    const acc = new HRankAccumulator(s.c);
    for (const b of batches) acc.add(b, s);
    const scores = acc.scores();
    for (let j = 0; j < s.c; j++) {
      let sum = 0;
      for (const b of batches) {
        for (let n = 0; n < s.n; n++) {
          const m = new Float64Array(s.h * s.w);
          for (let y = 0; y < s.h; y++) for (let x = 0; x < s.w; x++) m[x * s.h + y] = at(b, s, n, y, x, j);
          sum += referenceRank(m, s.h, s.w);
        }
      }
      expect(Math.abs(scores[j] - sum / 12)).toBeLessThan(1e-6);
    }
  });

  it('accumulators refuse a wrong channel count and scoring before any batch', () => {
    expect(() => new ApozAccumulator(3).add(new Float32Array(8), { n: 1, h: 2, w: 2, c: 2 })).toThrow(/channels/);
    expect(() => new HRankAccumulator(2).add(new Float32Array(7), { n: 1, h: 2, w: 2, c: 2 })).toThrow(/length/);
    expect(() => new HRankAccumulator(2).scores()).toThrow(/no calibration/);
  });
});

/** σ_max by power iteration on AᵀA in float64 (independent of the SVD under test). */
function largestSingularValue(a: number[][], n: number): number {
  let v = Array.from({ length: n }, (_, j) => 1 + j / n);
  let lambda = 0;
  for (let it = 0; it < 500; it++) {
    const av = a.map((row) => row.reduce((s, x, j) => s + x * v[j], 0));
    const w = Array.from({ length: n }, (_, j) => a.reduce((s, row, i) => s + row[j] * av[i], 0));
    const norm = Math.hypot(...w);
    if (norm === 0) return 0;
    lambda = norm / Math.hypot(...v);
    v = w.map((x) => x / norm);
  }
  return Math.sqrt(lambda);
}

/**
 * Rank by Gaussian elimination with partial pivoting in float64 (a second, independent method),
 * at HRank's tolerance max(m, n)·eps32·σ_max with σ_max from power iteration.
 */
function referenceRank(colMajor: Float64Array, m: number, n: number): number {
  const a = Array.from({ length: m }, (_, i) => Array.from({ length: n }, (_, j) => colMajor[j * m + i]));
  const tol = largestSingularValue(a, n) * Math.max(m, n) * FLOAT32_EPS;
  let rank = 0;
  const rows = a.map((r) => r.slice());
  for (let col = 0; col < n && rank < m; col++) {
    let piv = rank;
    for (let i = rank + 1; i < m; i++) if (Math.abs(rows[i][col]) > Math.abs(rows[piv][col])) piv = i;
    if (Math.abs(rows[piv][col]) <= tol) continue;
    [rows[rank], rows[piv]] = [rows[piv], rows[rank]];
    for (let i = rank + 1; i < m; i++) {
      const f = rows[i][col] / rows[rank][col];
      for (let k = col; k < n; k++) rows[i][k] -= f * rows[rank][k];
    }
    rank++;
  }
  return rank;
}

describe('Jacobi SVD and rank vs PyTorch float64 (test/fixtures/hrank-golden.json)', () => {
  const golden = JSON.parse(readFileSync(new URL('../../fixtures/hrank-golden.json', import.meta.url), 'utf8')) as {
    eps: number;
    cases: { m: number; n: number; r: number; noise: number; relu: boolean; rank: number; sv: number[] }[];
  };

  /** The fixture's integer recipe (see training/hrank_golden.py), column-major. */
  function build(m: number, n: number, r: number, noise: number, relu: boolean): Float64Array {
    const a = new Float64Array(m * n);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let v = 0;
        for (let k = 0; k < r; k++) v += ((((i * (2 * k + 3) + 5 * k + 1) % 13) - 6) * (((j * (3 * k + 2) + 7 * k + 2) % 11) - 5));
        v += noise * (((i * 31 + j * 17) % 23) - 11);
        a[j * m + i] = relu ? Math.max(0, v) : v;
      }
    }
    return a;
  }

  it(`all ${golden.cases.length} cases: same rank, singular values within 1e-9·σ_max`, () => {
    expect(golden.eps).toBe(FLOAT32_EPS);
    let mismatches = 0;
    for (const c of golden.cases) {
      const sv = singularValuesInPlace(build(c.m, c.n, c.r, c.noise, c.relu), c.m, c.n);
      const top = c.sv[0] || 1;
      for (let i = 0; i < c.sv.length; i++) expect(Math.abs(sv[i] - c.sv[i])).toBeLessThan(1e-9 * top);
      if (matrixRankInPlace(build(c.m, c.n, c.r, c.noise, c.relu), c.m, c.n) !== c.rank) mismatches++;
    }
    expect(mismatches).toBe(0);
  });
});

describe('fast rank (Gram eigenvalues) equals the Jacobi rank', () => {
  it('on 600 random post-ReLU maps of 2×2 to 32×32, some rank-deficient', () => {
    const rng = new Rng(62);
    for (let t = 0; t < 600; t++) {
      const s = [2, 4, 8, 16, 32][t % 5];
      const r = 1 + rng.int(s);
      // Rank ≤ r before the ReLU: a sum of r outer products, then clipped.
      const m = new Float64Array(s * s);
      for (let k = 0; k < r; k++) {
        const u = Array.from({ length: s }, () => rng.normal());
        const v = Array.from({ length: s }, () => rng.normal());
        for (let x = 0; x < s; x++) for (let y = 0; y < s; y++) m[x * s + y] += u[y] * v[x];
      }
      const relu = t % 2 === 0 ? m.map((v) => Math.max(0, v)) : m;
      expect(matrixRankInPlace(relu.slice(), s, s)).toBe(jacobiRank(relu.slice(), s, s));
    }
  });

  it('defers to Jacobi when a singular value sits at the threshold', () => {
    // diag(1, σ) with σ a hair above or below tol = 1·2·eps: only the exact SVD can tell.
    const tol = 2 * FLOAT32_EPS;
    for (const [f, rank] of [[1 + 1e-9, 2], [1 - 1e-9, 1]] as const) {
      const a = Float64Array.from([1, 0, 0, tol * f]);
      expect(matrixRankInPlace(a.slice(), 2, 2)).toBe(rank);
      expect(jacobiRank(a.slice(), 2, 2)).toBe(rank);
    }
    expect(matrixRankInPlace(new Float64Array(9), 3, 3)).toBe(0);
  });
});

describe('filter selection', () => {
  it('removes ⌊p·C⌋ filters and always keeps one', () => {
    expect(filtersToRemove(0.5, 64)).toBe(32);
    expect(filtersToRemove(0.29, 100)).toBe(29);
    expect(filtersToRemove(0.95, 64)).toBe(60);
    expect(filtersToRemove(1, 16)).toBe(15);
    expect(filtersToRemove(0, 16)).toBe(0);
    expect(() => filtersToRemove(1.2, 16)).toThrow(/ratio/);
  });

  it('prunes the lowest or highest scores, ties by lower index', () => {
    const scores = [3, 1, 2, 1, 5, 2];
    expect([...selectFilters(scores, 3, 'lowest')]).toEqual([1, 0, 0, 0, 1, 1]);
    expect([...selectFilters(scores, 2, 'highest')]).toEqual([0, 1, 1, 1, 0, 1]);
    expect([...selectFilters(scores, 0, 'lowest')]).toEqual([1, 1, 1, 1, 1, 1]);
    expect(() => selectFilters(scores, 7, 'lowest')).toThrow(/count/);
  });
});
