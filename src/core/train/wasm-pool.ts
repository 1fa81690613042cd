/**
 * `MaxPoolGrad` for the WASM backend (METHOD §8.2): tfjs-wasm's own is a per-element loop that
 * took 8–11 % of a VGG-S training step (136 ms at batch 128, profile:train). This one walks each
 * window once with the channels innermost, on the backend's heap, in ~10 ms.
 *
 * The gradient of each window goes to its first maximum in row-major order, as the cpu
 * backend's `maxPoolPositions` picks it (strict >), so both backends agree on ties.
 */
import * as tf from '@tensorflow/tfjs';
import { onHeap, wrapWasmKernel } from './wasm-kernel.ts';

type TensorInfo = tf.TensorInfo;

/** dx [n, h, w, c] of a max pool of x with geometry `info`, for output gradient dy. */
export function maxPoolGrad(x: Float32Array, dy: Float32Array, info: tf.backend_util.Conv2DInfo, dx: Float32Array): void {
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: c, outHeight: ho, outWidth: wo } = info;
  const { strideHeight: sh, strideWidth: sw, filterHeight: fh, filterWidth: fw } = info;
  const { top, left } = info.padInfo;
  dx.fill(0);
  const best = new Float32Array(c);
  const at = new Int32Array(c);
  for (let b = 0; b < n; b++) for (let oy = 0; oy < ho; oy++) for (let ox = 0; ox < wo; ox++) {
    best.fill(-Infinity);
    at.fill(-1);
    for (let i = 0; i < fh; i++) {
      const y = oy * sh + i - top;
      if (y < 0 || y >= h) continue;
      for (let j = 0; j < fw; j++) {
        const xx = ox * sw + j - left;
        if (xx < 0 || xx >= w) continue;
        const base = ((b * h + y) * w + xx) * c;
        for (let k = 0; k < c; k++) {
          const v = x[base + k];
          if (v > best[k]) { best[k] = v; at[k] = base + k; }
        }
      }
    }
    const g = ((b * ho + oy) * wo + ox) * c;
    for (let k = 0; k < c; k++) if (at[k] >= 0) dx[at[k]] += dy[g + k];
  }
}

/** Replaces the wasm MaxPoolGrad (idempotent); other dtypes keep the built-in kernel. */
export function registerWasmPoolGrad(): void {
  wrapWasmKernel('MaxPoolGrad', (original) => (args) => {
    const { dy, input } = args.inputs as { dy: TensorInfo; input: TensorInfo };
    if (input.dtype !== 'float32') return original(args);
    const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as {
      filterSize: [number, number] | number; strides: [number, number] | number; pad: 'valid' | 'same' | number; dimRoundingMode?: 'floor' | 'round' | 'ceil';
    };
    const info = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
    return onHeap(args.backend, input.shape, [input, dy], (out, x, g) => maxPoolGrad(x, g, info, out));
  });
}
