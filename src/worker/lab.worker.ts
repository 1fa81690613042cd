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
import { deviceLostWithin, ensureTrainingBackend, initBackend, loseDevice, restoreBackend, watchDeviceLoss, type BackendName, type BackendOptions } from '../core/backend.ts';
import { LabSession } from '../core/pipeline/session.ts';
import { runCombination, type HealProgress } from '../core/pipeline/combination.ts';
import { HealCheckpointStore } from '../core/pipeline/heal-checkpoints.ts';
import { fetchWeights } from '../core/models/pretrained.ts';
import { DdpgSearch } from '../core/rl/search.ts';
import { CheckpointStore } from '../core/rl/checkpoints.ts';
import { searchLayers, sessionEvaluate } from '../core/pipeline/search-env.ts';
import { runComparison, runSensitivity, runSweep, type MethodContext } from '../core/pipeline/compare.ts';
import { throwIfCancelled } from '../core/cancel.ts';
import { StorageNotices } from './storage-notices.ts';
import { DataStore } from './data-store.ts';
import { benchHandlers } from './bench-handlers.ts';
import type { Context, Handler, Handlers } from './handler.ts';
import type { CompareContextParams, DatasetRef, LabRequest, LabResponse, ProgressInfo, RecalParams, RequestType } from './protocol.ts';

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
const storage = new StorageNotices((message) => post({ id: 0, kind: 'notice', message }));
const store = new DataStore((err) => storage.report('data', err));
/** Set by `pause`; the running search or fine-tuning stops after its current episode or step. */
let pauseRequested = false;
/** Set when the WebGPU device is lost: nothing computed since may be saved or reported. */
let deviceLost: string | null = null;

/** Stops a search or fine-tuning whose device is gone, before it saves what it computed on it. */
function throwIfDeviceLost(): void {
  if (deviceLost) throw new Error(`The WebGPU device was lost (${deviceLost})`);
}
let checkpointStore: Promise<CheckpointStore | null> | null = null;
let healStore: Promise<HealCheckpointStore | null> | null = null;
/** The IndexedDB checkpoint stores, or null where IndexedDB is unavailable (the work still runs, unsaved). */
const checkpoints = () => (checkpointStore ??= CheckpointStore.open().catch(() => null));
const healCheckpoints = () => (healStore ??= HealCheckpointStore.open().catch(() => null));
const dataset = (ref: DatasetRef, progress?: (p: ProgressInfo) => void) => store.dataset(ref, progress);

function post(msg: LabResponse, transfer: Transferable[] = []): void {
  ctx.postMessage(msg, transfer);
}

function requireSession(): LabSession {
  if (!session) throw new Error('No model loaded');
  return session;
}

/** The loaded weights of the current model, all of them (BN statistics too), as loaded. */
let pretrained: tf.Tensor[] = [];

/** Makes `next` the lab's model, keeping a copy of its weights as loaded. */
function adopt(next: LabSession): void {
  session?.dispose();
  tf.dispose(pretrained);
  session = next;
  pretrained = next.model.getWeights().map((w) => w.clone());
}

/**
 * Puts the loaded weights back, undoing an earlier healing: healing and the comparison start from
 * the trained net, never from a net already recalibrated or fine-tuned under other masks.
 */
async function fromPretrained(s: LabSession): Promise<LabSession> {
  s.model.setWeights(pretrained);
  await s.adoptTrainedWeights();
  return s;
}

/**
 * Runs `fn` on a backend that can train. Every backend the lab starts can (wasm through
 * core/train), so this switches only for one that lacks a kernel, and announces both switches.
 */
async function withTrainingBackend<T>(fn: () => Promise<T>): Promise<T> {
  const note = await ensureTrainingBackend(backendOptions);
  if (note) post({ id: 0, kind: 'notice', message: note, backend: tf.getBackend() as BackendName });
  try {
    return await fn();
  } finally {
    if (inferenceBackend && inferenceBackend !== tf.getBackend()) {
      await restoreBackend(inferenceBackend, backendOptions);
      post({ id: 0, kind: 'notice', message: `Back on ${inferenceBackend} for inference`, backend: inferenceBackend });
    }
  }
}

