/**
 * Convolution gradients, each expressed as ONE forward convolution so that it runs on the
 * backend's best kernel (METHOD §8.2, after XLA's MakeXlaBackpropFilterConvOp /
 * MakeXlaBackpropInputConvOp):
 *
 * - `Conv2DBackpropFilter`: x becomes a batch of its channels, dy becomes the filter with the
 *   forward stride as its dilation; the result is transposed back to [kh, kw, Cin, Cout].
 *   tfjs-backend-wasm 4.22 has none (so WASM could not train), and the cpu backend's reads every
 *   element through TensorBuffer.get (36 s for a VGG-S step of 4 images, measured).
 * - `Conv2DBackpropInput`: dy, dilated by the stride, convolved with the spatially mirrored filter
 *   whose in and out channels are swapped (WASM's built-in one is a single-threaded loop).
 *
 * On WASM with a small XNNPACK pool they run on the lab's SIMD kernels instead (see
 * `WasmConvPath`); otherwise on XNNPACK's threaded convolution. Both call the backend's own kernels
 * (`tf.getKernel(name, backendName).kernelFunc`) and free their intermediates with
 * `backend.disposeData`: tensors made with tf ops inside a kernel would be freed by the enclosing
 * scope while the engine still holds them.
 */
import * as tf from '@tensorflow/tfjs';
import { filterGradient, inputGradient, simdConvAvailable, type ConvGeometry } from './simd/simd-conv.ts';
import { onHeap, type HeapBackend } from './wasm-kernel.ts';

type TensorInfo = tf.TensorInfo;
type Backend = tf.KernelBackend;
type Attrs = Record<string, unknown>;
type Pad = 'valid' | 'same' | number | [[number, number], [number, number], [number, number], [number, number]];

const backendNames = new WeakMap<Backend, string>();

/** Runs the backend's own kernel `name`. */
function run(backend: Backend, name: string, inputs: Record<string, TensorInfo>, attrs: Attrs = {}): TensorInfo {
  const owner = backendNames.get(backend) ?? 'wasm';
  const kernel = tf.getKernel(name, owner);
  if (!kernel) throw new Error(`${owner} backend has no ${name} kernel`);
  return kernel.kernelFunc({ inputs: inputs as tf.NamedTensorInfoMap, backend, attrs: attrs as tf.NamedAttrMap }) as TensorInfo;
}

/** Frees intermediates made inside a kernel (never the kernel's inputs or output). */
function free(backend: Backend, ...infos: TensorInfo[]): void {
  for (const t of infos) backend.disposeData(t.dataId);
}

function transpose(backend: Backend, x: TensorInfo, perm: number[]): TensorInfo {
  return run(backend, 'Transpose', { x }, { perm });
}

/** Zero-pads (positive) or crops (negative) the two spatial axes of an NHWC tensor. */
function padOrCrop(backend: Backend, x: TensorInfo, [top, bottom, left, right]: number[]): TensorInfo {
  const [n, h, w, c] = x.shape;
  const crop = [Math.max(0, -top), Math.max(0, -bottom), Math.max(0, -left), Math.max(0, -right)];
  let out = x;
  if (crop.some((v) => v > 0)) {
    out = run(backend, 'Slice', { x }, { begin: [0, crop[0], crop[2], 0], size: [n, h - crop[0] - crop[1], w - crop[2] - crop[3], c] });
  }
  const pad = [Math.max(0, top), Math.max(0, bottom), Math.max(0, left), Math.max(0, right)];
  if (pad.some((v) => v > 0)) {
    const padded = run(backend, 'PadV2', { x: out }, { paddings: [[0, 0], [pad[0], pad[1]], [pad[2], pad[3]], [0, 0]], constantValue: 0 });
    if (out !== x) free(backend, out);
    out = padded;
  }
  return out;
}

function convInfo(xShape: number[], filterShape: number[], strides: number | [number, number], pad: Pad, dimRoundingMode?: string) {
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number], filterShape as [number, number, number, number], strides, 1, pad,
    dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined, false, 'channelsLast',
  );
}

/**
 * A stride-1 convolution with the given dilation and [top, bottom, left, right] padding: XNNPACK
 * pads on the fly, so only negative amounts (crops) cost a copy.
 */
function conv(backend: Backend, x: TensorInfo, filter: TensorInfo, dilations: [number, number], pads: number[]): TensorInfo {
  const xc = padOrCrop(backend, x, pads.map((p) => Math.min(0, p)));
  const [t, b, l, r] = pads.map((p) => Math.max(0, p));
  const out = run(backend, 'Conv2D', { x: xc, filter }, { strides: 1, pad: [[0, 0], [t, b], [l, r], [0, 0]], dataFormat: 'NHWC', dilations, dimRoundingMode: undefined });
  if (xc !== x) free(backend, xc);
  return out;
}

/**
 * Where the wasm gradients run: 'simd' on the lab's kernels (simd/simd-conv.ts), 'xnnpack' as one
 * XNNPACK convolution each, 'auto' by the size of XNNPACK's thread pool. The SIMD kernels are
 * single-threaded; on one thread they beat XNNPACK's path ~2.7× on the filter gradient and
 * ~1.15× on the input gradient (simd/simd-conv.ts). So 'auto' keeps the filter gradient on them
 * up to a pool of two threads (XNNPACK would need three to catch up), the input gradient on one.
 */
export type WasmConvPath = 'auto' | 'simd' | 'xnnpack';
let wasmPath: WasmConvPath = 'auto';
export function setWasmConvPath(path: WasmConvPath): void {
  wasmPath = path;
}

