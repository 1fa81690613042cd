/**
 * BN recalibration (METHOD §8.1) against PyTorch's `momentum=None` in float64
 * (test/fixtures/bn-recal-golden.json, made by training/bn_recal_golden.py): the shipped VGG-S
 * (Shapes-10) and ResNet-20 (CIFAR-10) with 80 % uniform conv masks, recalibrated on 320 training
 * images in batches of 64. Also: nothing but the moving statistics changes, no tensor leaks,
 * recalibration helps the pruned VGG-S, `start` picks the images, and cancelling throws and leaves
 * the model as it was.
 *
 * Backend: wasm (single-threaded in Node), as pretrained-accuracy.test.ts. The cpu backend runs
 * these convs ~14× slower (measured 16 s for one 64-image VGG-S batch), too slow for 2 × 320 images
 * plus 800 evaluated; wasm is float32 like cpu, and any backend runs the same module code.
 *
 * Tolerance: the golden is float64, the lab float32 through up to 19 conv+BN layers (PyTorch itself
 * in float32 is within 5e-7 of the golden on VGG-S). Each value must be within 1e-5 relative of the
 * golden, relative to max(|golden|, floor): the floor is the channel's golden standard deviation
 * for a mean (a mean near 0 is only known to float32 precision of the activations' scale) and
 * 1e-6 for a variance (a conv channel whose every kernel weight is pruned is constant: variance 0). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { readManifest } from '../models/shipped-helpers.ts';
import { readCifar10 } from '../../fixtures/local-cifar10.ts';
import { goldenCase } from '../golden-data.ts';
import { LabSession } from '../../../src/core/pipeline/session.ts';
import { recalibrateBatchNorm } from '../../../src/core/pipeline/bn-recal.ts';
import { generateShapes10 } from '../../../src/core/data/shapes10.ts';
import { decodeCifar10Binary, CIFAR10_RECORD_BYTES } from '../../../src/core/data/cifar-binary.ts';
import { CIFAR10_CLASSES } from '../../../src/core/data/cifar-names.ts';
import type { ImageDataset } from '../../../src/core/data/dataset.ts';

interface GoldenCase {
  name: string; model: string; n: number; batch: number; images_byte_sum: number;
  pruned: Record<string, number>;
  bn: Record<string, { running_mean: number[]; running_var: number[] }>;
}
const golden = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../fixtures/bn-recal-golden.json'), 'utf8')) as { cases: GoldenCase[] };
const REL = 1e-5;
const VAR_FLOOR = 1e-6;

/** The calibration images of a golden case, from the lab's own loaders. */
function calibrationSet(c: GoldenCase): ImageDataset {
  if (c.name === 'vgg-s-shapes10') return generateShapes10('train', { seed: 1234, count: c.n });
  const bytes = new Uint8Array(readCifar10('data_batch_1.bin').subarray(0, c.n * CIFAR10_RECORD_BYTES));
  return decodeCifar10Binary(bytes, [...CIFAR10_CLASSES], 'cifar10', 'train');
}

function prunedSession(c: GoldenCase): LabSession {
  const session = LabSession.create(c.model, 10, 0, { name: c.name, ...readManifest(c.name) });
  session.prune({ conv: { method: 'uniform', sparsity: 0.8 }, dense: { k: null } });
  return session;
}

/** Every weight of the model by name (copies). */
function snapshot(model: tf.LayersModel): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  for (const l of model.layers) for (const w of l.weights) out.set(w.originalName, (w.read().dataSync() as Float32Array).slice());
  return out;
}

const isStat = (name: string) => /\/moving_(mean|variance)$/.test(name);

