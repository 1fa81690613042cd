/**
 * Import of the user's own tfjs LayersModel: model.json + weight shards, from picked or
 * dropped files or a URL. Everything is checked before the lab switches to it, and every problem
 * is a message that names the layer, weight or file: a layer type the lab cannot prune around,
 * a missing shard, shards of the wrong size, weights of the wrong shape, NaN or infinite weights,
 * an input shape or class count that does not fit the dataset. Nothing stays allocated on error.
 */
import * as tf from '@tensorflow/tfjs';
import { SUPPORTED_LAYERS } from './catalog.ts';
import { applyWeights, entryBytes } from './pretrained.ts';
import { collectStream, formatBytes } from '../data/archive.ts';
import { DEFAULT_PACE, pacedStream, type PaceLimits } from '../data/paced-stream.ts';

export { SUPPORTED_LAYERS } from './catalog.ts';

export interface ImportSource {
  /** The text of model.json. */
  modelJson: string;
  /** Returns a shard's bytes by its manifest path (relative to model.json), or null when it is not there. */
  shard(path: string): Promise<ArrayBuffer | null>;
}

export interface ImportExpect {
  /** Input shape without the batch dimension, e.g. [32, 32, 3]. */
  inputShape: number[];
  classes: number;
}

export interface ImportedModel {
  model: tf.LayersModel;
  /** The model's name from model.json (or 'imported'). */
  name: string;
  /** Layer class names, in order (for the UI's summary). */
  layerTypes: string[];
}

interface ManifestGroup {
  paths: string[];
  weights: tf.io.WeightsManifestEntry[];
}

/** The layers of a Sequential or functional topology, as { name, type } (nested models flattened). */
export function topologyLayers(topology: unknown): { name: string; type: string }[] {
  const out: { name: string; type: string }[] = [];
  const walk = (node: unknown) => {
    const n = node as { class_name?: string; config?: unknown };
    const cfg = n?.config as { layers?: unknown[]; name?: string } | unknown[] | undefined;
    const layers = Array.isArray(cfg) ? cfg : cfg?.layers;
    if (!Array.isArray(layers)) throw new Error('model.json\'s modelTopology lists no layers');
    for (const l of layers as { class_name?: unknown; config?: { name?: unknown; layers?: unknown } }[]) {
      const type = typeof l?.class_name === 'string' ? l.class_name : '?';
      if ((type === 'Sequential' || type === 'Functional' || type === 'Model') && l.config) walk(l);
      else out.push({ name: typeof l?.config?.name === 'string' ? l.config.name : '(unnamed)', type });
    }
  };
  const t = topology as { model_config?: unknown };
  walk(t?.model_config ?? topology);
  return out;
}

