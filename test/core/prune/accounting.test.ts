import { describe, expect, it } from 'vitest';
import {
  accountParams,
  convKernelCost,
  denseKernelCost,
  type ParamGroup,
} from '../../../src/core/prune/accounting.ts';
import { resnetA, vgg16 } from './archs.ts';

/** MACs in millions, rounded to 0.01M as METHOD §5 prints them. */
const mMacs = (m: number): number => Math.round(m / 1e4) / 100;

/** Mask of length n with the first k entries pruned. */
function prefixMask(n: number, k: number): Uint8Array {
  const m = new Uint8Array(n).fill(1);
  m.fill(0, 0, k);
  return m;
}

describe('accountParams on METHOD §5 reference architectures (dense)', () => {
  it('VGG16 C10 (Dense512-BN1d-Dense10)', () => {
    const a = vgg16(10, 'bn512');
    const r = accountParams(a.groups, a.kernels, {});
    const conv = a.kernels.filter((k) => k.kind === 'conv').reduce((s, k) => s + k.size, 0);
    const fc = a.kernels.filter((k) => k.kind === 'dense').reduce((s, k) => s + k.size, 0);
    expect(a.kernels.filter((k) => k.kind === 'conv').map((k) => k.size)).toEqual([
      1728, 36864, 73728, 147456, 294912, 589824, 589824, 1179648, 2359296, 2359296, 2359296, 2359296, 2359296,
    ]);
    expect(conv).toBe(14_710_464);
    expect(fc).toBe(267_264);
    expect(r.weights.total).toBe(14_977_728);
    expect(r.trainable.total).toBe(14_991_946);
    expect(r.thop.total).toBe(14_982_474);
    expect(r.macs.total).toBe(313_464_330);
    expect(mMacs(r.macs.total)).toBe(313.46);
    expect(r.macs.effective).toBe(r.macs.total);
    for (const c of [r.weights, r.trainable, r.thop]) {
      expect(c.removed).toBe(0);
      expect(c.remaining).toBe(c.total);
      expect(c.removedPercent).toBe(0);
    }
    expect(r.kernels.every((row) => row.kept === row.size && row.sparsity === 0)).toBe(true);
  });

  it('VGG16 C10 variants: 512→10 only, 4096-4096', () => {
    const lin = accountParams(vgg16(10, 'linear').groups, vgg16(10, 'linear').kernels, {});
    expect(lin.weights.total).toBe(14_710_464 + 5_120);
    expect(lin.trainable.total).toBe(14_728_266);
    expect(mMacs(lin.macs.total)).toBe(313.2);
    const big = vgg16(10, 'fc4096');
    const r = accountParams(big.groups, big.kernels, {});
    expect(r.weights.total).toBe(14_710_464 + 18_915_328);
    expect(r.trainable.total).toBe(33_646_666);
    // CODE convention (in·out + out) gives 332,120,074 = 332.12M. METHOD §5 prints 332.11M, which
    // is the count WITHOUT dense bias adds (332,111,872); the other rows agree either way.
    expect(r.macs.total).toBe(332_120_074);
    expect(mMacs(r.macs.total)).toBe(332.12);
    const biasAdds = big.kernels.reduce((s, k) => s + k.extraMacs, 0);
    expect(mMacs(r.macs.total - biasAdds)).toBe(332.11);
  });

  it('ResNet-20 and ResNet-56 option A', () => {
    const r20 = resnetA(3, 10);
    const a20 = accountParams(r20.groups, r20.kernels, new Map());
    expect(r20.kernels.length).toBe(20); // 19 convs + FC
    expect(a20.weights.total).toBe(267_696 + 640);
    expect(a20.trainable.total).toBe(269_722);
    expect(a20.thop.total).toBe(268_346);
    expect(mMacs(a20.macs.total)).toBe(40.55);
    const r56 = resnetA(9, 10);
    const a56 = accountParams(r56.groups, r56.kernels, {});
    expect(a56.weights.total).toBe(848_304 + 640);
    expect(a56.trainable.total).toBe(853_018);
    expect(a56.thop.total).toBe(848_954);
    expect(mMacs(a56.macs.total)).toBe(125.49);
    const r56c100 = resnetA(9, 100);
    const b = accountParams(r56c100.groups, r56c100.kernels, {});
    expect(b.trainable.total).toBe(858_868);
    expect(b.thop.total).toBe(854_804);
  });

  it('VGG16: α = 0.8 on convs plus 99.73 % on FC removes 80.35 % of weights (METHOD §6)', () => {
    const a = vgg16(10, 'bn512');
    const masks = new Map<string, Uint8Array>();
    for (const k of a.kernels) {
      const s = k.kind === 'conv' ? 0.8 : 0.9973;
      masks.set(k.name, prefixMask(k.size, Math.round(s * k.size)));
    }
    const r = accountParams(a.groups, a.kernels, masks);
    expect(r.weights.removedPercent.toFixed(2)).toBe('80.35');
    expect(r.trainable.removed).toBe(r.weights.removed); // only kernels are masked
    expect(r.macs.effective).toBeLessThan(r.macs.total);
  });
});

