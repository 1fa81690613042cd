/**
 * BN recalibration, "adaptive BN" (EagleEye; METHOD §8.1): after masks are applied, re-estimate
 * every BatchNormalization layer's moving mean and variance from training images, with no
 * gradient. Semantics are PyTorch's `momentum=None` in train mode, so the offline reference
 * (training/bn_recal_golden.py) is the same computation.
 */
import * as tf from '@tensorflow/tfjs';
import type { ImageDataset } from '../data/dataset.ts';
import { batchRanges, normalizeToFloat } from '../data/batch.ts';
import { nextTask, throwIfCancelled } from '../cancel.ts';

/** Options of `recalibrateBatchNorm`. */
export interface BnRecalOptions {
  /** How many images to use (default 1,280, METHOD §8.1's 64 × 20); capped at what `ds` holds from `start`. */
  images?: number;
  /** Images per forward pass (default 64). Each batch weighs the same in the average, as in PyTorch. */
  batchSize?: number;
  /** Index of the first image in `ds` (default 0). */
  start?: number;
  /** Called after each batch with images done and total. */
  onProgress?: (done: number, total: number) => void;
  /** Polled between batches; when it returns true the call throws CANCELLED_MESSAGE and the model is unchanged. */
  shouldCancel?: () => boolean;
}

/** What `recalibrateBatchNorm` did. */
export interface BnRecalResult {
  /** BatchNormalization layers whose statistics were replaced. */
  layers: number;
  /** Images passed through the net. */
  images: number;
  /** Wall time (ms). */
  ms: number;
}

/**
 * Per-channel mean and biased variance of `x` over every axis but `channel` (two passes). Sums one
 * axis at a time: the wasm backend adds a reduction's values in sequence in float32, which over
 * one channel of a 64-image conv batch (65,536 values) loses up to ~1e-3 relative (measured on a
 * constant channel); ≤ 64 values per step keep the error near float32 rounding.
 */
function batchMoments(x: tf.Tensor, channel: number): [tf.Tensor, tf.Tensor] {
  const sum = (t: tf.Tensor) => {
    for (let a = t.rank - 1; a >= 0; a--) if (a !== channel) t = t.sum(a);
    return t;
  };
  const n = x.size / x.shape[channel];
  const mean = sum(x).div(n);
  const variance = sum(tf.squaredDifference(x, mean.reshape(x.shape.map((d, a) => (a === channel ? d : 1))))).div(n);
  return [mean, variance];
}

/**
 * Replaces every BatchNormalization layer's moving mean and variance by the cumulative average,
 * over batches of `ds` images, of the batch mean and the unbiased batch variance (× n/(n−1), n =
 * elements per channel in the batch) of the layer's input: PyTorch's `reset_running_stats()` +
 * `momentum=None` in train mode (METHOD §8.1). Kernels, biases, γ and β are not touched; other
 * layers run in inference mode (a Dropout stays off). Images are normalized as `evaluate` does. Finds
 * BN layers by class name (zoo and imported models). Leaves no tensors behind; the model is only
 * written at the end, so a cancel or error leaves it as it was.
 */
