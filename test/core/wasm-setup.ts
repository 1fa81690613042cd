/** Node tests that run tfjs on the wasm backend (single-threaded SIMD build, from node_modules). */
import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

let pathsSet = false;

export async function useWasm(): Promise<void> {
  if (!pathsSet) {
    const require = createRequire(import.meta.url);
    setWasmPaths(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/');
    pathsSet = true;
  }
  if (!(await tf.setBackend('wasm'))) throw new Error('wasm backend did not start');
  await tf.ready();
}

/**
 * Largest element-wise relative error |a−b| / |b|, with |b| floored at 1% of the largest |b| (as
 * the backend parity tests do), so that values near zero do not dominate.
 */
export function maxRelativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let top = 1e-12;
  for (let i = 0; i < b.length; i++) top = Math.max(top, Math.abs(b[i]));
  let worst = 0;
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), 0.01 * top));
  return worst;
}
