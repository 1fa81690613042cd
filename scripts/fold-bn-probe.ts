/**
 * Would folding BatchNorm into the convolutions pay for the search's inference-mode scoring?
 * Times VGG-S (the shipped Shapes-10 weights, one thread of tfjs-wasm in Node) on 500 images in
 * batches of 50, as the search scores them, three ways: the LayersModel as the lab runs it; the
 * same ops called directly (conv + bias, batchNorm, relu, pool, dense: what the Layers API costs
 * on top); and BN folded (w' = w·γ/σ per output channel, b' = (b − μ)·γ/σ + β, one fused
 * conv + bias + relu per layer; exact up to float rounding). Prints the times and the largest
 * logit difference of the folded net against the model; writes docs/results/fold-bn.json.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { useWasm } from '../test/core/wasm-setup.ts';
import { LabSession } from '../src/core/pipeline/session.ts';
import { shardPaths, type WeightsManifest } from '../src/core/models/pretrained.ts';
import { generateShapes10 } from '../src/core/data/shapes10.ts';
import { normalizeToFloat } from '../src/core/data/batch.ts';
import { RESULTS_DIR, measuredNow } from './results.ts';

await useWasm();
const dir = resolve(import.meta.dirname, '../public/models/vgg-s-shapes10');
const manifest = JSON.parse(readFileSync(resolve(dir, 'weights.json'), 'utf8')) as WeightsManifest;
const shards = shardPaths(manifest).map((p) => new Uint8Array(readFileSync(resolve(dir, p))).buffer);
const s = LabSession.create('vgg-s', 10, 1, { name: 'vgg-s-shapes10', manifest, shards });
s.prune({ conv: { method: 'uniform', sparsity: 0.8 }, dense: { k: null } });
const m = s.model;
const ds = generateShapes10('validation', { seed: 1234, count: 500 });
const w = (name: string) => m.getLayer(name).getWeights();
const EPS = 1e-5;

type Step = { conv: tf.Tensor4D; bias: tf.Tensor1D; bn: tf.Tensor[]; folded: [tf.Tensor4D, tf.Tensor1D]; pool: boolean };
const steps: Step[] = [];
for (let i = 1; i <= 6; i++) {
  const [k, b] = w(`conv${i}`) as [tf.Tensor4D, tf.Tensor1D];
  const [g, beta, mu, v] = w(`bn${i}`);
  const scale = tf.div(g, tf.sqrt(tf.add(v, EPS)));
  steps.push({ conv: k, bias: b, bn: [mu, v, beta, g], folded: [tf.mul(k, scale) as tf.Tensor4D, tf.add(tf.mul(tf.sub(b, mu), scale), beta) as tf.Tensor1D], pool: i % 2 === 0 });
}
const [f1, fb1] = w('fc1');
const [g1, be1, mu1, v1] = w('bn_fc1');
const [f2, fb2] = w('fc2');
const s1 = tf.div(g1, tf.sqrt(tf.add(v1, EPS)));
const f1f = tf.mul(f1, s1) as tf.Tensor2D;
const fb1f = tf.add(tf.mul(tf.sub(fb1, mu1), s1), be1);

const direct = (x: tf.Tensor4D) => tf.tidy(() => {
  let h: tf.Tensor4D = x;
  for (const st of steps) {
    h = tf.relu(tf.batchNorm(tf.add(tf.conv2d(h, st.conv, 1, 'same'), st.bias), st.bn[0], st.bn[1], st.bn[2], st.bn[3], EPS)) as tf.Tensor4D;
    if (st.pool) h = tf.maxPool(h, 2, 2, 'valid');
  }
  const z = tf.relu(tf.batchNorm(tf.add(tf.matMul(h.reshape([h.shape[0], -1]), f1 as tf.Tensor2D), fb1), mu1, v1, be1, g1, EPS));
  return tf.add(tf.matMul(z as tf.Tensor2D, f2 as tf.Tensor2D), fb2);
});
const folded = (x: tf.Tensor4D) => tf.tidy(() => {
  let h: tf.Tensor4D = x;
  for (const st of steps) {
    h = tf.fused.conv2d({ x: h, filter: st.folded[0], strides: 1, pad: 'same', bias: st.folded[1], activation: 'relu' });
    if (st.pool) h = tf.maxPool(h, 2, 2, 'valid');
  }
  const z = tf.fused.matMul({ a: h.reshape([h.shape[0], -1]), b: f1f, bias: fb1f, activation: 'relu' });
  return tf.add(tf.matMul(z, f2 as tf.Tensor2D), fb2);
});
const layers = (x: tf.Tensor4D) => m.predict(x) as tf.Tensor;

const batches = Array.from({ length: 10 }, (_, i) => tf.tensor4d(normalizeToFloat(ds, 50 * i, 50 * i + 50), [50, 32, 32, 3]));
const time = async (f: (x: tf.Tensor4D) => tf.Tensor) => {
  const ms: number[] = [];
  for (let rep = 0; rep < 5; rep++) {
    const t0 = performance.now();
    for (const b of batches) { const y = f(b); await y.data(); y.dispose(); }
    ms.push(performance.now() - t0);
  }
  return ms.sort((a, b) => a - b)[2] / 500;
};
const a = await (layers(batches[0]) as tf.Tensor).data();
const c = await folded(batches[0]).data();
let worst = 0, top = 0;
for (let i = 0; i < a.length; i++) top = Math.max(top, Math.abs(a[i]));
for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - c[i]) / top);
// Interleaved rounds, so that a change in the machine's speed falls on all three alike.
const rounds: { layers: number; direct: number; folded: number }[] = [];
for (let round = 0; round < 5; round++) rounds.push({ layers: await time(layers), direct: await time(direct), folded: await time(folded) });
const med = (xs: number[]) => [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)];
const result = {
  measured: measuredNow('npx tsx scripts/fold-bn-probe.ts'),
  setup: 'VGG-S / Shapes-10 (shipped weights), 80 % uniform magnitude on the convs, 500 validation images in batches of 50, tfjs-wasm in Node (one thread, SIMD); medians of 5 interleaved rounds, each the median of 5 passes',
  msPerImage: { layers: med(rounds.map((r) => r.layers)), direct: med(rounds.map((r) => r.direct)), folded: med(rounds.map((r) => r.folded)) },
  rounds, maxLogitDiffOverMax: worst,
};
writeFileSync(resolve(RESULTS_DIR, 'fold-bn.json'), `${JSON.stringify(result, null, 1)}\n`);
console.log(JSON.stringify(result.msPerImage), worst);
