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
import { CANCELLED_MESSAGE, type CachedDataset, type DatasetInfo, type DatasetKey, type DatasetRef, type DataSourceMessage, type LoadedData } from '../worker/protocol.ts';
import { DATASETS, DEFAULT_CONFIG, LESSON_STEPS, isDataUrl, isModelUrl, type LabConfig } from './config.ts';
import { shippedFor, type ModelCardSummary } from '../core/models/shipped.ts';
import type { BestPolicy, EpisodeLog, SearchConfig } from '../core/rl/search.ts';
import type { CheckpointInfo } from '../core/rl/checkpoints.ts';
import { MODEL_CATALOG } from '../core/models/catalog.ts';
import { linkFor, readUrl, writeUrl } from './url-sync.svelte.ts';
import type { SharedPolicy } from './url-codec.ts';
import { CompareState } from './compare.svelte.ts';
import { HealState } from './heal.svelte.ts';
import type { ResultsInput } from './results-export.ts';
import type { ModelSizes } from '../core/pipeline/export.ts';

export type SearchStatus = 'idle' | 'running' | 'pausing' | 'paused' | 'done';

export const HISTOGRAM_BINS = 60;

/** 'cifar10' → 'CIFAR-10'. */
export function variantLabel(variant: 'cifar10' | 'cifar100'): string {
  return variant === 'cifar10' ? 'CIFAR-10' : 'CIFAR-100';
}

const initial = readUrl();

