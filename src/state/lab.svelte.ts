/**
 * The lab's UI state: the config (mirrored in the URL), notices and errors, the busy steps, the
 * model generation, and one state module per capability (model, data, prune, search, heal,
 * compare). Thin: all computing happens in the worker; the capabilities keep what it reported.
 *
 * Replies can arrive after the user changed something (a model switch during an evaluation, a
 * slider moved twice): every action notes the model generation it started under and drops its
 * result if the model changed meanwhile.
 */
import { untrack } from 'svelte';
import type { BackendInfo } from '../core/backend.ts';
import type { ModelSummary, PruneReport } from '../core/pipeline/prune-spec.ts';
import type { EvalResult } from '../core/pipeline/evaluate.ts';
import type { BestPolicy, EpisodeLog } from '../core/rl/search.ts';
import type { ModelSizes } from '../core/pipeline/export.ts';
import type { LabClient } from '../worker/lab-client.svelte.ts';
import { CANCELLED_MESSAGE, type DatasetKey, type DataSourceMessage } from '../worker/protocol.ts';
import { resumeAfterDeviceLoss, watchForDeviceLoss } from './device-loss.ts';
import { LESSON_STEPS, type LabConfig } from './config.ts';
import { browserLanguages, pickLang, type Lang } from './lang.ts';
import { WORDS, type Words } from './words.ts';
import { applyPreset } from './presets.ts';
import { numberProblem, type Decoded, type NumericKey } from './url-codec.ts';
import type { UrlPort } from './url-sync.svelte.ts';
import { CompareState } from './compare.svelte.ts';
import { HealState } from './heal.svelte.ts';
import { DataState } from './data.svelte.ts';
import { ModelState } from './model.svelte.ts';
import { PruneState } from './prune.svelte.ts';
import { SearchState, type SearchStatus } from './search.svelte.ts';
import { PredictionsState } from './predictions.svelte.ts';
import { RecordedState } from './recorded.svelte.ts';

export class Lab {
  config: LabConfig;
  /** Messages about ignored URL values and other recoverable problems. */
  notices: string[];
  /** Controls and panels the link hides (`<name>_hide=1`): a teacher's cut-down lesson link. */
  hidden: string[];
  error = $state<string | null>(null);
  /** Sizes of the last exported model. */
  exportSizes = $state.raw<(ModelSizes & { gzipBytes: number }) | null>(null);
  readonly data: DataState;
  readonly model: ModelState;
  readonly prune: PruneState;
  /** The combination pipeline: apply the best policy, recalibrate, fine-tune. */
  readonly heal: HealState;
  /** The baselines view: comparison table, sweeps, sensitivity. */
  readonly compare: CompareState;
  readonly search: SearchState;
  readonly grid: PredictionsState;
  /** The link's recorded run (`rec=`), "Run it here" and its comparison; this lab's own finished run for the link. */
  readonly recorded: RecordedState;
  /** Stops the address-bar effect. */
  readonly stopUrlSync: () => void;
  /** Labels of the steps in progress, oldest first; the UI shows the newest. */
  private steps = $state<string[]>([]);
  /** Bumped by every model load; results computed under an older generation are dropped. */
  private generation = 0;
  /** Set by a Cancel button, so that only a user's cancel is reported as a notice. */
  private userCancelled = false;

  /**
   * `initial`: the experiment the link decoded. `client` talks to the worker (a fake in Node
   * tests); `url` keeps the address bar; `baseUri` is where the shipped weights live.
   */
  constructor(initial: Decoded, readonly client: LabClient, private readonly url: UrlPort, baseUri: string) {
    this.config = $state(initial.config);
    this.notices = $state(initial.notices);
    this.hidden = $state.raw(initial.hide);
    this.data = new DataState(this);
    this.model = new ModelState(this, { data: this.data, baseUri });
    this.prune = new PruneState(this, { model: this.model, data: this.data });
    this.heal = new HealState(this);
    this.compare = new CompareState(this);
    this.grid = new PredictionsState(this);
    this.search = new SearchState(this, {
      model: this.model, data: this.data, linkModel: initial.config.model,
      clearHeal: () => this.heal.clear(),
      afterSearch: (done) => (done ? this.heal.run('policy', false) : this.prune.apply()),
    }, initial.policy);
    this.recorded = new RecordedState(this, initial.recorded);
    // The one writer of the address bar: any change of the config, the hidden controls or the
    // policy (a finished search's, else the link's) is mirrored (replaceState), as "Copy link" is.
    this.stopUrlSync = $effect.root(() => {
      $effect(() => this.url.write($state.snapshot(this.config) as LabConfig, { hide: this.hidden, policy: this.search.linkPolicy, rec: this.recorded.linkRun }));
      // What a heal would leave of the dense layers (METHOD §2's warning) follows fcK, kScope and the model.
      $effect(() => void (this.model.summary && [this.config.fcK, this.config.kScope] && untrack(() => this.heal.refreshPreview())));
    });
  }

  // The names the browser tests read through `window.lab` (they predate the split and stay
  // unedited); no capability uses them.
  get backend(): BackendInfo | null { return this.model.backend; }
  get summary(): ModelSummary | null { return this.model.summary; }
  get imported() { return this.model.imported; }
  get dataKey(): DatasetKey { return this.data.key; }
  get dataset() { return this.data.info; }
  get report(): PruneReport | null { return this.prune.report; }
  get dense(): EvalResult | null { return this.prune.dense; }
  get pruned(): EvalResult | null { return this.prune.pruned; }
  get isPruned(): boolean { return this.prune.isPruned; }
  get searchLog(): EpisodeLog[] { return this.search.log; }
  get searchBest(): BestPolicy | null { return this.search.best; }
  get searchStatus(): SearchStatus { return this.search.status; }
  get policySource(): 'search' | 'link' { return this.search.source; }

