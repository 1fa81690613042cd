/** Node helpers for the shipped weights in public/models/: read them from disk, and the test sets they were scored on. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { applyWeights, shardPaths, type WeightsManifest } from '../../../src/core/models/pretrained.ts';
import { findModel } from '../../../src/core/models/registry.ts';
import type { ModelCardSummary } from '../../../src/core/models/shipped.ts';
import { decodeCifar10Binary } from '../../../src/core/data/cifar-binary.ts';
import { CIFAR10_CLASSES } from '../../../src/core/data/cifar-names.ts';
import { generateShapes10 } from '../../../src/core/data/shapes10.ts';
import type { ImageDataset } from '../../../src/core/data/dataset.ts';
import { readCifar10 } from '../../fixtures/local-cifar10.ts';

export const MODELS_DIR = resolve(import.meta.dirname, '../../../public/models');

export function readManifest(name: string): { manifest: WeightsManifest; shards: ArrayBuffer[] } {
  const dir = resolve(MODELS_DIR, name);
  const manifest = JSON.parse(readFileSync(resolve(dir, 'weights.json'), 'utf8')) as WeightsManifest;
  const shards = shardPaths(manifest).map((p) => {
    const b = readFileSync(resolve(dir, p));
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  });
  return { manifest, shards };
}

export function readJson<T>(name: string, file: string): T {
  return JSON.parse(readFileSync(resolve(MODELS_DIR, name, file), 'utf8')) as T;
}

/** Builds the zoo model of a shipped entry and loads its weights from public/models/. */
export function loadShipped(entry: ModelCardSummary): tf.LayersModel {
  const zoo = findModel(entry.model);
  if (!zoo) throw new Error(`unknown model ${entry.model}`);
  const model = zoo.build(10);
  const { manifest, shards } = readManifest(entry.name);
  applyWeights(model, manifest, shards);
  return model;
}

/** The full test split the trainer scored: CIFAR-10 test_batch.bin (found by local-env) or Shapes-10 test (seed 1234). */
export function testSet(dataset: string): ImageDataset {
  if (dataset === 'cifar10') return decodeCifar10Binary(new Uint8Array(readCifar10('test_batch.bin')), [...CIFAR10_CLASSES], 'cifar10', 'test');
  if (dataset === 'shapes10') return generateShapes10('test', { seed: 1234 });
  throw new Error(`no test set for ${dataset}`);
}

/**
 * Fraction of a shipped kernel that the k-σ rule removes, |w − μ| < kσ with the population σ,
 * by a plain float64 loop over the file's weights: an oracle that shares no code with
 * core/prune/ksigma.ts.
 */
export function kSigmaRemovedFraction(entry: ModelCardSummary, layer: string, k: number): number {
  const net = loadShipped(entry);
  const w = Float64Array.from(net.getLayer(layer).getWeights()[0].dataSync());
  net.dispose();
  const mean = w.reduce((s, x) => s + x, 0) / w.length;
  const std = Math.sqrt(w.reduce((s, x) => s + (x - mean) ** 2, 0) / w.length);
  return w.filter((x) => Math.abs(x - mean) < k * std).length / w.length;
}
