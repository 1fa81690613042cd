/**
 * Model zoo: parameter and MAC counts equal METHOD §5's table exactly; stride-2 convolutions and
 * option-A shortcuts equal plain PyTorch-semantics references; seeded init is deterministic.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useCpu } from '../tf-setup.ts';
import { findModel, MODEL_ZOO } from '../../../src/core/models/registry.ts';
import { paramGroups, prunableLayers } from '../../../src/core/models/introspect.ts';
import { initWeights } from '../../../src/core/models/init.ts';
import { OptionAShortcut } from '../../../src/core/models/shortcut.ts';
import { Rng } from '../../../src/core/rng.ts';

beforeAll(async () => {
  await useCpu();
});

function counts(key: string, classes: number) {
  const model = findModel(key)!.build(classes);
  const layers = prunableLayers(model);
  const groups = paramGroups(model);
  const trainable = groups.reduce((a, g) => a + g.size, 0);
  const thop = groups.filter((g) => !g.role.startsWith('bn')).reduce((a, g) => a + g.size, 0);
  const result = {
    trainable, thop, countParams: model.countParams(),
    macs: layers.reduce((a, l) => a + l.macs, 0),
    convWeights: layers.filter((l) => l.kind === 'conv').reduce((a, l) => a + l.params, 0),
    fcWeights: layers.filter((l) => l.kind === 'dense').reduce((a, l) => a + l.params, 0),
    convCount: layers.filter((l) => l.kind === 'conv').length,
    layers,
  };
  model.dispose();
  return result;
}

describe('METHOD §5 counts', () => {
  it('VGG16 / CIFAR-10', () => {
    const c = counts('vgg16', 10);
    expect(c.convWeights).toBe(14_710_464);
    expect(c.fcWeights).toBe(267_264);
    expect(c.trainable).toBe(14_991_946);
    expect(c.thop).toBe(14_982_474);
    expect(c.countParams).toBe(15_001_418);
    expect((c.macs / 1e6).toFixed(2)).toBe('313.46');
    expect(c.convCount).toBe(13);
    expect(c.layers.filter((l) => l.kind === 'conv').map((l) => l.params)).toEqual(
      [1728, 36864, 73728, 147456, 294912, 589824, 589824, 1179648, 2359296, 2359296, 2359296, 2359296, 2359296]);
    // Four pools bring the map to 2×2 before AvgPool2.
    expect(c.layers[12].outputShape).toEqual([2, 2, 512]);
  });

  it('ResNet-20 / CIFAR-10', () => {
    const c = counts('resnet20', 10);
    expect(c.convWeights).toBe(267_696);
    expect(c.trainable).toBe(269_722);
    expect(c.thop).toBe(268_346);
    expect(c.countParams).toBe(271_098);
    expect((c.macs / 1e6).toFixed(2)).toBe('40.55');
    expect(c.convCount).toBe(19);
  });

  it('ResNet-56 / CIFAR-10 and CIFAR-100', () => {
    const c10 = counts('resnet56', 10);
    expect(c10.convWeights).toBe(848_304);
    expect(c10.trainable).toBe(853_018);
    expect(c10.thop).toBe(848_954);
    expect(c10.countParams).toBe(857_082);
    expect((c10.macs / 1e6).toFixed(2)).toBe('125.49');
    expect(c10.convCount).toBe(55);
    const c100 = counts('resnet56', 100);
    expect(c100.trainable).toBe(858_868);
    expect(c100.thop).toBe(854_804);
    expect(c100.countParams).toBe(862_932);
    expect(c100.fcWeights).toBe(6_400);
  });

  it('VGG-S has the documented widths', () => {
    const c = counts('vgg-s', 10);
    expect(c.layers.map((l) => l.outChannels)).toEqual([32, 32, 64, 64, 128, 128, 256, 10]);
    expect(c.layers[6].kernelShape).toEqual([2048, 256]);
    expect(c.convWeights).toBe(286_560);
    // The README's figures for VGG-S.
    expect(c.trainable).toBe(815_530);
    expect((c.macs / 1e6).toFixed(2)).toBe('39.16');
  });

  it('every zoo model maps [b,32,32,3] to [b,C] and introspection lists strides', () => {
    for (const entry of MODEL_ZOO) {
      const model = entry.build(10);
      expect(model.outputs[0].shape).toEqual([null, 10]);
      const layers = prunableLayers(model);
      expect(layers.every((l, i) => l.index === i)).toBe(true);
      if (entry.key.startsWith('resnet')) expect(layers.filter((l) => l.stride === 2).map((l) => l.outputShape[0])).toEqual([16, 8]);
      model.dispose();
    }
  });
});

/** Plain PyTorch-semantics conv2d (NHWC, symmetric zero padding `pad`, stride `s`). */
function refConv(x: Float32Array, [h, w, cin]: number[], k: Float32Array, [kh, kw, , cout]: number[], s: number, pad: number) {
  const ho = Math.floor((h + 2 * pad - kh) / s) + 1;
  const wo = Math.floor((w + 2 * pad - kw) / s) + 1;
  const out = new Float64Array(ho * wo * cout);
  for (let oy = 0; oy < ho; oy++) for (let ox = 0; ox < wo; ox++) for (let co = 0; co < cout; co++) {
    let acc = 0;
    for (let ky = 0; ky < kh; ky++) for (let kx = 0; kx < kw; kx++) {
      const iy = oy * s + ky - pad;
      const ix = ox * s + kx - pad;
      if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
      for (let ci = 0; ci < cin; ci++) acc += x[(iy * w + ix) * cin + ci] * k[((ky * kw + kx) * cin + ci) * cout + co];
    }
    out[(oy * wo + ox) * cout + co] = acc;
  }
  return { out, shape: [ho, wo, cout] };
}

