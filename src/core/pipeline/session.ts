import * as tf from '@tensorflow/tfjs';
import { findModel, type ModelKey } from '../models/registry.ts';
import type { Accounting, KSigmaInfo, LayerRow, ModelSummary, PruneReport, PruneSpec } from './prune-spec.ts';
import { initWeights } from '../models/init.ts';
import { applyWeights, type WeightsManifest } from '../models/pretrained.ts';
import { kernelCosts, kernelParamName, paramGroups, paramVariable, prunableLayers, type PrunableLayer } from '../models/introspect.ts';
import { filterGroups } from '../models/filter-graph.ts';
import { filterParamMasks, type FilterGroup } from '../prune/filter-masks.ts';
import { applyMask, combineMasks, countKept, magnitudeOrder, maskFromOrder } from '../prune/masks.ts';
import { globalMagnitude, uniformMagnitude } from '../prune/magnitude.ts';
import { kSigmaScopeMasks, scopeOf, type KSigmaScope } from '../prune/ksigma-scope.ts';
import { weightStats } from '../prune/stats.ts';
import { accountParams } from '../prune/accounting.ts';
import type { ImageDataset } from '../data/dataset.ts';
import { evaluate, logits, predictions, type EvalOptions, type EvalResult } from './evaluate.ts';

/** Masks keyed by parameter name ('conv3/kernel', 'bn3/gamma', …), with the k-σ details of the layers they came from. */
interface MaskHalf {
  key: string;
  masks: Map<string, Uint8Array>;
  kSigma: Map<string, KSigmaInfo>;
  /** The policy's per-layer counts, when the half came from one. */
  counts?: number[];
}

/**
 * The lab's model state: one tfjs model, its original parameters (kept in JS memory so masks never
 * destroy them) and the current masks. Owned by the worker; pure core (no DOM), so Node tests
 * drive it directly.
 *
 * Masks are keyed by parameter name: kernels ('conv3/kernel') for every method, and, for filter
 * pruning, the per-channel conv biases and BN γ/β ('conv3/bias', 'bn3/gamma', 'bn3/beta').
 */
export class LabSession {
  readonly model: tf.LayersModel;
  readonly key: ModelKey | 'custom';
  readonly layers: PrunableLayer[];
  /** Convs whose filters may be removed, with what each removal touches (METHOD §3). */
  readonly filterGroups: FilterGroup[];
  /** Original values of every maskable parameter, by parameter name. */
  private readonly originals = new Map<string, Float32Array>();
  /** The dense kernels as loaded (healing starts from them, whatever a later heal adopted). */
  private readonly loadedDense = new Map<string, Float32Array>();
  private readonly orders = new Map<string, Uint32Array>();
  private masks = new Map<string, Uint8Array>();
  /** Kept-entry count of each mask, counted once when the mask is set. */
  private keptCounts = new Map<string, number>();
  private kSigmaInfo = new Map<string, KSigmaInfo>();
  private convHalf: MaskHalf | null = null;
  private denseHalf: MaskHalf | null = null;

  private constructor(model: tf.LayersModel, key: ModelKey | 'custom', readonly numClasses: number, readonly seed: number, readonly weightsName?: string) {
    this.model = model;
    this.key = key;
    this.layers = prunableLayers(model);
    this.filterGroups = filterGroups(model);
    this.captureOriginals();
    for (const l of this.layers) if (l.kind === 'dense') this.loadedDense.set(l.name, this.original(l.name));
  }

  /** Every maskable parameter: the kernels, and the channel parameters filter pruning zeroes. */
  private maskableParams(): string[] {
    return [...this.layers.map((l) => kernelParamName(l.name)), ...this.filterGroups.flatMap((g) => g.channelParams)];
  }

