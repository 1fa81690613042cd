/**
 * Batch helpers that turn uint8 datasets into normalized floats. No tfjs here: callers wrap the
 * returned Float32Array in a tensor, so this module also runs where tfjs is not loaded.
 */
import { CIFAR_MEAN, CIFAR_STD, type ImageDataset } from './dataset';

/**
 * Normalizes images [start, end) of `ds` to floats, per channel c: (x / 255 − mean[c]) / std[c].
 * Returns a new Float32Array of shape [end − start, H, W, C] (NHWC, flattened); `ds` is not
 * mutated. Throws a RangeError for a range outside [0, ds.count] or too few mean/std entries.
 */
export function normalizeToFloat(
  ds: ImageDataset,
  start: number,
  end: number,
  mean: readonly number[] = CIFAR_MEAN,
  std: readonly number[] = CIFAR_STD,
): Float32Array {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > ds.count) {
    throw new RangeError(`normalizeToFloat: range [${start}, ${end}) is outside [0, ${ds.count})`);
  }
  const C = ds.channels;
  if (mean.length < C || std.length < C) throw new RangeError(`normalizeToFloat: need ${C} mean and std values`);
  // One multiply-add per value: x * scale[c] + shift[c] with scale = 1/(255 std), shift = −mean/std.
  const scale = new Float64Array(C);
  const shift = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    scale[c] = 1 / (255 * std[c]);
    shift[c] = -mean[c] / std[c];
  }
  const per = ds.height * ds.width * C;
  const out = new Float32Array((end - start) * per);
  const src = ds.images;
  const base = start * per;
  if (C === 3) {
    const s0 = scale[0], s1 = scale[1], s2 = scale[2];
    const h0 = shift[0], h1 = shift[1], h2 = shift[2];
    for (let i = 0; i < out.length; i += 3) {
      out[i] = src[base + i] * s0 + h0;
      out[i + 1] = src[base + i + 1] * s1 + h1;
      out[i + 2] = src[base + i + 2] * s2 + h2;
    }
  } else {
    for (let i = 0; i < out.length; i++) out[i] = src[base + i] * scale[i % C] + shift[i % C];
  }
  return out;
}

/**
 * Normalized floats [indices.length, H, W, C] of the images at `indices` (any order), with the
 * same arithmetic as `normalizeToFloat`: fine-tuning without augmentation reads shuffled batches.
 */
export function gatherToFloat(ds: ImageDataset, indices: ArrayLike<number>): Float32Array {
  const per = ds.height * ds.width * ds.channels;
  const out = new Float32Array(indices.length * per);
  for (let j = 0; j < indices.length; j++) out.set(normalizeToFloat(ds, indices[j], indices[j] + 1), j * per);
  return out;
}

/**
 * Splits [0, count) into consecutive [start, end) ranges of at most `batchSize` items; the last
 * may be shorter. Returns a new array ([] for count 0). Throws a RangeError for a batch size < 1.
 */
export function batchRanges(count: number, batchSize: number): Array<[number, number]> {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchRanges: batchSize must be an integer ≥ 1, got ${batchSize}`);
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`batchRanges: count must be an integer ≥ 0, got ${count}`);
  const ranges: Array<[number, number]> = [];
  for (let s = 0; s < count; s += batchSize) ranges.push([s, Math.min(count, s + batchSize)]);
  return ranges;
}
