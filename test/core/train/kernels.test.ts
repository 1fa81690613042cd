/**
 * The training kernels of src/core/train against references, element-wise within 1e-4 relative
 * (floor: 1% of the largest value): the convolution gradients (wasm on the lab's SIMD kernels and
 * on XNNPACK, and cpu) and the BatchNorm
 * and StridedSlice gradients against plain float64 TypeScript loops; the wasm matmul/reduction
 * wrappers against the cpu backend's own kernels.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useCpu } from '../tf-setup.ts';
import { maxRelativeError, useWasm } from '../wasm-setup.ts';
import { registerTrainingSupport } from '../../../src/core/train/register.ts';
import { Rng } from '../../../src/core/rng.ts';
import { setWasmConvPath } from '../../../src/core/train/conv-grads.ts';
import { simdConvAvailable } from '../../../src/core/train/simd/simd-conv.ts';

function random(shape: number[], seed: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.uniform(-1, 1));
}

type Pad = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];

/** ∂/∂x and ∂/∂w of Σ r ⊙ conv2d(x, w) on the active backend. */
async function convGrads(xs: number[], ws: number[], stride: number, pad: Pad): Promise<Float32Array[]> {
  const [x, w] = [tf.tensor4d(random(xs, 1), xs as [number, number, number, number]), tf.tensor4d(random(ws, 2), ws as [number, number, number, number])];
  const outShape = tf.tidy(() => tf.conv2d(x, w, stride, pad).shape);
  const r = tf.tensor(random(outShape, 3), outShape);
  const g = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, stride, pad), r)))([x, w]);
  const out = [await g[0].data(), await g[1].data()] as Float32Array[];
  tf.dispose([x, w, r, ...g]);
  return out;
}

beforeAll(async () => {
  await useWasm();
  registerTrainingSupport();
});

/** ∂/∂x and ∂/∂w of Σ r ⊙ conv2d(x, w) by direct float64 loops (NHWC, HWIO). */
function convGradsReference(xs: number[], ws: number[], stride: number, pad: Pad, r: Float32Array, outShape: number[]) {
  const [n, h, w, ci] = xs;
  const [kh, kw, , co] = ws;
  const [, ho, wo] = outShape;
  const same = (size: number, k: number) => Math.floor(Math.max((Math.ceil(size / stride) - 1) * stride + k - size, 0) / 2);
  const [pt, pl] = pad === 'same' ? [same(h, kh), same(w, kw)] : pad === 'valid' ? [0, 0] : [pad[1][0], pad[2][0]];
  const x = random(xs, 1);
  const f = random(ws, 2);
  const dx = new Float64Array(x.length);
  const dw = new Float64Array(f.length);
  for (let b = 0; b < n; b++) for (let oy = 0; oy < ho; oy++) for (let ox = 0; ox < wo; ox++) for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) {
    const iy = oy * stride + i - pt;
    const ix = ox * stride + j - pl;
    if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
    for (let c = 0; c < ci; c++) {
      const xi = ((b * h + iy) * w + ix) * ci + c;
      for (let o = 0; o < co; o++) {
        const g = r[((b * ho + oy) * wo + ox) * co + o];
        const wi = ((i * kw + j) * ci + c) * co + o;
        dw[wi] += x[xi] * g;
        dx[xi] += f[wi] * g;
      }
    }
  }
  return [dx, dw];
}

