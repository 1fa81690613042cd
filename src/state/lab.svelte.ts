/**
 * The lab's UI state: the config (mirrored in the URL), what the worker reported, and the
 * actions the panels call. Thin: all computing happens in the worker.
 *
 * Replies can arrive after the user changed something (a model switch during an evaluation, a
 * slider moved twice): every action notes the model generation it started under and drops its
 * result if the model changed meanwhile; slider moves during a prune coalesce into one more prune.
 */
import type { BackendInfo } from '../core/backend.ts';
import type { ModelSummary, PruneReport, PruneSpec } from '../core/pipeline/session.ts';
import type { EvalResult } from '../core/pipeline/evaluate.ts';
import type { WeightStats } from '../core/prune/stats.ts';
import { LabClient } from '../worker/lab-client.svelte.ts';
import { resumeAfterDeviceLoss, watchForDeviceLoss } from './device-loss.ts';
import { CANCELLED_MESSAGE, type DatasetKey, type DatasetRef, type DataSourceMessage } from '../worker/protocol.ts';
import { DATASETS, DEFAULT_CONFIG, LESSON_STEPS, isModelUrl, type LabConfig } from './config.ts';
import { shippedFor, type ModelCardSummary } from '../core/models/shipped.ts';
import type { BestPolicy, EpisodeLog } from '../core/rl/search.ts';
import { linkFor, readUrl, writeUrl } from './url-sync.svelte.ts';
import { CompareState } from './compare.svelte.ts';
import { HealState } from './heal.svelte.ts';
import { DataState } from './data.svelte.ts';
import { SearchState, type SearchStatus } from './search.svelte.ts';
import type { ResultsInput } from './results-export.ts';
import type { ModelSizes } from '../core/pipeline/export.ts';

export const HISTOGRAM_BINS = 60;

const initial = readUrl();

export class Lab {
  readonly client = new LabClient();
  /** The baselines view: comparison table, sweeps, sensitivity. */
  readonly compare: CompareState = new CompareState(this);
  /** The combination pipeline: apply the best policy, recalibrate, fine-tune. */
  readonly heal: HealState = new HealState(this);
  /** The data in use, loaded and cached. */
  readonly data: DataState = new DataState(this);
  config = $state<LabConfig>(initial.config);
  /** The DDPG search: its log, best policy, status and saved searches. */
  readonly search: SearchState = new SearchState(this, {
    model: this, data: this.data, linkModel: initial.config.model,
    clearHeal: () => this.heal.clear(),
    afterSearch: (done) => (done ? this.heal.run('policy', false) : this.applyPruning()),
  }, initial.policy);
  /** Messages about ignored URL values and other recoverable problems. */
  notices = $state<string[]>(initial.notices);
  /** Controls and panels the link hides (`<name>_hide=1`): a teacher's cut-down lesson link. */
  hidden = $state.raw<string[]>(initial.hide);
  /** The imported model in use (null for a zoo model): its name, layer types, and where it came from. */
  imported = $state.raw<{ name: string; layerTypes: string[]; source: 'files' | string } | null>(null);
  error = $state<string | null>(null);
  backend = $state.raw<BackendInfo | null>(null);
  summary = $state.raw<ModelSummary | null>(null);
  report = $state.raw<PruneReport | null>(null);
  stats = $state.raw<WeightStats | null>(null);
  /** Accuracy of the dense net and of the pruned net, for the current model and dataset. */
  dense = $state.raw<EvalResult | null>(null);
  pruned = $state.raw<EvalResult | null>(null);
  /** Re-evaluate the pruned net after each pruning change (once the dense net was evaluated). */
  autoEvaluate = $state(true);
  /** Labels of the steps in progress, oldest first; the UI shows the newest. */
  private steps = $state<string[]>([]);
  /** Bumped by every model load; results computed under an older generation are dropped. */
  private generation = 0;
  private pruning = false;
  /** True while applyPruning re-evaluates the pruned net (a newer pruning makes that moot). */
  private reevaluating = false;
  /** Id of the latest evaluate request, so that moot evaluations are cancelled and nothing else. */
  private evalRequestId = 0;
  private evaluating = false;
  /** Set by the Cancel button, so that only a user's cancel is reported as a notice. */
  private userCancelled = false;
  private pruneAgain = false;

