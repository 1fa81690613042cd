/**
 * A diverged fine-tuning step is refused before it updates anything (finetune.ts runStep): with
 * one weight made NaN the first step throws "diverged at step 1", every weight and momentum
 * buffer keeps its bits, the step count stays 0, and no tensor leaks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useCpu } from '../tf-setup.ts';
import { LabSession } from '../../../src/core/pipeline/session.ts';
import { FineTuner } from '../../../src/core/pipeline/finetune.ts';
import { generateShapes10 } from '../../../src/core/data/shapes10.ts';

beforeAll(async () => useCpu());
afterAll(async () => useCpu());

const bits = (xs: Float32Array[]) => xs.map((x) => Array.from(new Uint32Array(x.slice().buffer)));

describe('a diverged fine-tuning step', () => {
  it('is refused before the update: weights, buffers and the step count stay as they were', async () => {
    const s = LabSession.create('vgg-s', 10, 3);
    s.prune({ conv: { method: 'uniform', sparsity: 0.5 }, dense: { k: null } });
    const batch = generateShapes10('train', { seed: 4, count: 4 });
    const tuner = new FineTuner(s.model, batch, s.maskedVariables(), { steps: 3, batchSize: 4, lr: 0.02, weightDecay: 5e-4, seed: 1, augment: false });
    // One weight NaN: the loss (and every gradient behind it) is NaN from the first step on.
    const w = s.model.getLayer('fc1').getWeights()[0];
    const poisoned = w.dataSync().slice();
    poisoned[5] = NaN;
    s.model.getLayer('fc1').setWeights([tf.tensor(poisoned, w.shape), ...s.model.getLayer('fc1').getWeights().slice(1)]);
    const before = await tuner.getState();
    const tensors = tf.memory().numTensors;
    await expect(tuner.runStep()).rejects.toThrow(/diverged at step 1 \(loss NaN.*the weights are kept/);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(tuner.step).toBe(0);
    expect(tuner.losses).toEqual([]);
    const after = await tuner.getState();
    const changed = s.model.weights.filter((_, i) => bits([after.weights[i]])[0].join() !== bits([before.weights[i]])[0].join()).map((w) => w.name);
    expect(changed).toEqual([]);
    expect(bits(after.weights)).toEqual(bits(before.weights));
    expect(bits(after.buffers)).toEqual(bits(before.buffers));
    tuner.dispose();
    s.dispose();
  });
});
