/**
 * Export of a pruned model: the tfjs LayersModel files with the masks applied (masked
 * weights are exact zeros) and the size of those weights dense, gzipped, and as a CSR estimate.
 * The policy file is in policy-file.ts (no tfjs, so the UI builds it).
 */
import * as tf from '@tensorflow/tfjs';
import type { LabSession } from './session.ts';

export interface ExportedModel {
  /** model.json: topology + weights manifest pointing at `weights.bin`. */
  modelJson: string;
  /** The one weights shard (float32, little-endian, manifest order). */
  weights: ArrayBuffer;
  sizes: ModelSizes;
}

export interface ModelSizes {
  /** Parameters stored, and how many are exactly zero. */
  params: number;
  zeros: number;
  /** Bytes of the float32 weights as stored (dense). */
  denseBytes: number;
  /**
   * Estimate of the weights in CSR: every kernel as a 2-D matrix [fan-in rows × outputs] with
   * float32 values, int32 column indices and int32 row pointers; every other tensor dense.
   * Kept only where smaller than the dense kernel.
   */
  csrBytes: number;
}

/** Writes the session's current (masked) model as tfjs files. */
export async function exportModel(session: LabSession, meta: Record<string, unknown> = {}): Promise<ExportedModel> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await session.model.save(tf.io.withSaveHandler(async (a) => {
    artifacts = a;
    return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
  }));
  if (!artifacts?.weightSpecs || !artifacts.weightData) throw new Error('tfjs returned no weights for this model');
  const weights = concatWeightData(artifacts.weightData);
  const manifest = [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }];
  const json = {
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
    convertedBy: 'Pruning Lab (masks applied)',
    modelTopology: artifacts.modelTopology,
    weightsManifest: manifest,
    userDefinedMetadata: { pruningLab: meta },
  };
  return { modelJson: JSON.stringify(json), weights, sizes: modelSizes(artifacts.weightSpecs, weights) };
}

function concatWeightData(data: tf.io.WeightData): ArrayBuffer {
  if (data instanceof ArrayBuffer) return data;
  const parts = data as ArrayBuffer[];
  const out = new Uint8Array(parts.reduce((s, p) => s + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p), at);
    at += p.byteLength;
  }
  return out.buffer;
}

/** Dense, zero and CSR-estimate sizes of float32 weights laid out as `specs` say. */
export function modelSizes(specs: readonly tf.io.WeightsManifestEntry[], weights: ArrayBuffer): ModelSizes {
  let offset = 0;
  let params = 0;
  let zeros = 0;
  let csrBytes = 0;
  for (const s of specs) {
    if (s.dtype !== 'float32') throw new Error(`weight ${s.name} is ${s.dtype}; the export writes float32 only`);
    const n = s.shape.reduce((a, b) => a * b, 1);
    if (offset + 4 * n > weights.byteLength) throw new Error(`weights hold ${weights.byteLength} bytes; the manifest describes more (at ${s.name})`);
    const values = new Float32Array(weights, offset, n);
    offset += 4 * n;
    let nz = 0;
    for (let i = 0; i < n; i++) if (values[i] !== 0) nz += 1;
    params += n;
    zeros += n - nz;
    const isKernel = s.shape.length >= 2;
    if (!isKernel) {
      csrBytes += 4 * n;
      continue;
    }
    const cols = s.shape[s.shape.length - 1];
    const rows = n / cols;
    csrBytes += Math.min(4 * n, csrSize(nz, rows));
  }
  if (offset !== weights.byteLength) throw new Error(`weights hold ${weights.byteLength} bytes; the manifest describes ${offset}`);
  return { params, zeros, denseBytes: 4 * params, csrBytes };
}

/** Bytes of a CSR matrix: float32 values + int32 column indices per nonzero, int32 row pointers. */
export function csrSize(nonzeros: number, rows: number): number {
  return 8 * nonzeros + 4 * (rows + 1);
}

/** gzip size of `bytes` (CompressionStream: browsers, workers and Node ≥ 18). */
export async function gzipSize(...parts: (ArrayBuffer | string)[]): Promise<number> {
  const stream = new Blob(parts.map((p) => (typeof p === 'string' ? p : new Uint8Array(p)))).stream().pipeThrough(new CompressionStream('gzip'));
  return (await new Response(stream).arrayBuffer()).byteLength;
}
