/**
 * The DDPG search (METHOD §1) as the lab runs it: its settings from the config, the episode log
 * and best policy (the one place a policy lives: a search's, a saved search's or a shared link's),
 * status and rate, pause / resume / cancel, and the saved searches in IndexedDB. The worker runs
 * the episodes and checkpoints them.
 */
import type { BestPolicy, EpisodeLog, SearchConfig } from '../core/rl/search.ts';
import type { CheckpointInfo } from '../core/rl/checkpoints.ts';
import { MODEL_CATALOG } from '../core/models/catalog.ts';
import { searchEta } from '../core/rl/search-eta.ts';
import type { SharedPolicy } from './url-codec.ts';
import type { LabCore, SearchHost } from './host.ts';

export type SearchStatus = 'idle' | 'running' | 'pausing' | 'paused' | 'done';

/** Episodes between search checkpoints. */
const CHECKPOINT_EVERY = 5;

export class SearchState {
  log = $state.raw<EpisodeLog[]>([]);
  best = $state.raw<BestPolicy | null>(null);
  status = $state<SearchStatus>('idle');
  /** Episodes per second since this run (or resume) started. */
  rate = $state(0);
  /** Seconds left of the running search (core/rl/search-eta.ts), null when unknown or not running. */
  eta = $state<number | null>(null);
  /** One agent update's ms, timed by the worker at the start (for the ETA during warm-up). */
  private updateMs: number | null = null;
  /** Where the best policy came from. */
  source = $state<'search' | 'link'>('search');
  /**
   * A finished policy the link carried (`policy=…`): shown and applied on load without a search,
   * and kept in the address bar until the model changes.
   */
  shared = $state.raw<SharedPolicy | null>(null);
  /** Saved searches in IndexedDB (for "resume"). */
  checkpoints = $state.raw<CheckpointInfo[]>([]);
  /** When this run (or resume) started, and at which episode. */
  private clock = { t0: 0, e0: 0 };
  private requestId = 0;
  /** Set by cancel, so that the finishing search ends 'idle' rather than resumable. */
  private cancelled = false;

  constructor(private readonly lab: LabCore, private readonly host: SearchHost, shared: SharedPolicy | null) {
    this.shared = shared;
  }

  /** The search settings of the config, as DdpgSearch takes them. */
  get config(): Partial<SearchConfig> {
    const c = this.lab.config;
    // earlyStop only when on, so the keys of searches saved before it existed stay as they were.
    return { episodes: c.episodes, warmup: c.warmup, alpha: c.alpha, budget: c.budget, budgetMode: c.budgetMode, reward: c.reward, seed: c.searchSeed, ...(c.earlyStop === 'on' ? { earlyStop: true } : {}) };
  }

  /** Names one experiment: model, weights, data, reward split and search settings. */
  get key(): string {
    const c = this.lab.config;
    const weights = this.host.model.summary?.weightsName ?? `random:${c.seed}`;
    return JSON.stringify([c.model, weights, this.host.data.key, c.dataSeed, c.rewardImages, c.rewardRecal, this.config]);
  }

  get label(): string {
    const c = this.lab.config;
    const model = MODEL_CATALOG.find((m) => m.key === c.model)?.label ?? c.model;
    return `${model} · ${this.host.data.key} · α ${(100 * c.alpha).toFixed(0)}% (${c.budget}, ${c.budgetMode}) · ${c.episodes} episodes · seed ${c.searchSeed}`;
  }

  /** True while a search runs (or is finishing its episode before a pause). */
  get active(): boolean {
    return this.status === 'running' || this.status === 'pausing';
  }

  /** A saved, unfinished search of the current experiment. */
  get resumable(): CheckpointInfo | undefined {
    return this.checkpoints.find((cp) => cp.key === this.key && cp.episode < cp.episodes);
  }

  /** The policy a link should carry: the finished search's best, or the link's own. */
  get linkPolicy(): SharedPolicy | null {
    const best = this.status === 'done' ? this.best : null;
    return best ? { prunedCounts: best.prunedCounts } : this.shared;
  }

  async refreshCheckpoints(): Promise<void> {
    try {
      this.checkpoints = await this.lab.client.request('listCheckpoints', {});
    } catch {
      this.checkpoints = [];
    }
  }

  /** The link's policy as a best policy for the current model, or null (with a notice) when it does not fit. */
  private linkedPolicy(): BestPolicy | null {
    const p = this.shared;
    const convs = this.host.model.summary?.layers.filter((l) => l.kind === 'conv') ?? [];
    if (!p || !convs.length) return null;
    if (this.lab.config.model !== this.host.linkModel) {
      this.shared = null; // the user picked another model: the link's policy is not for it
      return null;
    }
    if (p.prunedCounts.length !== convs.length || p.prunedCounts.some((k, i) => k > convs[i].params)) {
      this.lab.notify(this.lab.words.noteBadPolicy(p.prunedCounts.length, this.lab.config.model, convs.length));
      this.shared = null;
      return null;
    }
    return { episode: -1, reward: NaN, accuracy: NaN, prunedCounts: [...p.prunedCounts], sparsities: p.prunedCounts.map((k, i) => k / convs[i].params) };
  }

