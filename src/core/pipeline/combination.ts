/**
 * The combination pipeline (METHOD §2's step list, plus §8.1): apply the masks → score →
 * recalibrate BN (optional, the lab's addition) → score → fine-tune with fixed masks (§4) →
 * score. One module for the Lab's "Apply + heal" and for every row of the comparison.
 *
 * The fine-tuning phase scores the test split after every epoch and is resumable: `checkpoint.save`
 * receives, every `checkpoint.every` steps (or `checkpoint.seconds`, see CheckpointClock), when
 * paused and when finished, everything needed to continue exactly (the scores so far and the
 * FineTuner state), and `resume` continues from it, or lengthens a finished run by whole epochs.
 */
import type { ImageDataset } from '../data/dataset.ts';
import type { ModelKey } from '../models/registry.ts';
import { nextTask, throwIfCancelled } from '../cancel.ts';
import { recalibrateBatchNorm } from './bn-recal.ts';
import { CheckpointClock } from './checkpoint-clock.ts';
import { FineTuner, continuationProblem, stepsPerEpoch, type FineTuneState } from './finetune.ts';
import type { EvalResult } from './evaluate.ts';
import type { LabSession } from './session.ts';
import type { PruneReport, PruneSpec } from './prune-spec.ts';

/** METHOD §4's L2: 1e-4 for the ResNets (He16), 5e-4 for VGG and anything else. */
export function weightDecayFor(key: ModelKey | 'custom'): number {
  return key === 'resnet20' || key === 'resnet56' ? 1e-4 : 5e-4;
}

export interface RecalSettings {
  data: ImageDataset;
  /** Images to recalibrate on (METHOD §8.1 default 1,280) and per forward pass (default 64). */
  images: number;
  batchSize?: number;
}

export interface FineTuneSettings {
  data: ImageDataset;
  /** How long: epochs over `data` (fractions allowed: ⌈epochs · ⌈n/B⌉⌉ steps, at least 1), or a step count. */
  length: { epochs: number } | { steps: number };
  batchSize: number;
  lr: number;
  seed: number;
  /** Default: weightDecayFor(session.key). */
  weightDecay?: number;
  /** Crop + flip (METHOD §4); default true. */
  augment?: boolean;
}

export type HealPhase = 'scoring the pruned net' | 'recalibrating BN' | 'scoring after BN recalibration' | 'fine-tuning' | 'scoring after an epoch' | 'scoring after fine-tuning';

export interface HealProgress {
  phase: HealPhase;
  done: number;
  total: number;
  /** Fine-tuning and its scoring: the epoch under way (1-based). */
  epoch?: number;
  /** Fine-tuning only: the step's loss and batch top-1, throughput and time left. */
  loss?: number;
  batchAccuracy?: number;
  imagesPerSecond?: number;
  etaSeconds?: number;
}

export interface FineTuneSummary {
  /** Steps over steps per epoch. */
  epochs: number;
  steps: number;
  /** Steps of one epoch (the cosine restarts after each, FineTuneConfig.cycleSteps). */
  stepsPerEpoch: number;
  batchSize: number;
  lr: number;
  weightDecay: number;
  augment: boolean;
  losses: number[];
  accuracies: number[];
  /** Wall time of the fine-tuning steps (ms), over all sittings. */
  ms: number;
  /** Masked entries that are not exactly 0 after fine-tuning: 0 when the masks held (METHOD §4). */
  maskedNonzero: number;
}

/** Test top-1 after an epoch of fine-tuning (the last may be a fraction of one). */
export interface EpochScore extends EvalResult {
  /** Epochs done when scored: 1, 2, … (or e.g. 0.5 for a run shorter than its next epoch). */
  epoch: number;
  step: number;
}

/** What a run saves to continue later (structured-cloneable). */
export interface HealCheckpoint {
  spec: PruneSpec;
  /** The dense net's score, when the run was given it (older checkpoints lack it). */
  dense?: EvalResult | null;
  pruned: EvalResult;
  recal: EvalResult | null;
  recalMs: number;
  /** Scores after each epoch so far (older checkpoints lack them). */
  epochs?: EpochScore[];
  fineTune: FineTuneState;
  fineTuneMs: number;
}

