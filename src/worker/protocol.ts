/**
 * Messages between the UI thread and the lab worker: types, and two constants from tfjs-free
 * code, so the UI can import this file without pulling tfjs into the main thread. Only
 * structured-cloneable data crosses (typed arrays, plain objects), never tensors.
 */
import type { BestPolicy, EpisodeLog, SearchConfig } from '../core/rl/search.ts';
import type { CheckpointInfo } from '../core/rl/checkpoints.ts';
import type { BackendInfo, BackendName } from '../core/backend.ts';
import type { LayerRow, ModelSummary, PruneReport, PruneSpec } from '../core/pipeline/prune-spec.ts';
import type { KSigmaScope } from '../core/prune/ksigma-scope.ts';
import type { EvalResult } from '../core/pipeline/evaluate.ts';
import type { MaskImage } from '../core/prune/mask-image.ts';
import type { ExportedModel } from '../core/pipeline/export.ts';
import type { WeightStats } from '../core/prune/stats.ts';
import type { CompareMethod, CompareRow, SensitivityPoint, SweepPoint } from '../core/pipeline/compare.ts';
import type { HealProgress, HealResult } from '../core/pipeline/combination.ts';
import type { HealCheckpointInfo } from '../core/pipeline/heal-checkpoints.ts';

export { CANCELLED_MESSAGE } from '../core/cancel.ts';

export type DatasetKey = 'shapes10' | 'cifar10' | 'cifar100';
/** Shapes-10 has train/validation/test; CIFAR has the official test set and, from its training
 * set, the seeded train (fine-tuning), reward (= validation) and calibration splits. */
export type SplitName = 'train' | 'validation' | 'test' | 'reward' | 'calibration';

/** Where CIFAR comes from: picked or dropped files (File objects clone to the worker), or a URL. */
export type DataSourceMessage = { kind: 'files'; files: File[] } | { kind: 'url'; url: string };

/** A few test images (NHWC bytes), their labels and one net's predicted classes: the grid of verdicts. */
export interface PredictionSample {
  images: Uint8Array;
  width: number;
  height: number;
  channels: number;
  labels: number[];
  predicted: number[];
}

export interface LoadedData {
  variant: 'cifar10' | 'cifar100';
  /** Cache key: the URL, or the files' names, sizes and dates. */
  key: string;
  label: string;
  /** True when served from the IndexedDB cache (no network, no parsing). */
  fromCache: boolean;
  /** Bytes stored in the cache, or null when it could not be cached. */
  cachedBytes: number | null;
  /** Images now available (a split this load lacked is kept from an earlier load). */
  counts: { train: number; test: number };
  /** Images this load itself brought. */
  loadedCounts: { train: number; test: number };
  classNames: string[];
  hasCoarse: boolean;
}

export interface CachedDataset {
  key: string;
  label: string;
  variant: 'cifar10' | 'cifar100';
  bytes: number;
  counts: { train: number; test: number };
  savedAt: number;
}

export interface DatasetInfo {
  key: DatasetKey;
  split: SplitName;
  seed: number;
  count: number;
  classNames: string[];
  /** Generation or load time (ms). */
  ms: number;
}

export interface DatasetRef {
  dataset: DatasetKey;
  split: SplitName;
  seed: number;
  /** CIFAR: images held out of train as the reward split (default min(5,000, half the set); class demos use 500). */
  rewardSize?: number;
}

/**
 * Progress of a long request; `total` 0 = unknown; `unit` 'bytes' formats as sizes. Requests
 * that stream results add them (see each request's `progress` type).
 */
export interface Progress { stage: string; done: number; total: number; unit?: 'bytes' }

/** One request: what it takes, what it resolves to, and what its progress carries. */
interface Req<P, R, G extends Progress = Progress> { params: P; result: R; progress: G }

