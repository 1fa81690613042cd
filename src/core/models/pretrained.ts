/**
 * Trained weights for the zoo: the tfjs weights manifest + shards that `training/export.py`
 * writes to `public/models/<name>/`, decoded and loaded into a zoo model by weight name
 * (`conv1/kernel`, `bn1/moving_mean`, …). Float16-quantized kernels are widened to float32 by
 * tfjs' decoder. Every check a broken download could fail is made before the model is touched:
 * shard sizes, the weight list (strict: no missing, no extra names, exact shapes) and finite
 * values.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelCardSummary } from './shipped.ts';

export type WeightsManifest = tf.io.WeightsManifestConfig;

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, float16: 2, uint8: 1, uint16: 2 };

/** Bytes one manifest entry occupies in the shard stream. */
export function entryBytes(e: tf.io.WeightsManifestEntry): number {
  // Manifests come from users' files: every field is checked before it is used.
  if (!e || typeof e !== 'object' || typeof e.name !== 'string') throw new Error('model.json has a weight entry without a name');
  if (!Array.isArray(e.shape) || !e.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) throw new Error(`Weight '${e.name}' has an invalid shape ${JSON.stringify(e.shape)?.slice(0, 60)}`);
  const size = e.shape.reduce((a, b) => a * b, 1);
  if (!Number.isSafeInteger(size)) throw new Error(`Weight '${e.name}' declares ${size} values, more than any weight file can hold`);
  const dtype = e.quantization?.dtype ?? e.dtype;
  const per = BYTES[dtype];
  if (per === undefined) throw new Error(`Weight '${e.name}' has an unsupported dtype '${dtype}'`);
  return size * per;
}

/** Total bytes the manifest's weights need. */
export function manifestBytes(manifest: WeightsManifest): number {
  return manifest.flatMap((g) => g.weights).reduce((a, e) => a + entryBytes(e), 0);
}

/** Shard file names in stream order. */
export function shardPaths(manifest: WeightsManifest): string[] {
  return manifest.flatMap((g) => g.paths);
}

/**
 * Loads manifest + shard bytes into `model`. Throws (leaving the model unchanged) when the bytes
 * do not add up, a weight is missing, extra or misshapen, or a value is NaN/±Infinity.
 */
export function applyWeights(model: tf.LayersModel, manifest: WeightsManifest, shards: ArrayBuffer[]): void {
  if (!Array.isArray(manifest) || manifest.some((g) => !Array.isArray(g?.paths) || !Array.isArray(g?.weights))) {
    throw new Error('Not a tfjs weights manifest (expected [{paths, weights}])');
  }
  const specs = manifest.flatMap((g) => g.weights);
  const total = shards.reduce((a, s) => a + s.byteLength, 0);
  const need = manifestBytes(manifest);
  if (total !== need) throw new Error(`Weight shards hold ${total} bytes; the manifest needs ${need}`);
  const buffer = new Uint8Array(total);
  let off = 0;
  for (const s of shards) {
    buffer.set(new Uint8Array(s), off);
    off += s.byteLength;
  }
  const expected = new Map<string, number[]>();
  for (const layer of model.layers) for (const w of layer.weights) expected.set(w.originalName, w.shape as number[]);
  const seen = new Set<string>();
  for (const e of specs) {
    const shape = expected.get(e.name);
    if (!shape) throw new Error(`The weights file has '${e.name}', which ${model.name} does not have`);
    if (shape.length !== e.shape.length || shape.some((d, i) => d !== e.shape[i])) {
      throw new Error(`Weight '${e.name}' has shape [${e.shape.join(', ')}] in the weight files; the layer needs [${shape.join(', ')}]`);
    }
    seen.add(e.name);
  }
  const missing = [...expected.keys()].filter((n) => !seen.has(n));
  if (missing.length) throw new Error(`The weights file lacks ${missing.length} weight(s) of ${model.name}: ${missing.slice(0, 3).join(', ')}`);
  const map = tf.io.decodeWeights(buffer.buffer, specs);
  try {
    for (const [name, t] of Object.entries(map)) {
      const v = t.dataSync();
      for (let i = 0; i < v.length; i++) {
        if (!Number.isFinite(v[i])) throw new Error(`Weight '${name}' holds ${Number.isNaN(v[i]) ? 'NaN' : 'an infinite value'} at index ${i} (a non-finite weight)`);
      }
    }
    model.loadWeights(map, true);
  } finally {
    tf.dispose(Object.values(map));
  }
}

export interface FetchProgress {
  loaded: number;
  total: number;
}

/**
 * Fetches `<baseUrl>weights.json` and its shards. `baseUrl` ends with '/'. Reports bytes as
 * shards arrive. Throws with the URL and HTTP status on a failed request.
 */
export async function fetchWeights(
  baseUrl: string,
  onProgress: (p: FetchProgress) => void = () => {},
  fetchFn: typeof fetch = fetch,
): Promise<{ manifest: WeightsManifest; shards: ArrayBuffer[] }> {
  const get = async (url: string): Promise<Response> => {
    const res = await fetchFn(url);
    if (!res.ok) throw new Error(`Could not load ${url}: HTTP ${res.status}`);
    return res;
  };
  const manifest = (await (await get(new URL('weights.json', baseUrl).href)).json()) as WeightsManifest;
  const total = manifestBytes(manifest);
  let loaded = 0;
  onProgress({ loaded, total });
  const shards = await Promise.all(
    shardPaths(manifest).map(async (p) => {
      const buf = await (await get(new URL(p, baseUrl).href)).arrayBuffer();
      loaded += buf.byteLength;
      onProgress({ loaded, total });
      return buf;
    }),
  );
  return { manifest, shards };
}

export type { ModelCardSummary };
