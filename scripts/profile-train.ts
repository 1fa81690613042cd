/**
 * Where a masked training step's time goes on WASM (METHOD §8.2), for the README's profile table:
 * tf.profile of one VGG-S step at batch 128 in Node (tfjs-wasm, one thread, the lab's training
 * kernels registered), each kernel's share of the summed kernel time, and the forward
 * convolution of one layer with a cached filter versus a new one, which is what the filter
 * gradient pays on every call (XNNPACK packs its filter, here dy, when an operator is created).
 *
 *   npm run profile:train      writes docs/results/train-profile.json
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { registerTrainingSupport } from '../src/core/train/register.ts';
import { findModel } from '../src/core/models/registry.ts';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { RESULTS_DIR, measuredNow, type ResultRow } from './results.ts';

const BATCH = 128;
const MODEL = 'vgg-s';

async function main() {
  const require = createRequire(import.meta.url);
  setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`);
  await tf.setBackend('wasm');
  registerTrainingSupport();
  const model = findModel(MODEL)!.build(10);
  const x = tf.randomNormal([BATCH, 32, 32, 3], 0, 1, 'float32', 1);
  const y = tf.oneHot(tf.tensor1d(Array.from({ length: BATCH }, (_, i) => i % 10), 'int32'), 10);
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const step = () => tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, vars);
    for (const v of vars) v.assign(tf.sub(v, tf.mul(grads[v.name], 0.001)));
    return value;
  });
  for (let i = 0; i < 2; i++) (await step().data());
  const prof = await tf.profile(async () => { const t = step(); await t.data(); t.dispose(); });
  const byKernel = new Map<string, number>();
  // Names ending in __op are tf.customGrad wrappers whose time is their inner kernels' again.
  for (const k of prof.kernels) if (!k.name.endsWith('__op')) byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + Number(k.kernelTimeMs));
  const total = [...byKernel.values()].reduce((a, b) => a + b, 0);
  const measured = measuredNow('npm run profile:train');
  const row = (name: string, value: number, unit: string): ResultRow => ({ name, value, unit, backend: 'wasm', model: MODEL, measured });
  const rows = [...byKernel].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, ms]) => row(`profile.kernel.${k}`, ms / total, `share of summed kernel time (${total.toFixed(0)} ms, batch ${BATCH})`));

  // One 32×32, 32 → 32 layer: its forward convolution with the same filter again, then with a new one.
  const xs = tf.randomNormal([BATCH, 32, 32, 32], 0, 1, 'float32', 2) as tf.Tensor4D;
  const w = tf.randomNormal([3, 3, 32, 32], 0, 1, 'float32', 3) as tf.Tensor4D;
  const time = async (f: () => tf.Tensor) => {
    const ms: number[] = [];
    for (let r = 0; r < 4; r++) { const t0 = performance.now(); const t = f(); await t.data(); t.dispose(); ms.push(performance.now() - t0); }
    return ms.slice(1).sort((a, b) => a - b)[1];
  };
  const dy = tf.randomNormal([32, 32, BATCH, 32], 0, 1, 'float32', 4) as tf.Tensor4D;
  const xt = tf.randomNormal([32, 34, 34, BATCH], 0, 1, 'float32', 5) as tf.Tensor4D;
  rows.push(
    row('profile.conv32.forward_cached_ms', await time(() => tf.conv2d(xs, w, 1, 'same')), 'ms, forward conv, same filter each call (median of 3)'),
    row('profile.conv32.filtergrad_cached_ms', await time(() => tf.conv2d(xt, dy, 1, 'valid')), 'ms, the filter gradient\'s convolution with dy reused as its filter'),
    row('profile.conv32.filtergrad_fresh_ms', await time(() => tf.conv2d(xt, tf.add(dy, 0) as tf.Tensor4D, 1, 'valid')), 'ms, the same with a new dy each call, as in training'),
  );
  // One profile is one measurement: the file is replaced whole, so no kernel of an older run stays.
  const out = resolve(RESULTS_DIR, 'train-profile.json');
  writeFileSync(out, `${JSON.stringify(rows, null, 1)}\n`);
  console.log(`wrote ${out}`);
  for (const r of rows) console.log(`${r.name.padEnd(44)} ${r.value.toFixed(3)}`);
}

void main();
