/**
 * k-sigma rule for fully connected kernels (METHOD §2).
 *
 * μ = mean(W), σ = population std (÷N, LAB choice: METHOD §7 point 3), both accumulated in
 * float64. Mask m = 1 iff |w − μ| ≥ kσ: weights strictly inside (μ − kσ, μ + kσ) are removed.
 * Computed once on the pretrained weights and kept fixed during fine-tuning.
 */

/** The k values offered in the UI (METHOD §2: k ∈ {1, 2, 3}, default 3). */
export const K_SIGMA_PRESETS: readonly number[] = [1, 2, 3];

/** Default k (METHOD §2). */
export const K_SIGMA_DEFAULT = 3;

/** Result of `kSigmaMask`. */
export interface KSigmaResult {
  /** New 0/1 mask of the kernel's length: 1 keep (outside the band), 0 removed (inside). */
  mask: Uint8Array;
  /** μ, float64 mean of the weights. */
  mean: number;
  /** σ, float64 population standard deviation (÷N). */
  std: number;
  /** The k used. */
  k: number;
  /** μ − kσ and μ + kσ: weights strictly between them are removed. */
  lower: number;
  upper: number;
  /** Number of removed weights (zeros in `mask`). */
  removed: number;
  /** removed / N, in [0, 1]; compare with `expectedGaussianRemoved(k)`. */
  removedFraction: number;
}

function assertK(k: number): void {
  if (typeof k !== 'number' || !Number.isFinite(k) || k <= 0) {
    throw new RangeError(`k must be a finite positive number, got ${k}`);
  }
}

/**
 * k-sigma mask of one kernel.
 *
 * A constant kernel has σ = 0, so the band is empty and every weight is kept (|w − μ| = 0 ≥ 0).
 *
 * @param weights flattened kernel (e.g. dense `[in,out]`). Not mutated. Must be non-empty and
 *   all finite (throws RangeError otherwise: μ and σ would be meaningless).
 * @param k finite, > 0 (throws RangeError otherwise).
 * @returns the mask and the statistics it was derived from.
 */
export function kSigmaMask(weights: Float32Array, k: number): KSigmaResult {
  assertK(k);
  const n = weights.length;
  if (n === 0) throw new RangeError('kSigmaMask: empty weights');
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i];
    if (!Number.isFinite(w)) throw new RangeError(`kSigmaMask: non-finite weight at index ${i}`);
    sum += w;
  }
  const mean = sum / n;
  // Two-pass variance: avoids the cancellation of E[w²] − μ², which matters when |μ| ≫ σ.
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const d = weights[i] - mean;
    sq += d * d;
  }
  const std = Math.sqrt(sq / n);
  const band = k * std;
  const mask = new Uint8Array(n);
  let removed = 0;
  for (let i = 0; i < n; i++) {
    if (Math.abs(weights[i] - mean) >= band) mask[i] = 1;
    else removed++;
  }
  return {
    mask,
    mean,
    std,
    k,
    lower: mean - band,
    upper: mean + band,
    removed,
    removedFraction: removed / n,
  };
}

const TWO_OVER_SQRT_PI = 1.1283791670955126;

/**
 * Error function, accurate to about 1e-14 absolute for all finite x.
 *
 * Uses the all-positive series erf(x) = (2/√π)·e^(−x²)·Σ_n (2x²)^n·x / (1·3·…·(2n+1)), which has
 * no cancellation (unlike the alternating Taylor series); for |x| ≥ 6, |1 − erf(x)| < 3e-17 so
 * ±1 is exact in double precision.
 *
 * @returns erf(x); NaN for NaN.
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax >= 6) return Math.sign(x);
  const x2 = ax * ax;
  let term = ax;
  let sum = ax;
  for (let n = 1; n < 500; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  const r = TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
  return x < 0 ? -r : r;
}

/**
 * Fraction a Gaussian layer loses under the k-sigma rule: P(|X − μ| < kσ) = erf(k/√2)
 * (0.6827 / 0.9545 / 0.9973 for k = 1 / 2 / 3). For the UI beside the measured fraction.
 *
 * @param k finite, ≥ 0 (RangeError otherwise).
 * @returns a fraction in [0, 1].
 */
export function expectedGaussianRemoved(k: number): number {
  if (!Number.isFinite(k) || k < 0) throw new RangeError(`k must be finite and ≥ 0, got ${k}`);
  return erf(k / Math.SQRT2);
}

/**
 * Same for a Laplacian layer with the same σ (scale b = σ/√2): 1 − e^(−√2·k)
 * (0.7569 / 0.9409 / 0.9856 for k = 1 / 2 / 3, METHOD §2).
 *
 * @param k finite, ≥ 0 (RangeError otherwise).
 * @returns a fraction in [0, 1].
 */
export function expectedLaplacianRemoved(k: number): number {
  if (!Number.isFinite(k) || k < 0) throw new RangeError(`k must be finite and ≥ 0, got ${k}`);
  return 1 - Math.exp(-Math.SQRT2 * k);
}
