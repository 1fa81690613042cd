/**
 * The Prune panel's pruning and its scores: masks from the config (uniform or global magnitude on
 * the convs, k-σ on the dense layers), the histogram of the layer shown, the dense layers' kept
 * weights as pictures, and the accuracy of the dense and the pruned net. Slider moves during a
 * prune coalesce into one more prune with the latest config; an evaluation a newer pruning makes
 * moot is cancelled; replies for an older model are dropped.
 *
 * Instant feedback: while the slider moves (a draft sparsity, not yet in the config or the link)
 * each pruning is scored on a small fixed sample, the first QUICK_IMAGES test images, in about a
 * second; when it stops, the full test split follows. The sample's figure is an estimate and is
 * always shown as one, beside the dense net's score on the same images.
 */
import type { EvalResult } from '../core/pipeline/evaluate.ts';
import type { PruneReport, PruneSpec } from '../core/pipeline/prune-spec.ts';
import type { WeightStats } from '../core/prune/stats.ts';
import type { MaskImage } from '../core/prune/mask-image.ts';
import { denseSpec } from '../core/prune/ksigma-scope.ts';
import type { DatasetRef } from '../worker/protocol.ts';
import type { LabCore, PrunedStage } from './host.ts';

export const HISTOGRAM_BINS = 60;
/** The fixed sample the quick estimate scores: the first images of the test split. */
export const QUICK_IMAGES = 256;
/** Largest side, in cells, of a dense layer's picture. */
export const MASK_SIDE = 48;

/** What pruning needs beyond LabCore: the layer shown, and the test split. */
export interface PruneHost {
  readonly model: { readonly selectedLayer: string };
  readonly data: { readonly testRef: DatasetRef };
}

export class PruneState {
  report = $state.raw<PruneReport | null>(null);
  stats = $state.raw<WeightStats | null>(null);
  /** Accuracy of the dense net and of the pruned net, for the current model and dataset. */
  dense = $state.raw<EvalResult | null>(null);
  pruned = $state.raw<EvalResult | null>(null);
  /** What `pruned` scored: the masks alone, or the healed net after BN recalibration or fine-tuning (set by the heal). */
  prunedStage = $state<PrunedStage>('pruned');
  /** The pruned and the dense net on the QUICK_IMAGES sample, for the pruning in force (an estimate). */
  quick = $state.raw<{ pruned: EvalResult; dense: EvalResult } | null>(null);
  /** The sparsity the slider is at while it moves (applied, scored on the sample, not in the config); null once it stops. */
  draft = $state<number | null>(null);
  /** Every dense layer's kept weights as a picture, for the masks in force. */
  masks = $state.raw<MaskImage[]>([]);
  /** Re-evaluate the pruned net after each pruning change (the sample at once, the test split once the dense net was evaluated). */
  autoEvaluate = $state(true);
  private pruning = false;
  private pruneAgain = false;
  /** True while apply() re-evaluates the pruned net (a newer pruning makes that moot). */
  private reevaluating = false;
  /** Id of the latest evaluate request, so that moot evaluations are cancelled and nothing else. */
  private evalRequestId = 0;
  private evaluating = false;
  private quickDense: { generation: number; result: EvalResult } | null = null;
  private masksFor: PruneReport | null = null;
  /** Score the next settled pruning on the test split even before the dense net was (apply's `full`). */
  private full = false;

  constructor(private readonly lab: LabCore, private readonly host: PruneHost) {}

  get spec(): PruneSpec {
    const c = this.lab.config;
    return { conv: { method: c.method, sparsity: c.sparsity }, dense: denseSpec(c.k, c.kScope) };
  }

  get isPruned(): boolean {
    return (this.report?.accounting.weights.removed ?? 0) > 0;
  }

  /** Forgets what was measured on the previous model, and cancels its evaluation. */
  clear(): void {
    if (this.evaluating) void this.lab.client.cancel(this.evalRequestId); // an evaluation of the old model is moot
    this.dense = null;
    this.pruned = null;
    this.prunedStage = 'pruned';
    this.report = null;
    this.stats = null;
    this.quick = null;
    this.draft = null;
    this.masks = [];
    this.masksFor = null;
  }

  /** The sparsity slider moving: prune at `sparsity` and score the sample; the config and the link wait for it to settle (nothing while it sits where the config is). */
  slide(sparsity: number): Promise<void> {
    return sparsity === this.lab.config.sparsity && this.draft === null ? Promise.resolve() : this.apply({ draft: sparsity });
  }

  /** The slider let go at `sparsity`: it goes into the config (and the link) and the test split is scored. */
  settle(sparsity: number): Promise<void> {
    this.lab.config.sparsity = sparsity;
    return this.apply({ full: true });
  }

