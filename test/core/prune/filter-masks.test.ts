/**
 * Filter pruning zeroes exactly the right slices (METHOD §3): on VGG conv→conv and
 * conv→flatten→dense, on ResNet conv1 → bn1 → conv2 input; a removed channel's post-ReLU output
 * is exactly 0; the analytic counts equal the masks; masked training keeps every slice at 0.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useCpu } from '../tf-setup.ts';
import { LabSession } from '../../../src/core/pipeline/session.ts';
import { trainMasked } from '../../../src/core/pipeline/finetune.ts';
import { filterParamMasks, filterRemovedWeights, type FilterGroup } from '../../../src/core/prune/filter-masks.ts';
import { filterGroups } from '../../../src/core/models/filter-graph.ts';
import { paramVariable } from '../../../src/core/models/introspect.ts';
import { countZeros } from '../../../src/core/prune/masks.ts';
import { generateShapes10 } from '../../../src/core/data/shapes10.ts';
import { Rng } from '../../../src/core/rng.ts';

let vgg: LabSession;
let resnet: LabSession;
beforeAll(async () => {
  await useCpu();
  vgg = LabSession.create('vgg-s', 10, 3);
  resnet = LabSession.create('resnet20', 10, 4);
});
afterAll(() => {
  vgg?.dispose();
  resnet?.dispose();
});

/** A random keep mask per group removing about `p` of each layer's filters (at least one kept). */
function randomKeep(groups: FilterGroup[], rng: Rng, p: number): Record<string, Uint8Array> {
  return Object.fromEntries(groups.map((g) => {
    const k = Uint8Array.from({ length: g.shape[3] }, () => (rng.next() < p ? 0 : 1));
    k[rng.int(k.length)] = 1;
    return [g.layer, k];
  }));
}

const values = (s: LabSession, param: string): Float32Array => {
  const [layer, short] = param.split('/');
  return s.model.getLayer(layer).weights.find((w) => w.originalName.endsWith(`/${short}`))!.read().dataSync() as Float32Array;
};

/**
 * Brute-force expectation: entry (h, w, i, j) of conv kernel L is removed iff L's filter j or
 * channel i of L's producer is removed; dense row f iff channel f mod C of its producer is.
 */
function expectExactSlices(s: LabSession, keep: Record<string, Uint8Array>): void {
  const producerOf = new Map<string, FilterGroup>();
  for (const g of s.filterGroups) for (const c of g.consumers) producerOf.set(c.kernel, g);
  const owner = new Map(s.filterGroups.map((g) => [g.kernel, g]));
  let checked = 0;
  let wrong = 0; // one expect per tensor: per-entry expects cost seconds on 0.8M weights
  for (const l of s.layers) {
    const param = `${l.name}/kernel`;
    const w = values(s, param);
    const orig = s.original(l.name);
    const own = owner.get(param);
    const prod = producerOf.get(param);
    const [a, b] = l.kind === 'conv' ? [l.kernelShape[2], l.kernelShape[3]] : l.kernelShape;
    for (let idx = 0; idx < w.length; idx++) {
      const j = idx % b;
      const i = Math.floor(idx / b) % a;
      let removed = own ? keep[own.layer][j] === 0 : false;
      if (prod) removed ||= keep[prod.layer][l.kind === 'conv' ? i : Math.floor(idx / b) % prod.shape[3]] === 0;
      if (w[idx] !== (removed ? 0 : orig[idx])) wrong++;
      if (removed) checked++;
    }
  }
  for (const g of s.filterGroups) {
    for (const p of g.channelParams) {
      const v = values(s, p);
      const orig = s.originalParam(p);
      for (let j = 0; j < v.length; j++) if (v[j] !== (keep[g.layer][j] === 0 ? 0 : orig[j])) wrong++;
    }
  }
  expect(wrong).toBe(0);
  expect(checked).toBeGreaterThan(0);
}

