/**
 * The paper's comparison (Table 4 style) and the sweeps (Fig. 4/5 style), on one session: every
 * method pruned to the same target, scored on the same split, optionally fine-tuned, and put back.
 *
 * The target is a fraction of the conv + dense kernel weights (METHOD §4 convention (i)); each
 * method reaches it as its granularity allows, and every row reports what it actually removed
 * in all three conventions. Rows the lab cannot run are the published figures in
 * `published.ts`, marked as such by the UI.
 */
import * as tf from '@tensorflow/tfjs';
import type { ImageDataset } from '../data/dataset.ts';
import { throwIfCancelled } from '../cancel.ts';
import type { FilterCriterion } from '../prune/filters.ts';
import { keepAtRatio, ratioForTarget, scoreFilters, type FilterScores, type ScoreOptions } from './criteria.ts';
import type { LabSession } from './session.ts';
import type { PruneReport, PruneSpec } from './prune-spec.ts';
import type { KSigmaScope } from '../prune/ksigma-scope.ts';
import { runCombination, type FineTuneSettings, type HealProgress, type RecalSettings } from './combination.ts';
import { COMPARE_METHODS, type CompareMethod } from './methods.ts';
import { noteText, type CompareNote } from './compare-note.ts';

export { noteText, type CompareNote };

export { COMPARE_METHODS, SWEEP_METHODS, type CompareMethod } from './methods.ts';

const FILTER_CRITERIA: ReadonlySet<string> = new Set(['l1', 'apoz', 'entropy', 'hrank']);

export interface MethodContext {
  /** k of the k-σ rule ('ksigma-all' and the combination's dense layers). */
  k: number;
  /** The combination's k-σ scope (METHOD §2); 'ksigma-all' prunes every layer whatever it is. */
  scope: KSigmaScope;
  /** The searched policy: pruned weights per conv layer, forward order ('rl', 'combination'). */
  policy?: readonly number[];
  /** The α the policy was searched at (labels the RL rows). */
  alpha?: number;
  /** Filter scores per criterion, filled on first use (activation scores are costly: reuse them). */
  scores: Map<FilterCriterion, FilterScores>;
  scoreOptions: ScoreOptions;
}


/** Why the RL rows cannot run before a search (the UI words it in the page's language). */
export const NO_POLICY_ERROR = 'Run a DDPG search first: the RL rows use its best policy';

/**
 * The prune spec of `method` at `target` on `session`, and how it got there as note parts
 * (e.g. the filter ratio; `noteText` words them). Computes filter scores into `ctx.scores` when missing.
 */
export async function specFor(session: LabSession, method: CompareMethod, target: number, ctx: MethodContext): Promise<{ spec: PruneSpec; noteParts: CompareNote }> {
  if (method === 'uniform' || method === 'global') {
    return { spec: { conv: { method, sparsity: target, includeDense: true }, dense: { k: null } }, noteParts: { kind: method === 'uniform' ? 'every-layer' : 'pooled', target } };
  }
  if (FILTER_CRITERIA.has(method)) {
    const criterion = method as FilterCriterion;
    let scores = ctx.scores.get(criterion);
    if (!scores) {
      scores = await scoreFilters(session, criterion, ctx.scoreOptions);
      ctx.scores.set(criterion, scores);
    }
    const total = session.layers.reduce((s, l) => s + l.params, 0);
    const { p } = ratioForTarget(session.filterGroups, total, target);
    return { spec: { conv: { method: 'filters', sparsity: target, keep: keepAtRatio(session.filterGroups, scores, criterion, p) }, dense: { k: null } }, noteParts: { kind: 'filter-ratio', p } };
  }
  if (method === 'ksigma-all') return { spec: { conv: { method: 'ksigma', sparsity: 0, k: ctx.k }, dense: { k: ctx.k, scope: 'all' } }, noteParts: { kind: 'ksigma-all', k: ctx.k } };
  if (!ctx.policy) throw new Error(NO_POLICY_ERROR);
  const alpha = ctx.alpha ?? target;
  const conv = { method: 'policy' as const, sparsity: alpha, counts: ctx.policy };
  return method === 'rl'
    ? { spec: { conv, dense: { k: null } }, noteParts: { kind: 'policy', alpha } }
    : { spec: { conv, dense: { k: ctx.k, scope: ctx.scope } }, noteParts: { kind: 'policy-ksigma', k: ctx.k, scope: ctx.scope } };
}

