import * as tf from '@tensorflow/tfjs';
import { findModel, type ModelKey } from '../models/registry.ts';
import { initWeights } from '../models/init.ts';
import { applyWeights, type WeightsManifest } from '../models/pretrained.ts';
import { kernelCosts, kernelOf, kernelParamName, paramGroups, prunableLayers, type PrunableLayer } from '../models/introspect.ts';
import { applyMask, countKept, magnitudeOrder, maskFromOrder } from '../prune/masks.ts';
import { globalMagnitude, uniformMagnitude } from '../prune/magnitude.ts';
import { expectedGaussianRemoved, kSigmaMask } from '../prune/ksigma.ts';
import { weightStats } from '../prune/stats.ts';
import { accountParams } from '../prune/accounting.ts';
import type { ImageDataset } from '../data/dataset.ts';
import { evaluate, logits, type EvalOptions, type EvalResult } from './evaluate.ts';

export type ConvMethod = 'none' | 'uniform' | 'global' | 'policy';

export interface PruneSpec {
  /**
   * Magnitude pruning of conv kernels at `sparsity` (0..1). 'policy' prunes `counts[t]` weights
   * (the smallest |w|) of the t-th conv layer in forward order — a searched per-layer policy;
   * `sparsity` then only labels the overall target.
   */
  conv: { method: ConvMethod; sparsity: number; counts?: readonly number[] };
  /** k-σ rule on every dense kernel; null leaves dense layers intact. */
  dense: { k: number | null };
}

export interface LayerRow extends PrunableLayer {
  kept: number;
  /** Fraction of this kernel's weights pruned, 0..1. */
  sparsity: number;
  /**
   * Set for dense layers pruned by the k-σ rule: the measured statistics, and the fraction a
   * Gaussian layer would lose at this k (for comparison; METHOD §2).
   */
  kSigma?: { k: number; mean: number; std: number; removedFraction: number; gaussianRemovedFraction: number };
}

export type Accounting = ReturnType<typeof accountParams>;

export interface PruneReport {
  spec: PruneSpec;
  layers: LayerRow[];
  accounting: Accounting;
  /** Time to compute and apply the masks (ms). */
  ms: number;
}

export interface ModelSummary {
  key: ModelKey;
  numClasses: number;
  seed: number;
  /** Where the weights came from: seeded initialization, or a shipped trained model. */
  weights: 'random' | 'trained';
  /** The shipped model's name (public/models/<name>/) when weights are trained. */
  weightsName?: string;
  layers: LayerRow[];
  accounting: Accounting;
  countParams: number;
}

/**
 * The lab's model state: one tfjs model, its original kernels (kept in JS memory so masks never
 * destroy them) and the current masks. Owned by the worker; pure core (no DOM), so Node tests
 * drive it directly.
 */
export class LabSession {
  readonly model: tf.LayersModel;
  readonly key: ModelKey;
  readonly layers: PrunableLayer[];
  private readonly originals = new Map<string, Float32Array>();
  private readonly orders = new Map<string, Uint32Array>();
  private masks = new Map<string, Uint8Array>();
  /** Kept-weight count of each mask, counted once when the mask is set. */
  private keptCounts = new Map<string, number>();
  private kSigmaInfo = new Map<string, LayerRow['kSigma']>();
  private spec: PruneSpec | null = null;

  private constructor(model: tf.LayersModel, key: ModelKey, readonly numClasses: number, readonly seed: number, readonly weightsName?: string) {
    this.model = model;
    this.key = key;
    this.layers = prunableLayers(model);
    // A copy: dataSync() may return the tensor's own buffer (cpu backend).
    for (const l of this.layers) this.originals.set(l.name, (kernelOf(model, l.name).read().dataSync() as Float32Array).slice());
  }

  /**
   * Builds a zoo model with seeded random weights, or with trained weights (a tfjs weights
   * manifest and its shards, as `training/export.py` writes them). Throws for an unknown key or
   * weights that do not fit the model (nothing is left allocated then).
   */
  static create(key: string, numClasses: number, seed: number, trained?: { name: string; manifest: WeightsManifest; shards: ArrayBuffer[] }): LabSession {
    const entry = findModel(key);
    if (!entry) throw new Error(`Unknown model '${key}'`);
    const model = entry.build(numClasses);
    try {
      if (trained) applyWeights(model, trained.manifest, trained.shards);
      else initWeights(model, seed);
    } catch (err) {
      model.dispose();
      throw err;
    }
    return new LabSession(model, entry.key, numClasses, seed, trained?.name);
  }