describe('convolution gradients (filter and input) vs direct float64 loops', () => {
  const explicit: Pad = [[0, 0], [1, 1], [1, 1], [0, 0]];
  const cases: [string, number[], number, Pad][] = [
    ['3×3 stride 1 same (VGG, ResNet)', [3, 3, 8, 16], 1, 'same'],
    ['3×3 stride 2 explicit pad 1 (ResNet downsampling)', [3, 3, 8, 16], 2, explicit],
    ['3×3 stride 2 same', [3, 3, 4, 6], 2, 'same'],
    ['1×1 stride 1', [1, 1, 8, 12], 1, 'valid'],
    ['1×1 stride 2 (option-B shortcut)', [1, 1, 8, 12], 2, 'valid'],
    ['5×5 valid (imported nets)', [5, 5, 3, 6], 1, 'valid'],
    ['3×3 stride 1 same, 3 input channels (a first layer)', [3, 3, 3, 16], 1, 'same'],
  ];
  afterAll(() => setWasmConvPath('auto'));
  it('the SIMD kernels compile here (so the wasm-simd cases below run them)', () => {
    expect(simdConvAvailable()).toBe(true);
  });
  // wasm-simd: the lab's kernels (one XNNPACK thread); wasm-xnnpack: one XNNPACK convolution each.
  for (const backend of ['wasm-simd', 'wasm-xnnpack', 'cpu'] as const) {
    for (const batch of [1, 32]) {
      for (const [name, ws, stride, pad] of cases) {
        it(`${backend}: ${name}, batch ${batch}: within 1e-4`, async () => {
          await (backend === 'cpu' ? useCpu() : useWasm());
          setWasmConvPath(backend === 'wasm-xnnpack' ? 'xnnpack' : 'simd');
          const xs = [batch, 11, 11, ws[2]];
          const before = tf.memory().numTensors;
          const got = await convGrads(xs, ws, stride, pad);
          expect(tf.memory().numTensors).toBe(before);
          const [zx, zw] = [tf.zeros(xs as [number, number, number, number]), tf.zeros(ws as [number, number, number, number])];
          const probe = tf.conv2d(zx as tf.Tensor4D, zw as tf.Tensor4D, stride, pad);
          const outShape = probe.shape as number[];
          tf.dispose([zx, zw, probe]);
          const ref = convGradsReference(xs, ws, stride, pad, random(outShape, 3), outShape);
          expect(maxRelativeError(got[0], ref[0])).toBeLessThan(1e-4);
          expect(maxRelativeError(got[1], ref[1])).toBeLessThan(1e-4);
        });
      }
    }
  }
});

describe('wasm matmul and reduction wrappers vs the cpu backend', () => {
  it('matMul with every transpose flag, and sum/mean over the leading axes of [N, H, W, C]', async () => {
    const run = async () => {
      const a = tf.tensor2d(random([24, 40], 4), [24, 40]);
      const b = tf.tensor2d(random([40, 16], 5), [40, 16]);
      const x = tf.tensor4d(random([6, 5, 7, 9], 6), [6, 5, 7, 9]);
      const outs = [
        tf.matMul(a, b), tf.matMul(tf.transpose(a), b, true, false), tf.matMul(a, tf.transpose(b), false, true),
        tf.matMul(tf.transpose(a), tf.transpose(b), true, true),
        tf.sum(x, [0, 1, 2]), tf.mean(x, [0, 1, 2]), tf.sum(x, [0, 1, 2], true), tf.mean(x, [0, 1, 2], true), tf.sum(x, [1, 2]),
      ];
      const data = await Promise.all(outs.map(async (t) => ({ shape: t.shape, values: await t.data() })));
      tf.dispose([a, b, x, ...outs]);
      return data;
    };
    await useCpu();
    const ref = await run();
    await useWasm();
    const got = await run();
    got.forEach((g, i) => {
      expect(g.shape).toEqual(ref[i].shape);
      expect(maxRelativeError(g.values, ref[i].values)).toBeLessThan(1e-5);
    });
  });
});

/** Training-mode BN of x [M, C] (rows = N·H·W), float64: y = γ·x̂ + β, and ∂/∂x, γ, β of Σ r⊙y. */
function batchNormReference(x: Float32Array, r: Float32Array, gamma: Float32Array, c: number, eps: number) {
  const m = x.length / c;
  const dx = new Float64Array(x.length);
  const dgamma = new Float64Array(c);
  const dbeta = new Float64Array(c);
  for (let j = 0; j < c; j++) {
    let mean = 0;
    for (let i = 0; i < m; i++) mean += x[i * c + j] / m;
    let v = 0;
    for (let i = 0; i < m; i++) v += (x[i * c + j] - mean) ** 2 / m;
    const rstd = 1 / Math.sqrt(v + eps);
    let sumDy = 0;
    let sumDyXhat = 0;
    for (let i = 0; i < m; i++) {
      const xhat = (x[i * c + j] - mean) * rstd;
      sumDy += r[i * c + j];
      sumDyXhat += r[i * c + j] * xhat;
    }
    dbeta[j] = sumDy;
    dgamma[j] = sumDyXhat;
    for (let i = 0; i < m; i++) {
      const xhat = (x[i * c + j] - mean) * rstd;
      dx[i * c + j] = (gamma[j] * rstd / m) * (m * r[i * c + j] - sumDy - xhat * sumDyXhat);
    }
  }
  return { dx, dgamma, dbeta };
}

