/**
 * Filter-level criteria (METHOD §3): one score per output channel of a conv layer, and the
 * choice of which filters to remove. Pure TypeScript; activations come in as plain NHWC arrays
 * (the pipeline reads them from tfjs), so every criterion runs and is tested in Node.
 *
 * | criterion | score                                              | removes |
 * |-----------|----------------------------------------------------|---------|
 * | l1        | Σ_{h,w,i} |K[h,w,i,j]| (Li17; "weight sum")         | lowest  |
 * | apoz      | fraction of post-ReLU outputs equal to 0 (Hu16)     | highest |
 * | entropy   | entropy of the channel's spatial means (Luo17)      | lowest  |
 * | hrank     | mean rank of the channel's H×W maps (Lin20)         | lowest  |
 */
import { matrixRankInPlace } from './svd.ts';

export type FilterCriterion = 'l1' | 'apoz' | 'entropy' | 'hrank';
export type ActivationCriterion = Exclude<FilterCriterion, 'l1'>;

/** Which end of the score order each criterion prunes. */
export const PRUNES: Record<FilterCriterion, 'lowest' | 'highest'> = { l1: 'lowest', apoz: 'highest', entropy: 'lowest', hrank: 'lowest' };

/** METHOD §3: LAB default bin count of the entropy criterion (unverified in Luo17). */
export const ENTROPY_BINS_DEFAULT = 100;

/**
 * L1 norm of each filter (the sum of absolute weights, Li17).
 *
 * @param kernel conv kernel `[kh, kw, Cin, Cout]` flattened in that order (tfjs layout). Not mutated.
 * @param shape its shape; the product must equal `kernel.length`.
 * @returns a new Float64Array of length Cout, accumulated in float64.
 */
export function l1FilterScores(kernel: Float32Array, shape: readonly number[]): Float64Array {
  if (shape.length !== 4 || shape.reduce((a, b) => a * b, 1) !== kernel.length) {
    throw new RangeError(`l1FilterScores: shape [${shape}] does not match ${kernel.length} weights`);
  }
  const cout = shape[3];
  const scores = new Float64Array(cout);
  for (let i = 0; i < kernel.length; i += cout) {
    for (let j = 0; j < cout; j++) scores[j] += Math.abs(kernel[i + j]);
  }
  return scores;
}

/** Shape of an activation batch, NHWC. */
export interface ActShape {
  n: number;
  h: number;
  w: number;
  c: number;
}

/** Accumulates one activation criterion over calibration batches. */
export interface ChannelAccumulator {
  readonly criterion: ActivationCriterion;
  /** Images seen so far. */
  readonly images: number;
  /**
   * Adds a batch of post-ReLU outputs.
   * @param acts `[n, h, w, c]` flattened NHWC; not mutated or kept.
   */
  add(acts: Float32Array, shape: ActShape): void;
  /** One score per channel (new array). Throws before the first batch. */
  scores(): Float64Array;
}

function checkBatch(acts: Float32Array, s: ActShape, channels: number): void {
  if (s.c !== channels) throw new RangeError(`expected ${channels} channels, got ${s.c}`);
  if (acts.length !== s.n * s.h * s.w * s.c) throw new RangeError(`activation length ${acts.length} != ${s.n}·${s.h}·${s.w}·${s.c}`);
}

/** APoZ: (1/(N·H·W))·Σ [O = 0] per channel (Hu16). */
export class ApozAccumulator implements ChannelAccumulator {
  readonly criterion = 'apoz' as const;
  images = 0;
  private readonly zeros: Float64Array;
  private positions = 0;

  constructor(readonly channels: number) {
    this.zeros = new Float64Array(channels);
  }

  add(acts: Float32Array, s: ActShape): void {
    checkBatch(acts, s, this.channels);
    const c = this.channels;
    for (let i = 0; i < acts.length; i += c) {
      for (let j = 0; j < c; j++) if (acts[i + j] === 0) this.zeros[j]++;
    }
    this.positions += s.n * s.h * s.w;
    this.images += s.n;
  }

  scores(): Float64Array {
    if (this.images === 0) throw new Error('APoZ: no calibration images');
    return this.zeros.map((z) => z / this.positions);
  }
}

/**
 * Entropy (Luo17): per image, g_{n,j} = spatial mean of channel j; per channel, a histogram of
 * g over the N images in `bins` equal-width bins on [min, max] (the top edge belongs to the last
 * bin, as numpy.histogram); H_j = −Σ p·ln p with p = count/N; 0 when g is constant.
 */
export class EntropyAccumulator implements ChannelAccumulator {
  readonly criterion = 'entropy' as const;
  images = 0;
  private readonly means: number[][];

