/**
 * Gradients the lab registers in tfjs-core, for every backend (METHOD §8.2):
 *
 * - `FusedBatchNorm`: tfjs's own gradient broadcasts 1/√(σ²+ε) with `Tile` (a quarter of a WASM
 *   training step) and multiplies full-size tensors where a per-channel factor does. This one
 *   computes γ/√(σ²+ε) once per channel, broadcasts it in the multiply, and shares Σ dy·(x−μ)
 *   between the scale and variance gradients. Same formulas, fewer full-size passes.
 * - `Mean`: the same broadcast without the extra full-size division, against `onesLike(x)` (a
 *   backend fill) where tfjs's builds the ones in a JS array and uploads it (~0.2 s of a VGG-S step at batch 128).
 * - `StridedSlice`: tfjs-core has none, and the ResNets' option-A shortcut (x[:, ::2, ::2, :],
 *   METHOD §5) needs it. For positive strides without masks, the gradient is dy with s − 1 zeros
 *   inserted after each element along every strided axis, shifted by `begin` and cut to x's shape.
 */
import * as tf from '@tensorflow/tfjs';

const { getReductionAxes } = tf.backend_util;

function reduceTo(t: tf.Tensor, shape: number[], xShape: number[]): tf.Tensor {
  const axes = getReductionAxes(shape, xShape);
  return tf.reshape(axes.length ? tf.sum(t, axes) : t, shape);
}

const batchNormGrad: tf.GradConfig = {
  kernelName: 'FusedBatchNorm',
  inputsToSave: ['x', 'mean', 'variance', 'scale'],
  gradFunc: (dy, saved, attrs) => {
    const [x, mean, variance, scale] = saved;
    const g = dy as tf.Tensor;
    const eps = (attrs as unknown as { varianceEpsilon: number }).varianceEpsilon;
    const rstd = tf.rsqrt(tf.add(variance, eps));
    const gamma = scale ?? tf.scalar(1);
    // Computed here, not in the closures: the tape runs each closure in its own tidy, and these
    // sums serve two inputs each.
    const dySum = reduceTo(g, mean.shape, x.shape);
    const dyXcSum = reduceTo(tf.mul(g, tf.sub(x, mean)), mean.shape, x.shape);
    const sumDy = () => dySum;
    const sumDyXc = () => dyXcSum;
    return {
      x: () => tf.mul(g, tf.mul(rstd, gamma)),
      mean: () => tf.neg(tf.mul(sumDy(), tf.mul(rstd, gamma))),
      variance: () => tf.mul(sumDyXc(), tf.mul(gamma, tf.mul(tf.pow(rstd, 3), -0.5))),
      scale: () => tf.reshape(tf.mul(sumDyXc(), rstd), scale?.shape ?? mean.shape),
      offset: () => sumDy(),
    };
  },
};

const meanGrad: tf.GradConfig = {
  kernelName: 'Mean',
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved;
    const axes = tf.util.parseAxisParam((attrs as unknown as { axis: number | number[] }).axis, x.shape);
    const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
    const size = axes.reduce((p, a) => p * x.shape[a], 1);
    return { x: () => tf.mul(tf.reshape(tf.div(dy as tf.Tensor, size), kept), tf.onesLike(x)) };
  },
};

interface StridedSliceAttrs {
  begin: number[]; end: number[]; strides: number[];
  beginMask: number; endMask: number; ellipsisMask: number; newAxisMask: number; shrinkAxisMask: number;
}

const stridedSliceGrad: tf.GradConfig = {
  kernelName: 'StridedSlice',
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved;
    const a = attrs as unknown as StridedSliceAttrs;
    if (a.ellipsisMask || a.newAxisMask || a.shrinkAxisMask || a.strides.some((s) => s < 1) || a.begin.length !== x.rank) {
      throw new Error('StridedSlice gradient: only positive strides over every axis, without ellipsis, new-axis or shrink masks');
    }
    return {
      x: () => {
        let d = dy as tf.Tensor;
        for (let axis = 0; axis < x.rank; axis++) {
          const s = a.strides[axis];
          const begin = a.beginMask & (1 << axis) ? 0 : Math.min(Math.max(a.begin[axis] < 0 ? a.begin[axis] + x.shape[axis] : a.begin[axis], 0), x.shape[axis]);
          // Each step works on [outer, n, inner] views (rank ≤ 4): tfjs-webgpu 4.22's Pad returns
          // zeros at rank 5 (measured), which made the ResNets' gradients wrong on WebGPU.
          const outer = d.shape.slice(0, axis).reduce((p, v) => p * v, 1);
          const inner = d.shape.slice(axis + 1).reduce((p, v) => p * v, 1);
          const n = d.shape[axis];
          const shapeWith = (len: number) => d.shape.map((v, i) => (i === axis ? len : v));
          let v = d;
          if (s > 1) {
            // [outer, n, 1, inner] padded to [outer, n, s, inner]: s − 1 zeros after each element.
            v = tf.reshape(tf.pad(tf.reshape(v, [outer, n, 1, inner]), [[0, 0], [0, 0], [0, s - 1], [0, 0]]), [outer, n * s, inner]);
          }
          let len = s > 1 ? n * s : n;
          const after = x.shape[axis] - begin - len;
          if (after < 0) {
            v = tf.slice(tf.reshape(v, [outer, len, inner]), [0, 0, 0], [outer, len + after, inner]);
            len += after;
          }
          if (begin > 0 || after > 0) v = tf.pad(tf.reshape(v, [outer, len, inner]), [[0, 0], [begin, Math.max(0, after)], [0, 0]]);
          d = tf.reshape(v, shapeWith(x.shape[axis]));
        }
        return d;
      },
    };
  },
};

let registered = false;

/** Registers the three gradients above (idempotent; they replace tfjs-core's for every backend). */
export function registerTrainingGradients(): void {
  if (registered) return;
  registered = true;
  for (const g of [batchNormGrad, meanGrad, stridedSliceGrad]) tf.registerGradient(g);
}
