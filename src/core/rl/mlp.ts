/**
 * Tiny dense networks in plain float64 TypeScript for the DDPG agent (METHOD §1.5): the agent's
 * nets are 10→300→300→1, and plain arrays make the agent identical on every backend, exactly
 * serializable for resume, and free of tensor bookkeeping. One update of batch 64 is ~60 M
 * multiply-adds (targets, critic step, actor step through the critic), so the products are tiled
 * (gemmNT); float64 keeps the agent within 1e-12 of PyTorch's (test/core/rl/ddpg.test.ts).
 *
 * Layout: W is [in, out] row-major (W[i*out + o]), b is [out]; activations are [batch, features].
 */
import type { Rng } from '../rng.ts';

export interface Linear {
  inDim: number;
  outDim: number;
  W: Float64Array;
  b: Float64Array;
}

/** PyTorch's default init: W, b ~ U(±1/√fan_in). */
export function linear(inDim: number, outDim: number, rng: Rng): Linear {
  const bound = 1 / Math.sqrt(inDim);
  const W = new Float64Array(inDim * outDim);
  const b = new Float64Array(outDim);
  for (let i = 0; i < W.length; i++) W[i] = rng.uniform(-bound, bound);
  for (let i = 0; i < b.length; i++) b[i] = rng.uniform(-bound, bound);
  return { inDim, outDim, W, b };
}

/**
 * C[r, o] = Σ_i A[r·k + i] · B[o·k + i] (+ C when `acc`): A [n, k] by Bᵀ for B [m, k], both with
 * k contiguous. Every product of the agent's update is one of these. Tiles of 4 rows × 2
 * columns keep eight sums in registers and read each loaded value 2–4 times; for 64 × 300 by
 * 300 × 300 that is ~2× the row-by-row loop (it streamed all of W, 720 KB, past the cache for
 * every row).
 */
export function gemmNT(A: Float64Array, B: Float64Array, n: number, k: number, m: number, C: Float64Array, acc: boolean): void {
  let r = 0;
  for (; r + 4 <= n; r += 4) {
    const a0 = r * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
    const c0 = r * m, c1 = c0 + m, c2 = c1 + m, c3 = c2 + m;
    let o = 0;
    for (; o + 2 <= m; o += 2) {
      const u0 = o * k, v0 = u0 + k;
      let s00 = 0, s01 = 0, s10 = 0, s11 = 0, s20 = 0, s21 = 0, s30 = 0, s31 = 0;
      for (let i = 0; i < k; i++) {
        const u = B[u0 + i], v = B[v0 + i];
        const x0 = A[a0 + i], x1 = A[a1 + i], x2 = A[a2 + i], x3 = A[a3 + i];
        s00 += x0 * u; s01 += x0 * v; s10 += x1 * u; s11 += x1 * v;
        s20 += x2 * u; s21 += x2 * v; s30 += x3 * u; s31 += x3 * v;
      }
      if (acc) {
        C[c0 + o] += s00; C[c0 + o + 1] += s01; C[c1 + o] += s10; C[c1 + o + 1] += s11;
        C[c2 + o] += s20; C[c2 + o + 1] += s21; C[c3 + o] += s30; C[c3 + o + 1] += s31;
      } else {
        C[c0 + o] = s00; C[c0 + o + 1] = s01; C[c1 + o] = s10; C[c1 + o + 1] = s11;
        C[c2 + o] = s20; C[c2 + o + 1] = s21; C[c3 + o] = s30; C[c3 + o + 1] = s31;
      }
    }
    for (; o < m; o++) {
      const u0 = o * k;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let i = 0; i < k; i++) {
        const u = B[u0 + i];
        s0 += A[a0 + i] * u; s1 += A[a1 + i] * u; s2 += A[a2 + i] * u; s3 += A[a3 + i] * u;
      }
      if (acc) { C[c0 + o] += s0; C[c1 + o] += s1; C[c2 + o] += s2; C[c3 + o] += s3; } else { C[c0 + o] = s0; C[c1 + o] = s1; C[c2 + o] = s2; C[c3 + o] = s3; }
    }
  }
  for (; r < n; r++) {
    const a0 = r * k;
    for (let o = 0; o < m; o++) {
      const u0 = o * k;
      let s = 0;
      for (let i = 0; i < k; i++) s += A[a0 + i] * B[u0 + i];
      C[r * m + o] = acc ? C[r * m + o] + s : s;
    }
  }
}

/** Aᵀ for A [rows, cols], into `out` (grown scratch: the caller reads it before the next call). */
function transpose(A: Float64Array, rows: number, cols: number, out: Float64Array): Float64Array {
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = A[r * cols + c];
  return out;
}