/** The geometry the SIMD kernels take, or null for what they do not cover (rectangular strides, dilation). */
function simdGeometry(backend: Backend, info: tf.backend_util.Conv2DInfo, maxThreads: number): ConvGeometry | null {
  if (backendNames.get(backend) !== 'wasm' || wasmPath === 'xnnpack') return null;
  if (wasmPath === 'auto' && (backend as HeapBackend).wasm.tfjs.getThreadsCount() > maxThreads) return null;
  if (info.strideHeight !== info.strideWidth || info.dilationHeight !== 1 || info.dilationWidth !== 1) return null;
  if (!simdConvAvailable()) return null;
  return {
    n: info.batchSize, h: info.inHeight, w: info.inWidth, c: info.inChannels,
    kh: info.filterHeight, kw: info.filterWidth, o: info.outChannels, stride: info.strideHeight,
    top: info.padInfo.top, left: info.padInfo.left, ho: info.outHeight, wo: info.outWidth,
  };
}

/**
 * dW[i, j, ci, co] = Σ_{n, ho, wo} xPadded[n, ho·s + i, wo·s + j, ci] · dy[n, ho, wo, co]: a
 * convolution of x with its channels as the batch ([Cin, H, W, N]) by dy as the filter
 * ([Ho, Wo, N, Cout], dilation s). Padding past what the filter reaches comes out negative and
 * is cropped.
 */
export function conv2dBackpropFilterAsConv({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: Backend; attrs?: tf.NamedAttrMap }): TensorInfo {
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const { strides, pad, dimRoundingMode, filterShape } = attrs as unknown as { strides: number | [number, number]; pad: Pad; dimRoundingMode?: string; filterShape: number[] };
  const info = convInfo(x.shape, filterShape, strides, pad, dimRoundingMode);
  const g = simdGeometry(backend, info, 2);
  if (g) return onHeap(backend, filterShape, [x, dy], (out, xv, dyv) => filterGradient(xv, dyv, g, out));
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw, outHeight: ho, outWidth: wo, inHeight: h, inWidth: w } = info;
  const { top, left } = info.padInfo;
  const bottom = kh + (ho - 1) * sh - h - top;
  const right = kw + (wo - 1) * sw - w - left;
  const xt = transpose(backend, x, [3, 1, 2, 0]);
  const dyt = transpose(backend, dy, [1, 2, 0, 3]);
  const out = conv(backend, xt, dyt, [sh, sw], [top, bottom, left, right]);
  const dw = transpose(backend, out, [1, 2, 0, 3]);
  free(backend, xt, dyt, out);
  return dw;
}

/**
 * dx = dy (dilated by the stride, padded by kh − 1 − padTop) convolved with the filter mirrored
 * in space and with in/out channels swapped ([kh, kw, Cout, Cin]).
 */
export function conv2dBackpropInputAsConv({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: Backend; attrs?: tf.NamedAttrMap }): TensorInfo {
  const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
  const { strides, pad, dimRoundingMode, inputShape } = attrs as unknown as { strides: number | [number, number]; pad: Pad; dimRoundingMode?: string; inputShape: number[] };
  const info = convInfo(inputShape, filter.shape, strides, pad, dimRoundingMode);
  const g = simdGeometry(backend, info, 1);
  if (g) return onHeap(backend, inputShape, [dy, filter], (out, dyv, wv) => inputGradient(dyv, wv, g, out));
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw, outHeight: ho, outWidth: wo, inHeight: h, inWidth: w } = info;
  const rev = run(backend, 'Reverse', { x: filter }, { dims: [0, 1] });
  const wT = transpose(backend, rev, [0, 1, 3, 2]);
  let d = dy;
  if (sh > 1 || sw > 1) {
    // Zeros between dy's rows and columns: [N, Ho, 1, Wo, 1, C] padded to [N, Ho, sh, Wo, sw, C].
    const [n, , , c] = dy.shape;
    const r6 = run(backend, 'Reshape', { x: dy }, { shape: [n, ho, 1, wo, 1, c] });
    const p6 = run(backend, 'PadV2', { x: r6 }, { paddings: [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]], constantValue: 0 });
    d = run(backend, 'Reshape', { x: p6 }, { shape: [n, ho * sh, wo * sw, c] });
    free(backend, r6, p6);
  }
  // Padded to h + kh − 1 rows, so that a valid kh-row convolution gives h (likewise columns).
  const top = kh - 1 - info.padInfo.top;
  const left = kw - 1 - info.padInfo.left;
  const bottom = h + kh - 1 - top - d.shape[1];
  const right = w + kw - 1 - left - d.shape[2];
  const dx = conv(backend, d, wT, [1, 1], [top, bottom, left, right]);
  free(backend, rev, wT, ...(d !== dy ? [d] : []));
  return dx;
}

const registered = new Set<string>();

/**
 * Registers the filter gradient for `backendName`, and the input gradient too where `input` is
 * set (replacing the built-in one). Idempotent per backend. Call before the first training step.
 */
export function registerConvGradients(backendName: 'wasm' | 'cpu', input: boolean): void {
  if (registered.has(backendName)) return;
  registered.add(backendName);
  const own = (f: typeof conv2dBackpropFilterAsConv): tf.KernelFunc => ((args: Parameters<typeof f>[0]) => {
    backendNames.set(args.backend, backendName);
    return f(args);
  }) as tf.KernelFunc;
  // registerKernel refuses duplicates: the built-in kernel is unregistered first.
  const replace = (kernelName: string, f: typeof conv2dBackpropFilterAsConv) => {
    if (tf.getKernel(kernelName, backendName)) tf.unregisterKernel(kernelName, backendName);
    tf.registerKernel({ kernelName, backendName, kernelFunc: own(f) });
  };
  replace('Conv2DBackpropFilter', conv2dBackpropFilterAsConv);
  if (input) replace('Conv2DBackpropInput', conv2dBackpropInputAsConv);
}