/** Every request the app makes (the benchmark's and the tests' are in tools-protocol.ts). */
export interface LabApi {
  /** `threads`: XNNPACK's pool on WASM (0 or absent: every logical core). */
  init: Req<{ backend?: BackendName; threads?: number }, BackendInfo>;
  /**
   * Builds a zoo model: with the trained weights at `weights.url` (a folder holding weights.json
   * and its shards; progress reports bytes), else with seeded random weights.
   */
  loadModel: Req<{ model: string; numClasses: number; seed: number; weights?: { name: string; url: string } }, ModelSummary>;
  loadDataset: Req<DatasetRef, DatasetInfo>;
  /** Masks from the spec, applied to the model; replaces earlier masks. */
  prune: Req<PruneSpec, PruneReport>;
  /** Every dense layer's kept weights under the k-σ rule at `k` in `scope`, from the loaded weights; the masks in force stay. */
  kSigmaPreview: Req<{ k: number; scope: KSigmaScope }, LayerRow[]>;
  /** Replaces the model by the user's LayersModel (files or a URL), checked in full first; the old model stays on error. */
  importModel: Req<{ source: DataSourceMessage; numClasses: number }, ImportedModel>;
  /** The current (masked) model as tfjs files, with its sizes (dense, gzip of both files, CSR estimate). */
  exportModel: Req<{ meta: Record<string, unknown> }, ExportedModel & { gzipBytes: number }>;
  layerStats: Req<{ layer: string; bins: number }, WeightStats>;
  /** Every dense layer's kept weights as a picture of at most `maxSide`² cells (core/prune/mask-image.ts). */
  maskImages: Req<{ maxSide: number }, MaskImage[]>;
  /** Accuracy of the net as it stands, or of the dense net (`dense: true`, masks kept afterwards). */
  evaluate: Req<DatasetRef & { limit?: number; batchSize?: number; dense?: boolean }, EvalResult>;
  /** The first `count` images of a split with their labels and the net's predictions (as it stands, or `dense`). */
  predictions: Req<DatasetRef & { count: number; dense: boolean }, PredictionSample>;
  /**
   * Loads CIFAR from files or a URL (or the cache); keeps the previous data on failure.
   * `cache: false` neither reads nor writes the IndexedDB cache (the benchmark times parsing alone).
   */
  loadData: Req<{ source: DataSourceMessage; expect?: 'cifar10' | 'cifar100'; maxBytes?: number; cache?: boolean }, LoadedData>;
  loadCached: Req<{ key: string }, LoadedData>;
  listCached: Req<Record<string, never>, CachedDataset[]>;
  deleteCached: Req<{ key: string }, CachedDataset[]>;
  /**
   * The combination pipeline (core/pipeline/combination.ts) on the current model: masks from
   * `spec`, scored on `evaluation`; then BN recalibration and fine-tuning when set, each scored.
   * Progress carries each phase (`heal`). Fine-tuning checkpoints to IndexedDB under `key` every
   * `checkpointEvery` steps, on `pause` (then resolves 'paused') and when finished; `resume`
   * continues from there, or lengthens a finished run by whole epochs ("one more epoch"). The
   * model keeps the result (masks, recalibrated statistics, fine-tuned weights).
   */
  heal: Req<HealParams, HealReply, Progress & { heal?: HealProgress; applied?: PruneReport }>;
  /** The saved fine-tuning under `key`, or null. */
  getHealCheckpoint: Req<{ key: string }, HealCheckpointInfo | null>;
  deleteHealCheckpoint: Req<{ key: string }, boolean>;
  /**
   * Runs (or resumes from its IndexedDB checkpoint) a DDPG search on the current model's convs,
   * rewarded on `reward`. Progress carries each finished episode and the best policy so far.
   * Checkpoints every `checkpointEvery` episodes and at the end; resolves 'paused' after `pause`.
   * Leaves the model dense (masks lifted).
   */
  search: Req<SearchParams, SearchResult, Progress & { episode?: EpisodeLog; best?: BestPolicy | null; updateMs?: number }>;
  /** Asks a running search or fine-tuning to stop after its current episode or step, saved (acts at once, like cancel). */
  pause: Req<Record<string, never>, boolean>;
  listCheckpoints: Req<Record<string, never>, CheckpointInfo[]>;
  /** The episode log and best policy of a saved search (null when none is saved under `key`). */
  getCheckpoint: Req<{ key: string }, { log: EpisodeLog[]; best: BestPolicy | null; episode: number; episodes: number } | null>;
  deleteCheckpoint: Req<{ key: string }, CheckpointInfo[]>;
  /**
   * The paper-style comparison on the current model: each method pruned to `target` (fraction of
   * conv + dense weights), scored on `evaluation`, optionally fine-tuned; progress carries each
   * finished row. Leaves the model restored (no masks).
   */
  compare: Req<CompareContextParams & { methods: CompareMethod[]; target: number; evaluation: DatasetRef; limit?: number; recal: RecalParams | null; fineTune: { data: DatasetRef; steps: number; batchSize: number; lr: number; seed: number } | null }, CompareRow[], Progress & { heal?: HealProgress; row?: CompareRow }>;
  /** Accuracy vs sparsity for each method and target (no fine-tuning); progress carries each point. */
  sweep: Req<CompareContextParams & { methods: CompareMethod[]; targets: number[]; evaluation: DatasetRef; limit?: number }, SweepPoint[], Progress & { point?: SweepPoint }>;
  /** One layer at a time pruned at each sparsity, the rest dense; progress carries each point. */
  sensitivity: Req<{ layers?: string[]; sparsities: number[]; evaluation: DatasetRef; limit?: number }, SensitivityPoint[], Progress & { sensitivity?: SensitivityPoint }>;
  /** Cancels every evaluation or training request with an id ≤ `upTo` (running or queued). */
  cancel: Req<{ upTo: number }, boolean>;
}

