/**
 * CIFAR loading in Node: the shipped test_batch.bin decodes to 10,000 images with the file's exact
 * pixels; a .tar.gz built here from it loads the same; CIFAR-100 files made here in the exact
 * layout load with both label kinds; every bad input fails with a clear message.
 */
import { describe, expect, it } from 'vitest';
import { createTar, createTarGzip } from 'nanotar';
import { CIFAR10_RECORD_BYTES, CIFAR100_RECORD_BYTES, decodeCifarBinary, encodeCifar100Binary, encodeCifar10Binary } from '../../../src/core/data/cifar-binary.ts';
import { cifarFromFiles } from '../../../src/core/data/cifar-files.ts';
import { readTar, readTarGz } from '../../../src/core/data/archive.ts';
import { CIFAR100_COARSE_CLASSES, CIFAR100_FINE_CLASSES, CIFAR10_CLASSES } from '../../../src/core/data/cifar-names.ts';
import { fakeCifar10Binary, fakeCifar100 } from '../../../scripts/lib/cifar-fixtures.ts';
import { readCifar10 } from '../../fixtures/local-cifar10.ts';
import { cifar10Case } from '../golden-data.ts';

// Format checks run on seeded random records (400 of them: 1.2 MB, over the 1 MiB limit below);
// only the first describe reads the real test_batch.bin.
const testBatch = fakeCifar10Binary(400);
const meta = Buffer.from(`${CIFAR10_CLASSES.join('\n')}\n`);

const streamOf = (bytes: Uint8Array) => new Blob([bytes as Uint8Array<ArrayBuffer>]).stream();

describe('CIFAR-10 binary (the real test_batch.bin)', () => {
  cifar10Case()('has 10,000 images, 1,000 a class, with pixel bytes identical to the file', () => {
    const testBatch = readCifar10('test_batch.bin');
    const { test } = cifarFromFiles([{ name: 'test_batch.bin', data: testBatch }, { name: 'batches.meta.txt', data: readCifar10('batches.meta.txt') }]);
    expect(test!.count).toBe(10_000);
    expect(test!.classNames).toEqual([...CIFAR10_CLASSES]);
    const perClass = new Array(10).fill(0);
    test!.labels.forEach((l) => perClass[l]++);
    expect(perClass).toEqual(new Array(10).fill(1000));
    // Pixel identity: re-encoding the NHWC images gives the file back byte for byte.
    expect(Buffer.from(encodeCifar10Binary(test!)).equals(testBatch)).toBe(true);
    // And one pixel by hand: image 7, row 3, column 5, green = byte 1 + 1024 + 3·32 + 5 of record 7.
    expect(test!.images[((7 * 32 + 3) * 32 + 5) * 3 + 1]).toBe(testBatch[7 * CIFAR10_RECORD_BYTES + 1 + 1024 + 3 * 32 + 5]);
  });
});

describe('CIFAR-10 binary archives and batches (seeded records)', () => {

  it('a .tar.gz of the batch directory streams through gunzip + tar to the same images', async () => {
    const gz = await createTarGzip([
      { name: 'cifar-10-batches-bin/batches.meta.txt', data: meta },
      { name: 'cifar-10-batches-bin/test_batch.bin', data: testBatch },
      { name: 'cifar-10-batches-bin/readme.html', data: '<p>readme</p>' },
    ]);
    let seen = 0;
    const files = await readTarGz(streamOf(gz), { onBytes: (n) => { seen = n; } });
    expect(seen).toBeGreaterThan(testBatch.length);
    const { test, train, variant } = cifarFromFiles(files);
    expect(variant).toBe('cifar10');
    expect(train).toBeUndefined();
    expect(Buffer.from(encodeCifar10Binary(test!)).equals(testBatch)).toBe(true);
  });

  it('several data_batch files concatenate in batch order into the train split', () => {
    const a = testBatch.subarray(0, 3 * CIFAR10_RECORD_BYTES);
    const b = testBatch.subarray(3 * CIFAR10_RECORD_BYTES, 5 * CIFAR10_RECORD_BYTES);
    const { train } = cifarFromFiles([{ name: 'data_batch_2.bin', data: b }, { name: 'data_batch_1.bin', data: a }]);
    expect(train!.count).toBe(5);
    expect(Buffer.from(encodeCifar10Binary(train!)).equals(testBatch.subarray(0, 5 * CIFAR10_RECORD_BYTES))).toBe(true);
  });
});

