/**
 * Convolution gradients on the lab's own WebAssembly SIMD kernels (conv.wat), for the WASM
 * backend when its XNNPACK pool has one thread (METHOD §8.2). For VGG-S's 32×32, 32 → 32 layer at
 * batch 128 (Node, one thread, docs/results/train-profile.json): the filter gradient ~60 ms here
 * against ~160 ms as XNNPACK's dilated convolution (which packs dy, a new filter, on every call),
 * the input gradient ~60 ms against ~70 ms; XNNPACK's forward convolution of the layer ~70 ms.
 *
 * Functions over Float32Arrays in NHWC / [kh, kw, in, out] layout, free of tfjs: conv-grads.ts
 * runs them on the wasm heap's views (kernels.test.ts checks them there). Each call copies its
 * operands into the module's own memory, padded as the kernels need (channels to multiples of 4
 * and 8, spatial padding written out), and copies the result into the caller's array: a few ms
 * against tens of ms of arithmetic.
 */
import { CONV_WASM_BASE64 } from './conv-wasm.ts';

/** One convolution's geometry (square stride; no dilation). */
export interface ConvGeometry {
  n: number; h: number; w: number; c: number;
  kh: number; kw: number; o: number;
  stride: number;
  /** Zero rows above / columns left of x (TF's padInfo.top / .left). */
  top: number; left: number;
  /** Output size. */
  ho: number; wo: number;
}

type Kernel = (...args: number[]) => void;
interface Module { mem: WebAssembly.Memory; fgrad: Kernel; conv: Kernel }

let module: Module | null | undefined;

