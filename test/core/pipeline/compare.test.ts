/**
 * The comparison runner, sweeps and sensitivity on the shipped VGG-S / Shapes-10 weights (wasm
 * backend: inference only, ~50× faster than cpu here): each method lands at the target as its granularity allows, rows report what the
 * masks removed, fine-tuning is undone afterwards, and nothing leaks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { LabSession } from '../../../src/core/pipeline/session.ts';
import { removedFractionAtRatio, ratioForTarget } from '../../../src/core/pipeline/criteria.ts';
import { runComparison, runSensitivity, runSweep, type MethodContext } from '../../../src/core/pipeline/compare.ts';
import { generateShapes10 } from '../../../src/core/data/shapes10.ts';
import { readManifest } from '../models/shipped-helpers.ts';
import type { ImageDataset } from '../../../src/core/data/dataset.ts';

let session: LabSession;
let test: ImageDataset;
let calibration: ImageDataset;
const ctx = (): MethodContext => ({ k: 3, scope: 'all', scores: new Map(), scoreOptions: { calibration, limit: 64, batchSize: 32 } });

beforeAll(async () => {
  const require = createRequire(import.meta.url);
  setWasmPaths(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/');
  expect(await tf.setBackend('wasm')).toBe(true);
  session = LabSession.create('vgg-s', 10, 1, { name: 'vgg-s-shapes10', ...readManifest('vgg-s-shapes10') });
  test = generateShapes10('test', { seed: 1234, count: 120 });
  calibration = generateShapes10('train', { seed: 9, count: 64 });
});
afterAll(() => session?.dispose());

describe('filter ratio for a target', () => {
  it('removed fraction grows with p; the chosen p is the closest step to the target', () => {
    const total = session.layers.reduce((s, l) => s + l.params, 0);
    let prev = -1;
    for (let p = 0; p <= 1.0001; p += 0.05) {
      const f = removedFractionAtRatio(session.filterGroups, total, Math.min(1, p));
      expect(f).toBeGreaterThanOrEqual(prev);
      prev = f;
    }
    for (const target of [0.2, 0.5, 0.8]) {
      const { p, removedFraction } = ratioForTarget(session.filterGroups, total, target);
      expect(removedFraction).toBe(removedFractionAtRatio(session.filterGroups, total, p));
      // No ratio on a 0.001 grid gets closer.
      for (let q = 0; q <= 1; q += 0.001) expect(Math.abs(removedFractionAtRatio(session.filterGroups, total, q) - target)).toBeGreaterThanOrEqual(Math.abs(removedFraction - target) - 1e-12);
    }
  });
});

describe('runComparison', () => {
  it('prunes every method to the target, reports the masks\' counts, and leaves the session as it was', async () => {
    const tensors = tf.memory().numTensors;
    const dense = (await session.evaluate(test)).top1;
    const rows = await runComparison(session, {
      methods: ['uniform', 'global', 'l1', 'apoz', 'entropy', 'hrank', 'ksigma-all', 'rl'], target: 0.5, evaluation: test, ctx: ctx(),
    });
    expect(rows.map((r) => r.method)).toEqual(['uniform', 'global', 'l1', 'apoz', 'entropy', 'hrank', 'ksigma-all', 'rl']);
    for (const r of rows.slice(0, 2)) expect(Math.abs(r.weightsRemovedPercent - 50)).toBeLessThan(0.01);
    // Filter rows: the same ratio for every criterion (it depends only on the shapes), close to 50 %.
    const filterRows = rows.slice(2, 6);
    for (const r of filterRows) {
      expect(r.note).toBe(filterRows[0].note);
      expect(r.weightsRemovedPercent).toBe(filterRows[0].weightsRemovedPercent);
      expect(Math.abs(r.weightsRemovedPercent - 50)).toBeLessThan(3);
      expect(r.thopRemovedPercent).toBeGreaterThan(0);
    }
    // Different criteria pick different filters.
    const accs = new Set(filterRows.map((r) => r.pruned));
    expect(accs.size).toBeGreaterThan(1);
    expect(rows[6].weightsRemovedPercent).toBeGreaterThan(95); // k = 3 on every layer removes ~99 %
    expect(rows[7].error).toMatch(/Run a DDPG search first/);
    for (const r of rows) {
      expect(r.baseline).toBe(dense);
      expect(r.fineTuned).toBeNull();
      if (!r.error) expect(r.delta).toBeCloseTo(r.pruned - dense, 12);
    }
    expect(session.summary().accounting.weights.removed).toBe(0);
    expect((await session.evaluate(test)).top1).toBe(dense);
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('heals each method (BN recalibration, then fine-tuning) and restores every weight afterwards', async () => {
    const before = await session.logits(test, 0, 8);
    const tensors = tf.memory().numTensors;
    const c = ctx();
    const policy = session.layers.filter((l) => l.kind === 'conv').map((l) => Math.round(0.6 * l.params));
    const phases = new Set<string>();
    const rows = await runComparison(session, {
      methods: ['l1', 'combination'], target: 0.6, evaluation: test, ctx: { ...c, policy, alpha: 0.6 },
      heal: {
        recal: { data: calibration, images: 64, batchSize: 32 },
        fineTune: { data: calibration, length: { steps: 2 }, batchSize: 16, lr: 0.01, seed: 1 },
        onProgress: (_m, p) => phases.add(p.phase),
      },
    });
    expect([...phases]).toEqual(expect.arrayContaining(['recalibrating BN', 'fine-tuning', 'scoring after fine-tuning']));
    for (const r of rows) {
      expect(r.error).toBeUndefined();
      expect(r.recal).not.toBeNull();
      expect(r.fineTuned).not.toBeNull();
      expect(r.delta).toBeCloseTo(r.fineTuned! - r.baseline, 12);
    }
    expect(rows[1].note).toMatch(/searched policy \+ k = 3/);
    expect(Array.from(await session.logits(test, 0, 8))).toEqual(Array.from(before));
    expect(tf.memory().numTensors).toBe(tensors);
  });
});

describe('sweeps', () => {
  it('accuracy vs sparsity: one point per method and target, the dense accuracy at 0', async () => {
    const dense = (await session.evaluate(test)).top1;
    const points = await runSweep(session, { methods: ['uniform', 'global', 'l1'], targets: [0, 0.5, 0.9], evaluation: test, ctx: ctx() });
    expect(points).toHaveLength(9);
    for (const p of points.filter((q) => q.target === 0)) {
      expect(p.removedFraction).toBe(0);
      expect(p.accuracy).toBe(dense);
    }
    const uniform90 = points.find((p) => p.method === 'uniform' && p.target === 0.9)!;
    expect(uniform90.removedFraction).toBeCloseTo(0.9, 4);
    expect(session.summary().accounting.weights.removed).toBe(0);
  });

  it('sensitivity: one layer at a time, the others dense', async () => {
    const dense = (await session.evaluate(test)).top1;
    const points = await runSensitivity(session, { layers: ['conv1', 'fc1'], sparsities: [0, 0.99], evaluation: test });
    expect(points.map((p) => [p.layer, p.sparsity])).toEqual([['conv1', 0], ['conv1', 0.99], ['fc1', 0], ['fc1', 0.99]]);
    expect(points[0].accuracy).toBe(dense);
    expect(points[2].accuracy).toBe(dense);
    expect(points[1].accuracy).toBeLessThan(dense); // 99 % of the first conv gone hurts
    session.prune({ conv: { method: 'layer', sparsity: 0.5, layer: 'conv3' }, dense: { k: null } });
    const rows = session.summary().layers;
    expect(rows.filter((l) => l.sparsity > 0).map((l) => l.name)).toEqual(['conv3']);
    expect(() => session.prune({ conv: { method: 'layer', sparsity: 0.5, layer: 'nope' }, dense: { k: null } })).toThrow(/No prunable layer/);
    session.restore();
  });
});
