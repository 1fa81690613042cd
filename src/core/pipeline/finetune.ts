/**
 * Masked fine-tuning (METHOD §4) as a resumable stepper. Each step draws the next batch of a
 * seeded per-epoch permutation, computes the loss in training mode, and applies PyTorch's SGD
 * with fixed masks: g ← (∂L/∂w + wd·w)⊙m, b ← μ·b + g, w ← (w − lr·b)⊙m, so masked entries stay
 * exactly 0 even with momentum and L2. `getState` captures everything a later `FineTuner` needs
 * to continue exactly as an uninterrupted run would: the step, the augmentation generator, the
 * momentum buffers and every model weight (BN moving statistics included).
 */
import * as tf from '@tensorflow/tfjs';
import type { ImageDataset } from '../data/dataset.ts';
import { gatherToFloat } from '../data/batch.ts';
import { augmentToFloat } from '../data/augment.ts';
import { Rng, deriveSeed } from '../rng.ts';
import { nextTask, throwIfCancelled } from '../cancel.ts';
import { registerTrainingSupport } from '../train/register.ts';

export interface FineTuneConfig {
  /** Total SGD steps (an epoch is ⌈count / batchSize⌉ steps). */
  steps: number;
  batchSize: number;
  /** Peak learning rate (METHOD §4 default 0.01). */
  lr: number;
  momentum?: number;
  /** L2 weight decay added to the gradient, PyTorch-style (g ← g + wd·w); default 0. */
  weightDecay?: number;
  seed: number;
  /** Pad-4 random crop + horizontal flip (METHOD §4), seeded; default true. */
  augment?: boolean;
  /** 'cosine': lr·½(1 + cos(π·t/T)) at step t of a cycle of T steps (METHOD §4's default); 'constant' (default here). */
  schedule?: 'constant' | 'cosine';
  /**
   * Length of one cosine cycle; default `steps` (one cycle). The lab's healing restarts the cosine
   * every epoch (LAB, as SGDR's warm restarts with T₀ = one epoch), so an N-epoch run is the first N
   * epochs of a longer one and "one more epoch" continues a finished run exactly. A last cycle
   * cut short by `steps` decays over its own length.
   */
  cycleSteps?: number;
}

/** Everything needed to continue a fine-tuning run exactly (structured-cloneable, for IndexedDB). */
export interface FineTuneState {
  config: FineTuneConfig;
  step: number;
  rng: [number, number, number, number];
  /**
   * Momentum buffers, in `model.trainableWeights` order (not by variable name: tfjs numbers the
   * names of every model it builds, so a reloaded model's differ).
   */
  buffers: Float32Array[];
  /** Every model weight (trainable and BN moving statistics), in `model.weights` order. */
  weights: Float32Array[];
  losses: number[];
  accuracies: number[];
}

/** Steps in one pass over `count` images at `batchSize` (the last batch may be short). */
export function stepsPerEpoch(count: number, batchSize: number): number {
  return Math.ceil(count / batchSize);
}

/**
 * Image indices of global step `step`: epoch e = ⌊step / stepsPerEpoch⌋ visits the permutation
 * `new Rng(deriveSeed(seed, 'finetune-order', e)).shuffle([0 … count−1])` in consecutive slices.
 * `training/finetune_ref.py` draws the same order.
 */
export function batchIndices(count: number, batchSize: number, seed: number, step: number, cache?: { epoch: number; order: Uint32Array }): Uint32Array {
  const per = stepsPerEpoch(count, batchSize);
  const epoch = Math.floor(step / per);
  let order = cache?.epoch === epoch ? cache.order : null;
  if (!order) {
    order = new Rng(deriveSeed(seed, 'finetune-order', epoch)).shuffle(Uint32Array.from({ length: count }, (_, i) => i));
    if (cache) Object.assign(cache, { epoch, order });
  }
  const b = step - epoch * per;
  return order.subarray(b * batchSize, Math.min(count, (b + 1) * batchSize));
}

const CONFIG_DEFAULTS = { momentum: 0.9, weightDecay: 0, augment: true, schedule: 'constant' } as const;

/** Steps of one cosine cycle: cycleSteps, at most the run. */
const cycleOf = (config: FineTuneConfig) => Math.min(config.cycleSteps ?? config.steps, config.steps);

/** Learning rate of step `t` (0-based) under the config's schedule. */
export function learningRate(config: FineTuneConfig, t: number): number {
  if (config.schedule !== 'cosine') return config.lr;
  const cycle = cycleOf(config);
  const start = Math.floor(t / cycle) * cycle;
  return config.lr * 0.5 * (1 + Math.cos((Math.PI * (t - start)) / Math.min(cycle, config.steps - start)));
}

