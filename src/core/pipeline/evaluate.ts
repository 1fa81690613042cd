import * as tf from '@tensorflow/tfjs';
import type { ImageDataset } from '../data/dataset.ts';
import { batchRanges, normalizeToFloat } from '../data/batch.ts';
import { nextTask, throwIfCancelled } from '../cancel.ts';
import type { StopRule } from '../rl/search.ts';

export interface EvalResult {
  /** Top-1 accuracy, 0..1. */
  top1: number;
  correct: number;
  count: number;
  /** Per-class correct and total counts, indexed by label. */
  perClass: { correct: number; total: number }[];
  /** Wall time of the whole evaluation (ms). */
  ms: number;
}

export interface EvalOptions {
  batchSize?: number;
  /** Evaluate only the first `limit` images. */
  limit?: number;
  /** Called after each batch with images done and total. */
  onProgress?: (done: number, total: number) => void;
  /** Polled between batches; when it returns true the evaluation throws CANCELLED_MESSAGE. */
  shouldCancel?: () => boolean;
  /** Asked after each batch: true ends the scoring there (the result counts the images seen). */
  stopWhen?: StopRule;
}

/**
 * Top-1 and per-class accuracy of `model` over `ds` in batches (BN in inference mode).
 * Makes one float tensor per batch; leaves no tensors behind (numTensors returns to its start).
 * Input batches are [b, 32, 32, 3], normalized with the CIFAR constants.
 */
export async function evaluate(model: tf.LayersModel, ds: ImageDataset, opts: EvalOptions = {}): Promise<EvalResult> {
  const t0 = performance.now();
  const count = Math.min(opts.limit ?? ds.count, ds.count);
  const numClasses = ds.classNames.length;
  const perClass = Array.from({ length: numClasses }, () => ({ correct: 0, total: 0 }));
  let correct = 0;
  let seen = 0;
  const [h, w, c] = [ds.height, ds.width, ds.channels];
  for (const [start, end] of batchRanges(count, opts.batchSize ?? 128)) {
    throwIfCancelled(opts.shouldCancel);
    const pred = tf.tidy(() => {
      const x = tf.tensor4d(normalizeToFloat(ds, start, end), [end - start, h, w, c]);
      return (model.predict(x) as tf.Tensor2D).argMax(-1);
    });
    const labels = await pred.data();
    pred.dispose();
    for (let i = 0; i < labels.length; i++) {
      const truth = ds.labels[start + i];
      perClass[truth].total += 1;
      if (labels[i] === truth) {
        perClass[truth].correct += 1;
        correct += 1;
      }
    }
    seen = end;
    opts.onProgress?.(end, count);
    if (opts.stopWhen?.(correct, seen, count)) break;
    await nextTask();
  }
  return { top1: seen ? correct / seen : 0, correct, count: seen, perClass, ms: performance.now() - t0 };
}

/** The predicted class (argmax) of the first `count` images of `ds`, for the grid of verdicts. */
export async function predictions(model: tf.LayersModel, ds: ImageDataset, count: number): Promise<number[]> {
  const n = Math.min(ds.count, count);
  const l = await logits(model, ds, 0, n);
  const classes = l.length / Math.max(1, n);
  // The first largest logit, as tf.argMax picks it.
  return Array.from({ length: n }, (_, i) => {
    let best = 0;
    for (let k = 1; k < classes; k++) if (l[i * classes + k] > l[i * classes + best]) best = k;
    return best;
  });
}

/**
 * Raw logits for images [start, start+count) of `ds`: Float32Array of shape [count, C].
 * Used by backend-parity tests and debugging. Leaves no tensors behind.
 */
export async function logits(model: tf.LayersModel, ds: ImageDataset, start: number, count: number): Promise<Float32Array> {
  const end = Math.min(ds.count, start + count);
  const out = tf.tidy(() => model.predict(tf.tensor4d(normalizeToFloat(ds, start, end), [end - start, ds.height, ds.width, ds.channels])) as tf.Tensor);
  const data = (await out.data()) as Float32Array;
  out.dispose();
  return data;
}
