/**
 * Weight statistics and histograms for the UI (before/after pruning views).
 *
 * Everything is accumulated in float64. Histograms bin weights by their ORIGINAL value, so a
 * masked view (`keptCounts`) overlays the unpruned one bin for bin instead of piling pruned
 * weights into the zero bin.
 */

/** Options of `weightStats`. */
export interface WeightStatsOptions {
  /** Number of equal-width bins, an integer ≥ 1. */
  bins: number;
  /** Optional mask of the same length (1 keep, 0 pruned): adds `keptCounts` and `prunedCount`. */
  mask?: Uint8Array;
  /**
   * Optional fixed histogram range [lo, hi], finite with lo < hi (e.g. to share axes between
   * layers). Values outside it are not binned; they are counted in `belowRange` / `aboveRange`.
   * Default: [min, max] of the finite weights.
   */
  range?: readonly [number, number];
}

/** Result of `weightStats`. */
export interface WeightStats {
  /** Number of weights (including non-finite ones). */
  count: number;
  /** Number of NaN/±Infinity weights; they are excluded from every other statistic and bin. */
  nonFinite: number;
  /** Mean of the finite weights (NaN when there are none). */
  mean: number;
  /** Population standard deviation (÷N) of the finite weights (NaN when there are none). */
  std: number;
  /** Smallest and largest finite weight (NaN when there are none). */
  min: number;
  max: number;
  /** bins+1 edges, ascending; bin b is [edges[b], edges[b+1]), the last bin also holds edges[bins]. */
  edges: Float64Array;
  /** Per-bin count of all (finite, in-range) weights. */
  counts: Uint32Array;
  /** Finite weights below / above a given `range` (always 0 with the default range). */
  belowRange: number;
  aboveRange: number;
  /** With a mask: per-bin count of kept weights, binned by original value. */
  keptCounts?: Uint32Array;
  /** With a mask: number of kept entries (mask ≠ 0), over all weights. */
  keptCount?: number;
  /** With a mask: number of pruned entries (mask = 0), over all weights. */
  prunedCount?: number;
}

/**
 * Mean, population std, min, max and an equal-width histogram of a weight array.
 *
 * Default range: [min, max]; when min = max (a constant array or a single finite value) it is
 * widened to [v − 0.5, v + 0.5] so the bins have non-zero width; with no finite values it is
 * [−0.5, 0.5]. The max value is placed in the last bin.
 *
 * @param weights any flattened tensor. Not mutated.
 * @param options bins (integer ≥ 1), optional mask (same length) and range; RangeError on
 *   invalid ones.
 * @returns new arrays; nothing is shared with the input.
 */
export function weightStats(weights: Float32Array, options: WeightStatsOptions): WeightStats {
  const { bins, mask, range } = options;
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`bins must be an integer ≥ 1, got ${bins}`);
  if (mask !== undefined && mask.length !== weights.length) {
    throw new RangeError(`mask length ${mask.length} != weights length ${weights.length}`);
  }
  if (range !== undefined && !(Number.isFinite(range[0]) && Number.isFinite(range[1]) && range[0] < range[1])) {
    throw new RangeError(`range must be finite [lo, hi] with lo < hi, got [${range[0]}, ${range[1]}]`);
  }
  const n = weights.length;

  let finite = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const w = weights[i];
    if (!Number.isFinite(w)) continue;
    finite++;
    sum += w;
    if (w < min) min = w;
    if (w > max) max = w;
  }
  const mean = finite > 0 ? sum / finite : NaN;
  // Two-pass variance (no E[w²] − μ² cancellation).
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i];
    if (Number.isFinite(w)) sq += (w - mean) * (w - mean);
  }
  const std = finite > 0 ? Math.sqrt(sq / finite) : NaN;
  if (finite === 0) {
    min = NaN;
    max = NaN;
  }

  let lo: number;
  let hi: number;
  if (range !== undefined) [lo, hi] = range;
  else if (finite === 0) [lo, hi] = [-0.5, 0.5];
  else if (min === max) [lo, hi] = [min - 0.5, max + 0.5];
  else [lo, hi] = [min, max];

  const edges = new Float64Array(bins + 1);
  const width = (hi - lo) / bins;
  for (let b = 0; b < bins; b++) edges[b] = lo + width * b;
  edges[bins] = hi; // exact, so max lands in [edges[bins-1], edges[bins]]

  const counts = new Uint32Array(bins);
  const keptCounts = mask !== undefined ? new Uint32Array(bins) : undefined;
  let belowRange = 0;
  let aboveRange = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i];
    if (!Number.isFinite(w)) continue;
    if (w < lo) {
      belowRange++;
      continue;
    }
    if (w > hi) {
      aboveRange++;
      continue;
    }
    let b = Math.floor((w - lo) / width);
    if (b >= bins) b = bins - 1;
    // Make the bin agree with the stored edges despite rounding in (w − lo) / width.
    while (b > 0 && w < edges[b]) b--;
    while (b < bins - 1 && w >= edges[b + 1]) b++;
    counts[b]++;
    if (keptCounts !== undefined && mask![i] !== 0) keptCounts[b]++;
  }

  const result: WeightStats = {
    count: n,
    nonFinite: n - finite,
    mean,
    std,
    min,
    max,
    edges,
    counts,
    belowRange,
    aboveRange,
  };
  if (mask !== undefined) {
    let kept = 0;
    for (let i = 0; i < n; i++) if (mask[i] !== 0) kept++;
    result.keptCounts = keptCounts;
    result.keptCount = kept;
    result.prunedCount = n - kept;
  }
  return result;
}
