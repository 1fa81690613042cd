/**
 * The requests of the benchmark script (scripts/bench.ts) and the browser tests, apart from the
 * app's protocol: the app never sends them, and the worker loads their handlers
 * (tools-handlers.ts) only when the first one arrives. Types only.
 */
import type { BackendName } from '../core/backend-names.ts';
import type { DatasetRef, LabApi, Progress } from './protocol.ts';

interface Req<P, R> { params: P; result: R; progress: Progress }

export interface ToolsApi {
  /** Raw pixels and labels of images [start, start+count) (tests compare them with files). */
  pixels: Req<DatasetRef & { start: number; count: number }, { images: Uint8Array; labels: Uint8Array; coarseLabels?: Uint8Array; count: number; classNames: string[] }>;
  /** The current model's logits for images [start, start+count) (tests compare them with PyTorch's). */
  logits: Req<DatasetRef & { start: number; count: number }, Float32Array>;
  /** Test hook: destroys the WebGPU device, as a driver reset would; false on other backends. Acts at once. */
  loseDevice: Req<Record<string, never>, boolean>;
  /** Timing of dense vs masked evaluation. */
  benchEval: Req<{ model: string; images: number; batchSize: number; sparsity: number; repeats: number }, { denseMsPerImage: number; maskedMsPerImage: number; maskApplyMs: number; backend: BackendName }>;
  /**
   * Search timing: `episodes` episodes of a fresh search (random weights; timing does not depend
   * on them) rewarded on `rewardImages` Shapes-10 images, the agent updating after `warmup`.
   * Per-episode times and numTensors after episode 1 and after the last.
   */
  benchSearch: Req<{ model: string; episodes: number; warmup: number; rewardImages: number }, { evalMs: number[]; agentMs: number[]; episodeMs: number[]; tensorsAfterFirst: number; tensorsAfterLast: number; backend: BackendName }>;
  /**
   * Training timing: a masked SGD step (80 % uniform on the convs, k = 3 on the dense layers;
   * random weights) and the forward pass of the same batch, medians of `repeats`.
   */
  benchTrain: Req<{ model: string; batchSize: number; repeats: number }, { trainMsPerImage: number; forwardMsPerImage: number; backend: BackendName }>;
  /** Time to score and mask `model` (random weights) with each criterion at `target`. */
  benchCriteria: Req<{ model: string; calibrationImages: number; target: number }, { ms: Record<string, number>; backend: BackendName }>;
  /**
   * A long search for leaks: VGG-S on Shapes-10, `episodes` episodes on `rewardImages` images,
   * with the engine's numTensors and the wasm heap's size sampled every `every` episodes.
   */
  benchSoak: Req<{ episodes: number; rewardImages: number; every: number }, { samples: { episode: number; tensors: number; wasmBytes: number }[]; backend: BackendName }>;
}

export type ToolType = keyof ToolsApi;

/** The app's requests and the tools'. */
export type FullApi = LabApi & ToolsApi;

export const TOOL_TYPES: readonly ToolType[] = ['pixels', 'logits', 'loseDevice', 'benchEval', 'benchSearch', 'benchTrain', 'benchCriteria', 'benchSoak'];
