/**
 * LabSession on the cpu backend: masks are exact and never destroy the originals, evaluation
 * agrees with a plain argmax over logits and leaks no tensors, masked training keeps zeros.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useCpu } from '../tf-setup.ts';
import { LabSession } from '../../../src/core/pipeline/session.ts';
import { trainMasked } from '../../../src/core/pipeline/finetune.ts';
import { generateShapes10 } from '../../../src/core/data/shapes10.ts';
import type { ImageDataset } from '../../../src/core/data/dataset.ts';

let session: LabSession;
let ds: ImageDataset;
/** Copies of the kernels as built, taken before any pruning. */
const initial = new Map<string, Float32Array>();

beforeAll(async () => {
  await useCpu();
  session = LabSession.create('vgg-s', 10, 11);
  for (const l of session.layers) initial.set(l.name, (session.model.getLayer(l.name).getWeights()[0].dataSync() as Float32Array).slice());
  ds = generateShapes10('test', { seed: 5, count: 96 });
});
afterAll(() => session?.dispose());

const kernel = (name: string) => session.model.getLayer(name).getWeights()[0].dataSync() as Float32Array;

describe('LabSession masks', () => {
  it('uniform pruning prunes exactly round(s·n) per conv layer and writes original⊙mask', () => {
    const report = session.prune({ conv: { method: 'uniform', sparsity: 0.37 }, dense: { k: null } });
    for (const row of report.layers) {
      if (row.kind === 'conv') expect(row.params - row.kept).toBe(Math.round(0.37 * row.params));
      else expect(row.kept).toBe(row.params);
      const w = kernel(row.name);
      const orig = session.original(row.name);
      const mask = session.mask(row.name);
      for (let i = 0; i < w.length; i += 97) expect(w[i]).toBe(mask && mask[i] === 0 ? 0 : orig[i]);
    }
    expect(report.accounting.weights.removed).toBe(report.layers.reduce((a, l) => a + l.params - l.kept, 0));
  });

  it('global magnitude removes exactly round(s·W) conv weights in total', () => {
    const report = session.prune({ conv: { method: 'global', sparsity: 0.8 }, dense: { k: null } });
    const convs = report.layers.filter((l) => l.kind === 'conv');
    const W = convs.reduce((a, l) => a + l.params, 0);
    expect(convs.reduce((a, l) => a + l.params - l.kept, 0)).toBe(Math.round(0.8 * W));
    // Global pruning is not uniform: layers end at different sparsities.
    expect(new Set(convs.map((l) => l.sparsity.toFixed(3))).size).toBeGreaterThan(1);
  });

  it('k-σ on dense layers logs the measured removed fraction', () => {
    const report = session.prune({ conv: { method: 'none', sparsity: 0 }, dense: { k: 2 } });
    const dense = report.layers.filter((l) => l.kind === 'dense');
    expect(dense).toHaveLength(2);
    for (const l of dense) {
      expect(l.kSigma?.k).toBe(2);
      expect(l.kSigma?.gaussianRemovedFraction).toBeCloseTo(0.9545, 4);
      // Plain reference: population mean and σ in float64, remove |w − μ| < 2σ.
      const w = session.original(l.name);
      const mean = w.reduce((a, v) => a + v, 0) / w.length;
      const std = Math.sqrt(w.reduce((a, v) => a + (v - mean) ** 2, 0) / w.length);
      const mask = session.mask(l.name)!;
      let removed = 0;
      w.forEach((v, i) => {
        const keep = Math.abs(v - mean) >= 2 * std ? 1 : 0;
        expect(mask[i]).toBe(keep);
        removed += 1 - keep;
      });
      expect(l.params - l.kept).toBe(removed);
      expect(l.kSigma!.removedFraction).toBeCloseTo(removed / w.length, 12);
    }
    // Convs untouched.
    expect(report.layers.filter((l) => l.kind === 'conv').every((l) => l.kept === l.params)).toBe(true);
  });

  it('restore writes the original kernels back bit-exactly', () => {
    session.prune({ conv: { method: 'uniform', sparsity: 0.9 }, dense: { k: 1 } });
    session.prune({ conv: { method: 'uniform', sparsity: 0.9 }, dense: { k: 3 } }); // conv masks reused
    session.restore();
    for (const l of session.layers) {
      expect(Array.from(kernel(l.name))).toEqual(Array.from(initial.get(l.name)!));
      expect(Array.from(session.original(l.name))).toEqual(Array.from(initial.get(l.name)!));
      expect(kernel(l.name)).not.toBe(session.original(l.name)); // no shared buffer
    }
    expect(session.summary().accounting.weights.removed).toBe(0);
  });

  it('prune, restore and evaluateDense leave the tensor count unchanged', async () => {
    const before = tf.memory().numTensors;
    for (const sparsity of [0.2, 0.6, 0.9]) {
      session.prune({ conv: { method: 'global', sparsity }, dense: { k: 2 } });
      session.layerStats('conv3', 30);
    }
    await session.evaluateDense(ds, { limit: 16 });
    session.restore();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects bad specs with a clear error and keeps the masks in force', () => {
    session.prune({ conv: { method: 'uniform', sparsity: 0.5 }, dense: { k: null } });
    expect(() => session.prune({ conv: { method: 'uniform', sparsity: 1.5 }, dense: { k: null } })).toThrow(/Sparsity must be in \[0, 1\]/);
    expect(() => session.prune({ conv: { method: 'uniform', sparsity: NaN }, dense: { k: null } })).toThrow(/Sparsity/);
    expect(() => session.prune({ conv: { method: 'none', sparsity: 0 }, dense: { k: 0 } })).toThrow(/k must be a positive number/);
    expect(session.summary().layers[0].sparsity).toBeCloseTo(0.5, 2);
    expect(() => LabSession.create('nope', 10, 1)).toThrow(/Unknown model 'nope'/);
    session.restore();
  });
});

