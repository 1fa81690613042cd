/**
 * Exact-k magnitude masks (METHOD §1.3 "Mask", §3 uniform/global magnitude).
 *
 * A mask is a `Uint8Array` of the kernel's length: 1 = keep, 0 = prune. Masks never change
 * weights in place; `applyMask` returns a new array so the original can be restored exactly.
 *
 * Ordering convention used everywhere in this folder: weights are ranked ascending by the key
 * (|w|, index). |w| is compared through its float32 bit pattern with the sign bit cleared, which
 * for non-negative floats orders exactly like the value. Consequences:
 * - +0 and -0 have the same key (0), so they tie and are broken by index.
 * - NaN is treated as the LARGEST magnitude (above +/-Infinity), so a NaN weight is pruned last;
 *   all NaNs share one key (payload ignored) and are broken by index among themselves.
 */

/** Key given to every NaN: one above the bit pattern of +Infinity (0x7f800000). */
export const NAN_MAGNITUDE_KEY = 0x7f800001;

/**
 * Sort key of one weight given its raw float32 bits: the bits of |w|, NaN canonicalized to
 * `NAN_MAGNITUDE_KEY`. Keys compare (as unsigned integers) exactly like |w|.
 */
export function magnitudeKeyFromBits(bits: number): number {
  const a = (bits & 0x7fffffff) >>> 0;
  return a > 0x7f800000 ? NAN_MAGNITUDE_KEY : a;
}

/**
 * Views the float32 weights as their raw uint32 bit patterns (no copy). The returned view
 * aliases `weights`; callers only read from it.
 */
export function float32Bits(weights: Float32Array): Uint32Array {
  return new Uint32Array(weights.buffer, weights.byteOffset, weights.length);
}

/**
 * Indices of `weights` sorted ascending by (|w|, index).
 *
 * Implementation: a stable LSD radix sort of the 31-bit magnitude keys in three passes
 * (11 + 11 + 9 bits). Stability makes the index tie-break automatic because indices enter in
 * increasing order. Measured about 5x faster than packing keys into a Float64Array and using
 * the native sort, and it has no size limit (the float64 packing is only exact up to 2^22).
 *
 * @param weights flattened kernel of any length < 2^32. Not mutated.
 * @returns a new `Uint32Array` of length `weights.length`, a permutation of 0..n-1.
 *   Temporary memory: about 16 bytes per weight.
 */
