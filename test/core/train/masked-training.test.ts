/**
 * Masked training runs on wasm (the lab's kernels, no backend switch) and on cpu, for a plain
 * VGG and a ResNet with option-A shortcuts (the StridedSlice gradient): over 20 steps on one
 * fixed batch the masked weights stay exactly 0 and the loss goes down.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useCpu } from '../tf-setup.ts';
import { useWasm } from '../wasm-setup.ts';
import { LabSession } from '../../../src/core/pipeline/session.ts';
import { FineTuner } from '../../../src/core/pipeline/finetune.ts';
import { generateShapes10 } from '../../../src/core/data/shapes10.ts';
import type { ImageDataset } from '../../../src/core/data/dataset.ts';

let batch: ImageDataset;
beforeAll(() => {
  batch = generateShapes10('train', { seed: 4, count: 2 });
});
afterAll(async () => useCpu());

describe.each([['wasm'], ['cpu']] as const)('masked training on %s', (backend) => {
  it.each([['vgg-s'], ['resnet20']] as const)('%s: 20 steps on a fixed batch keep masked weights at 0 and lower the loss', async (model) => {
    await (backend === 'wasm' ? useWasm() : useCpu());
    const s = LabSession.create(model, 10, 3);
    s.prune({ conv: { method: 'uniform', sparsity: 0.6 }, dense: { k: 1 } });
    const masked = s.maskedVariables();
    const start = tf.memory().numTensors;
    // The batch is the whole dataset, so every step sees the same 2 images (cpu takes ~2 s a step at 4).
    const tuner = new FineTuner(s.model, batch, masked, { steps: 20, batchSize: 2, lr: 0.02, weightDecay: 5e-4, seed: 1, augment: false });
    while (!tuner.done) await tuner.runStep();
    tuner.dispose();
    expect(tf.memory().numTensors).toBe(start);
    const losses = tuner.losses;
    expect(losses.every(Number.isFinite)).toBe(true);
    const head = (losses[0] + losses[1]) / 2;
    const tail = (losses[18] + losses[19]) / 2;
    console.log(`${backend} ${model}: loss ${head.toFixed(3)} → ${tail.toFixed(3)}`);
    expect(tail).toBeLessThan(0.8 * head);
    for (const [v, m] of masked) {
      const w = v.read().dataSync();
      let zeros = 0;
      for (let i = 0; i < m.length; i++) if (m[i] === 0) { expect(Math.abs(w[i])).toBe(0); zeros++; }
      expect(zeros).toBeGreaterThan(0);
    }
    s.dispose();
  });
});
