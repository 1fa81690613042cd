/**
 * The lab's UI state: the config (mirrored in the URL), what the worker reported, and the
 * actions the panels call. Thin: all computing happens in the worker.
 */
import type { BackendInfo } from '../core/backend.ts';
import type { ModelSummary, PruneReport, PruneSpec } from '../core/pipeline/session.ts';
import type { EvalResult } from '../core/pipeline/evaluate.ts';
import type { WeightStats } from '../core/prune/stats.ts';
import { LabClient } from '../worker/lab-client.svelte.ts';
import type { DatasetInfo, DatasetRef } from '../worker/protocol.ts';
import { DATASETS, type LabConfig } from './config.ts';
import { readUrl, writeUrl } from './url-sync.svelte.ts';

export const HISTOGRAM_BINS = 60;

export class Lab {
  readonly client = new LabClient();
  config = $state<LabConfig>(readUrl().config);
  /** Messages about ignored URL values and other recoverable problems. */
  notices = $state<string[]>(readUrl().notices);
  error = $state<string | null>(null);
  backend = $state.raw<BackendInfo | null>(null);
  summary = $state.raw<ModelSummary | null>(null);
  dataset = $state.raw<DatasetInfo | null>(null);
  report = $state.raw<PruneReport | null>(null);
  stats = $state.raw<WeightStats | null>(null);
  /** Accuracy of the dense net and of the pruned net, for the current model and dataset. */
  dense = $state.raw<EvalResult | null>(null);
  pruned = $state.raw<EvalResult | null>(null);
  /** Re-evaluate the pruned net after each pruning change (once the dense net was evaluated). */
  autoEvaluate = $state(true);
  busy = $state<string | null>(null);
  private pruneToken = 0;

  /** The layer shown in the histogram (the URL's, or the first prunable one). */
  get selectedLayer(): string {
    const names = this.summary?.layers.map((l) => l.name) ?? [];
    return names.includes(this.config.layer) ? this.config.layer : (names[0] ?? '');
  }

  get pruneSpec(): PruneSpec {
    return { conv: { method: this.config.method, sparsity: this.config.sparsity }, dense: { k: this.config.k } };
  }

  private get datasetRef(): DatasetRef {
    return { dataset: this.config.data, split: 'test', seed: this.config.seed };
  }

  /** Starts the backend, loads model and data from the config, applies the URL's pruning. */
  async start(): Promise<void> {
    await this.run('Starting the compute backend', async () => {
      this.backend = await this.client.request('init', { backend: this.config.backend ?? undefined });
      this.client.activeBackend = this.backend.name;
    });
    if (this.backend) await this.loadModel();
  }

  /** Builds the configured model and dataset, then re-applies the configured pruning. */
  async loadModel(): Promise<void> {
    this.dense = null;
    this.pruned = null;
    this.report = null;
    writeUrl(this.config);
    await this.run('Loading the model and data', async () => {
      const classes = DATASETS.find((d) => d.key === this.config.data)?.classes ?? 10;
      this.summary = await this.client.request('loadModel', { model: this.config.model, numClasses: classes, seed: this.config.seed });
      this.dataset = await this.client.request('loadDataset', this.datasetRef);
      if (this.config.layer && !this.summary.layers.some((l) => l.name === this.config.layer)) {
        this.notices = [...this.notices, `Layer '${this.config.layer}' is not in ${this.summary.key}; showing ${this.summary.layers[0].name}.`];
        this.config.layer = '';
      }
    });
    await this.applyPruning();
  }

  /** Applies the configured pruning (latest call wins), refreshes stats, optionally re-evaluates. */
  async applyPruning(): Promise<void> {
    writeUrl(this.config);
    const token = ++this.pruneToken;
    await this.run('Pruning', async () => {
      const report = await this.client.request('prune', $state.snapshot(this.pruneSpec) as PruneSpec);
      if (token !== this.pruneToken) return;
      this.report = report;
      this.pruned = null;
      await this.refreshStats();
    });
    if (token === this.pruneToken && this.autoEvaluate && this.dense && this.isPruned) await this.evaluate();
  }

  get isPruned(): boolean {
    return (this.report?.accounting.weights.removed ?? 0) > 0;
  }

  async selectLayer(name: string): Promise<void> {
    this.config.layer = name;
    writeUrl(this.config);
    await this.refreshStats();
  }

  private async refreshStats(): Promise<void> {
    const layer = this.selectedLayer;
    if (layer) this.stats = await this.client.request('layerStats', { layer, bins: HISTOGRAM_BINS });
  }

  /** Evaluates the dense net (once per model) and the pruned net (when masks are in force). */
  async evaluate(): Promise<void> {
    await this.run('Evaluating', async () => {
      if (!this.dense) this.dense = await this.client.request('evaluate', { ...this.datasetRef, dense: true });
      this.pruned = this.isPruned ? await this.client.request('evaluate', this.datasetRef) : null;
    });
  }

  cancel(): void {
    void this.client.cancel();
  }

  /** Runs one step, showing `label` while busy and turning a thrown error into a message. */
  private async run(label: string, step: () => Promise<void>): Promise<void> {
    this.busy = label;
    this.error = null;
    try {
      await step();
    } catch (err) {
      this.error = `${label} failed: ${err instanceof Error ? err.message : String(err)}`;
    } finally {
      this.busy = null;
    }
  }
}
