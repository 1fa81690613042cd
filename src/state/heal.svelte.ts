/**
 * State of the combination pipeline in the Lab: the best policy plus k-σ applied, scored, BN
 * recalibrated (METHOD §8.1, when set), fine-tuned with fixed masks (§4), each scored. The worker
 * runs it as one `heal` request (core/pipeline/combination.ts); this class keeps its settings,
 * progress and results, pauses, cancels, and offers to resume a fine-tuning saved in IndexedDB.
 */
import type { LayerRow, PruneReport, PruneSpec } from '../core/pipeline/prune-spec.ts';
import type { EpochScore, FineTuneSummary, HealProgress } from '../core/pipeline/combination.ts';
import type { EvalResult } from '../core/pipeline/evaluate.ts';
import { denseSpec, scopeOf, type KSigmaScope } from '../core/prune/ksigma-scope.ts';
import type { HealCheckpointInfo } from '../core/pipeline/heal-checkpoints.ts';
import { healKey } from '../core/pipeline/heal-key.ts';
import type { BestPolicy } from '../core/rl/search.ts';
import type { LabHost } from './host.ts';
import { GRID_IMAGES, type PredictionsState } from './predictions.svelte.ts';

/** What is healed: the search's best policy with k-σ (fcK) on the dense layers, or the Prune panel's pruning. */
export type HealSource = 'policy' | 'pruning';

/** The combination pipeline's results (METHOD §2 step list, §8.1), for the results view. */
export interface PipelineReport {
  source: HealSource;
  /** The search's best policy (source 'policy'), or null. */
  policy: BestPolicy | null;
  report: PruneReport;
  budget: { alpha: number; budget: 'params' | 'flops'; mode: 'exact' | 'amc'; fcK: number; kScope: KSigmaScope };
  /** BN recalibration images (0 = not recalibrated: the paper's pipeline). */
  recalImages: number;
  /** Test top-1 of the dense net, after pruning, after recalibration, after fine-tuning (null: not run). */
  accBefore: number | null;
  accPruned: number;
  accRecal: number | null;
  accFineTuned: number | null;
  /** Test top-1 after each epoch of fine-tuning (the last is accFineTuned). */
  epochs: EpochScore[];
  testImages: number;
  fineTune: (FineTuneSummary & { backend: string }) | null;
}

export type HealStatus = 'idle' | 'running' | 'pausing' | 'paused';

/** What healing needs beyond LabHost: the grid, which keeps the masks-only verdicts a heal measures. */
export interface HealHost extends LabHost { readonly grid: Pick<PredictionsState, 'adoptMasked'> }

/** A saved fine-tuning, where it came from, and whether it ran to its end. */
export type SavedHeal = HealCheckpointInfo & { source: HealSource; finished: boolean };

export class HealState {
  report = $state.raw<PipelineReport | null>(null);
  status = $state<HealStatus>('idle');
  /** The running phase (with a fine-tuning step's loss, images/s and ETA). */
  progress = $state.raw<HealProgress | null>(null);
  /** Losses and batch top-1 of the running (or last) fine-tuning, one per step. */
  losses = $state.raw<number[]>([]);
  accuracies = $state.raw<number[]>([]);
  /**
   * A fine-tuning of the current experiment saved in IndexedDB: paused or interrupted (Resume),
   * or finished (shown again, or lengthened by one more epoch).
   */
  saved = $state.raw<SavedHeal | null>(null);
  /** The dense layers' kept weights under the heal's k-σ (fcK, kScope), before healing: emptied layers are warned of. */
  preview = $state.raw<LayerRow[] | null>(null);
  private requestId = 0;
  private lastSource: HealSource = 'policy';
  /** The last run's pruned and recalibrated scores, and what they were measured for (HealOptions.known). */
  private scored: { key: string; pruned: EvalResult; recal: EvalResult | null } | null = null;

  constructor(private readonly lab: HealHost) {}

  /** The masks each source stands for (null: no policy yet). */
  specFor(source: HealSource): PruneSpec | null {
    const c = this.lab.config;
    if (source === 'pruning') return this.lab.prune.spec;
    const best = this.lab.search.best;
    return best ? { conv: { method: 'policy', sparsity: c.alpha, counts: best.prunedCounts }, dense: denseSpec(c.fcK, c.kScope) } : null;
  }

