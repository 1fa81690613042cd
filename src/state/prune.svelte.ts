/**
 * The Prune panel's pruning and its scores: masks from the config (uniform or global magnitude on
 * the convs, k-σ on the dense layers), the histogram of the layer shown, and the accuracy of the
 * dense and the pruned net. Slider moves during a prune coalesce into one more prune with the
 * latest config; an evaluation a newer pruning makes moot is cancelled; replies for an older
 * model are dropped.
 */
import type { EvalResult } from '../core/pipeline/evaluate.ts';
import type { PruneReport, PruneSpec } from '../core/pipeline/prune-spec.ts';
import type { WeightStats } from '../core/prune/stats.ts';
import { denseSpec } from '../core/prune/ksigma-scope.ts';
import type { DatasetRef } from '../worker/protocol.ts';
import type { LabCore, PrunedStage } from './host.ts';

export const HISTOGRAM_BINS = 60;

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
  /** Re-evaluate the pruned net after each pruning change (once the dense net was evaluated). */
  autoEvaluate = $state(true);
  private pruning = false;
  private pruneAgain = false;
  /** True while apply() re-evaluates the pruned net (a newer pruning makes that moot). */
  private reevaluating = false;
  /** Id of the latest evaluate request, so that moot evaluations are cancelled and nothing else. */
  private evalRequestId = 0;
  private evaluating = false;

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
  }

  /**
   * Applies the configured pruning, refreshes the histogram, and re-evaluates when asked to.
   * Calls made while a prune runs coalesce into one more prune with the latest config.
   */
  async apply(): Promise<void> {
    const lab = this.lab;
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
          const report = await lab.client.request('prune', $state.snapshot(this.spec) as PruneSpec);
          if (generation !== lab.modelGeneration) return;
          this.report = report;
          this.pruned = null;
          this.prunedStage = 'pruned';
          await this.refreshStats(generation);
        });
        if (!this.pruneAgain && generation === lab.modelGeneration && this.autoEvaluate && this.dense && this.isPruned) {
          this.reevaluating = true;
          try {
            await this.evaluate();
          } finally {
            this.reevaluating = false;
          }
        }
      } while (this.pruneAgain && generation === lab.modelGeneration);
    } finally {
      this.pruning = false;
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

  /** Evaluates the dense net (once per model) and the pruned net (when masks are in force). */
  async evaluate(): Promise<void> {
    const lab = this.lab;
    const generation = lab.modelGeneration;
    const request = (dense: boolean) => {
      const p = lab.client.request('evaluate', { ...this.host.data.testRef, dense });
      this.evalRequestId = lab.client.lastRequestId;
      return p;
    };
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
