/**
 * Where a masked training step's time goes on WASM (METHOD §8.2), for the README's profile table:
 * tf.profile of one step of the lab's FineTuner on VGG-S at batch 128 in Node (tfjs-wasm, one
 * thread, the lab's training kernels registered; the bench's setup: uniform 80 % on the convs,
 * 3σ on the dense layers, momentum SGD with L2), each kernel's share of the summed kernel time;
 * and the forward convolution of one layer with a cached filter versus a new one, which is what
 * XNNPACK's filter gradient pays on every call (it packs its filter, there dy, when an operator
 * is created) and why the lab's own SIMD kernel replaces it on one thread.
 *
 *   npm run profile:train      writes this machine's rows of docs/results/train-profile.json
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { LabSession } from '../src/core/pipeline/session.ts';
import { FineTuner } from '../src/core/pipeline/finetune.ts';
import { generateShapes10 } from '../src/core/data/shapes10.ts';
import { setWasmConvPath } from '../src/core/train/conv-grads.ts';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { RESULTS_DIR, measuredNow, type ResultRow } from './results.ts';

const BATCH = 128;
const MODEL = 'vgg-s';

async function main() {
  const require = createRequire(import.meta.url);
  setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`);
  await tf.setBackend('wasm');
  const ds = generateShapes10('train', { count: BATCH });
  const s = LabSession.create(MODEL, ds.classNames.length, 1);
  s.prune({ conv: { method: 'uniform', sparsity: 0.8 }, dense: { k: 3 } });
  const tuner = new FineTuner(s.model, ds, s.maskedVariables(), { steps: 10, batchSize: BATCH, lr: 0.01, weightDecay: 5e-4, seed: 1, augment: false });
  for (let i = 0; i < 2; i++) await tuner.runStep();
  const t0 = performance.now();
  await tuner.runStep();
  const stepMs = performance.now() - t0;
  const prof = await tf.profile(async () => { await tuner.runStep(); });
  tuner.dispose();
  s.dispose();
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
  // WASM kernels run synchronously, so the call is the kernel's time. Reading the result back
  // (t.data()) is left out: it copies 16 MB into a fresh array whose page faults add 0–50 ms at
  // random, and training never reads these tensors.
  const time = async (f: () => tf.Tensor) => {
    const ms: number[] = [];
    for (let r = 0; r < 4; r++) { const t0 = performance.now(); const t = f(); ms.push(performance.now() - t0); t.dispose(); }
    return ms.slice(1).sort((a, b) => a - b)[1];
  };
  const dy = tf.randomNormal([32, 32, BATCH, 32], 0, 1, 'float32', 4) as tf.Tensor4D;
  const xt = tf.randomNormal([32, 34, 34, BATCH], 0, 1, 'float32', 5) as tf.Tensor4D;
  rows.push(
    row('profile.conv32.forward_cached_ms', await time(() => tf.conv2d(xs, w, 1, 'same')), 'ms, forward conv, same filter each call (median of 3)'),
    row('profile.conv32.filtergrad_cached_ms', await time(() => tf.conv2d(xt, dy, 1, 'valid')), 'ms, the filter gradient\'s convolution with dy reused as its filter'),
    row('profile.conv32.filtergrad_fresh_ms', await time(() => tf.conv2d(xt, tf.add(dy, 0) as tf.Tensor4D, 1, 'valid')), 'ms, the same with a new dy each call, as in training'),
  );
  // The same layer's two gradients through the registered kernels, on each path.
  const g = tf.randomNormal([BATCH, 32, 32, 32], 0, 1, 'float32', 6) as tf.Tensor4D;
  const conv = { strides: 1, pad: 'same', dataFormat: 'NHWC' } as const;
  for (const path of ['simd', 'xnnpack'] as const) {
    setWasmConvPath(path);
    rows.push(
      row(`profile.conv32.filtergrad_${path}_ms`, await time(() => tf.engine().runKernel('Conv2DBackpropFilter', { x: xs, dy: g }, { ...conv, filterShape: [3, 3, 32, 32] }) as tf.Tensor), `ms, Conv2DBackpropFilter on the ${path} path`),
      row(`profile.conv32.inputgrad_${path}_ms`, await time(() => tf.engine().runKernel('Conv2DBackpropInput', { dy: g, filter: w }, { ...conv, inputShape: xs.shape }) as tf.Tensor), `ms, Conv2DBackpropInput on the ${path} path`),
    );
  }
  setWasmConvPath('auto');
  rows.push(row('profile.step_ms', stepMs, `ms, wall time of one step (batch ${BATCH}), kernels ${total.toFixed(0)} ms of it`));
  // One profile per machine (processors differ: METHOD §8.2): this run replaces this machine's
  // rows whole, so no kernel of its older run stays, and keeps the other machines' profiles.
  const out = resolve(RESULTS_DIR, 'train-profile.json');
  const others = existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as ResultRow[]).filter((r) => r.measured.machine !== measured.machine) : [];
  writeFileSync(out, `${JSON.stringify([...others, ...rows], null, 1)}\n`);
  console.log(`wrote ${out}`);
  for (const r of rows) console.log(`${r.name.padEnd(44)} ${r.value.toFixed(3)}`);
}

void main();