export interface CompareRow {
  method: CompareMethod;
  label: string;
  /** English, for the exports: `noteText(noteParts)`. */
  note: string;
  /** The note as data, for the UI's words; a row built without it is shown by its `note`. */
  noteParts?: CompareNote;
  /** Percent removed in METHOD §4's three conventions, and of MACs. */
  weightsRemovedPercent: number;
  trainableRemovedPercent: number;
  thopRemovedPercent: number;
  macsRemovedPercent: number;
  /**
   * Top-1 (0..1) on the evaluation split: the dense net, pruned, after BN recalibration and after
   * fine-tuning (null when that step was not run).
   */
  baseline: number;
  pruned: number;
  recal: number | null;
  fineTuned: number | null;
  /** (fineTuned ?? recal ?? pruned) − baseline, in accuracy points (0..1 scale). */
  delta: number;
  /** Per-layer sparsity (0..1) of the kernels, forward order. */
  layerSparsity: number[];
  /** Error message when the method could not run (other fields are then 0). */
  error?: string;
}

export interface CompareOptions {
  methods: readonly CompareMethod[];
  target: number;
  evaluation: ImageDataset;
  /** Evaluate on the first `limit` images only. */
  limit?: number;
  ctx: MethodContext;
  /** Healing after each method's pruning (the combination pipeline's steps); omitted → none. */
  heal?: { recal: RecalSettings | null; fineTune: FineTuneSettings | null; onProgress?: (method: CompareMethod, p: HealProgress) => void };
  onRow?: (row: CompareRow, index: number) => void;
  onStage?: (stage: string, done: number, total: number) => void;
  shouldCancel?: () => boolean;
}

function rowOf(method: CompareMethod, noteParts: CompareNote, report: PruneReport, baseline: number, pruned: number, recal: number | null, fineTuned: number | null): CompareRow {
  const a = report.accounting;
  return {
    method, label: COMPARE_METHODS.find((m) => m.key === method)!.label, note: noteText(noteParts), noteParts,
    weightsRemovedPercent: a.weights.removedPercent, trainableRemovedPercent: a.trainable.removedPercent,
    thopRemovedPercent: a.thop.removedPercent, macsRemovedPercent: a.macs.removedPercent,
    baseline, pruned, recal, fineTuned, delta: (fineTuned ?? recal ?? pruned) - baseline,
    layerSparsity: report.layers.map((l) => l.sparsity),
  };
}

/**
 * Runs each method in turn: prune at the target and score, then heal as `opts.heal` says
 * (runCombination: BN recalibration, fine-tuning, scored after each), then put every weight back
 * (a snapshot of all model weights, BN statistics included, is restored after healing). A method
 * that cannot run (no policy yet) becomes a row with `error`. Leaves the session restored (no
 * masks) and no tensors behind.
 */
