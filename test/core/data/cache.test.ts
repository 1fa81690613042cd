import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DatasetCache, filesKey } from '../../../src/core/data/cache.ts';
import { generateShapes10 } from '../../../src/core/data/shapes10.ts';
import type { CifarBundle } from '../../../src/core/data/cifar-files.ts';

describe('DatasetCache (IndexedDB via idb; fake-indexeddb in Node)', () => {
  it('put, list, get (identical bytes), delete; survives reopening', async () => {
    const test = { ...generateShapes10('test', { count: 20 }), name: 'cifar10' };
    const bundle: CifarBundle = { variant: 'cifar10', test, used: ['test_batch.bin'] };
    const cache = await DatasetCache.open('t1');
    const entry = await cache.put('https://x.test/test_batch.bin', 'https://x.test/test_batch.bin', bundle);
    expect(entry.bytes).toBe(20 * 3072 + 20);
    expect(entry.counts).toEqual({ train: 0, test: 20 });
    cache.close();
    const again = await DatasetCache.open('t1');
    expect((await again.list()).map((e) => e.key)).toEqual(['https://x.test/test_batch.bin']);
    expect((await again.entry('https://x.test/test_batch.bin'))?.counts).toEqual({ train: 0, test: 20 });
    const got = await again.get('https://x.test/test_batch.bin');
    expect(Buffer.from(got!.test!.images).equals(Buffer.from(test.images))).toBe(true);
    expect(Array.from(got!.test!.labels)).toEqual(Array.from(test.labels));
    await again.delete('https://x.test/test_batch.bin');
    expect(await again.list()).toEqual([]);
    expect(await again.get('https://x.test/test_batch.bin')).toBeUndefined();
    again.close();
  });

  it('file keys depend on names, sizes and dates, not order', () => {
    const a = { name: 'a.bin', size: 3, lastModified: 1 };
    const b = { name: 'b.bin', size: 4, lastModified: 2 };
    expect(filesKey([a, b])).toBe(filesKey([b, a]));
    expect(filesKey([a])).not.toBe(filesKey([{ ...a, size: 5 }]));
  });
});