export async function recalibrateBatchNorm(model: tf.LayersModel, ds: ImageDataset, opts: BnRecalOptions = {}): Promise<BnRecalResult> {
  const t0 = performance.now();
  const start = opts.start ?? 0;
  if (!Number.isInteger(start) || start < 0 || start > ds.count) throw new RangeError(`recalibrateBatchNorm: start ${start} is outside [0, ${ds.count}]`);
  const total = Math.max(0, Math.min(opts.images ?? 1280, ds.count - start));
  const bns = model.layers.filter((l) => l.getClassName() === 'BatchNormalization');
  if (bns.length === 0 || total === 0) return { layers: 0, images: 0, ms: performance.now() - t0 };
  const weight = (l: tf.layers.Layer, short: string) => l.weights.find((w) => w.originalName.split('/').pop() === short);
  const taps = bns.map((l) => l.input as tf.SymbolicTensor);
  const bn = bns.map((l, i) => {
    const { axis = -1, epsilon = 1e-3 } = l.getConfig() as { axis?: number; epsilon?: number };
    const channel = axis < 0 ? axis + taps[i].shape.length : axis;
    const [mean, variance] = [weight(l, 'moving_mean'), weight(l, 'moving_variance')];
    if (!mean || !variance) throw new Error(`BatchNormalization layer '${l.name}' has no moving statistics`);
    // Values per channel of one image's BN input: H·W for a conv BN, 1 for a dense one.
    const perImage = taps[i].shape.reduce<number>((a, d, ax) => (ax === 0 || ax === channel ? a : a * (d as number)), 1);
    return { channel, epsilon, mean, variance, gamma: weight(l, 'gamma'), beta: weight(l, 'beta'), perImage };
  });
  // Training-mode BN: each layer normalizes with its batch's statistics, so the moving statistics
  // never enter the pass. Stood in for tfjs' own training-mode BN, which also writes its moving
  // averages (momentum, biased variance) and reduces in one float32 sequence (the error feeds
  // every later layer). One pass through a model that outputs every BN input gives them all.
  const trainingBn = (i: number) => (inputs: tf.Tensor | tf.Tensor[]): tf.Tensor => {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    const b = bn[i];
    const shape = x.shape.map((d, a) => (a === b.channel ? d : 1));
    const [mean, variance] = batchMoments(x, b.channel);
    return tf.batchNorm(x, mean.reshape(shape), variance.reshape(shape), b.beta?.read().reshape(shape), b.gamma?.read().reshape(shape), b.epsilon);
  };
  const probe = tf.model({ inputs: model.inputs, outputs: taps });
  const [sumMean, sumVar] = [bn.map((b) => new Float64Array(b.mean.shape[0] as number)), bn.map((b) => new Float64Array(b.variance.shape[0] as number))];
  const [h, w, c] = [ds.height, ds.width, ds.channels];
  let batches = 0;
  for (const [s, e] of batchRanges(total, opts.batchSize ?? 64)) {
    throwIfCancelled(opts.shouldCancel);
    const moments = tf.tidy(() => {
      const x = tf.tensor4d(normalizeToFloat(ds, start + s, start + e), [e - s, h, w, c]);
      // Swapped in and out synchronously, so nothing else (an evaluation between batches) sees it.
      bns.forEach((l, i) => Object.defineProperty(l, 'call', { value: trainingBn(i), configurable: true, writable: true }));
      let outs: tf.Tensor | tf.Tensor[];
      try {
        outs = probe.apply(x, { training: false }) as tf.Tensor | tf.Tensor[];
      } finally {
        for (const l of bns) delete (l as unknown as { call?: unknown }).call;
      }
      return (Array.isArray(outs) ? outs : [outs]).flatMap((t, i) => batchMoments(t, bn[i].channel));
    });
    const values = await Promise.all(moments.map((t) => t.data()));
    tf.dispose(moments);
    batches += 1;
    bn.forEach((b, i) => {
      // PyTorch: running += (batch − running) / num_batches_tracked, an equal-weight mean of the
      // batch statistics, the variance made unbiased (one value per channel, which PyTorch refuses
      // in training, adds variance 0 here).
      const n = (e - s) * b.perImage;
      const unbias = n > 1 ? n / (n - 1) : 1;
      const [bm, bv] = [values[2 * i], values[2 * i + 1]];
      for (let ch = 0; ch < bm.length; ch++) {
        sumMean[i][ch] += bm[ch];
        sumVar[i][ch] += bv[ch] * unbias;
      }
    });
    opts.onProgress?.(e, total);
    await nextTask();
  }
  bn.forEach((b, i) => {
    const mean = tf.tensor1d(Float32Array.from(sumMean[i], (v) => v / batches));
    const variance = tf.tensor1d(Float32Array.from(sumVar[i], (v) => v / batches));
    b.mean.write(mean);
    b.variance.write(variance);
    tf.dispose([mean, variance]);
  });
  return { layers: bns.length, images: total, ms: performance.now() - t0 };
}
