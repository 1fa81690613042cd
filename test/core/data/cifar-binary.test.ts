import { describe, it, expect } from 'vitest';
import { CIFAR10_RECORD_BYTES, decodeCifar10Binary, encodeCifar10Binary } from '../../../src/core/data/cifar-binary';
import { generateShapes10, SHAPES10_CLASSES } from '../../../src/core/data/shapes10';
import type { ImageDataset } from '../../../src/core/data/dataset';

describe('CIFAR-10 binary layout', () => {
  const ds = generateShapes10('test', { count: 40 });

  it('encode → decode is byte-identical (and re-encodes to the same bytes)', () => {
    const bytes = encodeCifar10Binary(ds);
    expect(CIFAR10_RECORD_BYTES).toBe(3073);
    expect(bytes.length).toBe(40 * 3073);
    const back = decodeCifar10Binary(bytes, SHAPES10_CLASSES, 'shapes10', 'test');
    expect(back.count).toBe(40);
    expect(back).toMatchObject({ name: 'shapes10', split: 'test', height: 32, width: 32, channels: 3 });
    expect(Buffer.from(back.images).equals(Buffer.from(ds.images))).toBe(true);
    expect(Buffer.from(back.labels).equals(Buffer.from(ds.labels))).toBe(true);
    expect(Buffer.from(encodeCifar10Binary(back)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('puts the label byte at i*3073, then the R, G and B planes', () => {
    const bytes = encodeCifar10Binary(ds);
    const i = 17;
    const rec = i * 3073;
    const img = i * 3072; // NHWC offset of image i
    expect(bytes[rec]).toBe(ds.labels[i]);
    // R plane first: pixel 0 then pixel 1 (NHWC stride 3), then the G plane at +1024, B at +2048.
    expect(bytes[rec + 1]).toBe(ds.images[img]);
    expect(bytes[rec + 2]).toBe(ds.images[img + 3]);
    const p = 5 * 32 + 9; // row 5, column 9
    expect(bytes[rec + 1 + p]).toBe(ds.images[img + p * 3]);
    expect(bytes[rec + 1 + 1024 + p]).toBe(ds.images[img + p * 3 + 1]);
    expect(bytes[rec + 1 + 2048 + p]).toBe(ds.images[img + p * 3 + 2]);
  });

  it('decodes a hand-made record into NHWC', () => {
    const rec = new Uint8Array(3073);
    rec[0] = 2;
    rec[1 + 33] = 11; // R of row 1, column 1
    rec[1 + 1024 + 33] = 22; // G
    rec[1 + 2048 + 33] = 33; // B
    const d = decodeCifar10Binary(rec, ['a', 'b', 'c'], 'x', 'train');
    expect(d.labels[0]).toBe(2);
    expect(Array.from(d.images.subarray(33 * 3, 33 * 3 + 3))).toEqual([11, 22, 33]);
    expect(d.classNames).toEqual(['a', 'b', 'c']);
  });

  it('rejects truncated buffers and out-of-range labels', () => {
    const bytes = encodeCifar10Binary(ds);
    expect(() => decodeCifar10Binary(bytes.subarray(0, bytes.length - 1), SHAPES10_CLASSES, 's', 'test')).toThrow(/3073/);
    expect(() => decodeCifar10Binary(bytes, ['only', 'two'], 's', 'test')).toThrow(/label/);
  });

  it('rejects images that are not 32×32×3', () => {
    const bad: ImageDataset = { ...ds, height: 16, width: 16, images: new Uint8Array(16 * 16 * 3), count: 1, labels: new Uint8Array(1) };
    expect(() => encodeCifar10Binary(bad)).toThrow(/32×32×3/);
  });
});