  private captureOriginals(): void {
    // A copy: dataSync() may return the tensor's own buffer (cpu backend).
    for (const p of this.maskableParams()) this.originals.set(p, (paramVariable(this.model, p).read().dataSync() as Float32Array).slice());
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

  /** A session over a model built elsewhere (an imported LayersModel); it owns the model from now on. */
  static fromModel(model: tf.LayersModel, numClasses: number, name: string): LabSession {
    return new LabSession(model, 'custom', numClasses, 0, name);
  }

  /** Releases the model's tensors. */
  dispose(): void {
    this.model.dispose();
  }

  /** The original (unmasked) kernel of a prunable layer. Do not mutate. */
  original(name: string): Float32Array {
    return this.originalParam(kernelParamName(name));
  }

  /** The original values of a maskable parameter ('conv3/kernel', 'bn3/gamma', …). Do not mutate. */
  originalParam(param: string): Float32Array {
    const w = this.originals.get(param);
    if (!w) throw new Error(`No maskable parameter '${param}'`);
    return w;
  }

  /** Current kernel mask of a layer (undefined = dense). */
  mask(name: string): Uint8Array | undefined {
    return this.masks.get(kernelParamName(name));
  }

  /** Current mask of any parameter (undefined = intact). */
  paramMask(param: string): Uint8Array | undefined {
    return this.masks.get(param);
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
      const kept = this.keptCounts.get(kernelParamName(l.name)) ?? l.params;
      return { ...l, kept, sparsity: 1 - kept / l.params, kSigma: this.kSigmaInfo.get(l.name) };
    });
  }

  private accounting(): Accounting {
    return accountParams(paramGroups(this.model), kernelCosts(this.layers), this.masks);
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
   * masked parameters into the model. Validates the spec (throws RangeError on a bad sparsity,
   * k, policy or filter selection; the model is left unchanged then).
   */
  prune(spec: PruneSpec): PruneReport {
    const t0 = performance.now();
    const { sparsity } = spec.conv;
    if (!Number.isFinite(sparsity) || sparsity < 0 || sparsity > 1) throw new RangeError(`Sparsity must be in [0, 1], got ${sparsity}`);
    const checkK = (k: number | null | undefined) => {
      if (k != null && !(Number.isFinite(k) && k > 0)) throw new RangeError(`k must be a positive number, got ${k}`);
    };
    checkK(spec.dense.k);
    if (spec.conv.includeDense && spec.dense.k !== null) throw new RangeError('Magnitude pruning over conv and dense layers leaves no dense layer for the k-σ rule');
    // Masks depend only on the originals and their half of the spec: reuse the half that did
    // not change, so moving the k selector does not rewrite every conv kernel (and vice versa).
    const convKey = convHalfKey(spec.conv);
    const conv = this.convHalf?.key === convKey ? this.convHalf : { key: convKey, ...this.convMasks(spec.conv, checkK) };
    const scope = scopeOf(spec.dense) ?? 'all';
    const denseKey = `k=${spec.dense.k} scope=${scope}`;
    const dense = this.denseHalf?.key === denseKey ? this.denseHalf : { key: denseKey, ...this.kSigmaMasks(this.layers, spec.dense.k, scope) };
    const masks = new Map(conv.masks);
    for (const [p, m] of dense.masks) masks.set(p, masks.has(p) ? combineMasks(masks.get(p)!, m) : m);
    this.writeParams(masks);
    this.setMasks(masks);
    this.kSigmaInfo = new Map([...conv.kSigma, ...dense.kSigma]);
    this.convHalf = conv;
    this.denseHalf = dense;
    return { spec, layers: this.rows(), accounting: this.accounting(), ms: performance.now() - t0 };
  }

  private convMasks(c: PruneSpec['conv'], checkK: (k: number | undefined) => void): Omit<MaskHalf, 'key'> {
    const convs = this.layers.filter((l) => l.kind === 'conv');
    const masks = new Map<string, Uint8Array>();
    const none = { masks, kSigma: new Map<string, KSigmaInfo>() };
    if (c.method === 'policy') {
      const counts = c.counts;
      if (!counts || counts.length !== convs.length) throw new RangeError(`A policy needs one pruned count per conv layer (${convs.length})`);
      convs.forEach((l, i) => {
        if (!Number.isInteger(counts[i]) || counts[i] < 0 || counts[i] > l.params) throw new RangeError(`Pruned count ${counts[i]} for ${l.name} is outside [0, ${l.params}]`);
      });
      // A search changes a few layers per step: keep the masks (and so skip the kernel writes) of the rest.
      const prev = this.convHalf?.counts;
      convs.forEach((l, i) => {
        const p = kernelParamName(l.name);
        if (prev && prev[i] === counts[i] && this.convHalf!.masks.has(p)) masks.set(p, this.convHalf!.masks.get(p)!);
        else if (counts[i] > 0) masks.set(p, maskFromOrder(this.orderOf(l.name), counts[i]));
      });
      return { ...none, counts: [...counts] };
    }
    if (c.method === 'filters') {
      const keep = new Map(Object.entries(c.keep ?? {}));
      for (const name of keep.keys()) {
        if (!this.filterGroups.some((g) => g.layer === name)) throw new RangeError(`'${name}' is not a conv whose filters may be removed`);
      }
      return { masks: filterParamMasks(this.filterGroups, keep), kSigma: none.kSigma };
    }
    if (c.method === 'ksigma') {
      checkK(c.k);
      if (c.k === undefined) throw new RangeError('k-σ on conv layers needs a k');
      return this.kSigmaMasks(convs, c.k, 'every-layer');
    }
    if (c.method === 'layer') {
      const l = this.layers.find((x) => x.name === c.layer);
      if (!l) throw new RangeError(`No prunable layer '${c.layer}'`);
      masks.set(kernelParamName(l.name), uniformMagnitude([this.original(l.name)], c.sparsity, [this.orderOf(l.name)])[0]);
      return none;
    }
    if (c.method === 'none' || c.sparsity === 0) return none;
    const scope = c.includeDense ? this.layers : convs;
    const weights = scope.map((l) => this.original(l.name));
    const orders = scope.map((l) => this.orderOf(l.name));
    const result = c.method === 'uniform' ? uniformMagnitude(weights, c.sparsity, orders) : globalMagnitude(weights, c.sparsity, orders);
    scope.forEach((l, i) => masks.set(kernelParamName(l.name), result[i]));
    return none;
  }

  /** k-σ masks of `layers` in `scope` ('every-layer': all of `layers`, convs included), from the originals. */
  private kSigmaMasks(layers: PrunableLayer[], k: number | null, scope: KSigmaScope | 'every-layer'): Omit<MaskHalf, 'key'> {
    const { masks, info } = kSigmaScopeMasks(layers, (name) => this.original(name), k, scope);
    return { masks: new Map([...masks].map(([name, m]) => [kernelParamName(name), m])), kSigma: info };
  }

  /**
   * Kept weights of every dense layer under the k-σ rule at `k` in `scope`, from the weights as
   * loaded and without touching the masks in force: what a heal would leave (the emptied-layer
   * warning before healing, METHOD §2).
   */
  kSigmaPreview(k: number, scope: KSigmaScope): LayerRow[] {
    const { masks, info } = kSigmaScopeMasks(this.layers, (name) => this.loadedDense.get(name)!, k, scope);
    return this.layers.filter((l) => l.kind === 'dense').map((l) => {
      const m = masks.get(l.name);
      const kept = m ? countKept(m) : l.params;
      return { ...l, kept, sparsity: 1 - kept / l.params, kSigma: info.get(l.name) };
    });
  }

  /** Removes every mask and writes the original parameters back (bit-exact). */
  restore(): PruneReport {
    return this.prune({ conv: { method: 'none', sparsity: 0 }, dense: { k: null } });
  }

  private setMasks(masks: Map<string, Uint8Array>): void {
    this.masks = masks;
    this.keptCounts = new Map([...masks].map(([name, m]) => [name, countKept(m)]));
  }

  /**
   * Writes original⊙mask (or a copy of the original where a parameter has no mask) into each
   * parameter whose mask changed. Copies, so the tensor never shares memory with the originals.
   */
  private writeParams(next: Map<string, Uint8Array>): void {
    for (const p of this.maskableParams()) {
      const before = this.masks.get(p);
      const after = next.get(p);
      if (before === after) continue;
      const v = paramVariable(this.model, p);
      const values = after ? applyMask(this.originalParam(p), after) : this.originalParam(p).slice();
      const t = tf.tensor(values, v.shape as number[]);
      v.write(t);
      t.dispose();
    }
  }

  /** Weight statistics and histogram of one layer's original kernel, with the current mask. */
  layerStats(name: string, bins: number) {
    return weightStats(this.original(name), { bins, mask: this.mask(name) });
  }

  /** Accuracy of the model as it stands (masks applied). See pipeline/evaluate.ts. */
  async evaluate(ds: ImageDataset, opts?: EvalOptions): Promise<EvalResult> {
    this.checkDataset(ds);
    return evaluate(this.model, ds, opts);
  }

  /** The first `count` images' predicted classes, by the net as it stands or (`dense`) without its masks. */
  async predict(ds: ImageDataset, count: number, dense = false): Promise<number[]> {
    this.checkDataset(ds);
    const run = () => predictions(this.model, ds, count);
    return dense ? this.withDenseWeights(run) : run();
  }

  /** Accuracy of the dense net: lifts the masks, evaluates, puts the same masks back. */
  async evaluateDense(ds: ImageDataset, opts?: EvalOptions): Promise<EvalResult> {
    return this.withDenseWeights(() => this.evaluate(ds, opts));
  }

  /**
   * Runs `fn` with the masks lifted (the original parameters in the model), then puts back the
   * values that were there: a healed net's fine-tuned weights, not original⊙mask again.
   */
  async withDenseWeights<T>(fn: () => Promise<T>): Promise<T> {
    const masks = this.masks;
    if (masks.size === 0) return fn();
    const kept = [...masks.keys()].map((p) => { const v = paramVariable(this.model, p); return [v, tf.clone(v.read())] as const; });
    this.writeParams(new Map());
    this.setMasks(new Map());
    try {
      return await fn();
    } finally {
      for (const [v, t] of kept) {
        v.write(t);
        t.dispose();
      }
      this.setMasks(masks);
    }
  }

  /** Logits [count, C] of the model as it stands. */
  async logits(ds: ImageDataset, start: number, count: number): Promise<Float32Array> {
    this.checkDataset(ds);
    return logits(this.model, ds, start, count);
  }

  /**
   * After training, takes the model's current parameters as the new originals (masked entries
   * are 0 there) so later masks start from the trained weights. Keeps the masks in force. Reads
   * asynchronously: a synchronous read of weights that live on the GPU breaks WebGPU in a worker.
   */
  async adoptTrainedWeights(): Promise<void> {
    for (const p of this.maskableParams()) this.originals.set(p, ((await paramVariable(this.model, p).read().data()) as Float32Array).slice());
    this.orders.clear();
    // Masks must be recomputed from the new originals on the next prune.
    this.convHalf = null;
    this.denseHalf = null;
  }

  /** Masked variables (kernels, and channel parameters under filter pruning) with their masks, for masked training. */
  maskedVariables(): Map<tf.LayerVariable, Uint8Array> {
    const out = new Map<tf.LayerVariable, Uint8Array>();
    for (const [p, m] of this.masks) out.set(paramVariable(this.model, p), m);
    return out;
  }

  private checkDataset(ds: ImageDataset): void {
    if (ds.classNames.length !== this.numClasses) {
      throw new Error(`Dataset '${ds.name}' has ${ds.classNames.length} classes but the model outputs ${this.numClasses}`);
    }
    if (ds.height !== 32 || ds.width !== 32 || ds.channels !== 3) throw new Error(`Dataset '${ds.name}' images are ${ds.height}×${ds.width}×${ds.channels}, the zoo expects 32×32×3`);
  }
}

/** Identity of the conv half of a spec: equal keys give equal masks. */
function convHalfKey(c: PruneSpec['conv']): string {
  const keep = c.keep ? Object.entries(c.keep).map(([l, m]) => `${l}:${m.join('')}`).join(',') : '';
  return JSON.stringify([c.method, c.sparsity, c.counts ?? null, c.includeDense ?? false, keep, c.k ?? null, c.layer ?? null]);
}