  /**
   * Shows the saved search of the current experiment (its episodes and best policy, finished or
   * resumable), so a reload loses nothing; clears the search view when there is none.
   */
  async showSaved(): Promise<void> {
    if (this.active) return;
    const key = this.key;
    const saved = await this.lab.client.request('getCheckpoint', { key }).catch(() => null); // no IndexedDB: nothing to show
    if (key !== this.key || this.active) return;
    this.host.clearHeal();
    // A link's finished policy wins over this browser's saved search: the link shows what its sender
    // saw; unless the saved search is finished with that very policy (the address bar after a reload).
    const found = this.linkedPolicy();
    const own = found && saved && saved.episode >= saved.episodes && saved.best?.prunedCounts.join() === found.prunedCounts.join();
    const linked = own ? null : found;
    this.source = linked ? 'link' : 'search';
    this.log = linked ? [] : saved?.log ?? [];
    this.best = linked ?? saved?.best ?? null;
    this.status = linked ? 'done' : !saved ? 'idle' : saved.episode >= saved.episodes ? 'done' : 'paused';
  }

  /**
   * Runs the DDPG search (or resumes the saved one), streaming episodes into `log`. When it
   * finishes, the best policy is applied with k-σ on the dense layers and scored (afterSearch).
   */
  async start(resume = false): Promise<void> {
    if (this.active) return;
    const lab = this.lab;
    const generation = lab.modelGeneration;
    if (!resume) {
      this.log = [];
      this.best = null;
      this.source = 'search';
      this.shared = null; // the re-run replaces the link's policy
      this.host.clearHeal();
    }
    this.status = 'running';
    this.clock = { t0: performance.now(), e0: resume ? (this.resumable?.episode ?? 0) : 0 };
    this.rate = 0;
    this.eta = null;
    this.updateMs = null;
    const result = await lab.run(resume ? lab.words.busyResumingSearch : lab.words.busySearching, async () => {
      const log: EpisodeLog[] = [...this.log]; // empty for a new search; the saved episodes on resume
      const c = lab.config;
      const p = lab.client.request('search', {
        key: this.key, label: this.label, config: $state.snapshot(this.config) as Partial<SearchConfig>,
        reward: this.host.data.splitRef('reward'), rewardImages: c.rewardImages, resume, checkpointEvery: CHECKPOINT_EVERY,
        recal: c.rewardRecal > 0 ? { data: this.host.data.splitRef('train'), images: c.rewardRecal } : undefined,
      }, (pr) => {
        if (generation !== lab.modelGeneration) return;
        if (pr.updateMs !== undefined) this.updateMs = pr.updateMs;
        // The ETA's clock starts when the episodes do: the model's reload and the reward images'
        // generation before them would otherwise count as every episode's overhead.
        if (!pr.episode && pr.stage === 'searching') this.clock.t0 = performance.now();
        if (!pr.episode) return;
        log.push(pr.episode);
        this.log = [...log];
        this.best = pr.best ?? null;
        const wallMs = performance.now() - this.clock.t0;
        this.rate = wallMs > 0 ? (1000 * (pr.done - this.clock.e0)) / wallMs : 0;
        const layers = pr.episode.sparsities.length;
        const stopping = c.earlyStop === 'on' && c.reward === 'acc';
        this.eta = searchEta({ log, episodes: c.episodes, rewardImages: c.rewardImages, stopping, warmup: c.warmup, layers, wallMs, doneAtStart: this.clock.e0, updateMs: this.updateMs });
      });
      this.requestId = lab.client.lastRequestId;
      return p;
    });
    const current = generation === lab.modelGeneration;
    if (result && current) {
      this.log = result.log;
      this.best = result.best;
    }
    // A failed (not cancelled) search keeps its last checkpoint: offer to resume it.
    const status: SearchStatus = result && current ? result.status : 'idle';
    this.eta = null;
    this.status = this.cancelled ? 'idle' : status === 'idle' && this.log.length ? 'paused' : status;
    this.cancelled = false;
    await this.refreshCheckpoints();
    // The model changed meanwhile (which paused this search): show that model's saved search.
    if (!current) return this.showSaved();
    // The worker lifts the search's masks; put the configured pruning back, or the best policy.
    await this.host.afterSearch(this.status === 'done');
  }

  /** Stops the search after its current episode, saving it. */
  pause(): void {
    if (this.status !== 'running') return;
    this.status = 'pausing';
    void this.lab.client.request('pause', {});
  }

  /** Stops the search at once and forgets its saved state. */
  async cancel(): Promise<void> {
    const key = this.key;
    this.lab.userCancel();
    if (this.active) {
      this.cancelled = true;
      await this.lab.client.cancel(this.requestId);
    }
    this.checkpoints = await this.lab.client.request('deleteCheckpoint', { key });
    this.status = 'idle';
  }
}
