/**
 * Every shipped model evaluated on its full test split in tfjs on the wasm backend (inference
 * only, single-threaded in Node): the accuracy must match the model card's, which the PyTorch
 * exporter measured on the same images and weights, within 0.1 point. VGG16 takes ~4 minutes.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { SHIPPED_MODELS } from '../../../src/core/models/shipped.ts';
import { evaluate } from '../../../src/core/pipeline/evaluate.ts';
import { loadShipped, testSet } from './shipped-helpers.ts';

beforeAll(async () => {
  const require = createRequire(import.meta.url);
  setWasmPaths(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/');
  expect(await tf.setBackend('wasm')).toBe(true);
});

describe.each(SHIPPED_MODELS.map((m) => [m.name, m] as const))('%s full test set on wasm', (_name, entry) => {
  it('matches the model card\'s accuracy within 0.1 point', { timeout: 900_000 }, async () => {
    expect(tf.getBackend()).toBe('wasm');
    const ds = testSet(entry.dataset);
    expect(ds.count).toBe(entry.testImages);
    const model = loadShipped(entry);
    const res = await evaluate(model, ds, { batchSize: 100 });
    model.dispose();
    console.log(`${entry.name}: tfjs/wasm ${(100 * res.top1).toFixed(2)}% vs card ${(100 * entry.testAccuracy).toFixed(2)}% (${(res.ms / ds.count).toFixed(2)} ms/image)`);
    expect(Math.abs(res.top1 - entry.testAccuracy)).toBeLessThanOrEqual(0.001);
  });
});