  /** Releases the model's tensors. */
  dispose(): void {
    this.model.dispose();
  }

  /** The original (unmasked) kernel of a prunable layer. Do not mutate. */
  original(name: string): Float32Array {
    const w = this.originals.get(name);
    if (!w) throw new Error(`No prunable layer '${name}'`);
    return w;
  }

  /** Current mask of a layer (undefined = dense). */
  mask(name: string): Uint8Array | undefined {
    return this.masks.get(name);
  }

  summary(): ModelSummary {
    return {
      key: this.key, numClasses: this.numClasses, seed: this.seed,
      weights: this.weightsName ? 'trained' : 'random', weightsName: this.weightsName,
      layers: this.rows(), accounting: this.accounting(), countParams: this.model.countParams(),
    };
  }

  private rows(): LayerRow[] {
    return this.layers.map((l) => {
      const kept = this.keptCounts.get(l.name) ?? l.params;
      return { ...l, kept, sparsity: 1 - kept / l.params, kSigma: this.kSigmaInfo.get(l.name) };
    });
  }

  private accounting(): Accounting {
    const byParam = new Map([...this.masks].map(([layer, m]) => [kernelParamName(layer), m]));
    return accountParams(paramGroups(this.model), kernelCosts(this.layers), byParam);
  }

  private orderOf(name: string): Uint32Array {
    let order = this.orders.get(name);
    if (!order) {
      order = magnitudeOrder(this.original(name));
      this.orders.set(name, order);
    }
    return order;
  }

  /**
   * Replaces all masks by the ones `spec` defines (computed from the ORIGINAL weights) and writes
   * masked kernels into the model. Validates the spec (throws RangeError on bad sparsity or k).
   */
  prune(spec: PruneSpec): PruneReport {
    const t0 = performance.now();
    const { sparsity, method } = spec.conv;
    if (!Number.isFinite(sparsity) || sparsity < 0 || sparsity > 1) throw new RangeError(`Sparsity must be in [0, 1], got ${sparsity}`);
    if (spec.dense.k !== null && !(Number.isFinite(spec.dense.k) && spec.dense.k > 0)) throw new RangeError(`k must be a positive number, got ${spec.dense.k}`);
    const masks = new Map<string, Uint8Array>();
    const kInfo = new Map<string, LayerRow['kSigma']>();
    const convs = this.layers.filter((l) => l.kind === 'conv');
    const dense = this.layers.filter((l) => l.kind === 'dense');
    const prev = this.spec;
    // Masks depend only on the originals and their half of the spec: reuse the half that did
    // not change, so moving the k selector does not rewrite every conv kernel (and vice versa).
    if (method === 'policy') {
      const counts = spec.conv.counts;
      if (!counts || counts.length !== convs.length) throw new RangeError(`A policy needs one pruned count per conv layer (${convs.length})`);
      convs.forEach((l, i) => {
        if (!Number.isInteger(counts[i]) || counts[i] < 0 || counts[i] > l.params) throw new RangeError(`Pruned count ${counts[i]} for ${l.name} is outside [0, ${l.params}]`);
      });
      const reuse = prev?.conv.method === 'policy' ? prev.conv.counts : undefined;
      convs.forEach((l, i) => {
        if (reuse && reuse[i] === counts[i] && this.masks.has(l.name)) masks.set(l.name, this.masks.get(l.name)!);
        else if (counts[i] > 0) masks.set(l.name, maskFromOrder(this.orderOf(l.name), counts[i]));
      });
    } else if (prev && prev.conv.method === method && prev.conv.sparsity === sparsity) {
      for (const l of convs) if (this.masks.has(l.name)) masks.set(l.name, this.masks.get(l.name)!);
    } else if (sparsity > 0 && method !== 'none') {
      const weights = convs.map((l) => this.original(l.name));
      const orders = convs.map((l) => this.orderOf(l.name));
      const result = method === 'uniform' ? uniformMagnitude(weights, sparsity, orders) : globalMagnitude(weights, sparsity, orders);
      convs.forEach((l, i) => masks.set(l.name, result[i]));
    }
    if (prev && prev.dense.k === spec.dense.k) {
      for (const l of dense) {
        if (this.masks.has(l.name)) masks.set(l.name, this.masks.get(l.name)!);
        if (this.kSigmaInfo.has(l.name)) kInfo.set(l.name, this.kSigmaInfo.get(l.name));
      }
    } else if (spec.dense.k !== null) {
      for (const l of dense) {
        const r = kSigmaMask(this.original(l.name), spec.dense.k);
        masks.set(l.name, r.mask);
        kInfo.set(l.name, { k: r.k, mean: r.mean, std: r.std, removedFraction: r.removedFraction, gaussianRemovedFraction: expectedGaussianRemoved(r.k) });
      }
    }
    this.writeKernels(masks);
    this.setMasks(masks);
    this.kSigmaInfo = kInfo;
    this.spec = spec;
    return { spec, layers: this.rows(), accounting: this.accounting(), ms: performance.now() - t0 };
  }

