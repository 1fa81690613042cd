/**
 * Shipped weights (public/models/) against the PyTorch trainer that made them: the first 32
 * test logits must match the exporter's float64 reference within 1e-4 (relative, cpu backend),
 * which catches layout, padding, flatten-order and batch-norm mistakes. Also: the loader's
 * refusals, and the index the UI reads agrees with every card.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { useCpu } from '../tf-setup.ts';
import * as tf from '@tensorflow/tfjs';
import { SHIPPED_MODELS, shippedFor } from '../../../src/core/models/shipped.ts';
import { applyWeights, manifestBytes } from '../../../src/core/models/pretrained.ts';
import { findModel } from '../../../src/core/models/registry.ts';
import { logits } from '../../../src/core/pipeline/evaluate.ts';
import { MODELS_DIR, loadShipped, readJson, readManifest, testSet } from './shipped-helpers.ts';
import { goldenCase } from '../golden-data.ts';

interface Card { name: string; model: string; dataset: string; test_accuracy: number; test_images: number; weights_bytes: number; recipe: { epochs: number; epochs_done: number } }
interface Reference { labels: number[]; logits: number[][] }

beforeAll(async () => {
  await useCpu();
});

describe('shipped model index', () => {
  it('lists exactly the folders of public/models, with each card\'s numbers', () => {
    const dirs = readdirSync(MODELS_DIR).filter((d) => existsSync(resolve(MODELS_DIR, d, 'card.json'))).sort();
    expect(SHIPPED_MODELS.map((m) => m.name).sort()).toEqual(dirs);
    expect(dirs.length).toBeGreaterThan(0);
    for (const m of SHIPPED_MODELS) {
      const card = readJson<Card>(m.name, 'card.json');
      expect([m.model, m.dataset, m.testAccuracy, m.testImages, m.weightsBytes, m.epochsDone])
        .toEqual([card.model, card.dataset, card.test_accuracy, card.test_images, card.weights_bytes, card.recipe.epochs_done]);
      expect(findModel(m.model)).toBeDefined();
      expect(shippedFor(m.model, m.dataset)).toBe(m);
      expect(manifestBytes(readManifest(m.name).manifest)).toBe(card.weights_bytes);
    }
  });
});

describe('public/models size', () => {
  it('stays within 40 MB (the deployable static build carries it)', () => {
    let bytes = 0;
    for (const d of readdirSync(MODELS_DIR)) for (const f of readdirSync(resolve(MODELS_DIR, d))) bytes += statSync(resolve(MODELS_DIR, d, f)).size;
    console.log(`public/models: ${(bytes / 1e6).toFixed(2)} MB`);
    expect(bytes).toBeLessThanOrEqual(40e6);
  });
});

describe.each(SHIPPED_MODELS.map((m) => [m.name, m] as const))('%s parity with PyTorch', (_name, entry) => {
  // reference.json holds the logits of ../shared/data's first 32 test images (its order, its pixels).
  goldenCase(entry.dataset === 'cifar10')('matches the reference logits of the first 32 test images within 1e-4 relative', async () => {
    const ref = readJson<Reference>(entry.name, 'reference.json');
    const ds = testSet(entry.dataset);
    expect(Array.from(ds.labels.slice(0, 32))).toEqual(ref.labels);
    const model = loadShipped(entry);
    const out = await logits(model, ds, 0, 32);
    model.dispose();
    const C = ref.logits[0].length;
    let worst = 0;
    for (let i = 0; i < 32; i++) {
      // Relative to each logit, with a floor at 1% of the row's largest |logit| so that values
      // near zero are judged on the row's scale.
      const scale = Math.max(...ref.logits[i].map(Math.abs));
      for (let c = 0; c < C; c++) {
        const want = ref.logits[i][c];
        const err = Math.abs(out[i * C + c] - want) / Math.max(Math.abs(want), 0.01 * scale);
        worst = Math.max(worst, err);
      }
    }
    console.log(`${entry.name}: worst relative logit error ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-4);
  });
});

describe('applyWeights refuses broken files and leaves the model untouched', () => {
  const entry = SHIPPED_MODELS.find((m) => m.model === 'vgg-s') ?? SHIPPED_MODELS[0];
  const load = () => readManifest(entry.name);
  const fresh = () => findModel(entry.model)!.build(10);
  const snapshot = (m: tf.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync().slice(0, 8)));

  it.each([
    ['a truncated shard', (m: ReturnType<typeof load>) => ({ ...m, shards: [m.shards[0].slice(0, m.shards[0].byteLength - 4), ...m.shards.slice(1)] }), /bytes/],
    ['a missing weight', (m: ReturnType<typeof load>) => ({ ...m, manifest: [{ ...m.manifest[0], weights: m.manifest[0].weights.slice(1) }] }), /bytes|lacks/],
    ['an unknown weight name', (m: ReturnType<typeof load>) => ({ ...m, manifest: [{ ...m.manifest[0], weights: m.manifest[0].weights.map((w, i) => (i === 0 ? { ...w, name: 'nope/kernel' } : w)) }] }), /does not have/],
    ['a wrong shape', (m: ReturnType<typeof load>) => ({ ...m, manifest: [{ ...m.manifest[0], weights: m.manifest[0].weights.map((w, i) => (i === 0 ? { ...w, shape: [...w.shape].reverse() } : w)) }] }), /shape/],
    ['a NaN', (m: ReturnType<typeof load>) => {
      const first = m.shards[0].slice(0);
      new Float32Array(first, 0, 1)[0] = NaN;
      return { ...m, shards: [first, ...m.shards.slice(1)] };
    }, /non-finite/],
  ])('%s', (_what, corrupt, message) => {
    const model = fresh();
    const before = snapshot(model);
    const bad = corrupt(load());
    expect(() => applyWeights(model, bad.manifest, bad.shards)).toThrow(message);
    expect(snapshot(model)).toEqual(before);
    model.dispose();
  });

  it('loads without leaking tensors', () => {
    const model = fresh();
    const n = tf.memory().numTensors;
    const { manifest, shards } = load();
    applyWeights(model, manifest, shards);
    expect(tf.memory().numTensors).toBe(n);
    model.dispose();
  });
});
