/**
 * Magnitude baselines over several layers (METHOD §3, first two rows).
 *
 * - Uniform: every layer gets the same sparsity, exactly round(s·n_t) pruned per layer.
 * - Global: |w| pooled over all layers, exactly K* = round(s·Σn_t) pruned in total, ties broken by
 *   layer index, then weight index; optional per-layer cap a_max.
 *
 * Both reuse per-layer `magnitudeOrder`s when given, because the DDPG search and the UI call these
 * many times on the same pretrained weights (METHOD §1.1: sort each layer once).
 */
import {
  assertCount,
  float32Bits,
  magnitudeKeyFromBits,
  magnitudeOrder,
  maskFromOrder,
  NAN_MAGNITUDE_KEY,
  prunedCountForSparsity,
} from './masks.ts';

/** Options shared by the multi-layer magnitude functions. */
export interface MagnitudeOptions {
  /** Precomputed `magnitudeOrder(layers[t])` for each layer (same count and lengths). */
  orders?: Uint32Array[];
}

/** Options of `globalMagnitude`. */
export interface GlobalMagnitudeOptions extends MagnitudeOptions {
  /**
   * Per-layer cap a_max in [0, 1] (METHOD §3 "optional cap a_max per layer"): layer t prunes at
   * most floor(a_max·n_t). Layers that hit the cap are skipped and the next-smallest weights of
   * other layers are taken instead, so the total stays exactly K*.
   */
  maxLayerSparsity?: number;
}

/**
 * Normalizes the third argument: a bare array of orders is shorthand for `{ orders }`.
 */
function asOptions<T extends MagnitudeOptions>(arg: Uint32Array[] | T | undefined): T {
  if (arg === undefined) return {} as T;
  return Array.isArray(arg) ? ({ orders: arg } as T) : arg;
}

function resolveOrders(layers: Float32Array[], orders: Uint32Array[] | undefined): Uint32Array[] {
  if (orders === undefined) return layers.map((w) => magnitudeOrder(w));
  if (orders.length !== layers.length) {
    throw new RangeError(`orders: expected ${layers.length} layers, got ${orders.length}`);
  }
  orders.forEach((o, t) => {
    if (o.length !== layers[t].length) {
      throw new RangeError(`orders[${t}] length ${o.length} != layer length ${layers[t].length}`);
    }
  });
  return orders;
}

/**
 * Uniform magnitude pruning: each layer prunes exactly round(sparsity·n_t) of its smallest |w|
 * (ties by index).
 *
 * @param layers flattened kernels. Not mutated.
 * @param sparsity fraction pruned per layer, in [0, 1] (RangeError otherwise).
 * @param options optional precomputed orders, as `{ orders }` or the bare array.
 * @returns one new mask per layer.
 */
export function uniformMagnitude(
  layers: Float32Array[],
  sparsity: number,
  optionsOrOrders?: MagnitudeOptions | Uint32Array[],
): Uint8Array[] {
  const options = asOptions(optionsOrOrders);
  // Validate before sorting so a bad sparsity fails fast.
  prunedCountForSparsity(0, sparsity);
  const orders = resolveOrders(layers, options.orders);
  return layers.map((w, t) => maskFromOrder(orders[t], prunedCountForSparsity(w.length, sparsity)));
}

/** Result of `globalMagnitudeCounts`: how many weights each layer prunes. */
export interface GlobalMagnitudeCounts {
  /** K* = round(sparsity·Σn_t): total pruned. */
  totalPruned: number;
  /** k_t per layer; Σ k_t = totalPruned. */
  prunedPerLayer: number[];
  /**
   * The magnitude key (float32 bits of |w|, see masks.ts) at which the selection stops: every
   * pruned weight has key ≤ threshold and every kept weight of an uncapped layer has key ≥ it.
   * -1 when nothing is pruned.
   */
  thresholdKey: number;
}

/**
 * Per-layer pruned counts of global magnitude pruning, without building the masks.
 *
 * Method: each layer's sorted order gives, by binary search, the count of weights with key < v.
 * A binary search over v ∈ [0, NaN key] (31 steps) finds the smallest key v* at which the capped
 * cumulative count reaches K*. Everything below v* is pruned; the remaining ones come from the
 * weights whose key equals v*, taken in (layer, index) order. Within a layer those are contiguous
 * in its order and already sorted by index, so each layer's pruned set is a prefix of its order.
 *
 * @param layers flattened kernels. Not mutated.
 * @param sparsity global fraction pruned, in [0, 1].
 * @param options optional orders and per-layer cap (or the bare array of orders).
 * @returns counts, plus the per-layer orders used (the given ones, or freshly computed) so a
 *   caller can build masks with `maskFromOrder`. Throws RangeError when the cap makes K*
 *   unreachable (K* > Σ floor(a_max·n_t)).
 */