  /**
   * Names one healing run: the model and data, the masks, and every healing setting but the
   * length (a longer run continues a finished shorter one, core/pipeline/finetune.ts cycleSteps).
   */
  keyFor(source: HealSource): string {
    const c = this.lab.config;
    return healKey({ search: this.lab.search.key, source, spec: this.specFor(source), recalImages: c.recalImages, lr: c.ftLr, batch: c.ftBatch, augment: c.ftAugment, seed: c.searchSeed });
  }

  private labelFor(source: HealSource): string {
    const c = this.lab.config;
    const masks = source === 'policy' ? `best policy + k = ${c.fcK}` : `${c.method} ${(100 * c.sparsity).toFixed(0)}% + k = ${c.k ?? 'off'}`;
    return `${this.lab.search.label} · ${masks} · ${c.ftEpochs} epoch(s)`;
  }

  get active(): boolean {
    return this.status === 'running' || this.status === 'pausing';
  }

  /** Forgets the result (a new model, search or link). */
  clear(): void {
    this.report = null;
    this.losses = [];
    this.accuracies = [];
  }

  /** Looks up a saved fine-tuning of the current experiment (a reload offers to resume or show it). */
  async refreshSaved(): Promise<void> {
    const keys = (['policy', 'pruning'] as const).map((source) => ({ source, key: this.keyFor(source) }));
    let info: SavedHeal | null = null;
    for (const { source, key } of keys) {
      const found = await this.lab.client.request('getHealCheckpoint', { key }).catch(() => null);
      // An unfinished run wins over a finished one: it is the one to resume.
      if (found && (!info || info.finished || found.step < found.steps)) info = { ...found, source, finished: found.step >= found.steps };
    }
    if (keys.every(({ source, key }) => key === this.keyFor(source)) && !this.active) {
      this.saved = info;
      const paused = !!info && !info.finished;
      if (paused && this.status === 'idle') this.status = 'paused';
      if (!paused && this.status === 'paused') this.status = 'idle';
    }
  }

  /** The heal's dense layers under fcK and kScope, as the worker measures them on the loaded weights. */
  async refreshPreview(): Promise<void> {
    const c = this.lab.config;
    const ask = { k: c.fcK, scope: c.kScope };
    const rows = await this.lab.client.request('kSigmaPreview', ask).catch(() => null);
    if (ask.k === this.lab.config.fcK && ask.scope === this.lab.config.kScope) this.preview = rows;
  }

  /** The saved run as a whole number of epochs, when it is finished and can take one more (null otherwise). */
  get extendable(): number | null {
    const s = this.saved;
    return s?.finished && s.epochsDone !== undefined && Number.isInteger(s.epochsDone) && s.epochsDone > 0 ? s.epochsDone : null;
  }

  /**
   * Shows the saved finished run again (after a reload): its masks, weights and scores come back
   * from IndexedDB without training; the config's epochs follow the saved run's (so it is shown, not lengthened).
   */
  async showSaved(): Promise<void> {
    const s = this.saved;
    if (!s?.finished || this.active) return;
    if (s.epochs !== undefined && !this.lab.setNumber('ftEpochs', s.epochs)) return;
    await this.run(s.source, true, true);
  }

  /** Fine-tunes the saved finished run for one more epoch, without redoing the earlier ones; the config's epochs follow. */
  async more(): Promise<void> {
    const done = this.extendable;
    if (done === null || this.active) return;
    if (!this.lab.setNumber('ftEpochs', done + 1)) return;
    await this.run(this.saved!.source, true, true);
  }