export class Lab {
  readonly client = new LabClient();
  /** The baselines view: comparison table, sweeps, sensitivity. */
  readonly compare: CompareState = new CompareState(this);
  /** The combination pipeline: apply the best policy, recalibrate, fine-tune. */
  readonly heal: HealState = new HealState(this);
  config = $state<LabConfig>(initial.config);
  /** Messages about ignored URL values and other recoverable problems. */
  notices = $state<string[]>(initial.notices);
  /** Controls and panels the link hides (`<name>_hide=1`): a teacher's cut-down lesson link. */
  hidden = $state.raw<string[]>(initial.hide);
  /**
   * A finished policy the link carried (`policy=…`): shown and applied on load without a search,
   * and kept in the address bar until the model changes.
   */
  sharedPolicy = $state.raw<SharedPolicy | null>(initial.policy);
  /** The imported model in use (null for a zoo model): its name, layer types, and where it came from. */
  imported = $state.raw<{ name: string; layerTypes: string[]; source: 'files' | string } | null>(null);
  /** Where the search view's best policy came from. */
  policySource = $state<'search' | 'link'>('search');
  error = $state<string | null>(null);
  backend = $state.raw<BackendInfo | null>(null);
  summary = $state.raw<ModelSummary | null>(null);
  dataset = $state.raw<DatasetInfo | null>(null);
  /** The dataset in use: Shapes-10 until CIFAR is loaded (config.data may name a URL). */
  dataKey = $state<DatasetKey>('shapes10');
  /** CIFAR loaded in this session, by variant. */
  loaded = $state.raw<Partial<Record<'cifar10' | 'cifar100', LoadedData>>>({});
  /** Datasets kept in IndexedDB. */
  cached = $state.raw<CachedDataset[]>([]);
  report = $state.raw<PruneReport | null>(null);
  stats = $state.raw<WeightStats | null>(null);
  /** Accuracy of the dense net and of the pruned net, for the current model and dataset. */
  dense = $state.raw<EvalResult | null>(null);
  pruned = $state.raw<EvalResult | null>(null);
  /** Re-evaluate the pruned net after each pruning change (once the dense net was evaluated). */
  autoEvaluate = $state(true);
  // ── DDPG search and pipeline ──
  searchLog = $state.raw<EpisodeLog[]>([]);
  searchBest = $state.raw<BestPolicy | null>(null);
  searchStatus = $state<SearchStatus>('idle');
  /** Episodes per second since this run (or resume) started. */
  searchRate = $state(0);
  /** When this run (or resume) started, and at which episode. */
  private searchClock = { t0: 0, e0: 0 };
  private searchRequestId = 0;
  /** Set by cancelSearch so that the finishing search ends 'idle' rather than resumable. */
  private searchCancelled = false;
  /** Saved searches in IndexedDB (for "resume"). */
  checkpoints = $state.raw<CheckpointInfo[]>([]);
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
    return shippedFor(this.config.model, this.dataKey);
  }

  private get datasetRef(): DatasetRef {
    return { dataset: this.dataKey, split: 'test', seed: this.config.dataSeed };
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
    await this.refreshCached();
    await this.refreshCheckpoints();
    await this.resolveConfiguredData();
    await this.loadModel();
    await resumeAfterDeviceLoss(this);
  }

  /**
   * Makes config.data available: a URL is loaded (from the cache when it was loaded before), a
   * CIFAR key takes the newest cached copy. When that fails the lab uses Shapes-10 and says so.
   */
  private async resolveConfiguredData(): Promise<void> {
    const want = this.config.data;
    if (want === 'shapes10') return;
    let ok = false;
    await this.run('Loading data', async () => {
      try {
        if (isDataUrl(want)) {
          const r = await this.client.request('loadData', { source: { kind: 'url', url: want } });
          await this.refreshCached();
          if (!this.adoptData(r, want)) throw new Error(`${want} holds no test images`);
        } else {
          const entry = this.cached.find((e) => e.variant === want && e.counts.test > 0);
          if (!entry) throw new Error(`${variantLabel(want as 'cifar10' | 'cifar100')} is not loaded in this browser yet; load it under Data`);
          if (!this.adoptData(await this.client.request('loadCached', { key: entry.key }), want)) throw new Error('The cached copy holds no test images');
        }
        ok = true;
      } catch (err) {
        if (err instanceof Error && err.message === CANCELLED_MESSAGE) throw err;
        this.notices = [...this.notices, `${err instanceof Error ? err.message : String(err)}. Using the built-in Shapes-10 instead.`];
      }
    });
    if (!ok) {
      this.config.data = 'shapes10';
      this.dataKey = 'shapes10';
    }
  }

  /**
   * Records a load. The lab evaluates on the test set, so it switches to the data only when a
   * test set is there; a train-only load is kept in the worker (a later test load joins it) and
   * said so. Returns whether the lab switched.
   */
  private adoptData(result: LoadedData, configValue: string): boolean {
    const name = variantLabel(result.variant);
    this.loaded = { ...this.loaded, [result.variant]: result };
    if (result.counts.test === 0) {
      this.notices = [...this.notices, `Loaded ${result.counts.train.toLocaleString('en-US')} ${name} training images, but no test set: the lab evaluates on the test set, so load it too (e.g. the '${name} test' preset).`];
      return false;
    }
    this.dataKey = result.variant;
    this.config.data = configValue;
    if (result.fromCache) this.notices = [...this.notices, `Loaded ${name} from this browser's cache (no download).`];
    return true;
  }

  /** Loads CIFAR from picked/dropped files or a URL, then rebuilds the model for its classes. */
  async loadData(source: DataSourceMessage, expect?: 'cifar10' | 'cifar100'): Promise<void> {
    await this.finishLoad(source.kind === 'url' ? 'Downloading data' : 'Reading files', () => this.client.request('loadData', { source, expect }));
  }

  async loadCachedData(key: string): Promise<void> {
    await this.finishLoad('Loading from the cache', () => this.client.request('loadCached', { key }));
  }

  /**
   * Runs a data load; on success refreshes the cache list and, when the lab switches to the data,
   * rebuilds the model for its classes. A URL stays in the config (so the link reloads it), files
   * are named by their variant. On failure the error is shown and the previous data stays.
   */
  private async finishLoad(label: string, load: () => Promise<LoadedData>): Promise<void> {
    const r = await this.run(label, load);
    if (!r) return;
    await this.refreshCached();
    if (this.adoptData(r, isDataUrl(r.key) ? r.key : r.variant)) await this.loadModel();
  }

  async deleteCachedData(key: string): Promise<void> {
    await this.run('Deleting from the cache', async () => {
      this.cached = await this.client.request('deleteCached', { key });
    });
  }

  /** Switches to an available dataset ('shapes10' or a loaded CIFAR variant). */
  async useDataset(key: DatasetKey): Promise<void> {
    if (key !== 'shapes10' && !this.loaded[key]?.counts.test) {
      const entry = this.cached.find((e) => e.variant === key && e.counts.test > 0);
      if (entry) return this.loadCachedData(entry.key);
      this.notices = [...this.notices, `${variantLabel(key)} (with its test set) is not loaded yet: pick files or a URL below.`];
      return;
    }
    this.dataKey = key;
    this.config.data = key === 'shapes10' ? 'shapes10' : (isDataUrl(this.loaded[key]!.key) ? this.loaded[key]!.key : key);
    await this.loadModel();
  }

  private async refreshCached(): Promise<void> {
    try {
      this.cached = await this.client.request('listCached', {});
    } catch {
      this.cached = [];
    }
  }

  /** Builds the configured model and dataset, then re-applies the configured pruning. */
  async loadModel(): Promise<void> {
    const generation = ++this.generation;
    if (this.evaluating) void this.client.cancel(this.evalRequestId); // an evaluation of the old model is moot
    this.pauseSearch(); // a running search of the old model stops after its episode, saved for later
    this.clearModelResults();
    this.syncUrl();
    await this.run(isModelUrl(this.config.model) ? 'Importing the model' : 'Loading the model and data', async () => {
      const classes = DATASETS.find((d) => d.key === this.dataKey)?.classes ?? 10;
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
    if (generation === this.generation) await this.showSavedSearch();
    if (generation === this.generation) await this.heal.refreshSaved();
    if (generation === this.generation && this.policySource === 'link') await this.heal.run('policy', false);
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
    this.dataset = null;
    const dataset = await this.client.request('loadDataset', this.datasetRef);
    if (generation !== this.generation) return;
    this.dataset = dataset;
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
    this.pauseSearch();
    const classes = DATASETS.find((d) => d.key === this.dataKey)?.classes ?? 10;
    const r = await this.run('Importing the model', () => this.client.request('importModel', { source: { kind: 'files', files }, numClasses: classes }));
    if (!r) return;
    const generation = ++this.generation;
    this.clearModelResults();
    this.imported = { name: r.name, layerTypes: r.layerTypes, source: 'files' };
    this.notices = [...this.notices, `Imported '${r.name}' from files: a link cannot carry local files, so a reload or a shared link opens ${this.config.model} again (host model.json and use ?model=<url> to share it).`];
    await this.run('Loading the data', () => this.adoptModel(r.summary, generation));
    if (generation === this.generation) await this.applyPruning();
    if (generation === this.generation) await this.showSavedSearch();
  }

  /** The link's policy as a best policy for the current model, or null (with a notice) when it does not fit. */
  private linkedPolicy(): BestPolicy | null {
    const p = this.sharedPolicy;
    const convs = this.summary?.layers.filter((l) => l.kind === 'conv') ?? [];
    if (!p || !convs.length) return null;
    if (this.config.model !== initial.config.model) {
      this.sharedPolicy = null; // the user picked another model: the link's policy is not for it
      this.syncUrl();
      return null;
    }
    if (p.ks.length !== convs.length || p.ks.some((k, i) => k > convs[i].params)) {
      this.notices = [...this.notices, `The link's policy has ${p.ks.length} layers that do not fit ${this.config.model} (${convs.length} conv layers); ignored it.`];
      this.sharedPolicy = null;
      this.syncUrl();
      return null;
    }
    return { episode: -1, reward: NaN, accuracy: NaN, ks: [...p.ks], sparsities: p.ks.map((k, i) => k / convs[i].params) };
  }

  /**
   * Shows the saved search of the current experiment (its episodes and best policy, finished or
   * resumable), so a reload loses nothing; clears the search view when there is none.
   */
  private async showSavedSearch(): Promise<void> {
    if (this.searchActive) return;
    const key = this.searchKey;
    const saved = await this.client.request('getCheckpoint', { key }).catch(() => null); // no IndexedDB: nothing to show
    if (key !== this.searchKey || this.searchActive) return;
    this.heal.clear();
    // A link's finished policy wins over this browser's saved search: the link shows what its sender saw.
    const linked = this.linkedPolicy();
    this.policySource = linked ? 'link' : 'search';
    this.searchLog = linked ? [] : saved?.log ?? [];
    this.searchBest = linked ?? saved?.best ?? null;
    this.searchStatus = linked ? 'done' : !saved ? 'idle' : saved.episode >= saved.episodes ? 'done' : 'paused';
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
      const p = this.client.request('evaluate', { ...this.datasetRef, dense });
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

  /** The search settings of the config, as DdpgSearch takes them. */
  get searchConfig(): Partial<SearchConfig> {
    const c = this.config;
    return { episodes: c.episodes, warmup: c.warmup, target: c.alpha, budget: c.budget, budgetMode: c.budgetMode, reward: c.reward, seed: c.searchSeed };
  }

  /** Mirrors the experiment into the address bar. */
  syncUrl(): void {
    writeUrl(this.config, { hide: this.hidden, policy: this.sharedPolicy });
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
    const best = this.searchStatus === 'done' ? this.searchBest : null;
    return linkFor(this.config, { hide: this.hidden, policy: best ? { ks: best.ks } : this.sharedPolicy });
  }

  /** Names one experiment: model, weights, data, reward split and search settings. */
  get searchKey(): string {
    const c = this.config;
    const weights = this.summary?.weightsName ?? `random:${c.seed}`;
    return JSON.stringify([c.model, weights, this.dataKey, c.dataSeed, c.rewardImages, c.rewardRecal, this.searchConfig]);
  }

  get searchLabel(): string {
    const c = this.config;
    const model = MODEL_CATALOG.find((m) => m.key === c.model)?.label ?? c.model;
    return `${model} · ${this.dataKey} · α ${(100 * c.alpha).toFixed(0)}% (${c.budget}, ${c.budgetMode}) · ${c.episodes} episodes · seed ${c.searchSeed}`;
  }

  /** True while a search runs (or is finishing its episode before a pause). */
  get searchActive(): boolean {
    return this.searchStatus === 'running' || this.searchStatus === 'pausing';
  }

  /** A saved, unfinished search of the current experiment. */
  get resumable(): CheckpointInfo | undefined {
    return this.checkpoints.find((cp) => cp.key === this.searchKey && cp.episode < cp.episodes);
  }

  async refreshCheckpoints(): Promise<void> {
    try {
      this.checkpoints = await this.client.request('listCheckpoints', {});
    } catch {
      this.checkpoints = [];
    }
  }

  /**
   * The search's reward split or the fine-tuning split of the dataset in use. Shapes-10's
   * validation split is its reward split; CIFAR's is held out of train (METHOD §1.6), and its
   * size shapes the train split too.
   */
  /** The split of the data in use for a purpose; Shapes-10 stands its validation split in for reward, its train split for calibration. */
  splitRef(split: 'reward' | 'train' | 'calibration' | 'test'): DatasetRef {
    const seed = this.config.dataSeed;
    if (split === 'test') return this.datasetRef;
    if (this.dataKey === 'shapes10') return { dataset: 'shapes10', split: split === 'reward' ? 'validation' : 'train', seed };
    return { dataset: this.dataKey, split, seed, rewardSize: this.config.rewardImages };
  }

  /**
   * Runs the DDPG search (or resumes the saved one), streaming episodes into `searchLog`.
   * When it finishes, applies the best policy with k-σ on the dense layers and scores it.
   */
  async startSearch(resume = false): Promise<void> {
    if (this.searchActive) return;
    const generation = this.generation;
    if (!resume) {
      this.searchLog = [];
      this.searchBest = null;
      this.policySource = 'search';
      this.sharedPolicy = null; // the re-run replaces the link's policy
      this.heal.clear();
    }
    this.syncUrl();
    this.searchStatus = 'running';
    this.searchClock = { t0: performance.now(), e0: resume ? (this.resumable?.episode ?? 0) : 0 };
    this.searchRate = 0;
    let status = 'idle' as SearchStatus;
    await this.run(resume ? 'Resuming the search' : 'Searching', async () => {
      const log: EpisodeLog[] = [...this.searchLog]; // empty for a new search; the saved episodes on resume
      const p = this.client.request('search', {
        key: this.searchKey, label: this.searchLabel, config: $state.snapshot(this.searchConfig) as Partial<SearchConfig>,
        reward: this.splitRef('reward'), rewardImages: this.config.rewardImages, resume, checkpointEvery: 5,
        recal: this.config.rewardRecal > 0 ? { data: this.splitRef('train'), images: this.config.rewardRecal } : undefined,
      }, (pr) => {
        if (generation !== this.generation || !pr.episode) return;
        log.push(pr.episode);
        this.searchLog = [...log];
        this.searchBest = pr.best ?? null;
        const dt = (performance.now() - this.searchClock.t0) / 1000;
        this.searchRate = dt > 0 ? (pr.done - this.searchClock.e0) / dt : 0;
      });
      this.searchRequestId = this.client.lastRequestId;
      const result = await p;
      if (generation !== this.generation) return;
      this.searchLog = result.log;
      this.searchBest = result.best;
      status = result.status;
    });
    // A failed (not cancelled) search keeps its last checkpoint: offer to resume it.
    this.searchStatus = this.searchCancelled ? 'idle' : status === 'idle' && this.searchLog.length ? 'paused' : status;
    this.searchCancelled = false;
    await this.refreshCheckpoints();
    // The model changed meanwhile (which paused this search): show that model's saved search.
    if (generation !== this.generation) return this.showSavedSearch();
    // The worker lifts the search's masks; put the configured pruning back, or the best policy.
    if (this.searchStatus === 'done') await this.heal.run('policy', false);
    else await this.applyPruning();
  }

  /** Stops the search after its current episode, saving it. */
  pauseSearch(): void {
    if (this.searchStatus !== 'running') return;
    this.searchStatus = 'pausing';
    void this.client.request('pause', {});
  }

  /** Stops the search at once and forgets its saved state. */
  async cancelSearch(): Promise<void> {
    const key = this.searchKey;
    this.userCancelled = true;
    if (this.searchActive) {
      this.searchCancelled = true;
      await this.client.cancel(this.searchRequestId);
    }
    this.checkpoints = await this.client.request('deleteCheckpoint', { key });
    this.searchStatus = 'idle';
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
      dataset: this.dataKey, report: this.report, dense: this.dense, pruned: this.pruned, pipeline: this.heal.report,
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