  // What the browser tests read on `window.lab` (test/browser), kept where the state moved.
  get dataKey(): DatasetKey { return this.data.key; }
  get dataset() { return this.data.info; }
  get searchLog(): EpisodeLog[] { return this.search.log; }
  get searchBest(): BestPolicy | null { return this.search.best; }
  get searchStatus(): SearchStatus { return this.search.status; }
  get policySource(): 'search' | 'link' { return this.search.source; }
  get searchKey(): string { return this.search.key; }
  get searchLabel(): string { return this.search.label; }

  notify(message: string): void {
    this.notices = [...this.notices, message];
  }

  userCancel(): void {
    this.userCancelled = true;
  }

  /** Changes with every model load: work started under another value belongs to another model. */
  get modelGeneration(): number {
    return this.generation;
  }

  /** What the lab is doing now, or null when idle. */
  get busy(): string | null {
    return this.steps.length ? this.steps[this.steps.length - 1] : null;
  }

  /** The layer shown in the histogram (the URL's, or the first prunable one). */
  get selectedLayer(): string {
    const names = this.summary?.layers.map((l) => l.name) ?? [];
    return names.includes(this.config.layer) ? this.config.layer : (names[0] ?? '');
  }

  get pruneSpec(): PruneSpec {
    return { conv: { method: this.config.method, sparsity: this.config.sparsity }, dense: { k: this.config.k } };
  }

  get isPruned(): boolean {
    return (this.report?.accounting.weights.removed ?? 0) > 0;
  }

  /** The shipped trained weights for the configured model on the dataset in use, if any. */
  get trainedCard(): ModelCardSummary | undefined {
    return shippedFor(this.config.model, this.data.key);
  }

  /**
   * Starts the backend (a forced one that cannot start falls back to the automatic choice with a
   * notice), loads model and data from the config, applies the URL's pruning.
   */
  async start(): Promise<void> {
    watchForDeviceLoss(this);
    await this.run('Starting the compute backend', async () => {
      try {
        this.backend = await this.client.request('init', { backend: this.config.backend ?? undefined });
      } catch (err) {
        if (!this.config.backend) throw err;
        this.notices = [...this.notices, `${err instanceof Error ? err.message : String(err)}. Using the automatic choice instead.`];
        this.config.backend = null;
        this.backend = await this.client.request('init', {});
      }
      this.client.activeBackend = this.backend.name;
    });
    if (!this.backend) return;
    await this.data.refreshCached();
    await this.search.refreshCheckpoints();
    await this.data.resolveConfigured();
    await this.loadModel();
    await resumeAfterDeviceLoss(this);
  }

  /** Loads CIFAR from picked/dropped files or a URL, then rebuilds the model for its classes. */
  async loadData(source: DataSourceMessage, expect?: 'cifar10' | 'cifar100'): Promise<void> {
    if (await this.data.load(source, expect)) await this.loadModel();
  }

  async loadCachedData(key: string): Promise<void> {
    if (await this.data.loadCached(key)) await this.loadModel();
  }

  /** Switches to an available dataset ('shapes10' or a loaded CIFAR variant). */
  async useDataset(key: DatasetKey): Promise<void> {
    if (await this.data.use(key)) await this.loadModel();
  }

  /** Builds the configured model and dataset, then re-applies the configured pruning. */
  async loadModel(): Promise<void> {
    const generation = ++this.generation;
    if (this.evaluating) void this.client.cancel(this.evalRequestId); // an evaluation of the old model is moot
    this.search.pause(); // a running search of the old model stops after its episode, saved for later
    this.clearModelResults();
    this.syncUrl();
    await this.run(isModelUrl(this.config.model) ? 'Importing the model' : 'Loading the model and data', async () => {
      const classes = DATASETS.find((d) => d.key === this.data.key)?.classes ?? 10;
      let summary: ModelSummary | null = null;
      if (isModelUrl(this.config.model)) {
        const url = this.config.model;
        try {
          const r = await this.client.request('importModel', { source: { kind: 'url', url }, numClasses: classes });
          if (generation !== this.generation) return;
          summary = r.summary;
          this.imported = { name: r.name, layerTypes: r.layerTypes, source: url };
        } catch (err) {
          if (generation !== this.generation) return;
          this.notices = [...this.notices, `${err instanceof Error ? err.message : String(err)}. Using ${DEFAULT_CONFIG.model} instead.`];
          this.config.model = DEFAULT_CONFIG.model;
          this.syncUrl();
        }
      }
      if (!summary) {
        this.imported = null;
        const card = this.config.weights === 'trained' ? this.trainedCard : undefined;
        const weights = card ? { name: card.name, url: new URL(`models/${card.name}/`, document.baseURI).href } : undefined;
        summary = await this.client.request('loadModel', { model: this.config.model, numClasses: classes, seed: this.config.seed, weights });
      }
      if (generation !== this.generation) return;
      await this.adoptModel(summary, generation);
    });
    if (generation === this.generation) await this.applyPruning();
    if (generation === this.generation) await this.search.showSaved();
    if (generation === this.generation) await this.heal.refreshSaved();
    if (generation === this.generation && this.search.source === 'link') await this.heal.run('policy', false);
  }

