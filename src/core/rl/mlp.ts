/**
 * Tiny dense networks in plain float64 TypeScript for the DDPG agent (METHOD §1.5): the agent's
 * nets are 10→300→300→1, so a batch of 64 is a few million multiply-adds — cheap next to one
 * reward evaluation of the CNN — and plain arrays make the agent identical on every backend,
 * exactly serializable for resume, and free of tensor bookkeeping.
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

/** Y = X·W + b for X [n, in]; `acc` adds into Y instead of overwriting (for summed inputs). */
export function forward(l: Linear, X: Float64Array, n: number, Y: Float64Array = new Float64Array(n * l.outDim), acc = false): Float64Array {
  const { inDim, outDim, W, b } = l;
  for (let r = 0; r < n; r++) {
    const y = r * outDim;
    if (!acc) for (let o = 0; o < outDim; o++) Y[y + o] = b[o];
    else for (let o = 0; o < outDim; o++) Y[y + o] += b[o];
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
  for (let r = 0; g && r < n; r++) {
    const y = r * outDim;
    for (let o = 0; o < outDim; o++) g.b[o] += dY[y + o];
    for (let i = 0; i < inDim; i++) {
      const x = X[r * inDim + i];
      if (x === 0) continue;
      const w = i * outDim;
      for (let o = 0; o < outDim; o++) g.W[w + o] += x * dY[y + o];
    }
  }
  if (!needDx) return null;
  const dX = new Float64Array(n * inDim);
  for (let r = 0; r < n; r++) {
    const y = r * outDim;
    for (let i = 0; i < inDim; i++) {
      const w = i * outDim;
      let s = 0;
      for (let o = 0; o < outDim; o++) s += dY[y + o] * W[w + o];
      dX[r * inDim + i] = s;
    }
  }
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
