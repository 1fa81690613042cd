/**
 * The handlers of tools-protocol.ts, loaded by the worker on the first such request: the tests'
 * pixels, logits and device-loss hook, and the benchmark's timings of evaluation, search,
 * pruning criteria and training steps on fresh sessions with seeded random weights (timing does
 * not depend on the weights). Each bench handler disposes what it builds.
 */
import * as tf from '@tensorflow/tfjs';
import { loseDevice, type BackendName } from '../core/backend.ts';
import { LabSession } from '../core/pipeline/session.ts';
import { specFor, type MethodContext } from '../core/pipeline/compare.ts';
import { FineTuner } from '../core/pipeline/finetune.ts';
import { normalizeToFloat } from '../core/data/batch.ts';
import { DdpgSearch } from '../core/rl/search.ts';
import { searchLayers, sessionEvaluate } from '../core/pipeline/search-env.ts';
import type { Handlers } from './handler.ts';
import type { WorkerEnv } from './env.ts';
import type { ToolType } from './tools-protocol.ts';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export function toolsHandlers(env: WorkerEnv): Handlers<ToolType> {
  const dataset = env.dataset.bind(env);
  return {
    pixels(params) {
      return env.store.pixels(params, params.start, params.count);
    },
    async logits(params) {
      return env.requireSession().logits(await dataset(params), params.start, params.count);
    },
    loseDevice() {
      return loseDevice();
    },
    async benchCriteria({ model, calibrationImages, target }, { progress }) {
      const calibration = await dataset({ dataset: 'shapes10', split: 'train', seed: 1234 }, progress);
      const s = LabSession.create(model, calibration.classNames.length, 1);
      try {
        const ctx: MethodContext = { k: 3, scope: 'all', scores: new Map(), scoreOptions: { calibration, limit: calibrationImages } };
        const ms: Record<string, number> = {};
        for (const method of ['uniform', 'global', 'l1', 'apoz', 'entropy', 'hrank', 'ksigma-all'] as const) {
          progress({ stage: `bench criteria ${model}: ${method}`, done: Object.keys(ms).length, total: 7 });
          s.restore();
          const t0 = performance.now();
          s.prune((await specFor(s, method, target, ctx)).spec);
          ms[method] = performance.now() - t0;
        }
        s.restore();
        return { ms, backend: tf.getBackend() as BackendName };
      } finally {
        s.dispose();
      }
    },
    async benchEval({ model, images, batchSize, sparsity, repeats }, { progress }) {
      const ds = await dataset({ dataset: 'shapes10', split: 'test', seed: 1234 }, progress);
      const s = LabSession.create(model, ds.classNames.length, 1);
      try {
        await s.evaluate(ds, { limit: Math.min(batchSize, images), batchSize }); // warm-up: compile kernels
        const dense: number[] = [];
        const masked: number[] = [];
        const maskApply: number[] = [];
        for (let r = 0; r < repeats; r++) {
          progress({ stage: `bench ${model}`, done: r, total: repeats });
          s.restore();
          dense.push((await s.evaluate(ds, { limit: images, batchSize })).ms);
          const t0 = performance.now();
          s.prune({ conv: { method: 'uniform', sparsity }, dense: { k: 3 } });
          maskApply.push(performance.now() - t0);
          // Masked time includes computing and applying the masks: what a search episode pays.
          masked.push(maskApply[r] + (await s.evaluate(ds, { limit: images, batchSize })).ms);
        }
        return { denseMsPerImage: median(dense) / images, maskedMsPerImage: median(masked) / images, maskApplyMs: median(maskApply), backend: tf.getBackend() as BackendName };
      } finally {
        s.dispose();
      }
    },
    async benchSearch({ model, episodes, warmup, rewardImages }, { progress }) {
      const ds = await dataset({ dataset: 'shapes10', split: 'validation', seed: 1234 }, progress);
      const s = LabSession.create(model, ds.classNames.length, 1);
      try {
        const search = new DdpgSearch(searchLayers(s), { episodes, warmup, alpha: 0.8, seed: 1 });
        const evaluate = sessionEvaluate(s, ds, { alpha: 0.8, limit: rewardImages });
        const evalMs: number[] = [];
        const agentMs: number[] = [];
        const episodeMs: number[] = [];
        let tensorsAfterFirst = 0;
        while (!search.done) {
          const t0 = performance.now();
          const e = await search.runEpisode(evaluate);
          episodeMs.push(performance.now() - t0);
          evalMs.push(e.evalMs);
          agentMs.push(e.agentMs);
          if (search.episode === 1) tensorsAfterFirst = tf.memory().numTensors;
          progress({ stage: `bench search ${model}`, done: search.episode, total: episodes });
        }
        return { evalMs, agentMs, episodeMs, tensorsAfterFirst, tensorsAfterLast: tf.memory().numTensors, backend: tf.getBackend() as BackendName };
      } finally {
        s.dispose();
      }
    },
    async benchSoak({ episodes, rewardImages, every }, { progress }) {
      const ds = await dataset({ dataset: 'shapes10', split: 'validation', seed: 1234 }, progress);
      const s = LabSession.create('vgg-s', ds.classNames.length, 1);
      // The wasm heap only grows; its size is what a leak of wasm memory would show.
      const wasmBytes = () => (tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } }).wasm?.HEAPU8?.byteLength ?? 0;
      try {
        const search = new DdpgSearch(searchLayers(s), { episodes, warmup: Math.min(100, Math.floor(episodes / 5)), alpha: 0.8, seed: 1 });
        const evaluate = sessionEvaluate(s, ds, { alpha: 0.8, limit: rewardImages });
        const samples: { episode: number; tensors: number; wasmBytes: number }[] = [];
        while (!search.done) {
          await search.runEpisode(evaluate);
          if (search.episode % every === 0) {
            samples.push({ episode: search.episode, tensors: tf.memory().numTensors, wasmBytes: wasmBytes() });
            progress({ stage: 'bench soak', done: search.episode, total: episodes });
          }
        }
        return { samples, backend: tf.getBackend() as BackendName };
      } finally {
        s.dispose();
      }
    },
    async benchTrain({ model, batchSize, repeats }, { progress }) {
      const ds = await dataset({ dataset: 'shapes10', split: 'train', seed: 1234 }, progress);
      const s = LabSession.create(model, ds.classNames.length, 1);
      const batch = { ...ds, count: batchSize };
      // One batch as the whole dataset: every step trains on the same images, as the forward pass reads them.
      const tuner = new FineTuner(s.model, batch, (s.prune({ conv: { method: 'uniform', sparsity: 0.8 }, dense: { k: 3 } }), s.maskedVariables()), {
        steps: repeats + 1, batchSize, lr: 0.01, weightDecay: 5e-4, seed: 1, augment: false,
      });
      try {
        const forward = async () => {
          const t0 = performance.now();
          const y = tf.tidy(() => s.model.predict(tf.tensor4d(normalizeToFloat(ds, 0, batchSize), [batchSize, ds.height, ds.width, ds.channels])) as tf.Tensor);
          await y.data();
          y.dispose();
          return performance.now() - t0;
        };
        await forward(); // warm-up: compile kernels, create operators
        await tuner.runStep();
        const train: number[] = [];
        const fwd: number[] = [];
        for (let r = 0; r < repeats; r++) {
          progress({ stage: `bench training ${model}`, done: r, total: repeats });
          fwd.push(await forward());
          const t0 = performance.now();
          await tuner.runStep();
          train.push(performance.now() - t0);
        }
        return { trainMsPerImage: median(train) / batchSize, forwardMsPerImage: median(fwd) / batchSize, backend: tf.getBackend() as BackendName };
      } finally {
        tuner.dispose();
        s.dispose();
      }
    },
  };
}