  constructor(readonly channels: number, readonly bins = ENTROPY_BINS_DEFAULT) {
    if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`entropy bins must be a positive integer, got ${bins}`);
    this.means = Array.from({ length: channels }, () => []);
  }

  add(acts: Float32Array, s: ActShape): void {
    checkBatch(acts, s, this.channels);
    const c = this.channels;
    const hw = s.h * s.w;
    const sums = new Float64Array(c);
    for (let n = 0; n < s.n; n++) {
      sums.fill(0);
      const base = n * hw * c;
      for (let p = 0; p < hw; p++) {
        const o = base + p * c;
        for (let j = 0; j < c; j++) sums[j] += acts[o + j];
      }
      for (let j = 0; j < c; j++) this.means[j].push(sums[j] / hw);
    }
    this.images += s.n;
  }

  scores(): Float64Array {
    if (this.images === 0) throw new Error('Entropy: no calibration images');
    return Float64Array.from(this.means, (g) => histogramEntropy(g, this.bins));
  }
}

/**
 * Entropy (natural log) of `values` histogrammed into `bins` equal-width bins on [min, max].
 * Returns 0 for constant values. Pure.
 */
export function histogramEntropy(values: readonly number[], bins: number): number {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!(max > min)) return 0;
  const counts = new Float64Array(bins);
  const scale = bins / (max - min);
  for (const v of values) counts[Math.min(bins - 1, Math.floor((v - min) * scale))]++;
  let h = 0;
  for (const k of counts) {
    if (k > 0) {
      const p = k / values.length;
      h -= p * Math.log(p);
    }
  }
  return h;
}

/**
 * HRank (Lin20): the mean, over images, of the numerical rank of each channel's H×W map
 * (float64 Jacobi SVD, `torch.matrix_rank`'s float32 tolerance; see svd.ts).
 */
export class HRankAccumulator implements ChannelAccumulator {
  readonly criterion = 'hrank' as const;
  images = 0;
  private readonly rankSums: Float64Array;

  constructor(readonly channels: number) {
    this.rankSums = new Float64Array(channels);
  }

  add(acts: Float32Array, s: ActShape): void {
    checkBatch(acts, s, this.channels);
    const { h, w, c } = s;
    const map = new Float64Array(h * w);
    for (let n = 0; n < s.n; n++) {
      const base = n * h * w * c;
      for (let j = 0; j < c; j++) {
        // Column-major H×W: element (row y, col x) at x·h + y.
        let nonzero = false;
        for (let y = 0; y < h; y++) {
          for (let x = 0; x < w; x++) {
            const v = acts[base + (y * w + x) * c + j];
            map[x * h + y] = v;
            if (v !== 0) nonzero = true;
          }
        }
        if (nonzero) this.rankSums[j] += matrixRankInPlace(map, h, w);
      }
    }
    this.images += s.n;
  }

  scores(): Float64Array {
    if (this.images === 0) throw new Error('HRank: no calibration images');
    return this.rankSums.map((r) => r / this.images);
  }
}

/** A fresh accumulator for an activation criterion. */
export function channelAccumulator(criterion: ActivationCriterion, channels: number, opts: { entropyBins?: number } = {}): ChannelAccumulator {
  if (criterion === 'apoz') return new ApozAccumulator(channels);
  if (criterion === 'entropy') return new EntropyAccumulator(channels, opts.entropyBins);
  return new HRankAccumulator(channels);
}

/**
 * Number of filters a layer of `cout` filters loses at ratio p: ⌊p·Cout⌋, keeping at least one
 * (METHOD §3). A 1e-9 slack stops float error from turning e.g. 0.29·100 into 28.
 */
export function filtersToRemove(p: number, cout: number): number {
  if (!Number.isFinite(p) || p < 0 || p > 1) throw new RangeError(`filter ratio must be in [0, 1], got ${p}`);
  return Math.min(cout - 1, Math.floor(p * cout + 1e-9));
}

/**
 * Channel keep-mask removing the `count` filters a criterion ranks worst: the lowest or highest
 * scores, ties broken by lower channel index first.
 *
 * @param scores one per channel; not mutated.
 * @returns a new Uint8Array of length scores.length (1 keep, 0 remove) with exactly `count` zeros.
 */
export function selectFilters(scores: ArrayLike<number>, count: number, prunes: 'lowest' | 'highest'): Uint8Array {
  const c = scores.length;
  if (!Number.isInteger(count) || count < 0 || count > c) throw new RangeError(`filter count must be an integer in [0, ${c}], got ${count}`);
  const sign = prunes === 'lowest' ? 1 : -1;
  const order = Array.from({ length: c }, (_, j) => j).sort((a, b) => sign * (scores[a] - scores[b]) || a - b);
  const keep = new Uint8Array(c).fill(1);
  for (let i = 0; i < count; i++) keep[order[i]] = 0;
  return keep;
}
