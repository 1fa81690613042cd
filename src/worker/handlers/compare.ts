/** The worker's baselines requests (METHOD §3): the comparison table, accuracy-vs-sparsity sweeps, per-layer sensitivity. */
import { runComparison, runSensitivity, runSweep, type MethodContext } from '../../core/pipeline/compare.ts';
import type { HealProgress } from '../../core/pipeline/combination.ts';
import type { Handlers } from '../handler.ts';
import type { WorkerEnv } from '../env.ts';
import type { CompareContextParams, Progress } from '../protocol.ts';

/** Method settings of a comparison or sweep: k, the searched policy, and the calibration split for activation criteria. */
async function methodContext(env: WorkerEnv, params: CompareContextParams, progress: (p: Progress) => void, shouldCancel: () => boolean): Promise<MethodContext> {
  const calibration = params.calibration ? await env.dataset(params.calibration, progress) : undefined;
  return {
    k: params.k, scope: params.scope, policy: params.policy, alpha: params.alpha, scores: new Map(),
    scoreOptions: {
      calibration, limit: params.calibrationImages, entropyBins: params.entropyBins, shouldCancel,
      onProgress: (done, total) => progress({ stage: 'scoring filters on the calibration images', done, total }),
    },
  };
}

export function compareHandlers(env: WorkerEnv): Handlers<'compare' | 'sweep' | 'sensitivity'> {
  return {
    async compare(params, { progress, shouldCancel }) {
      const s = await env.fromPretrained();
      const evaluation = await env.dataset(params.evaluation, progress);
      const ctx = await methodContext(env, params, progress, shouldCancel);
      const ft = params.fineTune;
      const heal = {
        recal: await env.recalSettings(params.recal, progress),
        fineTune: ft ? { data: await env.dataset(ft.data, progress), length: { steps: ft.steps }, batchSize: ft.batchSize, lr: ft.lr, seed: ft.seed } : null,
        onProgress: (method: string, p: HealProgress) => progress({ stage: `${method}: ${p.phase}`, done: p.done, total: p.total, heal: p }),
      };
      return env.withTrainingBackend(() => runComparison(s, {
        methods: params.methods, target: params.target, evaluation, limit: params.limit, ctx, shouldCancel, heal,
        onStage: (stage, done, total) => progress({ stage, done, total }),
        onRow: (row) => progress({ stage: `${row.label} done`, done: 0, total: 0, row }),
      }));
    },
    async sweep(params, { progress, shouldCancel }) {
      const s = env.requireSession();
      const evaluation = await env.dataset(params.evaluation, progress);
      const ctx = await methodContext(env, params, progress, shouldCancel);
      const total = params.methods.length * params.targets.length;
      let done = 0;
      return runSweep(s, {
        methods: params.methods, targets: params.targets, evaluation, limit: params.limit, ctx, shouldCancel,
        onPoint: (point) => progress({ stage: 'sweep', done: ++done, total, point }),
      });
    },
    async sensitivity(params, { progress, shouldCancel }) {
      const s = env.requireSession();
      const evaluation = await env.dataset(params.evaluation, progress);
      const layers = params.layers ?? s.layers.map((l) => l.name);
      const total = layers.length * params.sparsities.length;
      let done = 0;
      return runSensitivity(s, {
        layers, sparsities: params.sparsities, evaluation, limit: params.limit, shouldCancel,
        onPoint: (sensitivity) => progress({ stage: 'sensitivity', done: ++done, total, sensitivity }),
      });
    },
  };
}