describe('evaluation', () => {
  it('top-1 and per-class equal a plain argmax over logits; no tensor leaks; progress reaches the total', async () => {
    session.prune({ conv: { method: 'uniform', sparsity: 0.5 }, dense: { k: 3 } });
    const before = tf.memory().numTensors;
    const progress: number[] = [];
    const r = await session.evaluate(ds, { batchSize: 40, onProgress: (done, total) => { progress.push(done); expect(total).toBe(96); } });
    expect(progress).toEqual([40, 80, 96]);
    const logits = await session.logits(ds, 0, 96);
    expect(tf.memory().numTensors).toBe(before);
    let correct = 0;
    const perClass = Array.from({ length: 10 }, () => [0, 0]);
    for (let i = 0; i < 96; i++) {
      const row = Array.from(logits.subarray(i * 10, i * 10 + 10));
      const pred = row.indexOf(Math.max(...row));
      perClass[ds.labels[i]][1] += 1;
      if (pred === ds.labels[i]) { correct += 1; perClass[ds.labels[i]][0] += 1; }
    }
    expect(r.correct).toBe(correct);
    expect(r.top1).toBeCloseTo(correct / 96, 12);
    expect(r.perClass.map((c) => [c.correct, c.total])).toEqual(perClass);
  });

  it('a stop rule ends the scoring after the batch it answers true for, counting the images seen', async () => {
    const asked: [number, number, number][] = [];
    const r = await session.evaluate(ds, { batchSize: 16, stopWhen: (c, seen, total) => (asked.push([c, seen, total]), seen >= 48) });
    expect(asked.map((a) => a[1])).toEqual([16, 32, 48]);
    expect(asked.every((a) => a[2] === 96)).toBe(true);
    const first48 = await session.evaluate(ds, { batchSize: 16, limit: 48 });
    expect(r.count).toBe(48);
    expect(r.correct).toBe(first48.correct);
    expect(r.top1).toBe(first48.correct / 48);
    expect(asked[2][0]).toBe(first48.correct);
  });

  it('evaluateDense equals the restored net and keeps the masks', async () => {
    session.prune({ conv: { method: 'uniform', sparsity: 0.95 }, dense: { k: 1 } });
    const dense = await session.evaluateDense(ds);
    expect(session.summary().layers[0].sparsity).toBeGreaterThan(0.9);
    const masked = await session.logits(ds, 0, 8);
    session.restore();
    const restored = await session.evaluate(ds);
    expect(dense.correct).toBe(restored.correct);
    expect(Array.from(await session.logits(ds, 0, 8))).not.toEqual(Array.from(masked));
  });

  it('a dense look at a healed net puts the healed weights back, not original⊙mask', async () => {
    session.prune({ conv: { method: 'uniform', sparsity: 0.5 }, dense: { k: null } });
    // Stand-in for fine-tuning: the kept weights of conv1 move (the mask's zeros stay zero).
    const name = session.layers[0].name;
    const v = session.model.getLayer(name).getWeights()[0];
    const mask = session.mask(name)!;
    const healed = (v.dataSync() as Float32Array).map((w, i) => (mask[i] ? w + 0.01 * ((i % 7) - 3) : 0));
    session.model.getLayer(name).setWeights([tf.tensor(healed, v.shape), ...session.model.getLayer(name).getWeights().slice(1)]);
    const before = Array.from(await session.logits(ds, 0, 8));
    const tensors = tf.memory().numTensors;
    await session.evaluateDense(ds);
    await session.predict(ds, 8, true);
    expect(Array.from(kernel(name))).toEqual(Array.from(healed));
    expect(Array.from(await session.logits(ds, 0, 8))).toEqual(before);
    expect(tf.memory().numTensors).toBe(tensors);
    // The grid's predictions: the argmax of those logits, masked or dense.
    const argmax = (l: number[]) => Array.from({ length: 8 }, (_, i) => { const row = l.slice(10 * i, 10 * i + 10); return row.indexOf(Math.max(...row)); });
    expect(await session.predict(ds, 8)).toEqual(argmax(before));
    session.restore();
    expect(await session.predict(ds, 8)).toEqual(argmax(Array.from(await session.logits(ds, 0, 8))));
  });

  it('refuses a dataset whose class count does not fit the model', async () => {
    const other = LabSession.create('resnet20', 100, 1);
    await expect(other.evaluate(ds)).rejects.toThrow(/10 classes but the model outputs 100/);
    other.dispose();
  });
});