beforeAll(async () => {
  const require = createRequire(import.meta.url);
  setWasmPaths(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/');
  expect(await tf.setBackend('wasm')).toBe(true);
});

describe.each(golden.cases.map((c) => [c.name, c] as const))('BN recalibration of %s vs PyTorch', (_name, c) => {
  let session: LabSession;
  afterAll(() => session?.dispose());

  // The CIFAR-10 case calibrates on ../shared/data's images (the golden's byte sum checks them).
  goldenCase(c.name.endsWith('cifar10'))('matches momentum=None within 1e-5 relative, touching nothing but the moving statistics', async () => {
    session = prunedSession(c);
    for (const row of session.summary().layers.filter((l) => l.kind === 'conv')) expect(row.params - row.kept).toBe(c.pruned[row.name]);
    const ds = calibrationSet(c);
    expect(ds.images.reduce((a, v) => a + v, 0)).toBe(c.images_byte_sum);
    const before = snapshot(session.model);
    const tensors = tf.memory().numTensors;
    const progress: number[] = [];
    const r = await recalibrateBatchNorm(session.model, ds, { images: c.n, batchSize: c.batch, onProgress: (d) => progress.push(d) });
    expect(tf.memory().numTensors).toBe(tensors);
    expect(r).toMatchObject({ layers: Object.keys(c.bn).length, images: c.n });
    expect(progress).toEqual([64, 128, 192, 256, 320]);

    const after = snapshot(session.model);
    for (const [name, w] of before) if (!isStat(name)) expect(after.get(name), name).toEqual(w);
    let worst = 0;
    let where = '';
    for (const [layer, g] of Object.entries(c.bn)) {
      const mean = after.get(`${layer}/moving_mean`)!;
      const variance = after.get(`${layer}/moving_variance`)!;
      expect(mean.length).toBe(g.running_mean.length);
      for (let ch = 0; ch < mean.length; ch++) {
        const em = Math.abs(mean[ch] - g.running_mean[ch]) / Math.max(Math.abs(g.running_mean[ch]), Math.sqrt(g.running_var[ch]));
        const ev = Math.abs(variance[ch] - g.running_var[ch]) / Math.max(Math.abs(g.running_var[ch]), VAR_FLOOR);
        if (em > worst) [worst, where] = [em, `${layer} mean[${ch}]`];
        if (ev > worst) [worst, where] = [ev, `${layer} var[${ch}]`];
      }
    }
    console.log(`${c.name}: ${r.layers} BN layers, ${r.images} images in ${r.ms.toFixed(0)} ms; worst relative error ${worst.toExponential(2)} (${where})`);
    expect(worst).toBeLessThanOrEqual(REL);
  });
});

describe('BN recalibration on the pruned VGG-S (Shapes-10)', () => {
  const c = golden.cases.find((x) => x.name === 'vgg-s-shapes10')!;
  let session: LabSession;
  beforeAll(() => {
    session = prunedSession(c);
  });
  afterAll(() => session?.dispose());

  it('cancelling throws Cancelled and leaves the model and the tensor count as they were', async () => {
    const before = snapshot(session.model);
    const tensors = tf.memory().numTensors;
    let polls = 0;
    await expect(recalibrateBatchNorm(session.model, calibrationSet(c), { images: 96, batchSize: 32, shouldCancel: () => ++polls > 2 })).rejects.toThrow('Cancelled');
    expect(polls).toBe(3);
    expect(tf.memory().numTensors).toBe(tensors);
    const after = snapshot(session.model);
    for (const [name, w] of before) expect(after.get(name), name).toEqual(w);
  });

  it('raises the pruned accuracy on Shapes-10 test images', async () => {
    for (const l of session.model.layers) expect(Object.hasOwn(l, 'call'), l.name).toBe(false);
    const test = generateShapes10('test', { seed: 1234, count: 400 });
    const pruned = await session.evaluate(test);
    await recalibrateBatchNorm(session.model, calibrationSet(c), { images: c.n, batchSize: c.batch });
    const recal = await session.evaluate(test);
    console.log(`VGG-S Shapes-10, 80 % uniform conv masks, ${test.count} test images: ${(100 * pruned.top1).toFixed(2)} % pruned → ${(100 * recal.top1).toFixed(2)} % after BN recalibration`);
    expect(recal.top1).toBeGreaterThan(pruned.top1 + 0.05);
  });

  it('start picks images [start, start + images), capped at the dataset', async () => {
    const stats = () => new Map([...snapshot(session.model)].filter(([name]) => isStat(name)));
    const r = await recalibrateBatchNorm(session.model, calibrationSet(c), { start: 256, batchSize: 32 });
    expect(r.images).toBe(64);
    const fromStart = stats();
    await recalibrateBatchNorm(session.model, generateShapes10('train', { seed: 1234, start: 256, count: 64 }), { batchSize: 32 });
    expect(stats()).toEqual(fromStart);
    for (const l of session.model.layers) expect(Object.hasOwn(l, 'call'), l.name).toBe(false);
  });
});