describe('CIFAR-100 binary (files made here in the official layout)', () => {
  it('train.bin / test.bin load with fine and coarse labels', async () => {
    const train = fakeCifar100(40, 1);
    const test = fakeCifar100(12, 2);
    const trainBin = encodeCifar100Binary(train);
    expect(trainBin.length).toBe(40 * CIFAR100_RECORD_BYTES);
    // Layout by hand: record 3 = coarse, fine, then R plane.
    expect(trainBin[3 * CIFAR100_RECORD_BYTES]).toBe(train.coarseLabels![3]);
    expect(trainBin[3 * CIFAR100_RECORD_BYTES + 1]).toBe(train.labels[3]);
    expect(trainBin[3 * CIFAR100_RECORD_BYTES + 2]).toBe(train.images[3 * 3072]);
    const tar = createTar([
      { name: 'cifar-100-binary/train.bin', data: trainBin },
      { name: 'cifar-100-binary/test.bin', data: encodeCifar100Binary(test) },
      { name: 'cifar-100-binary/fine_label_names.txt', data: CIFAR100_FINE_CLASSES.join('\n') },
      { name: 'cifar-100-binary/coarse_label_names.txt', data: CIFAR100_COARSE_CLASSES.join('\n') },
    ]);
    const bundle = cifarFromFiles(readTar(tar));
    expect(bundle.variant).toBe('cifar100');
    for (const [got, want] of [[bundle.train!, train], [bundle.test!, test]] as const) {
      expect(got.count).toBe(want.count);
      expect(Array.from(got.labels)).toEqual(Array.from(want.labels));
      expect(Array.from(got.coarseLabels!)).toEqual(Array.from(want.coarseLabels!));
      expect(Buffer.from(got.images).equals(Buffer.from(want.images))).toBe(true);
      expect(got.classNames).toHaveLength(100);
      expect(got.coarseClassNames).toHaveLength(20);
    }
  });
});

describe('bad inputs give clear messages', () => {
  it('a truncated .bin', () => {
    expect(() => cifarFromFiles([{ name: 'test_batch.bin', data: testBatch.subarray(0, 5000) }])).toThrow(/5000 bytes, not a whole number of 3073-byte CIFAR-10 records.*truncated/);
  });

  it('a CIFAR-100 file given as CIFAR-10', () => {
    const bin = encodeCifar100Binary(fakeCifar100(10, 3));
    expect(() => cifarFromFiles([{ name: 'train.bin', data: bin }], { expect: 'cifar10' })).toThrow(/looks like CIFAR-100/);
  });

  it('a CIFAR-10 label above 9', () => {
    const bad = testBatch.slice(0, 2 * CIFAR10_RECORD_BYTES);
    bad[CIFAR10_RECORD_BYTES] = 42;
    expect(() => decodeCifarBinary(bad, { variant: 'cifar10', classNames: CIFAR10_CLASSES, name: 'c', split: 't' })).toThrow(/record 1 has label 42/);
  });

  it('a gzip that is not a tar, and data that is not gzip', async () => {
    const gzNotTar = await new Response(streamOf(new TextEncoder().encode('hello, not a tar at all '.repeat(100))).pipeThrough(new CompressionStream('gzip'))).bytes();
    await expect(readTarGz(streamOf(gzNotTar))).rejects.toThrow(/does not contain a tar file/);
    await expect(readTarGz(streamOf(testBatch.subarray(0, 4096)))).rejects.toThrow(/not a valid gzip file/);
  });

  it('a tar without batch files', async () => {
    const gz = await createTarGzip([{ name: 'notes/readme.txt', data: 'nothing here' }]);
    const files = await readTarGz(streamOf(gz));
    expect(() => cifarFromFiles(files)).toThrow(/No CIFAR batch files found.*readme\.txt/);
  });

  it('an archive over the size limit', async () => {
    const gz = await createTarGzip([{ name: 'test_batch.bin', data: testBatch }]);
    await expect(readTarGz(streamOf(gz), { maxBytes: 1 << 20 })).rejects.toThrow(/larger than the 1.0 MiB limit/);
  });
});

describe('a loose file whose size fits no record length', () => {
  it('is reported as truncated', () => {
    expect(() => cifarFromFiles([{ name: 'mystery.bin', data: new Uint8Array(5000) }])).toThrow(/'mystery.bin' is 5000 bytes: not a whole number of 3073-byte CIFAR-10 or 3074-byte CIFAR-100 records \(truncated\?\)/);
  });
});