/** Loads and checks a LayersModel; throws an Error with a user-facing message on any problem. */
export async function importLayersModel(src: ImportSource, expect: ImportExpect): Promise<ImportedModel> {
  let json: { format?: string; modelTopology?: unknown; weightsManifest?: ManifestGroup[] };
  try {
    json = JSON.parse(src.modelJson);
  } catch {
    throw new Error('model.json is not valid JSON');
  }
  if (json?.format === 'graph-model') throw new Error('This is a tfjs graph model; the lab imports LayersModels (model.json with "modelTopology" and layers)');
  if (!json || typeof json.modelTopology !== 'object' || json.modelTopology === null) throw new Error('model.json has no modelTopology: not a tfjs LayersModel');
  const layers = topologyLayers(json.modelTopology);
  const unsupported = layers.filter((l) => !SUPPORTED_LAYERS.includes(l.type));
  if (unsupported.length) {
    throw new Error(`Unsupported layer${unsupported.length > 1 ? 's' : ''}: ${unsupported.slice(0, 5).map((l) => `'${l.name}' (${l.type})`).join(', ')}${unsupported.length > 5 ? ', …' : ''}. Supported types: ${SUPPORTED_LAYERS.join(', ')}`);
  }
  if (!layers.some((l) => l.type === 'Conv2D' || l.type === 'Dense')) throw new Error('The model has no Conv2D or Dense layer: nothing to prune');
  const groups = json.weightsManifest;
  if (!Array.isArray(groups) || !groups.length) throw new Error('model.json has no weightsManifest');

  // Every shard must be there and each group's bytes must be what its specs describe (checked per
  // group here, to name the files; applyWeights then checks names, shapes and values).
  const shards: ArrayBuffer[] = [];
  for (const g of groups) {
    if (!Array.isArray(g?.paths) || !Array.isArray(g?.weights)) throw new Error('model.json\'s weightsManifest is malformed');
    const parts: ArrayBuffer[] = [];
    for (const p of g.paths) {
      const b = await src.shard(p);
      if (!b) throw new Error(`Missing weight file '${p}' (model.json lists it; pick or drop it together with model.json)`);
      parts.push(b);
    }
    const total = parts.reduce((s, b) => s + b.byteLength, 0);
    const want = g.weights.reduce((s, w) => s + entryBytes(w), 0);
    if (total !== want) throw new Error(`Weight file${g.paths.length > 1 ? 's' : ''} ${g.paths.map((p) => `'${p}'`).join(', ')} hold${g.paths.length > 1 ? '' : 's'} ${total.toLocaleString('en-US')} bytes; model.json describes ${want.toLocaleString('en-US')}`);
    shards.push(...parts);
  }

  let model: tf.LayersModel;
  // A topology that fails half-way leaves the variables of the layers built so far: freed here.
  const variables = new Set(Object.keys(tf.engine().state.registeredVariables));
  try {
    model = await tf.models.modelFromJSON({ modelTopology: json.modelTopology } as tf.io.ModelJSON);
  } catch (err) {
    for (const [name, v] of Object.entries(tf.engine().state.registeredVariables)) if (!variables.has(name)) v.dispose();
    throw new Error(`The model could not be built from model.json: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    applyWeights(model, groups, shards);
    const input = (model.inputs[0].shape as (number | null)[]).slice(1);
    if (model.inputs.length !== 1 || !tf.util.arraysEqual(input as number[], expect.inputShape)) {
      throw new Error(`The model's input is [${input.join(', ')}]; the dataset's images are [${expect.inputShape.join(', ')}]`);
    }
    const outShape = model.outputs[0].shape as (number | null)[];
    if (model.outputs.length !== 1 || outShape.length !== 2 || outShape[1] !== expect.classes) {
      throw new Error(`The model outputs [${outShape.slice(1).join(', ')}]; the dataset has ${expect.classes} classes`);
    }
  } catch (err) {
    model.dispose();
    throw err;
  }
  const name = (json.modelTopology as { config?: { name?: unknown } }).config?.name;
  return { model, name: typeof name === 'string' && /^[\w .-]{1,64}$/.test(name) ? name : 'imported', layerTypes: layers.map((l) => l.type) };
}

/** An ImportSource over picked or dropped files (matched by file name, as tfjs's browserFiles does). */
export function filesSource(files: readonly { name: string; bytes: () => Promise<ArrayBuffer> }[], modelJson: string): ImportSource {
  return {
    modelJson,
    async shard(path) {
      const base = path.split('/').pop();
      const f = files.find((x) => x.name === base);
      return f ? f.bytes() : null;
    },
  };
}

/** An ImportSource over a URL: shards are fetched relative to model.json. */
export async function urlSource(url: string, fetchFn: typeof fetch = fetch, pace: PaceLimits = DEFAULT_PACE): Promise<ImportSource> {
  const modelJson = new TextDecoder().decode((await fetchCapped(url, MODEL_JSON_MAX_BYTES, fetchFn, pace))!);
  return {
    modelJson,
    async shard(path) {
      const bytes = await fetchCapped(new URL(path, url).href, SHARD_MAX_BYTES, fetchFn, pace, true);
      return bytes && (bytes.buffer as ArrayBuffer);
    },
  };
}

/** A model.json is topology and manifest: a few MB at most. */
export const MODEL_JSON_MAX_BYTES = 16 * 2 ** 20;
/** One weight file; the shipped VGG16's whole model is 30 MB. */
export const SHARD_MAX_BYTES = 1024 * 2 ** 20;

/**
 * The body of `url`, refused past `maxBytes` (declared or streamed) and stopped when too slow;
 * null for a 404 when `missingOk` (a shard the import then reports by name).
 */
async function fetchCapped(url: string, maxBytes: number, fetchFn: typeof fetch, pace: PaceLimits, missingOk = false): Promise<Uint8Array | null> {
  const controller = new AbortController();
  const res = await fetchFn(url, { signal: controller.signal }).catch((e: unknown) => {
    if (missingOk) return null;
    throw new Error(`Could not fetch ${url}: ${e instanceof Error ? e.message : String(e)} (offline, or the server does not allow cross-origin requests)`);
  });
  if (!res || (missingOk && res.status === 404)) return null;
  if (!res.ok) throw new Error(`Could not fetch ${url}: HTTP ${res.status}`);
  const declared = Number(res.headers.get('content-length'));
  if (declared > maxBytes) {
    controller.abort();
    throw new Error(`${url} is ${formatBytes(declared)}, over the ${formatBytes(maxBytes)} limit`);
  }
  if (!res.body) return new Uint8Array(await res.arrayBuffer());
  return collectStream(pacedStream(res.body, url, pace, () => controller.abort()), { maxBytes, what: url });
}
