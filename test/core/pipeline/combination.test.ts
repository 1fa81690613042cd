/**
 * The combination pipeline (wasm, shipped VGG-S / Shapes-10): phases and scores, a paused
 * fine-tuning resumed from its checkpoint equals an uninterrupted run bit for bit (as the search's
 * resume is tested), the per-epoch sampler, and the weight-decay rule.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useWasm } from '../wasm-setup.ts';
import { LabSession } from '../../../src/core/pipeline/session.ts';
import type { PruneSpec } from '../../../src/core/pipeline/prune-spec.ts';
import { runCombination, weightDecayFor, type HealCheckpoint, type HealOptions } from '../../../src/core/pipeline/combination.ts';
import { batchIndices, continuationProblem, stepsPerEpoch } from '../../../src/core/pipeline/finetune.ts';
import { generateShapes10 } from '../../../src/core/data/shapes10.ts';
import { readManifest } from '../models/shipped-helpers.ts';
import type { ImageDataset } from '../../../src/core/data/dataset.ts';

let train: ImageDataset;
let test: ImageDataset;
const spec: PruneSpec = { conv: { method: 'uniform', sparsity: 0.8 }, dense: { k: 1 } };
const fresh = () => LabSession.create('vgg-s', 10, 1, { name: 'vgg-s-shapes10', ...readManifest('vgg-s-shapes10') });

beforeAll(async () => {
  await useWasm();
  train = generateShapes10('train', { seed: 1234, count: 100 });
  test = generateShapes10('test', { seed: 1234, count: 200 });
});

const options = (over: Partial<HealOptions> = {}): HealOptions => ({
  evaluation: test, recal: { data: train, images: 64, batchSize: 32 },
  fineTune: { data: train, length: { epochs: 2 }, batchSize: 16, lr: 0.01, seed: 3 }, ...over,
});

describe('runCombination', () => {
  it('scores the same spec and recalibration again to the same results, and skips them when given (known)', async () => {
    const noFt = options({ fineTune: null });
    const a = await runCombination(fresh(), spec, noFt);
    const b = await runCombination(fresh(), spec, noFt);
    // Deterministic: what lets a heal reuse the scores of the apply just before it.
    expect([b.pruned.correct, b.recal!.correct]).toEqual([a.pruned.correct, a.recal!.correct]);
    const phases: string[] = [];
    const s = fresh();
    const c = await runCombination(s, spec, options({ fineTune: null, known: { pruned: a.pruned, recal: a.recal }, onProgress: (p) => { if (phases.at(-1) !== p.phase) phases.push(p.phase); } }));
    expect(phases).toEqual(['recalibrating BN']);
    expect(c.pruned).toBe(a.pruned);
    expect(c.recal).toBe(a.recal);
    // The recalibration still ran: the model scores what the known result says.
    expect((await s.evaluate(test)).correct).toBe(a.recal!.correct);
  });

  it('scores after pruning, after BN recalibration and after fine-tuning; the masks hold', async () => {
    const s = fresh();
    const start = tf.memory().numTensors;
    const phases: string[] = [];
    const r = await runCombination(s, spec, options({ onProgress: (p) => { if (phases.at(-1) !== p.phase) phases.push(p.phase); } }));
    // Two epochs: the test split is scored after each (the last score is the result).
    expect(phases).toEqual(['scoring the pruned net', 'recalibrating BN', 'scoring after BN recalibration', 'fine-tuning', 'scoring after an epoch', 'fine-tuning', 'scoring after fine-tuning']);
    expect(r.status).toBe('done');
    expect(r.fineTune!.steps).toBe(2 * stepsPerEpoch(100, 16));
    expect(r.epochs.map((e) => [e.epoch, e.step, e.count])).toEqual([[1, 7], [2, 14]].map(([e, s]) => [e, s, 200]));
    expect(r.epochs[1].top1).toBe(r.fineTuned!.top1);
    expect(r.fineTune!.weightDecay).toBe(5e-4);
    expect(r.fineTune!.maskedNonzero).toBe(0);
    console.log(`pruned ${r.pruned.top1} → recal ${r.recal!.top1} → fine-tuned ${r.fineTuned!.top1}`);
    // 80 % of every conv plus k = 1 breaks the net; recalibration brings much of it back.
    expect(r.recal!.top1).toBeGreaterThan(r.pruned.top1 + 0.1);
    expect(tf.memory().numTensors).toBe(start);
    s.dispose();
  });

  it('a paused fine-tuning resumed from its checkpoint ends exactly where an uninterrupted run ends', async () => {
    const a = fresh();
    const whole = await runCombination(a, spec, options());
    const wholeLogits = await a.logits(test, 0, 16);
    a.dispose();

    const b = fresh();
    let saved: HealCheckpoint | null = null;
    let steps = 0;
    const first = await runCombination(b, spec, options({
      onProgress: (p) => { if (p.phase === 'fine-tuning') steps = p.done; },
      // Step 9 is in the second epoch (7 steps each): the first epoch's score travels in the checkpoint.
      shouldPause: () => steps >= 9,
      checkpoint: { every: 2, save: async (state) => { saved = structuredClone(state); } },
    }));
    b.dispose();
    expect(first.status).toBe('paused');
    expect(first.fineTuned).toBeNull();
    expect(saved!.fineTune.step).toBe(9);
    expect(saved!.epochs!.map((e) => e.step)).toEqual([7]);

    // A new session, as after a reload: the checkpoint carries the weights, buffers and sampler.
    const c = fresh();
    const rest = await runCombination(c, spec, options({ resume: saved! }));
    expect(rest.fineTune!.losses).toEqual(whole.fineTune!.losses);
    // The recalibration is not redone on resume (the weights are past it): the report carries the
    // paused run's own score from the checkpoint. That a recalibration recomputed in a fresh
    // session scores the same is the first test's claim.
    expect(rest.recal).toEqual(first.recal);
    expect(first.recal!.correct).toBe(whole.recal!.correct);
    expect(rest.fineTuned!.top1).toBe(whole.fineTuned!.top1);
    expect(rest.epochs.map((e) => e.top1)).toEqual(whole.epochs.map((e) => e.top1));
    expect(Array.from(await c.logits(test, 0, 16))).toEqual(Array.from(wholeLogits));
    c.dispose();

    // One more epoch: a finished 1-epoch run, saved when it ends, lengthened to 2 epochs, is the
    // 2-epoch run (the cosine restarts every epoch), without redoing the first epoch.
    const d = fresh();
    let done: HealCheckpoint | null = null;
    const one = await runCombination(d, spec, options({
      fineTune: { ...options().fineTune!, length: { epochs: 1 } },
      checkpoint: { every: 100, save: async (state) => { done = structuredClone(state); } },
    }));
    d.dispose();
    expect([one.status, done!.fineTune.step, done!.fineTune.config.steps]).toEqual(['done', 7, 7]);
    expect(one.fineTune!.losses).toEqual(whole.fineTune!.losses.slice(0, 7));
    const e = fresh();
    let stepsRun = 0;
    const more = await runCombination(e, spec, options({ resume: done!, onProgress: (p) => { if (p.phase === 'fine-tuning') stepsRun += 1; } }));
    expect(stepsRun).toBe(7);
    expect(more.fineTune!.losses).toEqual(whole.fineTune!.losses);
    expect(more.epochs.map((x) => [x.epoch, x.top1])).toEqual(whole.epochs.map((x) => [x.epoch, x.top1]));
    expect(Array.from(await e.logits(test, 0, 16))).toEqual(Array.from(wholeLogits));
    e.dispose();
  });

  it('a saved run continues only under its own settings; a paused one to its own end', async () => {
    const s = fresh();
    let saved: HealCheckpoint | null = null;
    let steps = 0;
    await runCombination(s, spec, options({
      onProgress: (p) => { if (p.phase === 'fine-tuning') steps = p.done; },
      shouldPause: () => steps >= 3,
      checkpoint: { every: 100, save: async (state) => { saved = structuredClone(state); } },
    }));
    const other = options({ resume: saved! });
    await expect(runCombination(s, spec, { ...other, fineTune: { ...other.fineTune!, lr: 0.02 } })).rejects.toThrow(/cannot continue: its lr differ/);
    // Asked for 3 epochs, a run paused at step 3 of 14 still ends at its own 14 steps.
    const r = await runCombination(s, spec, { ...other, fineTune: { ...other.fineTune!, length: { epochs: 3 } } });
    expect(r.fineTune!.steps).toBe(14);
    // A run saved before the per-epoch restarts (no cycleSteps: one cosine over its 14 steps)
    // resumes on that schedule, not on today's: its later steps differ from a restarted run's.
    const old = structuredClone(saved!);
    delete old.fineTune.config.cycleSteps;
    const single = await runCombination(s, spec, options({ resume: old }));
    expect(single.fineTune!.steps).toBe(14);
    expect(single.fineTune!.losses.slice(0, 3)).toEqual(r.fineTune!.losses.slice(0, 3));
    expect(single.fineTune!.losses.slice(4)).not.toEqual(r.fineTune!.losses.slice(4));
    s.dispose();
  });

  it('a paused run resumes only on its own cosine cycle; a finished one lengthens where the rates agree', () => {
    const state = (steps: number, step: number, cycleSteps?: number) => ({ config: { steps, batchSize: 8, lr: 0.01, seed: 1, schedule: 'cosine' as const, ...(cycleSteps ? { cycleSteps } : {}) }, step, rng: [1, 2, 3, 4] as [number, number, number, number], buffers: [], weights: [], losses: [], accuracies: [] });
    const next = (steps: number, cycleSteps?: number) => ({ ...state(steps, 0, cycleSteps).config });
    expect(continuationProblem(state(14, 3, 7), next(14, 7))).toBeNull();
    expect(continuationProblem(state(14, 3), next(14, 7))).toMatch(/cosine restarts every 14 steps, not every 7/);
    expect(continuationProblem(state(14, 3), next(14))).toBeNull();
    expect(continuationProblem(state(7, 7, 7), next(14, 7))).toBeNull();
    // One cosine over 14 steps agrees with a 7-step cycle at step 1 only: it cannot be lengthened.
    expect(continuationProblem(state(14, 14), next(21, 7))).toMatch(/schedule differs at step 2/);
  });
});

describe('fine-tuning sampler and settings', () => {
  it('each epoch visits every image once, in a fresh seeded order', () => {
    const n = 50;
    const orders = [0, 1].map((epoch) => {
      const seen: number[] = [];
      for (let b = 0; b < stepsPerEpoch(n, 16); b++) seen.push(...batchIndices(n, 16, 9, epoch * stepsPerEpoch(n, 16) + b));
      return seen;
    });
    for (const o of orders) expect([...o].sort((x, y) => x - y)).toEqual([...Array(n).keys()]);
    expect(orders[0]).not.toEqual(orders[1]);
    expect(Array.from(batchIndices(n, 16, 9, 3))).toEqual(orders[0].slice(48));
    // The order is the seed's: another seed, another order.
    expect(Array.from(batchIndices(n, 16, 9, 0))).toEqual(orders[0].slice(0, 16));
    expect(Array.from(batchIndices(n, 16, 10, 0))).not.toEqual(orders[0].slice(0, 16));
  });

  it('METHOD §4 weight decay: 1e-4 for the ResNets, 5e-4 otherwise', () => {
    expect([weightDecayFor('resnet20'), weightDecayFor('resnet56'), weightDecayFor('vgg16'), weightDecayFor('vgg-s'), weightDecayFor('custom')]).toEqual([1e-4, 1e-4, 5e-4, 5e-4, 5e-4]);
  });
});