export function globalMagnitudeCounts(
  layers: Float32Array[],
  sparsity: number,
  optionsOrOrders?: GlobalMagnitudeOptions | Uint32Array[],
): GlobalMagnitudeCounts & { orders: Uint32Array[] } {
  const options = asOptions(optionsOrOrders);
  const total = layers.reduce((s, w) => s + w.length, 0);
  const kStar = prunedCountForSparsity(total, sparsity);
  const cap = options.maxLayerSparsity ?? 1;
  if (!Number.isFinite(cap) || cap < 0 || cap > 1) {
    throw new RangeError(`maxLayerSparsity must be in [0, 1], got ${cap}`);
  }
  const caps = layers.map((w) => Math.floor(cap * w.length));
  const capacity = caps.reduce((s, c) => s + c, 0);
  if (kStar > capacity) {
    throw new RangeError(
      `global magnitude: K*=${kStar} exceeds the per-layer caps (at most ${capacity} prunable at a_max=${cap})`,
    );
  }
  const orders = resolveOrders(layers, options.orders);
  const bits = layers.map(float32Bits);

  // Count of entries of layer t whose key is < v: lower bound in the sorted order.
  const countBelow = (t: number, v: number): number => {
    const o = orders[t];
    const b = bits[t];
    let lo = 0;
    let hi = o.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (magnitudeKeyFromBits(b[o[mid]]) < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const cappedBelow = (v: number): number => {
    let s = 0;
    for (let t = 0; t < layers.length; t++) s += Math.min(caps[t], countBelow(t, v));
    return s;
  };

  if (kStar === 0) {
    return { totalPruned: 0, prunedPerLayer: layers.map(() => 0), thresholdKey: -1, orders };
  }
  // Smallest v* with cappedBelow(v* + 1) ≥ K*, i.e. count of keys ≤ v* reaches K*.
  let lo = 0;
  let hi = NAN_MAGNITUDE_KEY;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (cappedBelow(mid + 1) >= kStar) hi = mid;
    else lo = mid + 1;
  }
  const threshold = lo;
  const prunedPerLayer = layers.map((_, t) => Math.min(caps[t], countBelow(t, threshold)));
  let remaining = kStar - prunedPerLayer.reduce((s, k) => s + k, 0);
  // Ties at the threshold key: lower layer first, then lower index (the order's own tie-break).
  for (let t = 0; t < layers.length && remaining > 0; t++) {
    const tied = countBelow(t, threshold + 1) - countBelow(t, threshold);
    const take = Math.min(remaining, tied, caps[t] - prunedPerLayer[t]);
    if (take > 0) {
      prunedPerLayer[t] += take;
      remaining -= take;
    }
  }
  if (remaining !== 0) throw new Error('global magnitude: internal error, K* not reached');
  return { totalPruned: kStar, prunedPerLayer, thresholdKey: threshold, orders };
}

/**
 * Global magnitude pruning: prunes exactly K* = round(sparsity·Σn_t) weights with the smallest
 * |w| over all layers, ties broken by layer index then weight index (METHOD §3).
 *
 * @param layers flattened kernels. Not mutated.
 * @param sparsity global fraction pruned, in [0, 1] (RangeError otherwise).
 * @param options optional precomputed orders (recommended for repeated calls: sorting 15M
 *   weights dominates the cost) and optional per-layer cap `maxLayerSparsity`; a bare
 *   `Uint32Array[]` is shorthand for `{ orders }`.
 * @returns one new mask per layer; the zeros sum to exactly K*.
 */
export function globalMagnitude(
  layers: Float32Array[],
  sparsity: number,
  optionsOrOrders?: GlobalMagnitudeOptions | Uint32Array[],
): Uint8Array[] {
  const { prunedPerLayer, orders } = globalMagnitudeCounts(layers, sparsity, optionsOrOrders);
  return orders.map((o, t) => {
    assertCount(prunedPerLayer[t], o.length);
    return maskFromOrder(o, prunedPerLayer[t]);
  });
}