export async function runComparison(session: LabSession, opts: CompareOptions): Promise<CompareRow[]> {
  const evalOpts = { limit: opts.limit, shouldCancel: opts.shouldCancel };
  session.restore();
  const baseline = (await session.evaluate(opts.evaluation, evalOpts)).top1;
  const rows: CompareRow[] = [];
  const heals = !!(opts.heal?.recal || opts.heal?.fineTune);
  const snapshot = heals ? session.model.getWeights().map((w) => w.clone()) : [];
  try {
    for (const [i, method] of opts.methods.entries()) {
      throwIfCancelled(opts.shouldCancel);
      opts.onStage?.(`${method}: pruning`, i, opts.methods.length);
      let row: CompareRow;
      try {
        const { spec, noteParts } = await specFor(session, method, opts.target, opts.ctx);
        const r = await runCombination(session, spec, {
          evaluation: opts.evaluation, limit: opts.limit, shouldCancel: opts.shouldCancel,
          recal: opts.heal?.recal ?? null, fineTune: opts.heal?.fineTune ?? null,
          onProgress: (p) => opts.heal?.onProgress?.(method, p),
        });
        if (heals) {
          session.model.setWeights(snapshot);
          await session.adoptTrainedWeights(); // the snapshot's values are the originals again
        }
        row = rowOf(method, noteParts, r.report, baseline, r.pruned.top1, r.recal?.top1 ?? null, r.fineTuned?.top1 ?? null);
      } catch (err) {
        if ((err as Error).message === 'Cancelled') throw err;
        row = { ...rowOf(method, { kind: 'none' }, session.restore(), baseline, 0, null, null), error: (err as Error).message, delta: 0 };
      }
      session.restore();
      rows.push(row);
      opts.onRow?.(row, i);
    }
  } finally {
    if (heals) {
      session.model.setWeights(snapshot);
      await session.adoptTrainedWeights();
    }
    tf.dispose(snapshot);
  }
  return rows;
}

export interface SweepPoint {
  method: CompareMethod;
  /** The target asked for (0..1) and the fraction of kernel weights actually removed. */
  target: number;
  removedFraction: number;
  accuracy: number;
}

/**
 * Accuracy vs sparsity (no fine-tuning) for each method at each target, the paper's Fig. 4/5.
 * Leaves the session restored.
 */
export async function runSweep(session: LabSession, opts: { methods: readonly CompareMethod[]; targets: readonly number[]; evaluation: ImageDataset; limit?: number; ctx: MethodContext; onPoint?: (p: SweepPoint) => void; shouldCancel?: () => boolean }): Promise<SweepPoint[]> {
  const points: SweepPoint[] = [];
  try {
    for (const method of opts.methods) {
      for (const target of opts.targets) {
        throwIfCancelled(opts.shouldCancel);
        const { spec } = await specFor(session, method, target, opts.ctx);
        const report = session.prune(spec);
        const accuracy = (await session.evaluate(opts.evaluation, { limit: opts.limit, shouldCancel: opts.shouldCancel })).top1;
        const point = { method, target, removedFraction: report.accounting.weights.removedPercent / 100, accuracy };
        points.push(point);
        opts.onPoint?.(point);
      }
    }
  } finally {
    session.restore();
  }
  return points;
}

export interface SensitivityPoint {
  layer: string;
  sparsity: number;
  accuracy: number;
}

/**
 * Per-layer sensitivity: magnitude-prunes ONE layer at each sparsity, all others dense, and
 * measures accuracy — which layers are fragile. Leaves the session restored.
 */
export async function runSensitivity(session: LabSession, opts: { layers?: readonly string[]; sparsities: readonly number[]; evaluation: ImageDataset; limit?: number; onPoint?: (p: SensitivityPoint) => void; shouldCancel?: () => boolean }): Promise<SensitivityPoint[]> {
  const layers = opts.layers ?? session.layers.map((l) => l.name);
  const points: SensitivityPoint[] = [];
  try {
    for (const layer of layers) {
      for (const sparsity of opts.sparsities) {
        throwIfCancelled(opts.shouldCancel);
        session.prune({ conv: { method: 'layer', sparsity, layer }, dense: { k: null } });
        const accuracy = (await session.evaluate(opts.evaluation, { limit: opts.limit, shouldCancel: opts.shouldCancel })).top1;
        const point = { layer, sparsity, accuracy };
        points.push(point);
        opts.onPoint?.(point);
      }
    }
  } finally {
    session.restore();
  }
  return points;
}
