/**
 * Scoring a session's filters by a criterion and turning scores into a pruning at a target
 * (METHOD §3). Activation criteria read the post-ReLU maps of the DENSE net on a calibration
 * split; the weight criterion (L1) reads the original kernels.
 */
import * as tf from '@tensorflow/tfjs';
import type { ImageDataset } from '../data/dataset.ts';
import { batchRanges, normalizeToFloat } from '../data/batch.ts';
import { nextTask, throwIfCancelled } from '../cancel.ts';
import { channelAccumulator, filtersToRemove, l1FilterScores, PRUNES, selectFilters, type ActivationCriterion, type FilterCriterion } from '../prune/filters.ts';
import { filterCount, filterRemovedWeights, type FilterGroup } from '../prune/filter-masks.ts';
import type { LabSession } from './session.ts';

export interface ScoreOptions {
  /** Calibration images (METHOD §3 LAB: 1,280 training images, test transforms). Required for activation criteria. */
  calibration?: ImageDataset;
  /** Use only the first `limit` calibration images. */
  limit?: number;
  batchSize?: number;
  entropyBins?: number;
  onProgress?: (done: number, total: number) => void;
  shouldCancel?: () => boolean;
}

/** Filter scores keyed by conv layer name. */
export type FilterScores = Map<string, Float64Array>;

/**
 * One score per filter of every prunable conv.
 *
 * Activation criteria run the calibration images through the model with its masks lifted (the
 * scores describe the pretrained net, whatever is pruned at the moment) and put the masks back.
 * Leaves no tensors behind.
 */
export async function scoreFilters(session: LabSession, criterion: FilterCriterion, opts: ScoreOptions = {}): Promise<FilterScores> {
  const groups = session.filterGroups;
  if (criterion === 'l1') return new Map(groups.map((g) => [g.layer, l1FilterScores(session.original(g.layer), g.shape)]));
  const ds = opts.calibration;
  if (!ds) throw new Error(`The ${criterion} criterion needs calibration images`);
  return session.withDenseWeights(() => activationScores(session.model, groups, ds, criterion, opts));
}

async function activationScores(model: tf.LayersModel, groups: FilterGroup[], ds: ImageDataset, criterion: ActivationCriterion, opts: ScoreOptions): Promise<FilterScores> {
  const accs = groups.map((g) => channelAccumulator(criterion, filterCount(g), { entropyBins: opts.entropyBins }));
  // A second model over the same layers: shares their variables, owns no weights of its own.
  const probe = tf.model({ inputs: model.inputs, outputs: groups.map((g) => model.getLayer(g.activation).output as tf.SymbolicTensor) });
  const count = Math.min(opts.limit ?? ds.count, ds.count);
  if (count === 0) throw new Error('No calibration images');
  for (const [start, end] of batchRanges(count, opts.batchSize ?? 64)) {
    throwIfCancelled(opts.shouldCancel);
    const x = tf.tensor4d(normalizeToFloat(ds, start, end), [end - start, ds.height, ds.width, ds.channels]);
    const outs = probe.predict(x) as tf.Tensor[];
    x.dispose();
    try {
      for (let t = 0; t < outs.length; t++) {
        const [n, h, w, c] = outs[t].shape;
        accs[t].add((await outs[t].data()) as Float32Array, { n, h, w, c });
      }
    } finally {
      tf.dispose(outs);
    }
    opts.onProgress?.(end, count);
    await nextTask();
  }
  return new Map(groups.map((g, t) => [g.layer, accs[t].scores()]));
}

/** Channel keep-masks removing ⌊p·C_out⌋ filters of every prunable conv, worst-scored first. */
export function keepAtRatio(groups: readonly FilterGroup[], scores: FilterScores, criterion: FilterCriterion, p: number): Record<string, Uint8Array> {
  return Object.fromEntries(groups.map((g) => {
    const s = scores.get(g.layer);
    if (!s) throw new Error(`No scores for ${g.layer}`);
    return [g.layer, selectFilters(s, filtersToRemove(p, filterCount(g)), PRUNES[criterion])];
  }));
}

/**
 * Fraction of the given kernel weights removed when every prunable conv loses ⌊p·C_out⌋ filters
 * (with the cascade into the kernels that read them). Independent of which filters go.
 */
export function removedFractionAtRatio(groups: readonly FilterGroup[], totalWeights: number, p: number): number {
  const kept = new Map(groups.map((g) => [g.layer, filterCount(g) - filtersToRemove(p, filterCount(g))]));
  let removed = 0;
  for (const r of filterRemovedWeights(groups, kept).values()) removed += r;
  return removed / totalWeights;
}

/**
 * The one uniform ratio p (METHOD §3 LAB default) whose removed fraction of conv + dense weights
 * is closest to `target`: bisection for the smallest p reaching it, then the better of that step
 * and the one below. Returns p and the fraction it achieves (filter granularity rarely hits the
 * target exactly; the achieved value is what gets reported).
 */
export function ratioForTarget(groups: readonly FilterGroup[], totalWeights: number, target: number): { p: number; removedFraction: number } {
  if (!(target >= 0 && target <= 1)) throw new RangeError(`target must be in [0, 1], got ${target}`);
  const f = (p: number) => removedFractionAtRatio(groups, totalWeights, p);
  const max = f(1);
  if (target >= max) return { p: 1, removedFraction: max };
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 50; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) >= target) hi = mid;
    else lo = mid;
  }
  const above = f(hi);
  const below = f(lo);
  return target - below < above - target ? { p: lo, removedFraction: below } : { p: hi, removedFraction: above };
}