  /** Forgets what was measured on the previous model. */
  private clearModelResults(): void {
    this.dense = null;
    this.pruned = null;
    this.report = null;
    this.stats = null;
  }

  /** Takes over a model the worker now holds: the dataset in use, the layer shown. */
  private async adoptModel(summary: ModelSummary, generation: number): Promise<void> {
    this.summary = summary; // the worker holds this model now, whatever happens next
    if (!(await this.data.refreshInfo(generation))) return;
    if (this.config.layer && !summary.layers.some((l) => l.name === this.config.layer)) {
      this.notices = [...this.notices, `Layer '${this.config.layer}' is not in ${summary.weightsName ?? summary.key}; showing ${summary.layers[0].name}.`];
      this.config.layer = '';
    }
  }

  /**
   * Imports the user's LayersModel from picked or dropped files (model.json + .bin shards). The
   * worker checks it in full first: on any problem the error is shown and the current model stays.
   * Files cannot travel in a link, so the link keeps naming the zoo model (a notice says so).
   */
  async importFiles(files: File[]): Promise<void> {
    if (!files.length) return;
    this.search.pause();
    const classes = DATASETS.find((d) => d.key === this.data.key)?.classes ?? 10;
    const r = await this.run('Importing the model', () => this.client.request('importModel', { source: { kind: 'files', files }, numClasses: classes }));
    if (!r) return;
    const generation = ++this.generation;
    this.clearModelResults();
    this.imported = { name: r.name, layerTypes: r.layerTypes, source: 'files' };
    this.notices = [...this.notices, `Imported '${r.name}' from files: a link cannot carry local files, so a reload or a shared link opens ${this.config.model} again (host model.json and use ?model=<url> to share it).`];
    await this.run('Loading the data', () => this.adoptModel(r.summary, generation));
    if (generation === this.generation) await this.applyPruning();
    if (generation === this.generation) await this.search.showSaved();
  }

  /**
   * Applies the configured pruning, refreshes the histogram, and re-evaluates when asked to.
   * Calls made while a prune runs coalesce into one more prune with the latest config.
   */
  async applyPruning(): Promise<void> {
    this.syncUrl();
    if (this.pruning) {
      this.pruneAgain = true;
      if (this.reevaluating) void this.client.cancel(this.evalRequestId); // its pruning is already outdated
      return;
    }
    this.pruning = true;
    const generation = this.generation;
    try {
      do {
        this.pruneAgain = false;
        await this.run('Pruning', async () => {
          const report = await this.client.request('prune', $state.snapshot(this.pruneSpec) as PruneSpec);
          if (generation !== this.generation) return;
          this.report = report;
          this.pruned = null;
          await this.refreshStats(generation);
        });
        if (!this.pruneAgain && generation === this.generation && this.autoEvaluate && this.dense && this.isPruned) {
          this.reevaluating = true;
          try {
            await this.evaluate();
          } finally {
            this.reevaluating = false;
          }
        }
      } while (this.pruneAgain && generation === this.generation);
    } finally {
      this.pruning = false;
    }
  }

  async selectLayer(name: string): Promise<void> {
    this.config.layer = name;
    this.syncUrl();
    await this.run('Reading the layer', () => this.refreshStats(this.generation));
  }

  async refreshStats(generation: number): Promise<void> {
    const layer = this.selectedLayer;
    if (!layer) return;
    const stats = await this.client.request('layerStats', { layer, bins: HISTOGRAM_BINS });
    if (generation === this.generation && layer === this.selectedLayer) this.stats = stats;
  }

