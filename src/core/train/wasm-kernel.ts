/**
 * What the lab's WASM kernel replacements share (METHOD §8.2): the backend's heap API as tfjs-wasm
 * has it (its kernels are typed with a `{}` backend), one way to wrap a built-in kernel, and one
 * way to fill a new output from the inputs' heap views.
 */
import * as tf from '@tensorflow/tfjs';

type TensorInfo = tf.TensorInfo;

/** tfjs-wasm's BackendWasm, as far as these kernels use it. */
export type HeapBackend = tf.KernelBackend & {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array;
  incRef(id: tf.DataId): void;
  /** The module's exports; `tfjs.getThreadsCount` is what tfjs-wasm's own getThreadsCount reads. */
  wasm: { tfjs: { getThreadsCount(): number } };
};

export type WasmKernelArgs = { inputs: tf.NamedTensorInfoMap; backend: HeapBackend; attrs?: tf.NamedAttrMap };
export type WasmKernel = (args: WasmKernelArgs) => TensorInfo;

const wrapped = new Set<string>();

/**
 * Replaces the wasm kernel `name` by `wrap(original)`, once per name (later calls do nothing);
 * nothing happens when the backend is not loaded or lacks the kernel.
 */
export function wrapWasmKernel(name: string, wrap: (original: WasmKernel) => WasmKernel): void {
  const config = tf.getKernel(name, 'wasm');
  if (!config || wrapped.has(name)) return;
  wrapped.add(name);
  tf.unregisterKernel(name, 'wasm');
  tf.registerKernel({ ...config, kernelFunc: wrap(config.kernelFunc as unknown as WasmKernel) as unknown as tf.KernelFunc });
}

/**
 * A new float32 tensor of `shape` that `f` fills from the operands' wasm-heap views. The output
 * is made first: making it can grow the heap, which detaches views taken before.
 */
export function onHeap(backend: tf.KernelBackend, shape: number[], operands: TensorInfo[], f: (out: Float32Array, ...views: Float32Array[]) => void): TensorInfo {
  const b = backend as HeapBackend;
  const out = b.makeOutput(shape, 'float32');
  f(b.typedArrayFromHeap(out), ...operands.map((t) => b.typedArrayFromHeap(t)));
  return out;
}