  /**
   * Applies the masks of `source` and scores them on the test split; then BN recalibration
   * (recalImages > 0) and, with `fineTune`, ftEpochs of fine-tuning, scored after every epoch.
   * `resume` continues the saved fine-tuning instead: a paused one to its end, a finished one to
   * ftEpochs when that is longer (else it is shown as saved).
   */
  async run(source: HealSource, fineTune: boolean, resume = false): Promise<void> {
    const spec = this.specFor(source);
    if (!spec || this.active) return;
    const best = source === 'policy' ? this.lab.search.best : null;
    const lab = this.lab;
    const c = lab.config;
    const generation = lab.modelGeneration;
    const key = this.keyFor(source);
    this.lastSource = source;
    const withFt = (fineTune || resume) && c.ftEpochs > 0;
    this.status = 'running';
    this.progress = null;
    if (withFt) {
      this.losses = [];
      this.accuracies = [];
    }
    let paused = false;
    let settled = false;
    await lab.run(resume ? lab.words.busyResumingFineTune : withFt ? lab.words.busyHealing : lab.words.busyApplyingBest, async () => {
      const losses: number[] = [];
      const accs: number[] = [];
      // Same model, masks, recalibration and test split as the last run: its scores hold (deterministic).
      const scoredKey = JSON.stringify([generation, spec, c.recalImages, lab.data.splitRef('test')]);
      const known = !resume && this.scored?.key === scoredKey ? { pruned: this.scored.pruned, recal: this.scored.recal } : null;
      const p = lab.client.request('heal', {
        key, label: this.labelFor(source), spec, evaluation: lab.data.splitRef('test'), scoreDense: !lab.prune.dense, dense: lab.prune.dense, known,
        recal: c.recalImages > 0 ? { data: lab.data.splitRef('train'), images: c.recalImages } : null,
        fineTune: withFt ? { data: lab.data.splitRef('train'), epochs: c.ftEpochs, batchSize: c.ftBatch, lr: c.ftLr, seed: c.searchSeed, augment: c.ftAugment === 'crop-flip' } : null,
        resume, checkpointEvery: 20, checkpointSeconds: 15,
        // The masks-only verdicts, measured before the weights change: the grid cannot ask for them later.
        gridImages: c.recalImages > 0 || withFt ? GRID_IMAGES : undefined,
      }, (pr) => {
        if (generation !== lab.modelGeneration) return;
        if (pr.applied) lab.prune.report = pr.applied; // the masks are in force: the policy shows before its scores
        if (!pr.heal) return;
        this.progress = pr.heal;
        if (pr.heal.loss !== undefined) {
          losses.push(pr.heal.loss);
          accs.push(pr.heal.batchAccuracy ?? NaN);
          if (losses.length % 5 === 0) {
            this.losses = [...losses];
            this.accuracies = [...accs];
          }
        }
      });
      this.requestId = lab.client.lastRequestId;
      const r = await p;
      if (generation !== lab.modelGeneration) return;
      this.scored = { key: scoredKey, pruned: r.pruned, recal: r.recal };
      lab.grid.adoptMasked(r.report.spec, r.maskedPredictions ?? null);
      lab.prune.dense = r.dense ?? lab.prune.dense;
      lab.prune.report = r.report;
      await lab.prune.refreshStats(generation);
      const last = r.fineTuned ?? r.recal ?? r.pruned;
      lab.prune.pruned = last;
      lab.prune.prunedStage = r.fineTuned ? 'fine-tuned' : r.recal ? 'recal' : 'pruned';
      paused = r.status === 'paused';
      if (r.fineTune) {
        this.losses = r.fineTune.losses;
        this.accuracies = r.fineTune.accuracies;
      }
      this.report = {
        source, policy: best, report: r.report, budget: { alpha: c.alpha, budget: c.budget, mode: c.budgetMode, fcK: c.fcK, kScope: scopeOf(r.report.spec.dense) ?? c.kScope }, recalImages: r.recal ? c.recalImages : 0,
        accBefore: lab.prune.dense?.top1 ?? null, accPruned: r.pruned.top1, accRecal: r.recal?.top1 ?? null, accFineTuned: r.fineTuned?.top1 ?? null,
        epochs: r.epochs, testImages: r.pruned.count, fineTune: r.fineTune ? { ...r.fineTune, backend: r.backend } : null,
      };
      // Settled before the lab is free again: no moment shows the result beside the stale checkpoint.
      await this.settle(paused);
      settled = true;
    });
    if (!settled) await this.settle(paused);
  }

  private async settle(paused: boolean): Promise<void> {
    this.status = paused ? 'paused' : 'idle';
    this.progress = null;
    await this.refreshSaved();
  }

  /** Stops the fine-tuning after its current step, saved; "Resume" continues it. */
  pause(): void {
    if (this.status !== 'running') return;
    this.status = 'pausing';
    void this.lab.client.request('pause', {});
  }

  /** Stops at once and forgets the saved fine-tuning (paused or finished). */
  async cancel(): Promise<void> {
    const key = this.keyFor(this.saved?.source ?? this.lastSource);
    if (this.active) await this.lab.client.cancel(this.requestId);
    await this.lab.client.request('deleteHealCheckpoint', { key }).catch(() => false);
    this.saved = null;
    this.status = 'idle';
  }
}


