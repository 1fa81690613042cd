/**
 * The shipped models scored in tfjs on the wasm backend (inference only, single-threaded in
 * Node), against what the PyTorch exporter measured on the same images and weights:
 * - VGG-S (both) and ResNet-20: the whole test split, within 0.1 point of the model card;
 * - VGG16 and ResNet-56 (~190 s and ~110 s for a whole split here): the first 2,000 test images,
 *   within 2 images of PyTorch's count on the same slice (test/fixtures/slice-accuracy.json, from
 *   training/slice_reference.py, whose count on the whole split equals the card's).
 */
import { describe, expect, beforeAll } from 'vitest';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { SHIPPED_MODELS } from '../../../src/core/models/shipped.ts';
import { evaluate } from '../../../src/core/pipeline/evaluate.ts';
import { loadShipped, testSet } from './shipped-helpers.ts';
import { goldenCase } from '../golden-data.ts';

const slices = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../fixtures/slice-accuracy.json'), 'utf8')) as {
  slice: number;
  models: Record<string, { slice_correct: number; full_correct: number; card_correct: number }>;
};

beforeAll(async () => {
  const require = createRequire(import.meta.url);
  setWasmPaths(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/');
  expect(await tf.setBackend('wasm')).toBe(true);
});

describe.each(SHIPPED_MODELS.map((m) => [m.name, m] as const))('%s on wasm', (name, entry) => {
  const slice = slices.models[name];
  // The cards and the slice counts were measured on ../shared/data's CIFAR-10.
  goldenCase(entry.dataset === 'cifar10')(slice ? `the first ${slices.slice} test images: PyTorch's count within 2 images` : 'the whole test split: the card\'s accuracy within 0.1 point', { timeout: 900_000 }, async () => {
    expect(tf.getBackend()).toBe('wasm');
    const ds = testSet(entry.dataset);
    expect(ds.count).toBe(entry.testImages);
    const model = loadShipped(entry);
    const res = await evaluate(model, ds, { batchSize: 100, ...(slice ? { limit: slices.slice } : {}) });
    model.dispose();
    if (slice) {
      // The reference's whole-split count is the card's: the slice stands for the card.
      expect(slice.full_correct).toBe(slice.card_correct);
      expect(slice.card_correct).toBe(Math.round(entry.testAccuracy * entry.testImages));
      expect(res.count).toBe(slices.slice);
      console.log(`${name}: tfjs/wasm ${res.correct} vs PyTorch ${slice.slice_correct} of the first ${slices.slice} (${(res.ms / res.count).toFixed(2)} ms/image)`);
      expect(Math.abs(res.correct - slice.slice_correct)).toBeLessThanOrEqual(2);
    } else {
      console.log(`${name}: tfjs/wasm ${(100 * res.top1).toFixed(2)}% vs card ${(100 * entry.testAccuracy).toFixed(2)}% (${(res.ms / ds.count).toFixed(2)} ms/image)`);
      expect(Math.abs(res.top1 - entry.testAccuracy)).toBeLessThanOrEqual(0.001);
    }
  });
});