describe('VGG-S: conv→conv and conv→flatten→dense', () => {
  it('finds the six convs, the last feeding fc1 through the NHWC flatten', () => {
    expect(vgg.filterGroups.map((g) => g.layer)).toEqual(['conv1', 'conv2', 'conv3', 'conv4', 'conv5', 'conv6']);
    const last = vgg.filterGroups[5];
    expect(last.consumers).toEqual([{ kind: 'dense', kernel: 'fc1/kernel', shape: [2048, 256], channels: 128 }]);
    expect(last.channelParams).toEqual(['conv6/bias', 'bn6/gamma', 'bn6/beta']);
    expect(last.activation).toBe('relu6');
  });

  it('zeroes exactly the filter, its bias and BN γ/β, the next kernel\'s input slice and fc1 rows f with f mod 128 = j', () => {
    const keep = randomKeep(vgg.filterGroups, new Rng(71), 0.4);
    const report = vgg.prune({ conv: { method: 'filters', sparsity: 0.4, keep }, dense: { k: null } });
    expectExactSlices(vgg, keep);
    // The analytic count (what the ratio bisection uses) equals the masks.
    const kept = new Map(Object.entries(keep).map(([l, m]) => [l, m.reduce((s, v) => s + v, 0)]));
    const removed = filterRemovedWeights(vgg.filterGroups, kept);
    for (const l of vgg.layers) expect(removed.get(`${l.name}/kernel`) ?? 0).toBe(countZeros(vgg.mask(l.name) ?? new Uint8Array()));
    // MACs: every conv keeps Cin'·Cout'·9·H·W.
    for (const row of report.accounting.kernels) {
      const g = vgg.filterGroups.find((x) => x.kernel === row.name);
      if (!g || row.name === 'conv1/kernel') continue;
      const prev = vgg.filterGroups[vgg.filterGroups.indexOf(g) - 1];
      expect(row.kept).toBe(9 * kept.get(prev.layer)! * kept.get(g.layer)!);
    }
  });

  it('a removed channel\'s post-ReLU output is exactly 0 on real inputs', () => {
    const keep = randomKeep(vgg.filterGroups, new Rng(72), 0.5);
    vgg.prune({ conv: { method: 'filters', sparsity: 0.5, keep }, dense: { k: null } });
    const ds = generateShapes10('test', { seed: 2, count: 4 });
    const probe = tf.model({ inputs: vgg.model.inputs, outputs: vgg.filterGroups.map((g) => vgg.model.getLayer(g.activation).output as tf.SymbolicTensor) });
    const x = tf.tensor4d(Float32Array.from(ds.images, (v) => v / 255 - 0.5), [4, 32, 32, 3]);
    const outs = probe.predict(x) as tf.Tensor[];
    vgg.filterGroups.forEach((g, t) => {
      const a = outs[t].dataSync();
      const c = g.shape[3];
      let live = 0;
      let leaked = 0;
      for (let i = 0; i < a.length; i++) {
        if (keep[g.layer][i % c] === 0) leaked += a[i] !== 0 ? 1 : 0;
        else if (a[i] !== 0) live++;
      }
      expect(leaked).toBe(0);
      expect(live).toBeGreaterThan(0);
    });
    tf.dispose([x, ...outs]);
    vgg.restore();
  });

  it('combines with k-σ on fc1 (both masks hold) and refuses a bad selection', () => {
    const keep = randomKeep(vgg.filterGroups, new Rng(73), 0.3);
    vgg.prune({ conv: { method: 'filters', sparsity: 0.3, keep }, dense: { k: 1 } });
    const fc1 = vgg.mask('fc1')!;
    const w = vgg.original('fc1');
    const r = vgg.summary().layers.find((l) => l.name === 'fc1')!.kSigma!;
    let wrong = 0;
    for (let idx = 0; idx < fc1.length; idx++) {
      const rowGone = keep.conv6[Math.floor(idx / 256) % 128] === 0;
      const inBand = Math.abs(w[idx] - r.mean) < r.k * r.std;
      if (fc1[idx] !== (rowGone || inBand ? 0 : 1)) wrong++;
    }
    expect(wrong).toBe(0);
    expect(() => vgg.prune({ conv: { method: 'filters', sparsity: 0.3, keep: { fc1: new Uint8Array(256) } }, dense: { k: null } })).toThrow(/not a conv/);
    expect(() => vgg.prune({ conv: { method: 'filters', sparsity: 1, keep: { conv1: new Uint8Array(32) } }, dense: { k: null } })).toThrow(/at least one/);
    expect(() => vgg.prune({ conv: { method: 'filters', sparsity: 1, keep: { conv1: new Uint8Array(31).fill(1) } }, dense: { k: null } })).toThrow(/32/);
    vgg.restore();
    for (const g of vgg.filterGroups) for (const p of g.channelParams) expect(Array.from(values(vgg, p))).toEqual(Array.from(vgg.originalParam(p)));
  });

  it('masked training keeps every removed slice (kernels, biases, γ, β) exactly 0', async () => {
    // A tiny conv-BN-ReLU ×2 → flatten → dense net: tfjs's cpu backprop is too slow for VGG-S here.
    const input = tf.input({ shape: [32, 32, 3] });
    let x: tf.SymbolicTensor = input;
    for (const [i, f] of [[1, 6], [2, 8]] as const) {
      x = tf.layers.conv2d({ filters: f, kernelSize: 3, strides: 2, padding: 'same', name: `c${i}` }).apply(x) as tf.SymbolicTensor;
      x = tf.layers.batchNormalization({ name: `b${i}` }).apply(x) as tf.SymbolicTensor;
      x = tf.layers.reLU({ name: `r${i}` }).apply(x) as tf.SymbolicTensor;
    }
    x = tf.layers.flatten().apply(x) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: tf.layers.dense({ units: 10, name: 'fc' }).apply(x) as tf.SymbolicTensor });
    const groups = filterGroups(model);
    expect(groups.map((g) => g.layer)).toEqual(['c1', 'c2']);
    const keep = new Map([['c1', Uint8Array.from([1, 0, 1, 1, 0, 1])], ['c2', Uint8Array.from([0, 1, 1, 0, 1, 1, 1, 0])]]);
    const byParam = filterParamMasks(groups, keep);
    expect([...byParam.keys()].sort()).toEqual(['b1/beta', 'b1/gamma', 'b2/beta', 'b2/gamma', 'c1/bias', 'c1/kernel', 'c2/bias', 'c2/kernel', 'fc/kernel']);
    const masks = new Map([...byParam].map(([p, m]) => [paramVariable(model, p), m]));
    // Nonzero start values everywhere (tfjs starts biases and β at 0), then the masks: nonzero = kept.
    for (const [v, m] of masks) {
      const t = tf.tidy(() => tf.mul(tf.randomUniform(v.shape as number[], 0.05, 0.2, 'float32', 5), tf.tensor(Float32Array.from(m), v.shape as number[])));
      v.write(t);
      t.dispose();
    }
    const nonzero = () => [...masks.keys()].map((v) => (v.read().dataSync() as Float32Array).reduce((s, a) => s + (a !== 0 ? 1 : 0), 0));
    const before = nonzero();
    expect(before).toEqual([...masks.values()].map((m) => m.reduce((a, b) => a + b, 0)));
    const ds = generateShapes10('train', { seed: 3, count: 32 });
    const tensors = tf.memory().numTensors;
    await trainMasked(model, ds, masks, { steps: 100, batchSize: 8, lr: 0.05, momentum: 0.9, weightDecay: 5e-4, seed: 1 });
    expect(tf.memory().numTensors).toBe(tensors);
    let leaked = 0;
    for (const [v, m] of masks) {
      const a = v.read().dataSync() as Float32Array;
      for (let i = 0; i < a.length; i++) if (m[i] === 0 && a[i] !== 0) leaked++;
    }
    expect(leaked).toBe(0);
    expect(nonzero()).toEqual(before);
    model.dispose();
  });
});