function bytes(): Uint8Array<ArrayBuffer> {
  const bin = atob(CONV_WASM_BASE64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The compiled module, or null where WebAssembly SIMD is unavailable. */
function load(): Module | null {
  if (module !== undefined) return module;
  try {
    const b = bytes();
    if (!WebAssembly.validate(b)) return (module = null);
    // Synchronous compile: the module is under 2 KB, within every engine's main-thread limit.
    const e = new WebAssembly.Instance(new WebAssembly.Module(b)).exports;
    module = { mem: e.mem as WebAssembly.Memory, fgrad: e.fgrad as Kernel, conv: e.conv as Kernel };
  } catch {
    module = null;
  }
  return module;
}

export function simdConvAvailable(): boolean {
  return load() !== null;
}

const up = (v: number, m: number) => Math.ceil(v / m) * m;

/** A Float32Array over the module's memory, grown to hold `floats` first. */
function heap(m: Module, floats: number): Float32Array {
  const need = floats * 4 - m.mem.buffer.byteLength;
  if (need > 0) m.mem.grow(Math.ceil(need / 65536));
  return new Float32Array(m.mem.buffer);
}

/**
 * Writes src [n, h, w, c] at dst+off as [n, hp, wp, c4], element (y, x) at
 * (top + y·step, left + x·step), zeros elsewhere; rows or columns that fall outside are dropped.
 */
function layout(src: Float32Array, [n, h, w, c]: number[], dst: Float32Array, off: number,
  [hp, wp, c4]: number[], top: number, left: number, step: number): void {
  dst.fill(0, off, off + n * hp * wp * c4);
  for (let b = 0; b < n; b++) for (let y = 0; y < h; y++) {
    const yy = top + y * step;
    if (yy < 0 || yy >= hp) continue;
    const row = off + (b * hp + yy) * wp * c4;
    const s0 = (b * h + y) * w * c;
    if (step === 1 && c === c4 && left >= 0 && left + w <= wp) {
      dst.set(src.subarray(s0, s0 + w * c), row + left * c4);
      continue;
    }
    for (let x = 0; x < w; x++) {
      const xx = left + x * step;
      if (xx < 0 || xx >= wp) continue;
      const d = row + xx * c4, s = s0 + x * c;
      for (let k = 0; k < c; k++) dst[d + k] = src[s + k];
    }
  }
}

/**
 * Copies `rows` rows of `o` values from src+off into `out`, where the source stores rows in
 * groups of `colsPadded`, of which the first `cols` are real, each `oPadded` wide. A plain loop
 * into a buffer the caller already has: one subarray per row, or a fresh 16 MB array (its pages
 * faulted in on first write), each cost ~50 ms for a 32×32 batch of 128.
 */
function unpad(src: Float32Array, off: number, rows: number, colsPadded: number, oPadded: number, cols: number, o: number, out: Float32Array): void {
  if (colsPadded === cols && oPadded === o) {
    out.set(src.subarray(off, off + rows * o));
    return;
  }
  for (let r = 0, d = 0; r < rows; r++) {
    const s = off + (Math.floor(r / cols) * colsPadded + (r % cols)) * oPadded;
    for (let q = 0; q < o; q++) out[d++] = src[s + q];
  }
}

/**
 * dW [kh, kw, c, o] of the convolution `g` for input x [n, h, w, c] and output gradient
 * dy [n, ho, wo, o], written into `out`.
 */
export function filterGradient(x: Float32Array, dy: Float32Array, g: ConvGeometry, out: Float32Array): void {
  const m = load();
  if (!m) throw new Error('WebAssembly SIMD is unavailable');
  const { n, h, w, c, kh, kw, o, stride: s, top, left, ho, wo } = g;
  const c4 = up(c, 4), o8 = up(o, 8);
  const hp = (ho - 1) * s + kh, wp = (wo - 1) * s + kw;
  const xSize = n * hp * wp * c4, dySize = n * ho * wo * o8, dwSize = kh * kw * c4 * o8;
  const f = heap(m, xSize + dySize + dwSize);
  layout(x, [n, h, w, c], f, 0, [hp, wp, c4], top, left, 1);
  layout(dy, [n, ho, wo, o], f, xSize, [ho, wo, o8], 0, 0, 1);
  const dwOff = xSize + dySize;
  f.fill(0, dwOff, dwOff + dwSize);
  // Lines per call: about 16 KB of dy, so a chunk stays in L1 across all accumulator blocks.
  const lines = n * ho, chunk = Math.max(1, Math.floor(4096 / (wo * o8)));
  for (let l0 = 0; l0 < lines; l0 += chunk) {
    m.fgrad(0, xSize * 4, dwOff * 4, ho, wo, hp, wp, c4, o8, s, kh, kw, l0, Math.min(lines, l0 + chunk));
  }
  unpad(f, dwOff, kh * kw * c, c4, o8, c, o, out);
}

/**
 * out [n, ho, wo, o] = Σ xp[n, y·s + i, x·s + j, k] · filter(i, j, k, ·), where xp is `src`
 * placed by `layout` (offset top/left, `step` apart) and `filter(i, j, k, q)` gives the weight.
 */
function convolve(src: Float32Array, srcShape: number[], step: number, top: number, left: number,
  filter: (i: number, j: number, k: number, q: number) => number, kh: number, kw: number,
  s: number, ho: number, wo: number, o: number, out: Float32Array): void {
  const m = load();
  if (!m) throw new Error('WebAssembly SIMD is unavailable');
  const [n, , , c] = srcShape;
  const c4 = up(c, 4), o8 = up(o, 8), wo4 = up(wo, 4);
  const hp = (ho - 1) * s + kh, wp = (wo4 - 1) * s + kw;
  const xSize = n * hp * wp * c4, fSize = kh * kw * c4 * o8, outSize = n * ho * wo4 * o8;
  const f = heap(m, xSize + fSize + outSize);
  layout(src, srcShape, f, 0, [hp, wp, c4], top, left, step);
  // Packed per 8 output channels, [o8/8][kh][kw][c4][8], so one block's filter is contiguous.
  f.fill(0, xSize, xSize + fSize);
  for (let b = 0; b < o8 / 8; b++) for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) for (let k = 0; k < c; k++) {
    const d = xSize + (((b * kh + i) * kw + j) * c4 + k) * 8;
    for (let q = 0; q < 8 && b * 8 + q < o; q++) f[d + q] = filter(i, j, k, b * 8 + q);
  }
  const outOff = xSize + fSize;
  m.conv(0, xSize * 4, outOff * 4, 0, n, ho, wo4, hp, wp, c4, o8, s, kh, kw);
  unpad(f, outOff, n * ho * wo, wo4, o8, wo, o, out);
}

/**
 * dx [n, h, w, c] of the convolution `g`, written into `out`: dy dilated by the stride and padded
 * by kh − 1 − top, convolved at stride 1 with the filter mirrored in space, its in and out
 * channels swapped.
 */
export function inputGradient(dy: Float32Array, filter: Float32Array, g: ConvGeometry, out: Float32Array): void {
  const { n, h, w, c, kh, kw, o } = g;
  convolve(dy, [n, g.ho, g.wo, o], g.stride, kh - 1 - g.top, kw - 1 - g.left,
    (i, j, k, q) => filter[(((kh - 1 - i) * kw + (kw - 1 - j)) * c + q) * o + k], kh, kw, 1, h, w, c, out);
}
