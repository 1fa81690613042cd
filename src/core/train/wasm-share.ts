/**
 * `Identity` and same-dtype `Cast` on WASM share their input's buffer (a reference count), as
 * they do on the cpu backend, instead of copying it (METHOD §8.2). Tensors are immutable, so the
 * copy buys nothing, and training makes many: the engine clones every tensor a gradient saves
 * (each conv's, BN's and ReLU's input) and tf.moments casts float32 to float32. Measured in Node
 * on a VGG-S step at batch 128: ~200 ms of copies in a ~1.4 s step.
 */
import type * as tf from '@tensorflow/tfjs';
import { wrapWasmKernel, type WasmKernelArgs } from './wasm-kernel.ts';

function share({ inputs, backend }: WasmKernelArgs): tf.TensorInfo {
  const { x } = inputs as { x: tf.TensorInfo };
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

const input = (a: WasmKernelArgs) => a.inputs.x as tf.TensorInfo;

/** Replaces the wasm Identity (strings still copy), and wraps its Cast (idempotent). */
export function registerWasmSharing(): void {
  wrapWasmKernel('Identity', (copy) => (a) => (input(a).dtype === 'string' ? copy(a) : share(a)));
  wrapWasmKernel('Cast', (copy) => (a) => (input(a).dtype === (a.attrs as { dtype: string }).dtype ? share(a) : copy(a)));
}