/** Two scratch buffers for transposes, grown on demand and reused (the agent is single-threaded). */
const scratch = [new Float64Array(0), new Float64Array(0)];
function scratchOf(slot: 0 | 1, size: number): Float64Array {
  if (scratch[slot].length < size) scratch[slot] = new Float64Array(size);
  return scratch[slot];
}

/** Y = X·W + b for X [n, in]; `acc` adds into Y instead of overwriting (for summed inputs). */
export function forward(l: Linear, X: Float64Array, n: number, Y: Float64Array = new Float64Array(n * l.outDim), acc = false): Float64Array {
  const { inDim, outDim, W, b } = l;
  if (n >= 4) {
    gemmNT(X, transpose(W, inDim, outDim, scratchOf(0, W.length)), n, inDim, outDim, Y, acc);
    for (let r = 0; r < n; r++) for (let o = 0; o < outDim; o++) Y[r * outDim + o] += b[o];
    return Y;
  }
  // A few rows (acting on one state): row by row, W read once per row, no transpose.
  for (let r = 0; r < n; r++) {
    const y = r * outDim;
    for (let o = 0; o < outDim; o++) Y[y + o] = (acc ? Y[y + o] : 0) + b[o];
    for (let i = 0; i < inDim; i++) {
      const x = X[r * inDim + i];
      if (x === 0) continue;
      const w = i * outDim;
      for (let o = 0; o < outDim; o++) Y[y + o] += x * W[w + o];
    }
  }
  return Y;
}

/**
 * Back-propagates dY [n, out] through Y = X·W + b: adds dW = Xᵀ·dY and db = Σ dY into `g`
 * (skipped when `g` is null), and returns dX = dY·Wᵀ (skipped when `needDx` is false).
 */
export function backward(l: Linear, X: Float64Array, dY: Float64Array, n: number, g: Linear | null, needDx = true): Float64Array | null {
  const { inDim, outDim, W } = l;
  if (g) {
    for (let r = 0; r < n; r++) for (let o = 0; o < outDim; o++) g.b[o] += dY[r * outDim + o];
    // dW[i, o] = Σ_r Xᵀ[i, r] · dYᵀ[o, r]
    gemmNT(transpose(X, n, inDim, scratchOf(0, n * inDim)), transpose(dY, n, outDim, scratchOf(1, n * outDim)), inDim, n, outDim, g.W, true);
  }
  if (!needDx) return null;
  const dX = new Float64Array(n * inDim);
  gemmNT(dY, W, n, outDim, inDim, dX, false); // dX[r, i] = Σ_o dY[r, o] · W[i, o]
  return dX;
}

export function zerosLike(l: Linear): Linear {
  return { inDim: l.inDim, outDim: l.outDim, W: new Float64Array(l.W.length), b: new Float64Array(l.b.length) };
}

export function cloneLinear(l: Linear): Linear {
  return { inDim: l.inDim, outDim: l.outDim, W: l.W.slice(), b: l.b.slice() };
}

export function relu(x: Float64Array): Float64Array {
  const y = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) y[i] = x[i] > 0 ? x[i] : 0;
  return y;
}

/** dX = dY where the pre-activation was > 0 (PyTorch's ReLU gradient: 0 at 0). */
export function reluBackward(pre: Float64Array, dY: Float64Array): Float64Array {
  const d = new Float64Array(dY.length);
  for (let i = 0; i < d.length; i++) d[i] = pre[i] > 0 ? dY[i] : 0;
  return d;
}

/** Adam with PyTorch's update rule (bias-corrected moments, ε added after the square root). */
export class Adam {
  private m: Linear[];
  private v: Linear[];
  step = 0;

  constructor(readonly params: Linear[], readonly lr: number, readonly beta1 = 0.9, readonly beta2 = 0.999, readonly eps = 1e-8) {
    this.m = params.map(zerosLike);
    this.v = params.map(zerosLike);
  }

  apply(grads: Linear[]): void {
    this.step += 1;
    const { lr, beta1, beta2, eps } = this;
    const c1 = 1 - beta1 ** this.step;
    const c2 = 1 - beta2 ** this.step;
    this.params.forEach((p, k) => {
      for (const key of ['W', 'b'] as const) {
        const w = p[key];
        const g = grads[k][key];
        const m = this.m[k][key];
        const v = this.v[k][key];
        for (let i = 0; i < w.length; i++) {
          m[i] = beta1 * m[i] + (1 - beta1) * g[i];
          v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
          w[i] -= (lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + eps);
        }
      }
    });
  }

  /** Moments and step count, for checkpoints. */
  getState(): { step: number; m: Linear[]; v: Linear[] } {
    return { step: this.step, m: this.m.map(cloneLinear), v: this.v.map(cloneLinear) };
  }

  setState(s: { step: number; m: Linear[]; v: Linear[] }): void {
    this.step = s.step;
    this.m = s.m.map(cloneLinear);
    this.v = s.v.map(cloneLinear);
  }
}