export interface HealOptions {
  evaluation: ImageDataset;
  /** Score only the first `limit` evaluation images. */
  limit?: number;
  /** null: no recalibration (the paper's pipeline, METHOD §1.6). */
  recal: RecalSettings | null;
  /** null: no fine-tuning. */
  fineTune: FineTuneSettings | null;
  onProgress?: (p: HealProgress) => void;
  shouldCancel?: () => boolean;
  /** Polled between fine-tuning steps: true saves a checkpoint and returns 'paused'. */
  shouldPause?: () => boolean;
  /** Save every `every` steps, and once `seconds` (default 0: off) have passed since the last save. */
  checkpoint?: { every: number; seconds?: number; save: (state: HealCheckpoint) => Promise<void> };
  /**
   * A saved run of the same spec to continue: a paused one (same length), or a finished one that
   * `fineTune` lengthens by whole epochs ("one more epoch"; FineTuneConfig.cycleSteps).
   */
  resume?: HealCheckpoint;
  /** The dense net's score, when the caller measured it: kept in checkpoints, so a resumed run still reports it. */
  dense?: EvalResult | null;
  /**
   * Scores of this spec pruned and recalibrated with these settings, measured just before (the
   * best policy applied after a search): both are deterministic, so they are not measured again
   * (the recalibration itself still runs: fine-tuning starts from it).
   */
  known?: { pruned: EvalResult; recal: EvalResult | null };
  /** The report of the caller's own session.prune of this spec, just before (the masks are in force): not applied again. */
  applied?: PruneReport;
}

export interface HealResult {
  status: 'done' | 'paused';
  report: PruneReport;
  pruned: EvalResult;
  recal: EvalResult | null;
  recalMs: number;
  fineTuned: EvalResult | null;
  /** Test scores after each epoch of fine-tuning; the last is `fineTuned`. */
  epochs: EpochScore[];
  fineTune: FineTuneSummary | null;
  /** The dense net's score, as given or as the resumed checkpoint kept it. */
  dense: EvalResult | null;
}

/**
 * Prunes `session` by `spec` and heals it: scores, recalibrates, fine-tunes, scoring after each
 * step that runs. Mutates the session's model (recalibrated statistics, fine-tuned weights; the
 * masks stay in force). Throws CANCELLED_MESSAGE when cancelled; returns 'paused' when asked.
 */
