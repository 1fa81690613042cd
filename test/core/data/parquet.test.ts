/**
 * The Hugging Face parquet layout: files written here with hyparquet-writer (PNG-encoded images,
 * the HF schema) load the same pixels as the binary file; CIFAR-100 keeps both labels; bad
 * files fail with clear messages. PNGs are encoded and decoded with pngjs in Node (the worker
 * uses createImageBitmap instead; the browser tests cover that path).
 */
import { describe, expect, it } from 'vitest';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { fakeCifar10Binary, hfParquet as hfParquetOf } from '../../../scripts/lib/cifar-fixtures.ts';
import { PNG } from 'pngjs';
import { readCifarParquet, type PngDecoder } from '../../../src/core/data/parquet.ts';
import { decodeCifarBinary } from '../../../src/core/data/cifar-binary.ts';
import { CIFAR10_CLASSES } from '../../../src/core/data/cifar-names.ts';
import type { ImageDataset } from '../../../src/core/data/dataset.ts';

/** The HF-schema parquet of `ds` (row groups of 25, so chunked reads cross them). */
const hfParquet = (ds: ImageDataset, labelColumns: { name: string; data: bigint[] }[], brokenRow?: number) => hfParquetOf(ds.images, ds.count, labelColumns, { brokenRow, rowGroupSize: 25 });

const testBatch = fakeCifar10Binary(100);
const N = 60;
const ref = decodeCifarBinary(testBatch.subarray(0, N * 3073), { variant: 'cifar10', classNames: CIFAR10_CLASSES, name: 'cifar10', split: 'test' });

const decodePng: PngDecoder = async (bytes) => {
  const png = PNG.sync.read(Buffer.from(bytes));
  return { width: png.width, height: png.height, rgba: png.data };
};

describe('CIFAR parquet (HF layout)', () => {
  it('CIFAR-10: same pixels and labels as the binary file, read in chunks with progress', async () => {
    const file = hfParquet(ref, [{ name: 'label', data: Array.from(ref.labels, BigInt) }]);
    const progress: number[] = [];
    const ds = await readCifarParquet(file, { decodePng, split: 'test', chunkRows: 16, onProgress: (d) => progress.push(d) });
    expect(ds.name).toBe('cifar10');
    expect(ds.count).toBe(N);
    expect(Buffer.from(ds.images).equals(Buffer.from(ref.images))).toBe(true);
    expect(Array.from(ds.labels)).toEqual(Array.from(ref.labels));
    expect(progress).toEqual([16, 32, 48, 60]);
  });

  it('CIFAR-100: fine and coarse labels', async () => {
    const fine = Array.from({ length: N }, (_, i) => BigInt((i * 37) % 100));
    const coarseL = Array.from({ length: N }, (_, i) => BigInt((i * 7) % 20));
    const file = hfParquet(ref, [{ name: 'fine_label', data: fine }, { name: 'coarse_label', data: coarseL }]);
    const ds = await readCifarParquet(file, { decodePng, split: 'train' });
    expect(ds.name).toBe('cifar100');
    expect(Array.from(ds.labels)).toEqual(fine.map(Number));
    expect(Array.from(ds.coarseLabels!)).toEqual(coarseL.map(Number));
    expect(ds.classNames).toHaveLength(100);
    expect(ds.coarseClassNames).toHaveLength(20);
    expect(Buffer.from(ds.images).equals(Buffer.from(ref.images))).toBe(true);
  });

  it('a parquet without the expected columns', async () => {
    const file = parquetWriteBuffer({ columnData: [{ name: 'image', data: ['x'] }, { name: 'target', data: [1] }] });
    await expect(readCifarParquet(file, { decodePng, split: 'x', source: 'odd.parquet' })).rejects.toThrow(/'odd.parquet' lacks the expected columns.*found image, target/);
  });

  it('a PNG that does not decode', async () => {
    const file = hfParquet({ ...ref, count: 3 }, [{ name: 'label', data: [1n, 2n, 3n] }], 1);
    await expect(readCifarParquet(file, { decodePng, split: 'x' })).rejects.toThrow(/the PNG of row 1 does not decode/);
  });

  it('bytes that are not parquet', async () => {
    await expect(readCifarParquet(new Uint8Array(testBatch.subarray(0, 5000)).buffer, { decodePng, split: 'x', source: 'test_batch.bin' })).rejects.toThrow(/'test_batch.bin' is not a readable parquet file/);
  });
});
