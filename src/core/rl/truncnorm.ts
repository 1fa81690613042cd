/**
 * A bounded truncated-normal sampler (METHOD §1.4): TruncNormal(μ, σ) restricted to [lo, hi] by
 * the inverse-CDF method, so it needs one uniform draw per sample and never loops. tfjs'
 * `truncatedNormal` (cut at ±2σ around μ, not at fixed bounds) is a different distribution.
 *
 * Precision: Φ uses erfc with ≤ 1.2e-7 relative error in every tail (Numerical Recipes' erfcc),
 * the inverse uses Acklam's approximation refined by one Halley step against that Φ. When μ lies
 * above the interval the problem is mirrored, so that the probabilities used are small tails
 * (accurate) rather than values near 1. If the interval carries no probability mass in double
 * precision, the sample is the bound nearest μ.
 */
import type { Rng } from '../rng.ts';

/** erfc(x), relative error < 1.2e-7 for all x. */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
    + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? r : 2 - r;
}

/** Standard normal CDF Φ(x). */
export function normCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];

/** Inverse standard normal CDF Φ⁻¹(p) for p in (0, 1). */
export function normInv(p: number): number {
  if (!(p > 0 && p < 1)) return p <= 0 ? -Infinity : Infinity;
  const pLow = 0.02425;
  let x: number;
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  } else if (p <= 1 - pLow) {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  }
  // One Halley step against Φ.
  const e = normCdf(x) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp(0.5 * x * x);
  return x - u / (1 + 0.5 * x * u);
}

/** One draw from N(μ, σ²) truncated to [lo, hi] (lo ≤ hi, σ ≥ 0). */
export function sampleTruncNormal(rng: Rng, mu: number, sigma: number, lo: number, hi: number): number {
  const u = rng.next();
  if (!(sigma > 0) || !Number.isFinite(mu)) return Math.min(hi, Math.max(lo, Number.isFinite(mu) ? mu : lo));
  // Mirror so that the interval's lower end is at or below μ: then Φ(β') ≥ 0.5 only when the
  // interval straddles μ, and the tail probabilities below stay accurate.
  const flip = (lo - mu) / sigma > 0;
  const a = flip ? (mu - hi) / sigma : (lo - mu) / sigma;
  const b = flip ? (mu - lo) / sigma : (hi - mu) / sigma;
  const pa = normCdf(a);
  const pb = normCdf(b);
  let z: number;
  if (!(pb - pa > 1e-300)) {
    z = b < 0 ? b : a > 0 ? a : 0; // no mass in double precision: the bound nearest μ
  } else {
    z = normInv(pa + u * (pb - pa));
    if (!Number.isFinite(z)) z = u < 0.5 ? a : b;
  }
  const x = flip ? mu - sigma * z : mu + sigma * z;
  return Math.min(hi, Math.max(lo, x));
}