  // LabCore (state/host.ts): what every capability gets.
  get modelGeneration(): number { return this.generation; }
  get busy(): string | null { return this.steps.at(-1) ?? null; }
  notify(message: string): void { this.notices = [...this.notices, message]; }
  userCancel(): void { this.userCancelled = true; }
  // The page's language (the link's choice, else the browser's) and the state's words in it.
  get lang(): Lang { return pickLang(this.config.lang, browserLanguages()); }
  get words(): Words { return WORDS[this.lang]; }

  /** Starts the backend, loads data and model from the config, applies the URL's pruning. */
  async start(): Promise<void> {
    watchForDeviceLoss(this);
    if (!(await this.model.startBackend())) return;
    this.client.activeBackend = this.model.backend!.name;
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

  /** A new model generation: what the old model's work reports from now on is dropped. */
  private nextModel(): { current: () => boolean; generation: number } {
    const generation = ++this.generation;
    this.search.pause(); // a running search of the old model stops after its episode, saved for later
    this.prune.clear();
    return { current: () => generation === this.generation, generation };
  }

  /** Builds the configured model and dataset, then re-applies the configured pruning. */
  async loadModel(): Promise<void> {
    const { current, generation } = this.nextModel();
    await this.model.load(generation);
    if (current()) await this.prune.apply();
    if (current()) await this.search.showSaved();
    if (current()) await this.heal.refreshSaved();
    if (current() && this.search.source === 'link') await this.heal.run('policy', false);
  }

  /**
   * Imports the user's LayersModel from picked or dropped files. Files cannot travel in a link,
   * so the link keeps naming the zoo model (a notice says so).
   */
  async importFiles(files: File[]): Promise<void> {
    if (!files.length) return;
    this.search.pause();
    const r = await this.model.importFiles(files);
    if (!r) return;
    const { current, generation } = this.nextModel();
    this.model.imported = { name: r.name, layerTypes: r.layerTypes, source: 'files' };
    this.notify(this.words.noteImported(r.name, this.config.model));
    await this.run(this.words.busyLoadingTheData, () => this.model.adopt(r.summary, generation));
    if (current()) await this.prune.apply();
    if (current()) await this.search.showSaved();
  }

  /** Sets every setting of a search preset (state/presets.ts). */
  applyPreset(key: string): Promise<void> {
    return applyPreset(this, key);
  }

  /** Sets the k-σ scope everywhere it is read (METHOD §2); the Prune panel's k-σ is re-applied. */
  async setKScope(scope: LabConfig['kScope']): Promise<void> {
    if (scope === this.config.kScope) return;
    this.config.kScope = scope;
    await this.heal.refreshSaved();
    // The Prune panel's own pruning follows the scope; a searched policy in force stays as applied (its note names its scope).
    if (this.config.k !== null && this.prune.report?.spec.conv.method !== 'policy') await this.prune.apply();
  }

  /** Sets a numeric setting if it is in its range (url-codec's RANGES); else says what is valid. */
  setNumber(key: NumericKey, value: number): boolean {
    const problem = numberProblem(key, value);
    if (problem) this.notify(this.words.noteKept(problem, String(this.config[key] ?? 'off')));
    else this.config[key] = value;
    return !problem;
  }

  /** False for a control or panel the link hides. */
  shown(name: string): boolean { return !this.hidden.includes(name); }

  /**
   * The link to share: the whole experiment, the hidden controls, and — once a search has
   * finished (or a link gave one) — its best policy, so the link shows the result without searching,
   * and that run's recorded figures.
   */
  get shareLink(): string { return this.url.link(this.config, { hide: this.hidden, policy: this.search.linkPolicy, rec: this.recorded.linkRun }); }

  /** Goes to lesson step `step` (−1 leaves lesson mode). */
  setLesson(step: number): void { this.config.lesson = Math.max(-1, Math.min(LESSON_STEPS - 1, Math.round(step))); }

  setLang(lang: LabConfig['lang']): void { this.config.lang = lang; }

  /** The current (masked) model as tfjs files; null when it failed (the error is shown). */
  async exportModel(): Promise<{ modelJson: string; weights: ArrayBuffer } | null> {
    const r = await this.run(this.words.busyExporting, () => this.client.request('exportModel', {
      meta: { link: this.shareLink, pruning: $state.snapshot(this.prune.report?.spec) ?? null, exportedAt: new Date().toISOString() },
    }));
    if (!r) return null;
    this.exportSizes = { ...r.sizes, gzipBytes: r.gzipBytes };
    return { modelJson: r.modelJson, weights: r.weights };
  }

  /** Stops the running evaluation (and any queued one). */
  cancel(): void { this.userCancel(); void this.client.cancel(); }

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
        if (this.userCancelled) this.notify(this.words.stepCancelled(label));
      } else this.error = this.words.stepFailed(label, message);
    } finally {
      const i = this.steps.lastIndexOf(label);
      this.steps = this.steps.filter((_, j) => j !== i);
      if (!this.steps.length) this.userCancelled = false;
    }
  }
}