export async function runCombination(session: LabSession, spec: PruneSpec, opts: HealOptions): Promise<HealResult> {
  const report = opts.applied ?? session.prune(opts.resume?.spec ?? spec);
  const score = async (phase: HealPhase, epoch?: number) => session.evaluate(opts.evaluation, {
    limit: opts.limit, shouldCancel: opts.shouldCancel, onProgress: (done, total) => opts.onProgress?.({ phase, done, total, epoch }),
  });
  const r = opts.resume;
  const pruned = r?.pruned ?? opts.known?.pruned ?? await score('scoring the pruned net');
  let recal = r?.recal ?? null;
  let recalMs = r?.recalMs ?? 0;
  if (opts.recal && !r) {
    const res = await recalibrateBatchNorm(session.model, opts.recal.data, {
      images: opts.recal.images, batchSize: opts.recal.batchSize, shouldCancel: opts.shouldCancel,
      onProgress: (done, total) => opts.onProgress?.({ phase: 'recalibrating BN', done, total }),
    });
    recalMs = res.ms;
    recal = opts.known?.recal ?? await score('scoring after BN recalibration');
  }
  const dense = opts.dense ?? r?.dense ?? null;
  const result: HealResult = { status: 'done', report, pruned, recal, recalMs, fineTuned: null, epochs: [], fineTune: null, dense };
  const ft = opts.fineTune;
  if (!ft) return result;
  const weightDecay = ft.weightDecay ?? weightDecayFor(session.key);
  const perEpoch = stepsPerEpoch(ft.data.count, ft.batchSize);
  let steps = Math.max(1, 'steps' in ft.length ? Math.round(ft.length.steps) : Math.ceil(ft.length.epochs * perEpoch));
  // A paused run resumes to its own end; a finished one is lengthened only when asked for more.
  if (r && (r.fineTune.step < r.fineTune.config.steps || steps <= r.fineTune.step)) steps = r.fineTune.config.steps;
  // ...on its own schedule (a run saved before the per-epoch restarts has one cosine over the run).
  const cycleSteps = r && steps === r.fineTune.config.steps ? r.fineTune.config.cycleSteps ?? steps : perEpoch;
  const config = { steps, batchSize: ft.batchSize, lr: ft.lr, seed: ft.seed, weightDecay, augment: ft.augment ?? true, schedule: 'cosine' as const, cycleSteps };
  const problem = r ? continuationProblem(r.fineTune, config) : null;
  if (problem) throw new Error(`The saved fine-tuning cannot continue: ${problem}.`);
  const tuner = new FineTuner(session.model, ft.data, session.maskedVariables(), config, r?.fineTune);
  const epochs: EpochScore[] = [...(r?.epochs ?? [])];
  let ms = r?.fineTuneMs ?? 0;
  const save = async () => opts.checkpoint?.save({ spec: report.spec, dense, pruned, recal, recalMs, epochs: [...epochs], fineTune: await tuner.getState(), fineTuneMs: ms });
  const clock = opts.checkpoint ? new CheckpointClock(opts.checkpoint.every, opts.checkpoint.seconds) : null;
  const epochOf = (step: number) => Math.round((step / perEpoch) * 1e6) / 1e6;
  // Scores the test split after each epoch and at the end (once per step count: a run resumed
  // at an epoch boundary scores it if the checkpoint was taken before its score).
  const scoreIfDue = async () => {
    const at = tuner.step;
    if (at === 0 || (at % perEpoch !== 0 && !tuner.done) || epochs.at(-1)?.step === at) return false;
    const e = await score(tuner.done ? 'scoring after fine-tuning' : 'scoring after an epoch', Math.ceil(at / perEpoch));
    epochs.push({ ...e, epoch: epochOf(at), step: at });
    return true;
  };
  let changed = false;
  try {
    changed = await scoreIfDue();
    const t0 = performance.now();
    const s0 = tuner.step;
    while (!tuner.done) {
      throwIfCancelled(opts.shouldCancel);
      if (opts.shouldPause?.()) {
        await save();
        return { ...result, epochs, status: 'paused' };
      }
      const t = performance.now();
      const step = await tuner.runStep();
      ms += performance.now() - t;
      changed = true;
      // Throughput over this sitting: the ETA a user sees settles after a few steps.
      const imagesPerSecond = ((tuner.step - s0) * ft.batchSize) / ((performance.now() - t0) / 1000);
      opts.onProgress?.({
        phase: 'fine-tuning', done: tuner.step, total: steps, epoch: Math.floor((tuner.step - 1) / perEpoch) + 1, loss: step.loss, batchAccuracy: step.batchAccuracy,
        imagesPerSecond, etaSeconds: ((steps - tuner.step) * ft.batchSize) / imagesPerSecond,
      });
      await scoreIfDue();
      if (clock?.due(tuner.step) && !tuner.done) await clock.save(save);
      await nextTask();
    }
    // The finished run stays saved: "one more epoch" and a reload continue from it.
    if (changed) await save();
  } finally {
    tuner.dispose();
  }
  let maskedNonzero = 0;
  for (const [v, m] of session.maskedVariables()) {
    const w = await v.read().data();
    for (let i = 0; i < m.length; i++) if (m[i] === 0 && w[i] !== 0) maskedNonzero++;
  }
  return {
    ...result, fineTuned: epochs.at(-1) ?? null, epochs,
    fineTune: { epochs: steps / perEpoch, steps, stepsPerEpoch: perEpoch, batchSize: ft.batchSize, lr: ft.lr, weightDecay, augment: config.augment, losses: tuner.losses, accuracies: tuner.accuracies, ms, maskedNonzero },
  };
}