/**
 * Why a run saved at `saved` cannot continue under `next`, or null when it can: every setting
 * equal, and either the same length (a paused run) or a finished run that `next` extends with the
 * same learning rate at every step it already took ("one more epoch").
 */
export function continuationProblem(saved: FineTuneState, next: FineTuneConfig): string | null {
  const a = { ...CONFIG_DEFAULTS, ...saved.config };
  const b = { ...CONFIG_DEFAULTS, ...next };
  const keys = ['batchSize', 'lr', 'seed', 'momentum', 'weightDecay', 'augment', 'schedule'] as const;
  const differs = keys.filter((k) => a[k] !== b[k]);
  if (differs.length) return `its ${differs.join(', ')} differ from these settings`;
  // A paused run resumes on its own schedule (one saved before the restarts has one cosine over the run).
  if (a.steps === b.steps) return a.schedule !== 'cosine' || cycleOf(a) === cycleOf(b) ? null : `its cosine restarts every ${cycleOf(a)} steps, not every ${cycleOf(b)}`;
  if (saved.step < a.steps) return `it stopped at step ${saved.step} of ${a.steps}, not ${b.steps}: resume it first`;
  if (b.steps < saved.step) return `it already ran ${saved.step} steps, more than ${b.steps}`;
  for (let t = 0; t < saved.step; t++) {
    if (learningRate(a, t) !== learningRate(b, t)) return `its learning-rate schedule differs at step ${t + 1} (only whole epochs can be extended)`;
  }
  return null;
}

/**
 * Fine-tunes `model` on `ds` with `masks` (a kernel or channel variable → its 0/1 mask) fixed.
 * Owns its mask tensors and momentum buffers: call `dispose` when done. Mutates the model.
 */
export class FineTuner {
  readonly config: FineTuneConfig;
  private stepIndex = 0;
  private readonly rng: Rng;
  private readonly order = { epoch: -1, order: new Uint32Array(0) };
  private readonly trainable: tf.Variable[];
  private readonly maskTensors = new Map<string, tf.Tensor>();
  private readonly buffers = new Map<string, tf.Variable>();
  readonly losses: number[] = [];
  readonly accuracies: number[] = [];

  constructor(private readonly model: tf.LayersModel, private readonly ds: ImageDataset, masks: Map<tf.LayerVariable, Uint8Array>, config: FineTuneConfig, resume?: FineTuneState) {
    if (!(config.steps >= 1) || !(config.batchSize >= 1)) throw new RangeError('Fine-tuning needs at least one step and a batch of at least one image');
    registerTrainingSupport();
    this.config = { ...CONFIG_DEFAULTS, ...config };
    this.rng = new Rng(deriveSeed(config.seed, 'finetune-augment'));
    for (const [v, m] of masks) this.maskTensors.set((v.read() as tf.Variable).name, tf.tensor(Float32Array.from(m), v.shape as number[]));
    this.trainable = model.trainableWeights.map((w) => w.read() as tf.Variable);
    if (resume && resume.buffers.length !== this.trainable.length) throw new Error('The saved fine-tuning does not fit this model');
    for (const [i, v] of this.trainable.entries()) {
      const saved = resume?.buffers[i];
      this.buffers.set(v.name, tf.tidy(() => tf.variable(saved ? tf.tensor(saved, v.shape) : tf.zerosLike(v), false)));
    }
    if (resume) {
      if (resume.weights.length !== model.weights.length) throw new Error('The saved fine-tuning does not fit this model');
      model.weights.forEach((w, i) => {
        const t = tf.tensor(resume.weights[i], w.shape as number[]);
        w.write(t);
        t.dispose();
      });
      this.stepIndex = resume.step;
      this.rng.setState(resume.rng);
      this.losses.push(...resume.losses);
      this.accuracies.push(...resume.accuracies);
    }
  }

  get step(): number {
    return this.stepIndex;
  }

  get done(): boolean {
    return this.stepIndex >= this.config.steps;
  }