export function magnitudeOrder(weights: Float32Array): Uint32Array {
  const n = weights.length;
  const bits = float32Bits(weights);
  const h0 = new Uint32Array(2048);
  const h1 = new Uint32Array(2048);
  const h2 = new Uint32Array(512);
  let keysA = new Uint32Array(n);
  let keysB = new Uint32Array(n);
  let idxA = new Uint32Array(n);
  let idxB = new Uint32Array(n);
  // One pre-pass builds all three digit histograms at once.
  for (let i = 0; i < n; i++) {
    const k = magnitudeKeyFromBits(bits[i]);
    keysA[i] = k;
    idxA[i] = i;
    h0[k & 2047]++;
    h1[(k >>> 11) & 2047]++;
    h2[k >>> 22]++;
  }
  const digitPasses: [Uint32Array, number, number][] = [
    [h0, 0, 2047],
    [h1, 11, 2047],
    [h2, 22, 511],
  ];
  for (const [hist, shift, digitMask] of digitPasses) {
    // A digit shared by every key leaves the order unchanged: skip the scatter.
    if (n === 0 || hist[(keysA[0] >>> shift) & digitMask] === n) continue;
    let sum = 0;
    for (let b = 0; b < hist.length; b++) {
      const c = hist[b];
      hist[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const k = keysA[i];
      const dst = hist[(k >>> shift) & digitMask]++;
      keysB[dst] = k;
      idxB[dst] = idxA[i];
    }
    [keysA, keysB] = [keysB, keysA];
    [idxA, idxB] = [idxB, idxA];
  }
  return idxA;
}

/**
 * Validates that `k` is an integer count in [0, n]. Throws RangeError otherwise.
 * Shared by the mask builders so error messages are uniform.
 */
export function assertCount(k: number, n: number, what = 'prunedCount'): void {
  if (!Number.isInteger(k) || k < 0 || k > n) {
    throw new RangeError(`${what} must be an integer in [0, ${n}], got ${k}`);
  }
}

/**
 * Mask that prunes the first `prunedCount` entries of `order` and keeps the rest.
 *
 * @param order permutation of 0..n-1 (e.g. from `magnitudeOrder`). Not mutated.
 * @param prunedCount integer in [0, n]; throws RangeError otherwise.
 * @returns a new mask of length n with exactly `prunedCount` zeros.
 */
export function maskFromOrder(order: Uint32Array, prunedCount: number): Uint8Array {
  const n = order.length;
  assertCount(prunedCount, n);
  const mask = new Uint8Array(n).fill(1);
  for (let i = 0; i < prunedCount; i++) mask[order[i]] = 0;
  return mask;
}

/**
 * Number of weights to prune for a sparsity: round(sparsity·n), with `Math.round`
 * (halves round up). This is the k of METHOD §1.3/§3.
 *
 * @param n layer size, a non-negative integer.
 * @param sparsity fraction pruned, finite and in [0, 1]; throws RangeError otherwise.
 * @returns an integer in [0, n].
 */
export function prunedCountForSparsity(n: number, sparsity: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
  if (!Number.isFinite(sparsity) || sparsity < 0 || sparsity > 1) {
    throw new RangeError(`sparsity must be a finite number in [0, 1], got ${sparsity}`);
  }
  // The clamp only guards against a product that rounds past n (it cannot for s ≤ 1, but it is free).
  return Math.min(n, Math.round(sparsity * n));
}

/**
 * Exact-k magnitude mask of one layer: prunes the round(sparsity·n) smallest |w|, ties broken by
 * lower index first.
 *
 * @param weights flattened kernel. Not mutated.
 * @param sparsity fraction pruned in [0, 1].
 * @param order optional precomputed `magnitudeOrder(weights)` (reused across DDPG episodes,
 *   METHOD §1.1); its length must equal `weights.length`.
 * @returns a new mask with exactly round(sparsity·n) zeros.
 */
export function exactKMask(weights: Float32Array, sparsity: number, order?: Uint32Array): Uint8Array {
  const k = prunedCountForSparsity(weights.length, sparsity);
  if (order !== undefined && order.length !== weights.length) {
    throw new RangeError(`order length ${order.length} != weights length ${weights.length}`);
  }
  return maskFromOrder(order ?? magnitudeOrder(weights), k);
}

function assertSameLength(a: { length: number }, b: { length: number }, what: string): void {
  if (a.length !== b.length) throw new RangeError(`${what}: length mismatch ${a.length} vs ${b.length}`);
}

/**
 * Masked copy of the weights: entry i is `weights[i]` where mask[i] ≠ 0 and +0 where mask[i] = 0.
 * Pruned entries are written as +0 rather than computed as w·0, which would give -0 for negative
 * weights and NaN for non-finite ones.
 *
 * @param weights flattened kernel. Not mutated, so "restore" is just using the original again.
 * @param mask same length as `weights`; throws RangeError otherwise.
 * @returns a NEW Float32Array.
 */
export function applyMask(weights: Float32Array, mask: Uint8Array): Float32Array {
  assertSameLength(weights, mask, 'applyMask');
  const out = new Float32Array(weights.length);
  for (let i = 0; i < weights.length; i++) if (mask[i] !== 0) out[i] = weights[i];
  return out;
}

/** Number of pruned entries (mask value 0). Pure. */
export function countZeros(mask: Uint8Array): number {
  let z = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] === 0) z++;
  return z;
}

/** Number of kept entries (mask value ≠ 0). Pure. */
export function countKept(mask: Uint8Array): number {
  return mask.length - countZeros(mask);
}

/**
 * Element-wise AND of two masks: keep only where both keep.
 *
 * @param a first mask. Not mutated.
 * @param b second mask, same length; throws RangeError otherwise. Not mutated.
 * @returns a new 0/1 mask.
 */
export function combineMasks(a: Uint8Array, b: Uint8Array): Uint8Array {
  assertSameLength(a, b, 'combineMasks');
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] !== 0 && b[i] !== 0 ? 1 : 0;
  return out;
}