  /**
   * Applies the configured pruning (at sparsity `draft` while the slider moves), refreshes the
   * histogram, and re-evaluates when asked to: the sample at once, then (not for a draft) the test
   * split, once the dense net was scored or when `full` (a control was let go: the teacher waits
   * for the real figure). Calls made while a prune runs coalesce into one more prune with the
   * latest settings.
   */
  async apply(opts: { draft?: number; full?: boolean } = {}): Promise<void> {
    const lab = this.lab;
    this.draft = opts.draft ?? null;
    this.full ||= !!opts.full && this.draft === null;
    if (this.pruning) {
      this.pruneAgain = true;
      if (this.reevaluating) void lab.client.cancel(this.evalRequestId); // its pruning is already outdated
      return;
    }
    this.pruning = true;
    const generation = lab.modelGeneration;
    try {
      do {
        this.pruneAgain = false;
        await lab.run(lab.words.busyPruning, async () => {
          const spec = $state.snapshot(this.spec) as PruneSpec;
          if (this.draft !== null) spec.conv.sparsity = this.draft;
          const report = await lab.client.request('prune', spec);
          if (generation !== lab.modelGeneration) return;
          this.report = report;
          this.pruned = null;
          this.quick = null;
          this.prunedStage = 'pruned';
          await this.refreshStats(generation);
        });
        if (!this.pruneAgain && generation === lab.modelGeneration && this.autoEvaluate && this.isPruned) {
          this.reevaluating = true;
          try {
            await this.quickScore();
            if (!this.pruneAgain && this.draft === null && (this.dense || this.full)) {
              this.full = false;
              await this.evaluate();
            }
          } finally {
            this.reevaluating = false;
          }
        }else if (!this.pruneAgain && !this.isPruned) this.full = false; // nothing to score: no later pruning inherits the request
      } while (this.pruneAgain && generation === lab.modelGeneration);
    } finally {
      this.pruning = false;
      if (generation !== lab.modelGeneration) this.full = false;
    }
  }

  /** Shows layer `name` in the histogram. */
  async selectLayer(name: string): Promise<void> {
    this.lab.config.layer = name;
    await this.lab.run(this.lab.words.busyReadingLayer, () => this.refreshStats(this.lab.modelGeneration));
  }

  async refreshStats(generation: number): Promise<void> {
    const layer = this.host.model.selectedLayer;
    if (!layer) return;
    const stats = await this.lab.client.request('layerStats', { layer, bins: HISTOGRAM_BINS });
    if (generation === this.lab.modelGeneration && layer === this.host.model.selectedLayer) this.stats = stats;
  }

  /** Brings the dense layers' pictures up to date with the masks in force (`report`); a picture of older masks is dropped. */
  async refreshMasks(): Promise<void> {
    const report = this.report;
    if (!report || report === this.masksFor) return;
    this.masksFor = report;
    const images = await this.lab.client.request('maskImages', { maxSide: MASK_SIDE }).catch(() => null);
    if (images && report === this.report) this.masks = images;
  }

  /** Evaluates on the test split (`limit`: its first images), cancellable by a newer pruning. */
  private request(dense: boolean, limit?: number): Promise<EvalResult> {
    const p = this.lab.client.request('evaluate', { ...this.host.data.testRef, dense, ...(limit ? { limit } : {}) });
    this.evalRequestId = this.lab.client.lastRequestId;
    return p;
  }

  /** Scores the masks in force on the QUICK_IMAGES sample, and the dense net on it once per model. */
  private async quickScore(): Promise<void> {
    const lab = this.lab;
    const generation = lab.modelGeneration;
    const spec = this.report?.spec;
    this.evaluating = true;
    try {
      await lab.run(lab.words.busyQuickScore(QUICK_IMAGES), async () => {
        if (this.quickDense?.generation !== generation) {
          const result = await this.request(true, QUICK_IMAGES);
          if (generation !== lab.modelGeneration) return;
          this.quickDense = { generation, result };
        }
        const pruned = await this.request(false, QUICK_IMAGES);
        if (generation === lab.modelGeneration && spec === this.report?.spec) this.quick = { pruned, dense: this.quickDense.result };
      });
    } finally {
      this.evaluating = false;
    }
  }

  /** Evaluates the dense net (once per model) and the pruned net (when masks are in force). */
  async evaluate(): Promise<void> {
    const lab = this.lab;
    const generation = lab.modelGeneration;
    const request = (dense: boolean) => this.request(dense);
    this.evaluating = true;
    try {
      await lab.run(lab.words.busyEvaluating, async () => {
        if (!this.dense) {
          const dense = await request(true);
          if (generation !== lab.modelGeneration) return;
          this.dense = dense;
        }
        const spec = this.report?.spec;
        const pruned = this.isPruned ? await request(false) : null;
        // Drop the result if the model or the pruning changed while it ran.
        if (generation === lab.modelGeneration && spec === this.report?.spec) [this.pruned, this.prunedStage] = [pruned, 'pruned'];
      });
    } finally {
      this.evaluating = false;
    }
  }
}