  /** Removes every mask and writes the original kernels back (bit-exact). */
  restore(): PruneReport {
    const report = this.prune({ conv: { method: 'none', sparsity: 0 }, dense: { k: null } });
    this.spec = null;
    return report;
  }

  private setMasks(masks: Map<string, Uint8Array>): void {
    this.masks = masks;
    this.keptCounts = new Map([...masks].map(([name, m]) => [name, countKept(m)]));
  }

  /**
   * Writes original⊙mask (or a copy of the original where a layer has no mask) into each kernel
   * whose mask changed. Copies, so the tensor never shares memory with the kept originals.
   */
  private writeKernels(next: Map<string, Uint8Array>): void {
    for (const l of this.layers) {
      const before = this.masks.get(l.name);
      const after = next.get(l.name);
      if (before === after) continue;
      const values = after ? applyMask(this.original(l.name), after) : this.original(l.name).slice();
      const t = tf.tensor(values, l.kernelShape);
      kernelOf(this.model, l.name).write(t);
      t.dispose();
    }
  }

  /** Weight statistics and histogram of one layer's original kernel, with the current mask. */
  layerStats(name: string, bins: number) {
    return weightStats(this.original(name), { bins, mask: this.masks.get(name) });
  }

  /** Accuracy of the model as it stands (masks applied). See pipeline/evaluate.ts. */
  async evaluate(ds: ImageDataset, opts?: EvalOptions): Promise<EvalResult> {
    this.checkDataset(ds);
    return evaluate(this.model, ds, opts);
  }

  /** Accuracy of the dense net: lifts the masks, evaluates, puts the same masks back. */
  async evaluateDense(ds: ImageDataset, opts?: EvalOptions): Promise<EvalResult> {
    const masks = this.masks;
    if (masks.size === 0) return this.evaluate(ds, opts);
    this.writeKernels(new Map());
    this.setMasks(new Map());
    try {
      return await this.evaluate(ds, opts);
    } finally {
      this.writeKernels(masks);
      this.setMasks(masks);
    }
  }

  /** Logits [count, C] of the model as it stands. */
  async logits(ds: ImageDataset, start: number, count: number): Promise<Float32Array> {
    this.checkDataset(ds);
    return logits(this.model, ds, start, count);
  }

  /**
   * After training, takes the model's current kernels as the new originals (masked entries are
   * 0 there) so later masks start from the trained weights. Keeps the masks in force.
   */
  adoptTrainedWeights(): void {
    for (const l of this.layers) this.originals.set(l.name, (kernelOf(this.model, l.name).read().dataSync() as Float32Array).slice());
    this.orders.clear();
    this.spec = null; // masks must be recomputed from the new originals on the next prune
  }

  /** Kernel variables with their masks, for masked training. */
  maskedVariables(): Map<tf.LayerVariable, Uint8Array> {
    const out = new Map<tf.LayerVariable, Uint8Array>();
    for (const [name, m] of this.masks) out.set(kernelOf(this.model, name), m);
    return out;
  }

  private checkDataset(ds: ImageDataset): void {
    if (ds.classNames.length !== this.numClasses) {
      throw new Error(`Dataset '${ds.name}' has ${ds.classNames.length} classes but the model outputs ${this.numClasses}`);
    }
    if (ds.height !== 32 || ds.width !== 32 || ds.channels !== 3) throw new Error(`Dataset '${ds.name}' images are ${ds.height}×${ds.width}×${ds.channels}, the zoo expects 32×32×3`);
  }
}
