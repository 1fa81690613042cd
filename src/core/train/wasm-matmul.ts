/**
 * Two WASM kernels that training hits with arguments XNNPACK does not take (METHOD §8.2):
 *
 * - `BatchMatMul` with a transpose flag falls off XNNPACK onto a slow loop; backward Dense layers
 *   always pass one. Transposing the operand explicitly and multiplying without flags is faster.
 * - `Sum` over leading axes (the per-channel reductions of bias and BN gradients, [N, H, W, C] →
 *   [C]) transposes the whole input first. A ones-row matrix product [1, M]·[M, C] reads it once.
 *
 * Both wrap the backend's original kernel functions, captured before they are replaced.
 */
import * as tf from '@tensorflow/tfjs';
import { wrapWasmKernel, type WasmKernel, type WasmKernelArgs } from './wasm-kernel.ts';

type TensorInfo = tf.TensorInfo;

function kernelOf(name: string): tf.KernelFunc {
  const k = tf.getKernel(name, 'wasm');
  if (!k) throw new Error(`wasm backend has no ${name} kernel`);
  return k.kernelFunc;
}

/** Swaps the last two axes of a rank-3 tensor through the wasm Transpose kernel. */
function swapLast(backend: tf.KernelBackend, x: TensorInfo): TensorInfo {
  const perm = x.shape.map((_, i) => i);
  perm.splice(-2, 2, perm.length - 1, perm.length - 2);
  return kernelOf('Transpose')({ inputs: { x }, backend, attrs: { perm } }) as TensorInfo;
}

function wrapMatMul(original: WasmKernel): WasmKernel {
  return ({ inputs, backend, attrs }: WasmKernelArgs) => {
    const { transposeA, transposeB } = attrs as unknown as { transposeA: boolean; transposeB: boolean };
    if (!transposeA && !transposeB) return original({ inputs, backend, attrs });
    const { a, b } = inputs as { a: TensorInfo; b: TensorInfo };
    const at = transposeA ? swapLast(backend, a) : a;
    const bt = transposeB ? swapLast(backend, b) : b;
    const out = original({ inputs: { a: at, b: bt }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } });
    if (at !== a) backend.disposeData(at.dataId);
    if (bt !== b) backend.disposeData(bt.dataId);
    return out;
  };
}

/**
 * Sum or Mean over the leading axes of a rank-4 tensor ([N, H, W, C] → [C]): an H×W average pool
 * (XNNPACK, one pass) brings it to [N, C] first, so the kernel's transpose only sees N·C values.
 */
function wrapReduce(original: WasmKernel, isMean: boolean): WasmKernel {
  return ({ inputs, backend, attrs }: WasmKernelArgs) => {
    const x = (inputs as { x: TensorInfo }).x;
    const { axis, keepDims } = attrs as unknown as { axis: number | number[]; keepDims: boolean };
    const axes = tf.util.parseAxisParam(axis, x.shape).sort((p, q) => p - q);
    const spatial = x.shape.length === 4 && x.dtype === 'float32' && axes.length === 3 && axes.every((a, i) => a === i) && x.shape[1] * x.shape[2] > 1;
    if (!spatial) return original({ inputs, backend, attrs });
    const [n, h, w, c] = x.shape;
    const run = (name: string, ins: tf.NamedTensorInfoMap, at: tf.NamedAttrMap) => kernelOf(name)({ inputs: ins, backend, attrs: at }) as TensorInfo;
    const pooled = run('AvgPool', { x }, { filterSize: [h, w], strides: [h, w], pad: 'valid' });
    const flat = run('Reshape', { x: pooled }, { shape: [n, c] });
    const reduced = original({ inputs: { x: flat }, backend, attrs: { axis: [0], keepDims: false } });
    // The pool averaged over H·W: a sum scales it back (a mean over N needs nothing more).
    const scaled = isMean ? reduced : run('Multiply', { a: reduced, b: scalarInfo(backend, h * w) }, {});
    const out = run('Reshape', { x: scaled }, { shape: keepDims ? [1, 1, 1, c] : [c] });
    for (const t of [pooled, flat, reduced, ...(scaled !== reduced ? [scaled] : [])]) backend.disposeData(t.dataId);
    return out;
  };
}

const scalars = new Map<number, TensorInfo>();
/** A float32 scalar kept on the backend for the process's life (a handful of H·W values). */
function scalarInfo(backend: tf.KernelBackend, value: number): TensorInfo {
  let t = scalars.get(value);
  if (!t) {
    t = kernelOf('Fill')({ inputs: {}, backend, attrs: { shape: [], value, dtype: 'float32' } }) as TensorInfo;
    scalars.set(value, t);
  }
  return t;
}

/** Replaces the wasm BatchMatMul, Sum and Mean kernels by the wrappers above (idempotent). */
export function registerWasmMatMulKernels(): void {
  wrapWasmKernel('BatchMatMul', wrapMatMul);
  wrapWasmKernel('Sum', (k) => wrapReduce(k, false));
  wrapWasmKernel('Mean', (k) => wrapReduce(k, true));
}