describe('ResNet-20: only conv1 of each block (conv1 → bn1 → conv2 input)', () => {
  it('finds the nine block conv1s; the stem and every conv2 are tied to shortcuts', () => {
    expect(resnet.filterGroups.map((g) => g.layer)).toEqual(
      ['s1b1', 's1b2', 's1b3', 's2b1', 's2b2', 's2b3', 's3b1', 's3b2', 's3b3'].map((b) => `${b}_conv1`));
    for (const g of resnet.filterGroups) {
      const b = g.layer.replace('_conv1', '');
      expect(g.channelParams).toEqual([`${b}_bn1/gamma`, `${b}_bn1/beta`]);
      expect(g.consumers.map((c) => c.kernel)).toEqual([`${b}_conv2/kernel`]);
      expect(g.activation).toBe(`${b}_relu1`);
    }
  });

  it('zeroes exactly conv1\'s filter, bn1 γ/β and conv2\'s input slice, and nothing else', () => {
    const keep = randomKeep(resnet.filterGroups, new Rng(75), 0.5);
    resnet.prune({ conv: { method: 'filters', sparsity: 0.5, keep }, dense: { k: null } });
    expectExactSlices(resnet, keep);
    // The stem, the classifier and the BN after conv2 are untouched (conv2's own filters were
    // checked entry by entry above: only its input slices go).
    for (const name of ['conv1', 'fc']) expect(resnet.mask(name)).toBeUndefined();
    expect(resnet.paramMask('s1b1_bn2/gamma')).toBeUndefined();
    expect(resnet.paramMask('bn1/gamma')).toBeUndefined();
    resnet.restore();
  });
});
