/**
 * Messages between the UI thread and the lab worker. Types, plus one re-exported constant from a
 * tfjs-free module, so the UI can import this file without pulling tfjs into the main thread. Only structured-cloneable data
 * crosses (typed arrays, plain objects), never tensors.
 */
import type { BestPolicy, EpisodeLog, SearchConfig } from '../core/rl/search.ts';
import type { CheckpointInfo } from '../core/rl/checkpoints.ts';
import type { BackendInfo, BackendName } from '../core/backend.ts';
import type { ModelSummary, PruneReport, PruneSpec } from '../core/pipeline/session.ts';
import type { EvalResult } from '../core/pipeline/evaluate.ts';
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

/** Every request: its parameters and its result. */
export interface LabApi {
  init: { params: { backend?: BackendName }; result: BackendInfo };
  /**
   * Builds a zoo model: with the trained weights at `weights.url` (a folder holding weights.json
   * and its shards; progress reports bytes), else with seeded random weights.
   */
  loadModel: { params: { model: string; numClasses: number; seed: number; weights?: { name: string; url: string } }; result: ModelSummary };
  loadDataset: { params: DatasetRef; result: DatasetInfo };
  /** Masks from the spec, applied to the model; replaces earlier masks. */
  prune: { params: PruneSpec; result: PruneReport };
  restore: { params: Record<string, never>; result: PruneReport };
  /** Replaces the model by the user's LayersModel (files or a URL), checked in full first; the old model stays on error. */
  importModel: { params: { source: DataSourceMessage; numClasses: number }; result: { summary: ModelSummary; name: string; layerTypes: string[] } };
  /** The current (masked) model as tfjs files, with its sizes (dense, gzip of both files, CSR estimate). */
  exportModel: { params: { meta: Record<string, unknown> }; result: ExportedModel & { gzipBytes: number } };
  layerStats: { params: { layer: string; bins: number }; result: WeightStats };
  /** Accuracy of the net as it stands, or of the dense net (`dense: true`, masks kept afterwards). */
  evaluate: { params: DatasetRef & { limit?: number; batchSize?: number; dense?: boolean }; result: EvalResult };
  logits: { params: DatasetRef & { start: number; count: number }; result: Float32Array };
  /**
   * Loads CIFAR from files or a URL (or the cache); keeps the previous data on failure.
   * `cache: false` neither reads nor writes the IndexedDB cache (the benchmark times parsing alone).
   */
  loadData: { params: { source: DataSourceMessage; expect?: 'cifar10' | 'cifar100'; maxBytes?: number; cache?: boolean }; result: LoadedData };
  loadCached: { params: { key: string }; result: LoadedData };
  listCached: { params: Record<string, never>; result: CachedDataset[] };
  deleteCached: { params: { key: string }; result: CachedDataset[] };
  /** Raw pixels and labels of images [start, start+count) (tests compare them with files). */
  pixels: { params: DatasetRef & { start: number; count: number }; result: { images: Uint8Array; labels: Uint8Array; coarseLabels?: Uint8Array; count: number; classNames: string[] } };
  /**
   * The combination pipeline (core/pipeline/combination.ts) on the current model: masks from
   * `spec`, scored on `evaluation`; then BN recalibration and fine-tuning when set, each scored.
   * Progress carries each phase (`heal`). Fine-tuning checkpoints to IndexedDB under `key` every
   * `checkpointEvery` steps and on `pause` (then resolves 'paused'); `resume` continues from there.
   * The model keeps the result (masks, recalibrated statistics, fine-tuned weights).
   */
  combine: { params: CombineParams; result: CombineResult };
  /** The saved fine-tuning under `key`, or null. */
  getHealCheckpoint: { params: { key: string }; result: HealCheckpointInfo | null };
  deleteHealCheckpoint: { params: { key: string }; result: boolean };
  /** Timing of dense vs masked evaluation for the benchmark script. */
  benchEval: { params: { model: string; images: number; batchSize: number; sparsity: number; repeats: number }; result: { denseMsPerImage: number; maskedMsPerImage: number; maskApplyMs: number; backend: BackendName } };
  /**
   * Runs (or resumes from its IndexedDB checkpoint) a DDPG search on the current model's convs,
   * rewarded on `reward`. Progress carries each finished episode. Checkpoints every
   * `checkpointEvery` episodes and at the end; resolves 'paused' after `pause`.
   * Leaves the model dense (masks lifted).
   */
  search: { params: SearchParams; result: SearchResult };
  /** Asks a running search or fine-tuning to stop after its current episode or step, saved (acts at once, like cancel). */
  pause: { params: Record<string, never>; result: boolean };
  listCheckpoints: { params: Record<string, never>; result: CheckpointInfo[] };
  /** The episode log and best policy of a saved search (null when none is saved under `key`). */
  getCheckpoint: { params: { key: string }; result: { log: EpisodeLog[]; best: BestPolicy | null; episode: number; episodes: number } | null };
  deleteCheckpoint: { params: { key: string }; result: CheckpointInfo[] };
  /**
   * Search timing for the benchmark script: `episodes` episodes of a fresh search (random
   * weights; timing does not depend on them) rewarded on `rewardImages` Shapes-10 images, with
   * the agent updating after `warmup`. Returns per-episode times and numTensors after episode 1
   * and after the last.
   */
  benchSearch: { params: { model: string; episodes: number; warmup: number; rewardImages: number }; result: { evalMs: number[]; agentMs: number[]; episodeMs: number[]; tensorsAfterFirst: number; tensorsAfterLast: number; backend: BackendName } };
  /**
   * The paper-style comparison on the current model: each method pruned to `target` (fraction of
   * conv + dense weights), scored on `evaluation`, optionally fine-tuned; progress carries each
   * finished row. Leaves the model restored (no masks).
   */
  compare: { params: CompareContextParams & { methods: CompareMethod[]; target: number; evaluation: DatasetRef; limit?: number; recal: RecalParams | null; fineTune: { data: DatasetRef; steps: number; batchSize: number; lr: number; seed: number } | null }; result: CompareRow[] };
  /** Accuracy vs sparsity for each method and target (no fine-tuning); progress carries each point. */
  sweep: { params: CompareContextParams & { methods: CompareMethod[]; targets: number[]; evaluation: DatasetRef; limit?: number }; result: SweepPoint[] };
  /** One layer at a time pruned at each sparsity, the rest dense; progress carries each point. */
  sensitivity: { params: { layers?: string[]; sparsities: number[]; evaluation: DatasetRef; limit?: number }; result: SensitivityPoint[] };
  /**
   * Training timing for the benchmark script: a masked SGD step (80 % uniform on the convs, k = 3
   * on the dense layers; random weights) and the forward pass of the same batch, medians of `repeats`.
   */
  benchTrain: { params: { model: string; batchSize: number; repeats: number }; result: { trainMsPerImage: number; forwardMsPerImage: number; backend: BackendName } };
  /** Time to score and mask `model` (random weights) with each criterion at `target`, for the benchmark script. */
  benchCriteria: { params: { model: string; calibrationImages: number; target: number }; result: { ms: Record<string, number>; backend: BackendName } };
  /**
   * A long search for leaks: VGG-S on Shapes-10, `episodes` episodes on `rewardImages` images,
   * with the engine's numTensors and the wasm heap's size sampled every `every` episodes.
   */
  benchSoak: { params: { episodes: number; rewardImages: number; every: number }; result: { samples: { episode: number; tensors: number; wasmBytes: number }[]; backend: BackendName } };
  /** Cancels every evaluation or training request with an id ≤ `upTo` (running or queued). */
  cancel: { params: { upTo: number }; result: boolean };
  /** Test hook: destroys the WebGPU device, as a driver reset would; false on other backends. */
  loseDevice: { params: Record<string, never>; result: boolean };
}

