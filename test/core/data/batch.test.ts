import { describe, it, expect } from 'vitest';
import { batchRanges, normalizeToFloat } from '../../../src/core/data/batch';
import type { ImageDataset } from '../../../src/core/data/dataset';

/** Two 32×32×3 images, all zero except a few hand-set pixels. */
function tinyDataset(): ImageDataset {
  const images = new Uint8Array(2 * 32 * 32 * 3);
  images.set([0, 128, 255], 0); // image 0, pixel (0,0)
  images.set([10, 200, 77], 1 * 3072 + (5 * 32 + 7) * 3); // image 1, row 5, column 7
  return { name: 't', split: 'test', images, labels: new Uint8Array([3, 4]), count: 2, height: 32, width: 32, channels: 3, classNames: [] };
}

describe('normalizeToFloat', () => {
  it('matches hand-computed (x/255 − mean)/std with the CIFAR constants', () => {
    const ds = tinyDataset();
    const all = normalizeToFloat(ds, 0, 2);
    expect(all.length).toBe(2 * 32 * 32 * 3);
    // (0/255 − 0.4914)/0.2023, (128/255 − 0.4822)/0.1994, (255/255 − 0.4465)/0.201
    expect(Math.abs(all[0] - -2.4290657439446366)).toBeLessThan(1e-6);
    expect(Math.abs(all[1] - 0.09910122524436041)).toBeLessThan(1e-6);
    expect(Math.abs(all[2] - 2.7537313432835817)).toBeLessThan(1e-6);
    // (10/255 − 0.4914)/0.2023, (200/255 − 0.4822)/0.1994, (77/255 − 0.4465)/0.201
    const o = 3072 + (5 * 32 + 7) * 3;
    expect(Math.abs(all[o] - -2.235216577980673)).toBeLessThan(1e-6);
    expect(Math.abs(all[o + 1] - 1.5151139693590574)).toBeLessThan(1e-6);
    expect(Math.abs(all[o + 2] - -0.7191005755536046)).toBeLessThan(1e-6);
    // A zero pixel of image 1 in the green channel: −0.4822/0.1994.
    expect(Math.abs(all[3072 + 1] - -2.4182547642928787)).toBeLessThan(1e-6);
  });

  it('returns only the asked range, and honours custom mean/std', () => {
    const ds = tinyDataset();
    const one = normalizeToFloat(ds, 1, 2, [0.5, 0.5, 0.5], [0.25, 0.25, 0.25]);
    expect(one.length).toBe(3072);
    const o = (5 * 32 + 7) * 3;
    expect(Math.abs(one[o] - (10 / 255 - 0.5) / 0.25)).toBeLessThan(1e-6);
    expect(Math.abs(one[0] - -2)).toBeLessThan(1e-6);
    expect(normalizeToFloat(ds, 1, 1).length).toBe(0);
  });

  it('rejects ranges outside the dataset', () => {
    const ds = tinyDataset();
    expect(() => normalizeToFloat(ds, 0, 3)).toThrow(RangeError);
    expect(() => normalizeToFloat(ds, 2, 1)).toThrow(RangeError);
    expect(() => normalizeToFloat(ds, -1, 1)).toThrow(RangeError);
  });
});

describe('batchRanges', () => {
  it('covers [0, count) in order with a short last batch', () => {
    expect(batchRanges(10, 4)).toEqual([
      [0, 4],
      [4, 8],
      [8, 10],
    ]);
    expect(batchRanges(8, 4)).toEqual([
      [0, 4],
      [4, 8],
    ]);
    expect(batchRanges(3, 100)).toEqual([[0, 3]]);
    expect(batchRanges(0, 32)).toEqual([]);
  });

  it('rejects a batch size below 1', () => {
    expect(() => batchRanges(10, 0)).toThrow(RangeError);
    expect(() => batchRanges(-1, 4)).toThrow(RangeError);
  });
});