/** The recalibration settings with their dataset loaded. */
async function recalSettings(p: RecalParams | null, progress: (p: ProgressInfo) => void) {
  return p ? { data: await dataset(p.data, progress), images: p.images, batchSize: p.batchSize } : null;
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

const handlers: Handlers<RequestType> = {
  ...benchHandlers(dataset),
  async init({ backend }) {
    const info = await initBackend({ ...backendOptions, forced: backend });
    inferenceBackend = info.name;
    watchDeviceLoss((message) => {
      deviceLost = message;
      // The page reloads on WASM and resumes from the last checkpoint (state/device-loss.ts).
      post({ id: 0, kind: 'notice', message: `The WebGPU device was lost: ${message}`, deviceLost: true });
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
    adopt(next);
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
    adopt(next);
    return { summary: next.summary(), name, layerTypes };
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
  async combine(params, { progress, shouldCancel }) {
    const s = await fromPretrained(requireSession());
    const evaluation = await dataset(params.evaluation, progress);
    const cps = params.fineTune ? await healCheckpoints() : null;
    if (params.fineTune && !cps) storage.report('heal', null);
    const resume = params.resume ? await cps?.get(params.key) : undefined;
    if (params.resume && !resume) throw new Error('No saved fine-tuning to resume for this experiment');
    const dense = params.scoreDense && !resume
      ? await s.evaluateDense(evaluation, { limit: params.limit, shouldCancel, onProgress: (done, total) => progress({ stage: 'scoring the dense net', done, total }) })
      : null;
    const recal = await recalSettings(params.recal, progress);
    const ft = params.fineTune;
    let fineTune = null;
    if (ft) {
      const train = await dataset(ft.data, progress);
      fineTune = { data: ft.images ? { ...train, count: Math.min(train.count, ft.images) } : train, length: { epochs: ft.epochs }, batchSize: ft.batchSize, lr: ft.lr, seed: ft.seed, augment: ft.augment };
    }
    pauseRequested = false;
    try {
      return await withTrainingBackend(async () => {
        const r = await runCombination(s, params.spec, {
          evaluation, limit: params.limit, recal, fineTune, resume, shouldCancel,
          shouldPause: () => pauseRequested,
          onProgress: (heal) => progress({ stage: heal.phase, done: heal.done, total: heal.total, heal }),
          checkpoint: cps ? { every: Math.max(1, Math.floor(params.checkpointEvery)), seconds: params.checkpointSeconds, save: async (state) => { throwIfDeviceLost(); await cps.put(params.key, params.label, state).catch((err: unknown) => storage.report('heal', err)); } } : undefined,
        });
        // Fine-tuned (or recalibrated) values become the session's originals; the masks stay.
        if (r.recal || r.fineTune) await s.adoptTrainedWeights();
        if (r.status === 'done') await cps?.delete(params.key);
        return { ...r, dense, backend: tf.getBackend() as BackendName };
      });
    } finally {
      pauseRequested = false;
    }
  },
  async getHealCheckpoint({ key }) {
    return (await (await healCheckpoints())?.info(key)) ?? null;
  },
  async deleteHealCheckpoint({ key }) {
    await (await healCheckpoints())?.delete(key);
    return true;
  },
  async compare(params, { progress, shouldCancel }) {
    const s = await fromPretrained(requireSession());
    const evaluation = await dataset(params.evaluation, progress);
    const ctx = await methodContext(params, progress, shouldCancel);
    const ft = params.fineTune;
    const heal = {
      recal: await recalSettings(params.recal, progress),
      fineTune: ft ? { data: await dataset(ft.data, progress), length: { steps: ft.steps }, batchSize: ft.batchSize, lr: ft.lr, seed: ft.seed } : null,
      onProgress: (method: string, p: HealProgress) => progress({ stage: `${method}: ${p.phase}`, done: p.done, total: p.total, heal: p }),
    };
    return withTrainingBackend(() => runComparison(s, {
      methods: params.methods, target: params.target, evaluation, limit: params.limit, ctx, shouldCancel, heal,
      onStage: (stage, done, total) => progress({ stage, done, total }),
      onRow: (row) => progress({ stage: `${row.label} done`, done: 0, total: 0, row }),
    }));
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
  async search({ key, label, config, reward, rewardImages, recal, resume, checkpointEvery, batchSize }, { progress, shouldCancel }) {
    // From the loaded weights: a healed net (recalibrated BN) would score every episode differently.
    const s = await fromPretrained(requireSession());
    const ds = await dataset(reward, progress);
    const layers = searchLayers(s);
    let cps = await checkpoints();
    if (!cps) storage.report('search', null);
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
    const evaluate = sessionEvaluate(s, ds, { target: search.config.target, batchSize, limit: rewardImages, recal: (await recalSettings(recal ?? null, progress)) ?? undefined, shouldCancel });
    const total = search.config.episodes;
    const result = (status: 'done' | 'paused') => ({ status, episode: search.episode, episodes: total, best: search.best, log: search.log });
    try {
      progress({ stage: 'searching', done: search.episode, total, best: search.best });
      while (!search.done) {
        throwIfCancelled(shouldCancel);
        const entry = await search.runEpisode(evaluate);
        throwIfDeviceLost();
        progress({ stage: 'searching', done: search.episode, total, episode: entry, best: search.best });
        if (cps && (search.episode % every === 0 || search.done || pauseRequested)) {
          await cps.put(key, label, search.getState()).catch((err: unknown) => {
            storage.report('search', err);
            cps = null; // one refusal is enough: the search goes on unsaved
          });
        }
        if (pauseRequested && !search.done) return result('paused');
      }
      return result('done');
    } finally {
      pauseRequested = false;
      s.restore(); // the last episode's masks are not a result; the caller applies the best policy
    }
  },
  pause() {
    pauseRequested = true;
    return true;
  },
  loseDevice() {
    return loseDevice();
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

// Requests run one at a time, in order, except `cancel`, `pause` and the `loseDevice` test hook,
// which act at once (on the running request).
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
      // The device-lost notice must reach the page before this error, while the page still
      // knows what was running (it resumes that on WASM).
      if (!deviceLost) await deviceLostWithin(500);
      post({ id: req.id, kind: 'error', message: err instanceof Error ? err.message : String(err) });
    }
  };
  if (req.type === 'cancel' || req.type === 'pause' || req.type === 'loseDevice') {
    void run();
    return;
  }
  queue = queue.then(run);
};