  /** One masked SGD step on the next batch; returns its loss and batch top-1 (training mode). */
  async runStep(): Promise<{ loss: number; batchAccuracy: number; images: number }> {
    const { ds, config } = this;
    const idx = batchIndices(ds.count, config.batchSize, config.seed, this.stepIndex, this.order);
    const classes = ds.classNames.length;
    const onehot = new Float32Array(idx.length * classes);
    idx.forEach((i, j) => { onehot[j * classes + ds.labels[i]] = 1; });
    const lr = learningRate(config, this.stepIndex);
    const pixels = config.augment ? augmentToFloat(ds, idx, this.rng) : gatherToFloat(ds, idx);
    // The training forward moves BatchNorm's running statistics as a side effect: kept (a few
    // floats per channel) so that a refused step leaves them as they were too.
    const running = this.model.weights.filter((w) => !w.trainable).map((w) => ({ w, before: tf.keep(w.read().clone()) }));
    const { value: lossT, grads, acc: accT, norm: normT } = tf.tidy(() => {
      const x = tf.tensor4d(pixels, [idx.length, ds.height, ds.width, ds.channels]);
      const y = tf.tensor2d(onehot, [idx.length, classes]);
      let acc: tf.Scalar | null = null;
      const { value, grads } = tf.variableGrads(() => {
        const out = this.model.apply(x, { training: true }) as tf.Tensor;
        acc = tf.keep(tf.mean(tf.cast(tf.equal(tf.argMax(out, -1), tf.argMax(y, -1)), 'float32')) as tf.Scalar);
        return tf.losses.softmaxCrossEntropy(y, out) as tf.Scalar;
      }, this.trainable);
      // Σ g² over every parameter: one number that is NaN or ∞ when any gradient is. Summed
      // pairwise, not with tf.addN: WebGPU's AddN binds every input as a storage buffer, and past
      // the device's limit (8 by default) the whole submission is dropped without an error,
      // losing this step's loss and corrupting later ones.
      const norm = Object.values(grads).map((g) => tf.sum(tf.square(g))).reduce((a, b) => tf.add(a, b)) as tf.Scalar;
      return { value, grads, acc: acc!, norm };
    });
    const [loss, batchAccuracy, norm] = await Promise.all([lossT, accT, normT].map(async (t) => (await t.data())[0]));
    if (!Number.isFinite(loss) || !Number.isFinite(norm)) {
      // Checked before the update, so a diverged step leaves the weights (and masks) as they were,
      // the running statistics put back.
      for (const { w, before } of running) w.write(before);
      tf.dispose([lossT, accT, normT, ...Object.values(grads), ...running.map((r) => r.before)]);
      throw new Error(`Fine-tuning diverged at step ${this.stepIndex + 1} (loss ${loss}, gradient ${Number.isFinite(norm) ? 'finite' : norm}); the weights are kept as they were before it. Lower the learning rate.`);
    }
    tf.tidy(() => {
      for (const v of this.trainable) {
        const m = this.maskTensors.get(v.name);
        let g = config.weightDecay ? tf.add(grads[v.name], tf.mul(v, config.weightDecay)) : grads[v.name];
        if (m) g = tf.mul(g, m); // mask before the optimizer…
        const buf = this.buffers.get(v.name)!;
        buf.assign(tf.add(tf.mul(buf, config.momentum!), g));
        const next = tf.sub(v, tf.mul(buf, lr));
        v.assign(m ? tf.mul(next, m) : next); // …and the weights after it
      }
    });
    tf.dispose([lossT, accT, normT, ...Object.values(grads), ...running.map((r) => r.before)]);
    this.stepIndex += 1;
    this.losses.push(loss);
    this.accuracies.push(batchAccuracy);
    return { loss, batchAccuracy, images: idx.length };
  }

  /** A copy of the run's state (reads every weight back from the backend). */
  async getState(): Promise<FineTuneState> {
    const buffers = await Promise.all(this.trainable.map(async (v) => (await this.buffers.get(v.name)!.data()).slice() as Float32Array));
    const weights = await Promise.all(this.model.weights.map(async (w) => (await w.read().data()).slice() as Float32Array));
    return {
      config: { ...this.config }, step: this.stepIndex, rng: this.rng.getState(), buffers, weights,
      losses: [...this.losses], accuracies: [...this.accuracies],
    };
  }

  dispose(): void {
    tf.dispose([...this.maskTensors.values(), ...this.buffers.values()]);
  }
}

export interface TrainOptions extends FineTuneConfig {
  /** Called after each step with the batch's loss and top-1 (training mode). */
  onStep?: (step: number, loss: number, batchAccuracy: number) => void;
  shouldCancel?: () => boolean;
}

/** Runs `opts.steps` masked SGD steps (see FineTuner); returns the losses. Mutates the model. */
export async function trainMasked(model: tf.LayersModel, ds: ImageDataset, masks: Map<tf.LayerVariable, Uint8Array>, opts: TrainOptions): Promise<number[]> {
  const tuner = new FineTuner(model, ds, masks, opts);
  try {
    while (!tuner.done) {
      throwIfCancelled(opts.shouldCancel);
      const r = await tuner.runStep();
      opts.onStep?.(tuner.step, r.loss, r.batchAccuracy);
      await nextTask();
    }
    return tuner.losses;
  } finally {
    tuner.dispose();
  }
}
