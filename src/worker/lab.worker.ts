/// <reference lib="webworker" />
/**
 * The lab worker: owns every tensor. Receives typed requests (protocol.ts), calls core, replies
 * with results, progress and notices. The main thread never runs tfjs ops.
 */
import * as tf from '@tensorflow/tfjs';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { exportModel, gzipSize } from '../core/pipeline/export.ts';
import { filesSource, importLayersModel, urlSource, type ImportSource } from '../core/models/import.ts';
import { ensureTrainingBackend, initBackend, restoreBackend, type BackendName, type BackendOptions } from '../core/backend.ts';
import { LabSession } from '../core/pipeline/session.ts';
import { trainMasked } from '../core/pipeline/finetune.ts';
import { fetchWeights } from '../core/models/pretrained.ts';
import { DdpgSearch } from '../core/rl/search.ts';
import { CheckpointStore } from '../core/rl/checkpoints.ts';
import { searchLayers, sessionEvaluate } from '../core/pipeline/search-env.ts';
import { runComparison, runSensitivity, runSweep, specFor, type MethodContext } from '../core/pipeline/compare.ts';
import { throwIfCancelled } from '../core/cancel.ts';
import { DataStore } from './data-store.ts';
import type { CompareContextParams, DatasetRef, LabApi, LabRequest, LabResponse, ProgressInfo, RequestType } from './protocol.ts';

const ctx = self as unknown as DedicatedWorkerGlobalScope;
const backendOptions: BackendOptions = {
  // Absolute URLs: the wasm module resolves them from its own chunk, not from this file.
  wasmPaths: {
    'tfjs-backend-wasm.wasm': new URL(wasmPlain, ctx.location.href).href,
    'tfjs-backend-wasm-simd.wasm': new URL(wasmSimd, ctx.location.href).href,
    'tfjs-backend-wasm-threaded-simd.wasm': new URL(wasmThreadedSimd, ctx.location.href).href,
  },
  timeoutMs: 30_000,
};

let session: LabSession | null = null;
let inferenceBackend: BackendName | null = null;
/** Requests with an id up to this one are cancelled (ids only grow). */
let cancelledUpTo = 0;
const store = new DataStore();
/** Set by `pauseSearch`; the running search stops after its current episode. */
let pauseRequested = false;
let checkpointStore: Promise<CheckpointStore | null> | null = null;
/** The IndexedDB checkpoint store, or null where IndexedDB is unavailable (searches still run). */
const checkpoints = () => (checkpointStore ??= CheckpointStore.open().catch(() => null));
const dataset = (ref: DatasetRef, progress?: (p: ProgressInfo) => void) => store.dataset(ref, progress);

function post(msg: LabResponse, transfer: Transferable[] = []): void {
  ctx.postMessage(msg, transfer);
}

function requireSession(): LabSession {
  if (!session) throw new Error('No model loaded');
  return session;
}

/**
 * Runs `fn` on a backend that can compute gradients (WASM cannot), then returns to the inference
 * backend; both switches are announced as notices.
 */
async function withTrainingBackend<T>(fn: (backend: BackendName, note: string | null) => Promise<T>): Promise<T> {
  const note = await ensureTrainingBackend(backendOptions);
  if (note) post({ id: 0, kind: 'notice', message: note, backend: tf.getBackend() as BackendName });
  try {
    return await fn(tf.getBackend() as BackendName, note);
  } finally {
    if (inferenceBackend && inferenceBackend !== tf.getBackend()) {
      await restoreBackend(inferenceBackend, backendOptions);
      post({ id: 0, kind: 'notice', message: `Back on ${inferenceBackend} for inference`, backend: inferenceBackend });
    }
  }
}

/** Method settings of a comparison or sweep: k, the searched policy, and the calibration split for activation criteria. */
async function methodContext(params: CompareContextParams, progress: (p: ProgressInfo) => void, shouldCancel: () => boolean): Promise<MethodContext> {
  const calibration = params.calibration ? await dataset(params.calibration, progress) : undefined;
  return {
    k: params.k, policy: params.policy, policyTarget: params.policyTarget, scores: new Map(),
    scoreOptions: {
      calibration, limit: params.calibrationImages, entropyBins: params.entropyBins, shouldCancel,
      onProgress: (done, total) => progress({ stage: 'scoring filters on the calibration images', done, total }),
    },
  };
}

interface Context { progress: (p: ProgressInfo) => void; shouldCancel: () => boolean }
type Handler<K extends RequestType> = (params: LabApi[K]['params'], ctx: Context) => Promise<LabApi[K]['result']> | LabApi[K]['result'];

