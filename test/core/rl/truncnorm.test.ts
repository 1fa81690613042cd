import { describe, expect, it } from 'vitest';
import { erfc, normCdf, normInv, sampleTruncNormal } from '../../../src/core/rl/truncnorm.ts';
import { Rng } from '../../../src/core/rng.ts';

describe('normal CDF and its inverse', () => {
  it('erfc and Φ match known values', () => {
    expect(erfc(0)).toBeCloseTo(1, 7);
    expect(erfc(1) / 0.15729920705028513).toBeCloseTo(1, 6);
    expect(erfc(5) / 1.5374597944280349e-12).toBeCloseTo(1, 6);
    expect(normCdf(-1.959963984540054)).toBeCloseTo(0.025, 8);
    expect(normCdf(3)).toBeCloseTo(0.9986501019683699, 8);
  });

  it('Φ⁻¹(Φ(x)) = x over the range used, tails included', () => {
    // Lower tails to −8 (the sampler mirrors so it only needs those); upper values lose digits in 1 − p.
    for (let x = -8; x <= 5; x += 0.25) expect(normInv(normCdf(x))).toBeCloseTo(x, 5);
    expect(normInv(0.975)).toBeCloseTo(1.959963984540054, 6);
  });
});

/**
 * Mean and variance of N(μ, σ²) truncated to [lo, hi] by Simpson's rule on the unnormalized
 * density in float64: an oracle that shares nothing with the sampler (no Φ, no Φ⁻¹). 20,000
 * intervals put its error far below the sampling error checked against it.
 */
function quadratureMoments(mu: number, sigma: number, lo: number, hi: number) {
  const n = 20_000;
  const h = (hi - lo) / n;
  let z = 0;
  let m1 = 0;
  let m2 = 0;
  for (let i = 0; i <= n; i++) {
    const x = lo + i * h;
    const w = (i === 0 || i === n ? 1 : i % 2 ? 4 : 2) * Math.exp(-0.5 * ((x - mu) / sigma) ** 2);
    z += w;
    m1 += w * x;
    m2 += w * x * x;
  }
  const mean = m1 / z;
  return { mean, variance: m2 / z - mean * mean };
}

describe('truncated-normal sampler', () => {
  it('the quadrature oracle reproduces closed forms: uniform limit and the half-normal', () => {
    // σ → ∞ on [0, 1]: U(0, 1), mean 1/2, variance 1/12.
    const u = quadratureMoments(0.5, 1e6, 0, 1);
    expect(u.mean).toBeCloseTo(0.5, 10);
    expect(u.variance).toBeCloseTo(1 / 12, 10);
    // μ = 0 on [0, 12σ]: half-normal, mean σ√(2/π), variance σ²(1 − 2/π).
    const hn = quadratureMoments(0, 0.1, 0, 1.2);
    expect(hn.mean / (0.1 * Math.sqrt(2 / Math.PI))).toBeCloseTo(1, 9);
    expect(hn.variance / (0.01 * (1 - 2 / Math.PI))).toBeCloseTo(1, 9);
  });

  // METHOD §1.4: bounds [0, 1], σ from 0.5 (episode 100) down; μ from the actor's sigmoid.
  it.each([
    [0.5, 0.5], [0.9, 0.5], [0.1, 0.3], [0.95, 0.05], [0.02, 0.2], [0.5, 0.038], [1.2, 0.3], [-0.3, 0.2], [0.7, 2],
  ])('μ=%s σ=%s on [0,1]: sample mean and variance match the quadrature moments', (mu, sigma) => {
    const rng = new Rng(42);
    const n = 200_000;
    let s = 0;
    let s2 = 0;
    let inside = true;
    for (let i = 0; i < n; i++) {
      const x = sampleTruncNormal(rng, mu, sigma, 0, 1);
      if (x < 0 || x > 1) inside = false;
      s += x;
      s2 += x * x;
    }
    const mean = s / n;
    const variance = s2 / n - mean * mean;
    const m = quadratureMoments(mu, sigma, 0, 1);
    expect(inside).toBe(true);
    const se = Math.sqrt(m.variance / n);
    expect(Math.abs(mean - m.mean)).toBeLessThan(5 * se + 1e-9);
    expect(Math.abs(variance - m.variance) / m.variance).toBeLessThan(0.02);
  });

  it('tiny σ returns μ (inside the bounds) and never leaves them; no mass → the nearest bound', () => {
    const rng = new Rng(1);
    for (let i = 0; i < 1000; i++) {
      expect(Math.abs(sampleTruncNormal(rng, 0.37, 1e-7, 0, 1) - 0.37)).toBeLessThan(1e-6);
    }
    expect(sampleTruncNormal(rng, 50, 0.01, 0, 1)).toBe(1);
    expect(sampleTruncNormal(rng, -50, 0.01, 0, 1)).toBe(0);
    expect(sampleTruncNormal(rng, 0.4, 0, 0, 1)).toBe(0.4);
  });

  it('is deterministic for a seed', () => {
    const a = new Rng(9);
    const b = new Rng(9);
    for (let i = 0; i < 100; i++) expect(sampleTruncNormal(a, 0.3, 0.2, 0, 1)).toBe(sampleTruncNormal(b, 0.3, 0.2, 0, 1));
  });
});