export type RequestType = keyof LabApi;

export type LabRequest = { [K in RequestType]: { id: number; type: K; params: LabApi[K]['params'] } }[RequestType];

/**
 * Progress of a long request; `total` 0 = unknown; `unit` 'bytes' formats as sizes. A search
 * adds the episode just finished and the best policy so far; the combination pipeline its phase
 * (with a fine-tuning step's loss, batch top-1, images/s and ETA).
 */
export interface ProgressInfo { stage: string; done: number; total: number; unit?: 'bytes'; episode?: EpisodeLog; best?: BestPolicy | null; heal?: HealProgress; row?: CompareRow; point?: SweepPoint; sensitivity?: SensitivityPoint }

/** BN recalibration (METHOD §8.1) on the first `images` of `data`, `batchSize` per pass. */
export interface RecalParams { data: DatasetRef; images: number; batchSize?: number }

export interface CombineParams {
  /** Checkpoint key: names the experiment (model, weights, data, masks, healing settings). */
  key: string;
  label: string;
  spec: PruneSpec;
  evaluation: DatasetRef;
  limit?: number;
  /** Also score the dense net first (the result's `dense`). */
  scoreDense: boolean;
  recal: RecalParams | null;
  /** `images`: train on the first N images of the split only (default: all). */
  fineTune: { data: DatasetRef; images?: number; epochs: number; batchSize: number; lr: number; seed: number; augment?: boolean } | null;
  resume: boolean;
  checkpointEvery: number;
  /** Also checkpoint once this many seconds have passed since the last save (core/pipeline/checkpoint-clock.ts). */
  checkpointSeconds?: number;
}

export interface CombineResult extends HealResult {
  dense: EvalResult | null;
  backend: BackendName;
}

/** What a comparison or sweep needs beyond the methods: k, the searched policy, calibration images. */
export interface CompareContextParams {
  k: number;
  policy?: number[];
  policyTarget?: number;
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

export type LabResponse =
  | { id: number; kind: 'result'; result: unknown }
  | { id: number; kind: 'error'; message: string }
  | { id: number; kind: 'progress'; progress: ProgressInfo }
  | { id: 0; kind: 'notice'; message: string; backend?: BackendName; deviceLost?: true };
