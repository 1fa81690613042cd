/**
 * The lab's masked fine-tuning against an independent PyTorch reference
 * (training/finetune_ref.py → test/fixtures/finetune-golden.json, float64): the shipped VGG-S on
 * Shapes-10 with the class-demo policy and 3σ on the dense layers, the same batches (the per-epoch
 * seeded order, no augmentation), lr schedule, momentum and L2. On wasm, the losses of the first
 * 20 steps agree within 1e-3 relative, and test top-1 after the epoch within 0.5 point.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasm } from '../wasm-setup.ts';
import { LabSession } from '../../../src/core/pipeline/session.ts';
import { FineTuner, batchIndices, stepsPerEpoch } from '../../../src/core/pipeline/finetune.ts';
import { generateShapes10 } from '../../../src/core/data/shapes10.ts';
import { readManifest } from '../models/shipped-helpers.ts';

const golden = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../fixtures/finetune-golden.json'), 'utf8')) as {
  recipe: { seed: number; batchSize: number; lr: number; momentum: number; weightDecay: number; epochs: number; kSigma: number; trainImages: number; testImages: number };
  policy: { counts: number[] };
  epoch0OrderFirst10: number[];
  steps: { loss: number[]; batchTop1: number[] };
  test: { dense: number; masked: number; finetuned: number };
};

beforeAll(async () => {
  await useWasm();
});

describe('fine-tuning vs PyTorch (training/finetune_ref.py)', () => {
  it('same order, same first-20 losses within 1e-3, same test top-1 after one epoch within 0.5 point', { timeout: 600_000 }, async () => {
    const r = golden.recipe;
    expect(Array.from(batchIndices(r.trainImages, r.batchSize, r.seed, 0).slice(0, 10))).toEqual(golden.epoch0OrderFirst10);
    const s = LabSession.create('vgg-s', 10, 1, { name: 'vgg-s-shapes10', ...readManifest('vgg-s-shapes10') });
    const train = generateShapes10('train', { seed: 1234 });
    const test = generateShapes10('test', { seed: 1234 });
    expect([train.count, test.count]).toEqual([r.trainImages, r.testImages]);
    s.prune({ conv: { method: 'policy', sparsity: 0.8, counts: golden.policy.counts }, dense: { k: r.kSigma } });
    const masked = (await s.evaluate(test)).top1;
    expect(Math.abs(masked - golden.test.masked)).toBeLessThanOrEqual(0.005);
    const steps = r.epochs * stepsPerEpoch(r.trainImages, r.batchSize);
    const tuner = new FineTuner(s.model, train, s.maskedVariables(), {
      steps, batchSize: r.batchSize, lr: r.lr, momentum: r.momentum, weightDecay: r.weightDecay, seed: r.seed, augment: false, schedule: 'cosine',
    });
    while (!tuner.done) await tuner.runStep();
    tuner.dispose();
    const worst = Math.max(...golden.steps.loss.map((l, i) => Math.abs(tuner.losses[i] - l) / Math.abs(l)));
    const top1 = (await s.evaluate(test)).top1;
    console.log(`losses: worst relative difference ${worst.toExponential(2)} over ${golden.steps.loss.length} steps; test top-1 masked ${masked} (PyTorch ${golden.test.masked}), after the epoch ${top1} (PyTorch ${golden.test.finetuned})`);
    expect(worst).toBeLessThan(1e-3);
    expect(Math.abs(top1 - golden.test.finetuned)).toBeLessThanOrEqual(0.005);
    s.dispose();
  });
});