  /** Evaluates the dense net (once per model) and the pruned net (when masks are in force). */
  async evaluate(): Promise<void> {
    const generation = this.generation;
    const request = (dense: boolean) => {
      const p = this.client.request('evaluate', { ...this.data.testRef, dense });
      this.evalRequestId = this.client.lastRequestId;
      return p;
    };
    this.evaluating = true;
    try {
      await this.run('Evaluating', async () => {
        if (!this.dense) {
          const dense = await request(true);
          if (generation !== this.generation) return;
          this.dense = dense;
        }
        const spec = this.report?.spec;
        const pruned = this.isPruned ? await request(false) : null;
        // Drop the result if the model or the pruning changed while it ran.
        if (generation === this.generation && spec === this.report?.spec) this.pruned = pruned;
      });
    } finally {
      this.evaluating = false;
    }
  }

  /** Mirrors the experiment into the address bar. */
  syncUrl(): void {
    writeUrl(this.config, { hide: this.hidden, policy: this.search.shared });
  }

  /** False for a control or panel the link hides. */
  shown(name: string): boolean {
    return !this.hidden.includes(name);
  }

  /**
   * The link to share: the whole experiment, the hidden controls, and — once a search has
   * finished (or a link gave one) — its best policy, so the link shows the result without searching.
   */
  get shareLink(): string {
    return linkFor(this.config, { hide: this.hidden, policy: this.search.linkPolicy });
  }

  /** The split of the data in use for a purpose (DataState.splitRef). */
  splitRef(purpose: 'reward' | 'train' | 'calibration' | 'test'): DatasetRef {
    return this.data.splitRef(purpose);
  }

  // ── lesson mode ──
  /** Goes to lesson step `step` (−1 leaves lesson mode). */
  setLesson(step: number): void {
    this.config.lesson = Math.max(-1, Math.min(LESSON_STEPS - 1, Math.round(step)));
    this.syncUrl();
  }

  setLang(lang: LabConfig['lang']): void {
    this.config.lang = lang;
    this.syncUrl();
  }

  // ── export ──
  /** Sizes of the last exported model. */
  exportSizes = $state.raw<(ModelSizes & { gzipBytes: number }) | null>(null);

  /** What the results files are built from (null before the first prune report). */
  get resultsInput(): ResultsInput | null {
    if (!this.report) return null;
    return {
      config: $state.snapshot(this.config) as LabConfig, weights: this.imported ? `imported:${this.imported.name}` : this.summary?.weightsName ? `trained:${this.summary.weightsName}` : `random:${this.config.seed}`,
      dataset: this.data.key, report: this.report, dense: this.dense, pruned: this.pruned, pipeline: this.heal.report,
    };
  }

  /** The current (masked) model as tfjs files; null when it failed (the error is shown). */
  async exportModel(): Promise<{ modelJson: string; weights: ArrayBuffer } | null> {
    let out: { modelJson: string; weights: ArrayBuffer } | null = null;
    await this.run('Exporting the pruned model', async () => {
      const r = await this.client.request('exportModel', { meta: { link: this.shareLink, pruning: $state.snapshot(this.report?.spec) ?? null, exportedAt: new Date().toISOString() } });
      this.exportSizes = { ...r.sizes, gzipBytes: r.gzipBytes };
      out = { modelJson: r.modelJson, weights: r.weights };
    });
    return out;
  }

  /** Stops the running evaluation (and any queued one). */
  cancel(): void {
    this.userCancelled = true;
    void this.client.cancel();
  }

  /**
   * Runs one step, showing `label` while busy; an error becomes a message, a cancel a notice.
   * Resolves with the step's value, or undefined when it failed.
   */
  async run<T>(label: string, step: () => Promise<T>): Promise<T | undefined> {
    this.steps = [...this.steps, label];
    this.error = null;
    try {
      return await step();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (message === CANCELLED_MESSAGE) {
        if (this.userCancelled) this.notices = [...this.notices, `${label}: cancelled.`];
      } else this.error = `${label} failed: ${message}`;
    } finally {
      const i = this.steps.lastIndexOf(label);
      this.steps = this.steps.filter((_, j) => j !== i);
      if (!this.steps.length) this.userCancelled = false;
    }
  }
}