describe('masked training', () => {
  /** A tiny conv→BN→dense net: tfjs's cpu backprop is slow, so Node tests keep training small. */
  function tinyModel() {
    const input = tf.input({ shape: [32, 32, 3] });
    let x = tf.layers.conv2d({ filters: 4, kernelSize: 3, strides: 4, name: 'c1' }).apply(input) as tf.SymbolicTensor;
    x = tf.layers.batchNormalization({ name: 'bn' }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.flatten().apply(x) as tf.SymbolicTensor;
    return tf.model({ inputs: input, outputs: tf.layers.dense({ units: 10, name: 'fc' }).apply(x) as tf.SymbolicTensor });
  }

  it('keeps masked weights exactly zero and the nonzero count unchanged over 100 steps', async () => {
    const model = tinyModel();
    const masks = new Map<tf.LayerVariable, Uint8Array>();
    for (const name of ['c1', 'fc']) {
      const v = model.getLayer(name).weights[0];
      const size = (v.shape as number[]).reduce((a, b) => a * b, 1);
      masks.set(v, Uint8Array.from({ length: size }, (_, i) => (i % 3 === 0 ? 0 : 1)));
      v.write(tf.tidy(() => tf.mul(v.read(), tf.tensor(Float32Array.from(masks.get(v)!), v.shape as number[]))));
    }
    const nonzero = () => [...masks.keys()].map((v) => (v.read().dataSync() as Float32Array).reduce((a, x) => a + (x !== 0 ? 1 : 0), 0));
    const nzBefore = nonzero();
    const keptBefore = [...masks.keys()].map((v) => Array.from(v.read().dataSync()));
    const before = tf.memory().numTensors;
    const losses = await trainMasked(model, ds, masks, { steps: 100, batchSize: 8, lr: 0.05, weightDecay: 5e-4, seed: 3 });
    expect(tf.memory().numTensors).toBe(before);
    expect(losses).toHaveLength(100);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(nonzero()).toEqual(nzBefore);
    [...masks].forEach(([v, m], j) => {
      const w = v.read().dataSync();
      for (let i = 0; i < m.length; i++) {
        if (m[i] === 0) expect(Math.abs(w[i])).toBe(0); // -0 counts as exactly zero
        else expect(w[i]).not.toBe(keptBefore[j][i]);
      }
    });
    model.dispose();
  });

  it('cosine schedule: step t uses lr·½(1 + cos(π·t/T)); batch top-1 is reported per step', async () => {
    const snapshot = (m: tf.LayersModel) => m.trainableWeights.map((w) => Float64Array.from(w.read().dataSync()));
    const run = async (steps: number, schedule: 'constant' | 'cosine', stopAfter = steps) => {
      const model = tinyModel();
      model.setWeights(reference.getWeights());
      const accs: number[] = [];
      let n = 0;
      await trainMasked(model, ds, new Map(), {
        steps, batchSize: 8, lr: 0.1, seed: 5, schedule, augment: false,
        onStep: (_s, _l, a) => accs.push(a),
        shouldCancel: () => n++ >= stopAfter,
      }).catch(() => undefined);
      const w = snapshot(model);
      model.dispose();
      return { w, accs };
    };
    const reference = tinyModel();
    const w0 = snapshot(reference);
    const c1 = await run(2, 'constant', 1); // one step at lr
    const k1 = await run(2, 'cosine', 1); // one step at lr·½(1 + cos 0) = lr
    c1.w.forEach((w, j) => w.forEach((x, i) => expect(k1.w[j][i]).toBeCloseTo(x, 6)));
    const c2 = await run(2, 'constant');
    const k2 = await run(2, 'cosine'); // second step at lr·½(1 + cos(π/2)) = lr/2: half the displacement
    let checked = 0;
    c2.w.forEach((w, j) => w.forEach((x, i) => {
      const dc = x - c1.w[j][i];
      const dk = k2.w[j][i] - k1.w[j][i];
      if (Math.abs(dc) > 1e-4) {
        expect(dk / dc).toBeCloseTo(0.5, 3);
        checked++;
      }
    }));
    expect(checked).toBeGreaterThan(50);
    expect(w0.length).toBe(c1.w.length);
    expect(c2.accs).toHaveLength(2);
    expect(c2.accs.every((a) => a >= 0 && a <= 1 && Math.round(a * 8) === a * 8)).toBe(true);
    reference.dispose();
  });
});