describe('accountParams on a hand-computed masked model', () => {
  // conv: 2×2 kernel, Cin 1, Cout 2 (8 weights) on a 3×3 output map, bias 2, BN 2+2;
  // dense: 4→3 (12 weights), bias 3.
  const conv = convKernelCost('conv/kernel', 2, 2, 1, 2, 3, 3);
  const dense = denseKernelCost('fc/kernel', 4, 3);
  const groups: ParamGroup[] = [
    { name: 'conv/kernel', role: 'conv-kernel', size: 8 },
    { name: 'conv/bias', role: 'conv-bias', size: 2 },
    { name: 'bn/gamma', role: 'bn-gamma', size: 2 },
    { name: 'bn/beta', role: 'bn-beta', size: 2 },
    { name: 'fc/kernel', role: 'dense-kernel', size: 12 },
    { name: 'fc/bias', role: 'dense-bias', size: 3 },
  ];
  const masks = {
    'conv/kernel': new Uint8Array([1, 0, 1, 0, 1, 1, 0, 1]), // 3 pruned, 5 kept
    'fc/kernel': new Uint8Array([0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1]), // 6 pruned, 6 kept
    'conv/bias': new Uint8Array([1, 0]), // filter-style bias mask: 1 pruned
  };

  it('counts every convention and MACs by hand', () => {
    const r = accountParams(groups, [conv, dense], masks);
    expect(r.weights).toEqual({ total: 20, removed: 9, remaining: 11, removedPercent: 45 });
    expect(r.trainable).toEqual({ total: 29, removed: 10, remaining: 19, removedPercent: (100 * 10) / 29 });
    expect(r.thop).toEqual({ total: 25, removed: 10, remaining: 15, removedPercent: 40 });
    // dense MACs: 8·9 + 12 + 3 = 87; effective: 5·9 + 6 + 3 = 54.
    expect(r.macs).toEqual({ total: 87, effective: 54, removed: 33, removedPercent: (100 * 33) / 87 });
    expect(r.kernels).toEqual([
      { name: 'conv/kernel', kind: 'conv', size: 8, kept: 5, sparsity: 3 / 8, macs: 72, effectiveMacs: 45 },
      { name: 'fc/kernel', kind: 'dense', size: 12, kept: 6, sparsity: 0.5, macs: 15, effectiveMacs: 9 },
    ]);
    // A Map gives the same result as a Record.
    expect(accountParams(groups, [conv, dense], new Map(Object.entries(masks)))).toEqual(r);
  });

  it('validates masks, kernel costs and groups', () => {
    expect(() => accountParams(groups, [conv, dense], { 'conv/kernel': new Uint8Array(7) })).toThrow(RangeError);
    expect(() => accountParams(groups, [conv, dense], { nope: new Uint8Array(1) })).toThrow(RangeError);
    expect(() => accountParams(groups, [conv], {})).toThrow(RangeError); // fc kernel without a cost
    expect(() => accountParams(groups, [conv, { ...dense, size: 11 }], {})).toThrow(RangeError);
    expect(() => accountParams(groups, [conv, { ...dense, kind: 'conv' }], {})).toThrow(RangeError);
    expect(() => accountParams([...groups, groups[0]], [conv, dense], {})).toThrow(RangeError);
  });
});
