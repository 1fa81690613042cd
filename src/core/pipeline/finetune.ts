import * as tf from '@tensorflow/tfjs';
import type { ImageDataset } from '../data/dataset.ts';
import { normalizeToFloat } from '../data/batch.ts';
import { augmentToFloat } from '../data/augment.ts';
import { Rng } from '../rng.ts';
import { nextTask, throwIfCancelled } from '../cancel.ts';

export interface TrainOptions {
  steps: number;
  batchSize: number;
  /** SGD learning rate (METHOD §4 default 0.01). */
  lr: number;
  momentum?: number;
  /** L2 weight decay added to the gradient, PyTorch-style (g ← g + wd·w); default 0. */
  weightDecay?: number;
  seed: number;
  /** Pad-4 random crop + horizontal flip (METHOD §4), seeded; default true. */
  augment?: boolean;
  /** 'cosine': lr·½(1 + cos(π·step/steps)) (METHOD §4's default); 'constant' (default here). */
  schedule?: 'constant' | 'cosine';
  /** Called after each step with the batch's loss and top-1 (training mode). */
  onStep?: (step: number, loss: number, batchAccuracy: number) => void;
  shouldCancel?: () => boolean;
}

/**
 * Runs `steps` SGD-with-momentum steps with fixed masks (METHOD §4): gradients are multiplied by
 * the mask before the optimizer and the weights after it, so masked entries stay exactly 0 even
 * with momentum. The update is PyTorch's SGD: b ← μ·b + (g + wd·w), w ← w − lr·b (written here
 * rather than tf.train.momentum, whose dispose leaks a scalar in tfjs 4.22). `masks` maps a kernel variable to its 0/1 mask (same shape). Batches are drawn
 * with a seeded RNG. BN runs in training mode. Mutates the model's variables; returns the losses.
 * Needs a backend with gradients (see backend.ts ensureTrainingBackend).
 */
export async function trainMasked(
  model: tf.LayersModel,
  ds: ImageDataset,
  masks: Map<tf.LayerVariable, Uint8Array>,
  opts: TrainOptions,
): Promise<number[]> {
  const rng = new Rng(opts.seed);
  const momentum = opts.momentum ?? 0.9;
  const wd = opts.weightDecay ?? 0;
  const maskTensors = new Map<string, tf.Tensor>();
  for (const [v, m] of masks) maskTensors.set((v.read() as tf.Variable).name, tf.tensor(Float32Array.from(m), v.shape as number[]));
  const trainable = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const buffers = new Map(trainable.map((v) => [v.name, tf.tidy(() => tf.variable(tf.zerosLike(v), false))]));
  const losses: number[] = [];
  const { height: h, width: w, channels: c } = ds;
  const onehotLabels = new Float32Array(opts.batchSize * ds.classNames.length);
  try {
    for (let step = 0; step < opts.steps; step++) {
      throwIfCancelled(opts.shouldCancel);
      const start = rng.int(Math.max(1, ds.count - opts.batchSize + 1));
      const end = Math.min(ds.count, start + opts.batchSize);
      onehotLabels.fill(0);
      for (let i = start; i < end; i++) onehotLabels[(i - start) * ds.classNames.length + ds.labels[i]] = 1;
      const lr = opts.schedule === 'cosine' ? opts.lr * 0.5 * (1 + Math.cos((Math.PI * step) / opts.steps)) : opts.lr;
      let accT: tf.Scalar | null = null;
      const lossT = tf.tidy(() => {
        const pixels = opts.augment ?? true
          ? augmentToFloat(ds, Array.from({ length: end - start }, (_, i) => start + i), rng)
          : normalizeToFloat(ds, start, end);
        const x = tf.tensor4d(pixels, [end - start, h, w, c]);
        const y = tf.tensor2d(onehotLabels.subarray(0, (end - start) * ds.classNames.length), [end - start, ds.classNames.length]);
        const { value, grads } = tf.variableGrads(() => {
          const out = model.apply(x, { training: true }) as tf.Tensor;
          accT = tf.keep(tf.mean(tf.cast(tf.equal(tf.argMax(out, -1), tf.argMax(y, -1)), 'float32')) as tf.Scalar);
          return tf.losses.softmaxCrossEntropy(y, out) as tf.Scalar;
        }, trainable);
        for (const v of trainable) {
          const m = maskTensors.get(v.name);
          let g = wd > 0 ? tf.add(grads[v.name], tf.mul(v, wd)) : grads[v.name];
          if (m) g = tf.mul(g, m); // mask before the optimizer…
          const buf = buffers.get(v.name)!;
          buf.assign(tf.add(tf.mul(buf, momentum), g));
          const next = tf.sub(v, tf.mul(buf, lr));
          v.assign(m ? tf.mul(next, m) : next); // …and the weights after it
        }
        return value;
      });
      const loss = (await lossT.data())[0];
      const acc = accT ? (await (accT as tf.Scalar).data())[0] : NaN;
      tf.dispose([lossT, ...(accT ? [accT] : [])]);
      losses.push(loss);
      opts.onStep?.(step + 1, loss, acc);
      await nextTask();
    }
  } finally {
    tf.dispose([...maskTensors.values(), ...buffers.values()]);
  }
  return losses;
}