export interface ImportedModel { summary: ModelSummary; name: string; layerTypes: string[] }

/** Requests that act at once on the running request instead of waiting their turn. */
export const CONTROL_REQUESTS: readonly string[] = ['cancel', 'pause', 'loseDevice'];

export type RequestType = keyof LabApi;

/**
 * A request on the wire: its id, type and parameters. `Api` is LabApi, or LabApi with the tools'
 * requests (tools-protocol.ts).
 */
export type WireRequest<Api extends object = LabApi> = { [K in keyof Api & string]: { id: number; type: K; params: Api[K] extends { params: infer P } ? P : never } }[keyof Api & string];

/** BN recalibration (METHOD §8.1) on the first `images` of `data`, `batchSize` per pass. */
export interface RecalParams { data: DatasetRef; images: number; batchSize?: number }

export interface HealParams {
  /** Checkpoint key: names the experiment (model, weights, data, masks, healing settings). */
  key: string;
  label: string;
  spec: PruneSpec;
  evaluation: DatasetRef;
  limit?: number;
  /** Also score the dense net first (the result's `dense`), unless `dense` gives it or the resumed checkpoint kept it. */
  scoreDense: boolean;
  /** The dense net's score the caller already holds: kept in the checkpoint, so a reload shows it without scoring again. */
  dense?: EvalResult | null;
  /** The pruned and recalibrated scores of this very spec and recalibration, measured just before (HealOptions.known). */
  known?: { pruned: EvalResult; recal: EvalResult | null } | null;
  recal: RecalParams | null;
  /** `images`: train on the first N images of the split only (default: all). */
  fineTune: { data: DatasetRef; images?: number; epochs: number; batchSize: number; lr: number; seed: number; augment?: boolean } | null;
  resume: boolean;
  checkpointEvery: number;
  /** Also checkpoint once this many seconds have passed since the last save (core/pipeline/checkpoint-clock.ts). */
  checkpointSeconds?: number;
  /** Also predict the first N `evaluation` images with the masks alone, before any healing (the reply's `maskedPredictions`). */
  gridImages?: number;
}

export interface HealReply extends HealResult {
  backend: BackendName;
  /** With `gridImages`: the masks-only net's verdicts, which cannot be asked for once the heal changed the weights. */
  maskedPredictions?: { labels: number[]; predicted: number[] };
}

/** What a comparison or sweep needs beyond the methods: k, the searched policy, calibration images. */
export interface CompareContextParams {
  k: number;
  /** The combination's k-σ scope (METHOD §2). */
  scope: KSigmaScope;
  policy?: number[];
  alpha?: number;
  /** Split the activation criteria (APoZ, entropy, HRank) read; METHOD §3 LAB: 1,280 training images. */
  calibration?: DatasetRef;
  calibrationImages?: number;
  entropyBins?: number;
}

export interface SearchParams {
  /** Checkpoint key: names the experiment (model, weights, data, search config). */
  key: string;
  /** Human label of the checkpoint. */
  label: string;
  config: Partial<SearchConfig>;
  reward: DatasetRef;
  /** Images of the reward split to score (Shapes-10's validation split has 2,000). */
  rewardImages: number;
  /** Score each episode after BN recalibration (METHOD §8.1); absent: the paper's inference-mode scoring. */
  recal?: RecalParams;
  /** Continue from the checkpoint under `key` instead of starting afresh. */
  resume: boolean;
  checkpointEvery: number;
  batchSize?: number;
}

export interface SearchResult {
  status: 'done' | 'paused';
  episode: number;
  episodes: number;
  best: BestPolicy | null;
  log: EpisodeLog[];
}

/**
 * A reply on the wire. A result and a progress name the request type they answer, and the
 * client checks it (lab-client.svelte.ts), so each is typed by that request without a cast.
 */
export type LabResponse =
  | { id: number; kind: 'result'; type: string; result: unknown }
  | { id: number; kind: 'error'; message: string }
  | { id: number; kind: 'progress'; type: string; progress: Progress }
  | { id: 0; kind: 'notice'; message: string; backend?: BackendName; deviceLost?: true };
