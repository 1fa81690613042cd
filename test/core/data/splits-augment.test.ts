/**
 * Splits are deterministic, disjoint where they must be, and sized as asked; augmentation equals
 * a plain per-pixel reference (pad 4 with black, crop, flip, normalize) within 1e-6.
 */
import { describe, expect, it } from 'vitest';
import { splitTrain, subset } from '../../../src/core/data/splits.ts';
import { augmentToFloat, PAD } from '../../../src/core/data/augment.ts';
import { generateShapes10 } from '../../../src/core/data/shapes10.ts';
import { CIFAR_MEAN, CIFAR_STD } from '../../../src/core/data/dataset.ts';
import { Rng } from '../../../src/core/rng.ts';

const train = generateShapes10('train', { count: 1000 });
/** Identifies an image by its bytes, so splits can be compared by content. */
const key = (ds: typeof train, i: number) => Buffer.from(ds.images.subarray(i * 3072, (i + 1) * 3072)).toString('base64');

describe('splitTrain', () => {
  it('same seed, same splits; reward and train disjoint and covering; calibration inside train', () => {
    const a = splitTrain(train, 5, { reward: 200, calibration: 128 });
    const b = splitTrain(train, 5, { reward: 200, calibration: 128 });
    const c = splitTrain(train, 6, { reward: 200, calibration: 128 });
    expect(a.reward.count).toBe(200);
    expect(a.train.count).toBe(800);
    expect(a.calibration.count).toBe(128);
    expect(Buffer.from(a.reward.images).equals(Buffer.from(b.reward.images))).toBe(true);
    expect(Buffer.from(a.reward.images).equals(Buffer.from(c.reward.images))).toBe(false);
    const rewardKeys = new Set(Array.from({ length: 200 }, (_, i) => key(a.reward, i)));
    const trainKeys = new Set(Array.from({ length: 800 }, (_, i) => key(a.train, i)));
    expect([...rewardKeys].some((k) => trainKeys.has(k))).toBe(false);
    expect(rewardKeys.size + trainKeys.size).toBe(1000);
    for (let i = 0; i < 128; i++) expect(trainKeys.has(key(a.calibration, i))).toBe(true);
  });

  it('refuses sizes that do not fit', () => {
    expect(() => splitTrain(train, 1, { reward: 1000, calibration: 10 })).toThrow(/does not fit/);
    expect(() => splitTrain(train, 1, { reward: 500, calibration: 501 })).toThrow(/does not fit/);
  });

  it('subset copies the chosen images and labels', () => {
    const s = subset(train, [3, 1], 'x');
    expect(Array.from(s.labels)).toEqual([train.labels[3], train.labels[1]]);
    expect(key(s, 0)).toBe(key(train, 3));
  });
});

describe('augmentToFloat', () => {
  it('equals a plain reference of pad-4 crop + flip + normalize', () => {
    const idx = [0, 5, 9, 17];
    const out = augmentToFloat(train, idx, new Rng(4));
    const rng = new Rng(4);
    for (let j = 0; j < idx.length; j++) {
      const dy = rng.int(9) - PAD;
      const dx = rng.int(9) - PAD;
      const flip = rng.next() < 0.5;
      // Reference: build the 40×40 padded image, crop at (dy+4, dx+4), then flip the crop.
      const padded = new Uint8Array(40 * 40 * 3);
      for (let y = 0; y < 32; y++) for (let x = 0; x < 32; x++) for (let c = 0; c < 3; c++) padded[((y + 4) * 40 + x + 4) * 3 + c] = train.images[idx[j] * 3072 + (y * 32 + x) * 3 + c];
      for (let y = 0; y < 32; y++) for (let x = 0; x < 32; x++) for (let c = 0; c < 3; c++) {
        const cx = flip ? 31 - x : x;
        const raw = padded[((y + dy + 4) * 40 + cx + dx + 4) * 3 + c];
        const want = (raw / 255 - CIFAR_MEAN[c]) / CIFAR_STD[c];
        expect(Math.abs(out[j * 3072 + (y * 32 + x) * 3 + c] - want)).toBeLessThan(1e-6);
      }
    }
  });

  it('is seeded: same state, same batch; and actually crops and flips', () => {
    const a = augmentToFloat(train, [1, 2, 3, 4, 5, 6, 7, 8], new Rng(9));
    const b = augmentToFloat(train, [1, 2, 3, 4, 5, 6, 7, 8], new Rng(9));
    const c = augmentToFloat(train, [1, 2, 3, 4, 5, 6, 7, 8], new Rng(10));
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });
});