const handlers: { [K in RequestType]: Handler<K> } = {
  async init({ backend }) {
    const info = await initBackend({ ...backendOptions, forced: backend });
    inferenceBackend = info.name;
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
    session?.dispose();
    session = next;
    return session.summary();
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
    session?.dispose();
    session = next;
    return { summary: session.summary(), name, layerTypes };
  },
  async loadDataset(ref, { progress }) {
    const t0 = performance.now();
    const ds = await dataset(ref, progress);
    return { key: ref.dataset, split: ref.split, seed: ref.seed, count: ds.count, classNames: ds.classNames, ms: performance.now() - t0 };
  },
  loadData({ source, expect, maxBytes, cache }, { progress, shouldCancel }) {
    return store.load(source, expect, progress, shouldCancel, maxBytes, cache ?? true);
  },
  loadCached({ key }) {
    return store.loadCached(key);
  },
  listCached() {
    return store.listCached();
  },
  deleteCached({ key }) {
    return store.deleteCached(key);
  },
  pixels(params) {
    return store.pixels(params, params.start, params.count);
  },
  prune(spec) {
    return requireSession().prune(spec);
  },
  restore() {
    return requireSession().restore();
  },
  layerStats({ layer, bins }) {
    return requireSession().layerStats(layer, bins);
  },
  async exportModel({ meta }) {
    const out = await exportModel(requireSession(), meta);
    return { ...out, gzipBytes: await gzipSize(out.modelJson, out.weights) };
  },
  async evaluate(params, { progress, shouldCancel }) {
    const s = requireSession();
    const ds = await dataset(params, progress);
    const opts = {
      limit: params.limit, batchSize: params.batchSize,
      onProgress: (done: number, total: number) => progress({ stage: params.dense ? 'evaluating the dense net' : 'evaluating', done, total }),
      shouldCancel,
    };
    return params.dense ? s.evaluateDense(ds, opts) : s.evaluate(ds, opts);
  },
  async logits(params) {
    const s = requireSession();
    return s.logits(await dataset(params), params.start, params.count);
  },
  async train(params, { progress, shouldCancel }) {
    const s = requireSession();
    const ds = await dataset(params, progress);
    return withTrainingBackend(async (backend, note) => {
      const masked = s.maskedVariables();
      const losses = await trainMasked(s.model, ds, masked, {
        steps: params.steps, batchSize: params.batchSize, lr: params.lr, seed: params.seed,
        weightDecay: params.weightDecay, schedule: params.schedule,
        onStep: (step, loss, batchAccuracy) => progress({ stage: `training on ${backend}`, done: step, total: params.steps, loss, batchAccuracy }),
        shouldCancel,
      });
      let zerosKept = true;
      for (const [v, m] of masked) {
        const w = v.read().dataSync();
        for (let i = 0; i < m.length; i++) if (m[i] === 0 && w[i] !== 0) zerosKept = false;
      }
      s.adoptTrainedWeights();
      return { losses, backend, note, zerosKept };
    });
  },
  async compare(params, { progress, shouldCancel }) {
    const s = requireSession();
    const evaluation = await dataset(params.evaluation, progress);
    const ctx = await methodContext(params, progress, shouldCancel);
    const ft = params.fineTune;
    const train = ft ? await dataset(ft.data, progress) : undefined;
    return runComparison(s, {
      methods: params.methods, target: params.target, evaluation, limit: params.limit, ctx, shouldCancel,
      onStage: (stage, done, total) => progress({ stage, done, total }),
      onRow: (row) => progress({ stage: `${row.label} done`, done: 0, total: 0, row }),
      fineTune: ft && train
        ? (sess, method) => withTrainingBackend(async (backend) => {
          await trainMasked(sess.model, train, sess.maskedVariables(), {
            steps: ft.steps, batchSize: ft.batchSize, lr: ft.lr, seed: ft.seed, weightDecay: ft.weightDecay, schedule: 'cosine',
            onStep: (step, loss, batchAccuracy) => progress({ stage: `${method}: fine-tuning on ${backend}`, done: step, total: ft.steps, loss, batchAccuracy }),
            shouldCancel,
          });
        })
        : undefined,
    });
  },
  async sweep(params, { progress, shouldCancel }) {
    const s = requireSession();
    const evaluation = await dataset(params.evaluation, progress);
    const ctx = await methodContext(params, progress, shouldCancel);
    const total = params.methods.length * params.targets.length;
    let done = 0;
    return runSweep(s, {
      methods: params.methods, targets: params.targets, evaluation, limit: params.limit, ctx, shouldCancel,
      onPoint: (point) => progress({ stage: 'sweep', done: ++done, total, point }),
    });
  },
  async sensitivity(params, { progress, shouldCancel }) {
    const s = requireSession();
    const evaluation = await dataset(params.evaluation, progress);
    const layers = params.layers ?? s.layers.map((l) => l.name);
    const total = layers.length * params.sparsities.length;
    let done = 0;
    return runSensitivity(s, {
      layers, sparsities: params.sparsities, evaluation, limit: params.limit, shouldCancel,
      onPoint: (sensitivity) => progress({ stage: 'sensitivity', done: ++done, total, sensitivity }),
    });
  },
  async benchCriteria({ model, calibrationImages, target }, { progress }) {
    const calibration = await dataset({ dataset: 'shapes10', split: 'train', seed: 1234 }, progress);
    const s = LabSession.create(model, calibration.classNames.length, 1);
    try {
      const ctx: MethodContext = { k: 3, scores: new Map(), scoreOptions: { calibration, limit: calibrationImages } };
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
      let maskApplyMs = 0;
      for (let r = 0; r < repeats; r++) {
        progress({ stage: `bench ${model}`, done: r, total: repeats });
        s.restore();
        dense.push((await s.evaluate(ds, { limit: images, batchSize })).ms);
        const t0 = performance.now();
        s.prune({ conv: { method: 'uniform', sparsity }, dense: { k: 3 } });
        maskApplyMs = performance.now() - t0;
        // Masked time includes computing and applying the masks: what a search episode pays.
        masked.push(maskApplyMs + (await s.evaluate(ds, { limit: images, batchSize })).ms);
      }
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      return { denseMsPerImage: median(dense) / images, maskedMsPerImage: median(masked) / images, maskApplyMs, backend: tf.getBackend() as BackendName };
    } finally {
      s.dispose();
    }
  },
  async search({ key, label, config, reward, rewardImages, resume, checkpointEvery, batchSize }, { progress, shouldCancel }) {
    const s = requireSession();
    const ds = await dataset(reward, progress);
    const layers = searchLayers(s);
    const cps = await checkpoints();
    let search: DdpgSearch;
    if (resume) {
      const saved = await cps?.get(key);
      if (!saved) throw new Error('No saved search to resume for this experiment');
      search = DdpgSearch.restore(layers, saved);
    } else {
      search = new DdpgSearch(layers, config);
    }
    pauseRequested = false;
    const every = Math.max(1, Math.floor(checkpointEvery));
    const evaluate = sessionEvaluate(s, ds, { target: search.config.target, batchSize, limit: rewardImages, shouldCancel });
    const total = search.config.episodes;
    const result = (status: 'done' | 'paused') => ({ status, episode: search.episode, episodes: total, best: search.best, log: search.log });
    try {
      progress({ stage: 'searching', done: search.episode, total, best: search.best });
      while (!search.done) {
        throwIfCancelled(shouldCancel);
        const entry = await search.runEpisode(evaluate);
        progress({ stage: 'searching', done: search.episode, total, episode: entry, best: search.best });
        if (search.episode % every === 0 || search.done || pauseRequested) await cps?.put(key, label, search.getState());
        if (pauseRequested && !search.done) return result('paused');
      }
      return result('done');
    } finally {
      pauseRequested = false;
      s.restore(); // the last episode's masks are not a result; the caller applies the best policy
    }
  },
  async benchSearch({ model, episodes, warmup, rewardImages }, { progress }) {
    const ds = await dataset({ dataset: 'shapes10', split: 'validation', seed: 1234 }, progress);
    const s = LabSession.create(model, ds.classNames.length, 1);
    try {
      const search = new DdpgSearch(searchLayers(s), { episodes, warmup, target: 0.8, seed: 1 });
      const evaluate = sessionEvaluate(s, ds, { target: 0.8, limit: rewardImages });
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
  pauseSearch() {
    pauseRequested = true;
    return true;
  },
  async listCheckpoints() {
    return (await (await checkpoints())?.list()) ?? [];
  },
  async getCheckpoint({ key }) {
    const state = await (await checkpoints())?.get(key);
    return state ? { log: state.log, best: state.best, episode: state.episode, episodes: state.config.episodes } : null;
  },
  async deleteCheckpoint({ key }) {
    const cps = await checkpoints();
    await cps?.delete(key);
    return (await cps?.list()) ?? [];
  },
  cancel({ upTo }) {
    cancelledUpTo = Math.max(cancelledUpTo, upTo);
    return true;
  },
};

// Requests run one at a time, in order, except `cancel`, which acts at once.
let queue: Promise<void> = Promise.resolve();

ctx.onmessage = (event: MessageEvent<LabRequest>) => {
  const req = event.data;
  const ctx: Context = {
    progress: (p) => post({ id: req.id, kind: 'progress', progress: p }),
    shouldCancel: () => req.id <= cancelledUpTo,
  };
  const run = async () => {
    try {
      const handler = handlers[req.type] as Handler<typeof req.type>;
      if (!handler) throw new Error(`Unknown request '${String(req.type)}'`);
      const result = await handler(req.params as never, ctx);
      post({ id: req.id, kind: 'result', result }, result instanceof Float32Array ? [result.buffer] : []);
    } catch (err) {
      post({ id: req.id, kind: 'error', message: err instanceof Error ? err.message : String(err) });
    }
  };
  if (req.type === 'cancel' || req.type === 'pauseSearch') {
    void run();
    return;
  }
  queue = queue.then(run);
};
