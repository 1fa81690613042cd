/** The worker's model requests: start the backend, load or import a model, prune, read, score, export. */
import { exportModel, gzipSize } from '../../core/pipeline/export.ts';
import { filesSource, importLayersModel, urlSource, type ImportSource } from '../../core/models/import.ts';
import { initBackend, watchDeviceLoss } from '../../core/backend.ts';
import { LabSession } from '../../core/pipeline/session.ts';
import { maskImage } from '../../core/prune/mask-image.ts';
import { fetchWeights } from '../../core/models/pretrained.ts';
import type { Handlers } from '../handler.ts';
import type { WorkerEnv } from '../env.ts';

export function modelHandlers(env: WorkerEnv): Handlers<'init' | 'loadModel' | 'importModel' | 'prune' | 'kSigmaPreview' | 'layerStats' | 'maskImages' | 'exportModel' | 'evaluate' | 'predictions'> {
  return {
    async init({ backend, threads }) {
      // Kept for the training backend's restarts too (WorkerEnv.withTrainingBackend).
      if (threads) env.backendOptions.wasmThreads = threads;
      const info = await initBackend({ ...env.backendOptions, forced: backend });
      env.inferenceBackend = info.name;
      watchDeviceLoss((message) => {
        env.deviceLost = message;
        // The page reloads on WASM and resumes from the last checkpoint (state/device-loss.ts).
        env.notice(`The WebGPU device was lost: ${message}`, { deviceLost: true });
      });
      return info;
    },
    async loadModel({ model, numClasses, seed, weights }, { progress }) {
      let trained: Parameters<typeof LabSession.create>[3];
      if (weights) {
        const stage = `downloading ${weights.name} weights`;
        const got = await fetchWeights(weights.url, ({ loaded, total }) => progress({ stage, done: loaded, total, unit: 'bytes' }));
        trained = { name: weights.name, ...got };
      }
      const next = LabSession.create(model, numClasses, seed, trained);
      env.adopt(next);
      return next.summary();
    },
    async importModel({ source, numClasses }) {
      let src: ImportSource;
      if (source.kind === 'url') src = await urlSource(source.url);
      else {
        const jsons = source.files.filter((f) => f.name.toLowerCase().endsWith('.json'));
        if (jsons.length !== 1) throw new Error(jsons.length ? `Pick one model.json (got ${jsons.map((f) => f.name).join(', ')})` : 'Pick model.json together with its weight files (.bin)');
        src = filesSource(source.files.map((f) => ({ name: f.name, bytes: () => f.arrayBuffer() })), await jsons[0].text());
      }
      // Checked in full before the lab lets go of its current model.
      const { model, name, layerTypes } = await importLayersModel(src, { inputShape: [32, 32, 3], classes: numClasses });
      const next = LabSession.fromModel(model, numClasses, `imported:${name}`);
      env.adopt(next);
      return { summary: next.summary(), name, layerTypes };
    },
    prune(spec) {
      return env.requireSession().prune(spec);
    },
    kSigmaPreview({ k, scope }) {
      return env.requireSession().kSigmaPreview(k, scope);
    },
    layerStats({ layer, bins }) {
      return env.requireSession().layerStats(layer, bins);
    },
    maskImages({ maxSide }) {
      const s = env.requireSession();
      return s.summary().layers.filter((l) => l.kind === 'dense').map((l) => maskImage(l.name, l.kernelShape[0], l.kernelShape[1], s.mask(l.name), maxSide));
    },
    async exportModel({ meta }) {
      const out = await exportModel(env.requireSession(), meta);
      return { ...out, gzipBytes: await gzipSize(out.modelJson, out.weights) };
    },
    async predictions(params, { progress }) {
      const s = env.requireSession();
      const ds = await env.dataset(params, progress);
      const n = Math.min(params.count, ds.count);
      const predicted = await s.predict(ds, n, params.dense);
      const size = ds.height * ds.width * ds.channels;
      return { images: ds.images.slice(0, n * size), width: ds.width, height: ds.height, channels: ds.channels, labels: Array.from(ds.labels.subarray(0, n)), predicted };
    },
    async evaluate(params, { progress, shouldCancel }) {
      const s = env.requireSession();
      const ds = await env.dataset(params, progress);
      const opts = {
        limit: params.limit, batchSize: params.batchSize,
        onProgress: (done: number, total: number) => progress({ stage: params.dense ? 'evaluating the dense net' : 'evaluating', done, total }),
        shouldCancel,
      };
      return params.dense ? s.evaluateDense(ds, opts) : s.evaluate(ds, opts);
    },
  };
}