describe('PyTorch layout parity', () => {
  it('stride-2 conv (explicit pad 1, valid) equals PyTorch padding=1 within 1e-5', () => {
    const model = findModel('resnet20')!.build(10);
    initWeights(model, 5);
    const layer = prunableLayers(model).find((l) => l.stride === 2)!;
    const rng = new Rng(9);
    const [hin, cin] = [32, layer.inChannels];
    const x = Float32Array.from({ length: hin * hin * cin }, () => rng.normal());
    const kernel = model.getLayer(layer.name).getWeights()[0].dataSync() as Float32Array;
    const padLayer = model.getLayer(`${layer.name}_pad`);
    const convLayer = model.getLayer(layer.name);
    const y = tf.tidy(() => (convLayer.apply(padLayer.apply(tf.tensor4d(x, [1, hin, hin, cin]))) as tf.Tensor).dataSync());
    const ref = refConv(x, [hin, hin, cin], kernel, layer.kernelShape, 2, 1);
    expect(ref.shape).toEqual(layer.outputShape);
    let maxErr = 0;
    ref.out.forEach((v, i) => { maxErr = Math.max(maxErr, Math.abs(v - y[i])); });
    expect(maxErr).toBeLessThan(1e-5);
    model.dispose();
  });

  it('option-A shortcut equals x[:, ::2, ::2, :] with C/4 zero channels each side', () => {
    const before = tf.memory().numTensors;
    const layer = new OptionAShortcut({ stride: 2, padChannels: 4 });
    const x = tf.tensor4d(Float32Array.from({ length: 2 * 6 * 6 * 8 }, (_, i) => i), [2, 6, 6, 8]);
    const y = layer.apply(x) as tf.Tensor;
    expect(y.shape).toEqual([2, 3, 3, 16]);
    const data = y.dataSync();
    for (let b = 0; b < 2; b++) for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) for (let ch = 0; ch < 16; ch++) {
      const expected = ch < 4 || ch >= 12 ? 0 : ((b * 6 + 2 * r) * 6 + 2 * c) * 8 + (ch - 4);
      expect(data[((b * 3 + r) * 3 + c) * 16 + ch]).toBe(expected);
    }
    tf.dispose([x, y]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('seeded initialization', () => {
  it('same seed gives identical weights, another seed different ones, kernels within U(±√(6/fan_in))', () => {
    const read = (seed: number) => {
      const m = findModel('vgg-s')!.build(10);
      initWeights(m, seed);
      const w = m.getLayer('conv2').getWeights()[0].dataSync().slice() as Float32Array;
      m.dispose();
      return w;
    };
    const a = read(1);
    const b = read(1);
    const c = read(2);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    const bound = Math.sqrt(6 / (3 * 3 * 32));
    expect(Math.max(...Array.from(a, Math.abs))).toBeLessThanOrEqual(bound);
    expect(Math.max(...Array.from(a, Math.abs))).toBeGreaterThan(0.95 * bound);
  });
});
