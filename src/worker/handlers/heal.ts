/**
 * The worker's combination pipeline (METHOD §2, §4, §8.1): apply the masks, score, recalibrate
 * BN, fine-tune with fixed masks, each scored; fine-tuning checkpoints to IndexedDB and resumes.
 * A finished fine-tuning stays saved until discarded: "one more epoch" continues it.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../../core/backend.ts';
import { runCombination } from '../../core/pipeline/combination.ts';
import type { Handlers } from '../handler.ts';
import type { WorkerEnv } from '../env.ts';

export function healHandlers(env: WorkerEnv): Handlers<'heal' | 'getHealCheckpoint' | 'deleteHealCheckpoint'> {
  return {
    async heal(params, { progress, shouldCancel }) {
      const s = await env.fromPretrained();
      const evaluation = await env.dataset(params.evaluation, progress);
      const cps = params.fineTune ? await env.healCheckpoints() : null;
      if (params.fineTune && !cps) env.storage.report('heal', null);
      const resume = params.resume ? await cps?.get(params.key) : undefined;
      if (params.resume && !resume) throw new Error('No saved fine-tuning to resume for this experiment');
      // The masks first, so the UI shows the policy in force before any scoring.
      const applied = s.prune(resume?.spec ?? params.spec);
      progress({ stage: 'masks applied', done: 1, total: 1, applied });
      // The masks-only net's verdicts for the grid, now: the grid cannot ask for them once the
      // weights are recalibrated or fine-tuned. Right on a resumed or `known` run too: the masks
      // sit on the pretrained weights here, whatever the run skips later.
      let maskedPredictions: { labels: number[]; predicted: number[] } | undefined;
      if (params.gridImages) {
        const n = Math.min(params.gridImages, evaluation.count);
        maskedPredictions = { labels: Array.from(evaluation.labels.subarray(0, n)), predicted: await s.predict(evaluation, n) };
      }
      // The dense score: as given, else as the resumed checkpoint kept it (runCombination), else measured.
      const dense = params.dense ?? (params.scoreDense && !resume?.dense
        ? await s.evaluateDense(evaluation, { limit: params.limit, shouldCancel, onProgress: (done, total) => progress({ stage: 'scoring the dense net', done, total }) })
        : null);
      const recal = await env.recalSettings(params.recal, progress);
      const ft = params.fineTune;
      let fineTune = null;
      if (ft) {
        const train = await env.dataset(ft.data, progress);
        fineTune = { data: ft.images ? { ...train, count: Math.min(train.count, ft.images) } : train, length: { epochs: ft.epochs }, batchSize: ft.batchSize, lr: ft.lr, seed: ft.seed, augment: ft.augment };
      }
      env.pauseRequested = false;
      const save = cps ? async (state: Parameters<typeof cps.put>[2]) => {
        env.throwIfDeviceLost();
        await cps.put(params.key, params.label, state).catch((err: unknown) => env.storage.report('heal', err));
      } : null;
      try {
        return await env.withTrainingBackend(async () => {
          const r = await runCombination(s, params.spec, {
            evaluation, limit: params.limit, recal, fineTune, resume, dense, known: params.known ?? undefined, applied, shouldCancel,
            shouldPause: () => env.pauseRequested,
            onProgress: (heal) => progress({ stage: heal.phase, done: heal.done, total: heal.total, heal }),
            checkpoint: save ? { every: Math.max(1, Math.floor(params.checkpointEvery)), seconds: params.checkpointSeconds, save } : undefined,
          });
          // Fine-tuned (or recalibrated) values become the session's originals; the masks stay.
          if (r.recal || r.fineTune) await s.adoptTrainedWeights();
          return { ...r, backend: tf.getBackend() as BackendName, maskedPredictions };
        });
      } finally {
        env.pauseRequested = false;
      }
    },
    async getHealCheckpoint({ key }) {
      return (await (await env.healCheckpoints())?.info(key)) ?? null;
    },
    async deleteHealCheckpoint({ key }) {
      await (await env.healCheckpoints())?.delete(key);
      return true;
    },
  };
}