describe('BatchNorm gradient (no Tile) in training mode', () => {
  for (const backend of ['cpu', 'wasm'] as const) {
    for (const shape of [[4, 5, 5, 6], [16, 12]]) {
      it(`${backend}, input ${shape.join('×')}: ∂x, ∂γ, ∂β match the float64 formula within 1e-4`, async () => {
        await (backend === 'cpu' ? useCpu() : useWasm());
        const c = shape[shape.length - 1];
        const layer = tf.layers.batchNormalization({ epsilon: 1e-5, momentum: 0.9 });
        const xv = random(shape, 7);
        const rv = random(shape, 8);
        const x = tf.tensor(xv, shape);
        const r = tf.tensor(rv, shape);
        layer.build(shape);
        const gammaV = random([c], 9).map((v) => v + 1.5);
        layer.setWeights([tf.tensor(gammaV), tf.tensor(random([c], 10)), tf.zeros([c]), tf.ones([c])]);
        const vars = layer.trainableWeights.map((w) => w.read() as tf.Variable);
        const { grads } = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(x, { training: true }) as tf.Tensor, r)) as tf.Scalar, vars);
        const dx = tf.grad((xx: tf.Tensor) => tf.sum(tf.mul(layer.apply(xx, { training: true }) as tf.Tensor, r)))(x);
        const ref = batchNormReference(xv, rv, gammaV, c, 1e-5);
        expect(maxRelativeError(await dx.data(), ref.dx)).toBeLessThan(1e-4);
        expect(maxRelativeError(await grads[vars[0].name].data(), ref.dgamma)).toBeLessThan(1e-4);
        expect(maxRelativeError(await grads[vars[1].name].data(), ref.dbeta)).toBeLessThan(1e-4);
        tf.dispose([x, r, dx, ...Object.values(grads)]);
        for (const w of layer.weights) w.dispose();
      });
    }
  }
});

describe('StridedSlice gradient', () => {
  it('x[:, b::s, b::s, :] scatters dy back to the sampled positions, zeros elsewhere (odd and even sizes, offsets)', async () => {
    await useWasm();
    for (const [h, w, begin, stride] of [[8, 8, 0, 2], [7, 9, 0, 2], [9, 7, 1, 2], [10, 10, 2, 3], [6, 6, 0, 1]]) {
      const shape = [2, h, w, 3];
      const x = tf.tensor4d(random(shape, 11), shape as [number, number, number, number]);
      const sliced = tf.stridedSlice(x, [0, begin, begin, 0], [2, h, w, 3], [1, stride, stride, 1]);
      const r = tf.tensor(random(sliced.shape, 12), sliced.shape);
      const rv = await r.data();
      const [ho, wo] = [sliced.shape[1]!, sliced.shape[2]!];
      const g = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.stridedSlice(a, [0, begin, begin, 0], [2, h, w, 3], [1, stride, stride, 1]), r)))(x);
      const got = await g.data();
      const want = new Float32Array(got.length);
      for (let n = 0; n < 2; n++) for (let i = 0; i < ho; i++) for (let j = 0; j < wo; j++) for (let c = 0; c < 3; c++) {
        want[((n * h + begin + i * stride) * w + begin + j * stride) * 3 + c] = rv[((n * ho + i) * wo + j) * 3 + c];
      }
      expect(Array.from(got)).toEqual(Array.from(want));
      tf.dispose([x, sliced, r, g]);
    }
  });
});

describe('wasm MaxPoolGrad vs the cpu backend', () => {
  // ReLU'd inputs, so windows hold ties (zeros), as they do in training.
  const cases: [string, number, number, 'valid' | 'same'][] = [['2×2 stride 2 valid (the zoo)', 2, 2, 'valid'], ['3×3 stride 2 same (overlapping)', 3, 2, 'same'], ['3×3 stride 1 same', 3, 1, 'same']];
  for (const [name, size, stride, pad] of cases) {
    it(`${name}: same dx, ties to the first maximum`, async () => {
      const run = async () => {
        const x = tf.relu(tf.tensor4d(random([3, 9, 10, 5], 7), [3, 9, 10, 5]));
        const pool = (a: tf.Tensor) => tf.maxPool(a as tf.Tensor4D, size, stride, pad);
        // Distinct output gradients, so a tie sent to another position changes dx.
        const shape = tf.tidy(() => pool(x).shape);
        const r = tf.range(1, 1 + shape.reduce((p, q) => p * q, 1)).reshape(shape);
        const dx = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(pool(a), r)))(x);
        const out = await dx.data();
        tf.dispose([x, r, dx]);
        return out;
      };
      await useCpu();
      const ref = await run();
      await useWasm();
      const got = await run();
      expect(Array.from(ref).filter((v) => v !== 0).length).toBeGreaterThan(0);
      expect(maxRelativeError(got, ref)).toBeLessThan(1e-6);
    });
  }
});
