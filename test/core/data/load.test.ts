/**
 * loadCifar over files (File objects, as a picker or drop gives them) and URLs (an injected fetch
 * standing in for the network): formats are sniffed, bundles merged, errors are clear.
 */
import { describe, expect, it } from 'vitest';
import { createTar, createTarGzip } from 'nanotar';
import { loadCifar, splitFromName, type LoadOptions } from '../../../src/core/data/load.ts';
import { encodeCifar10Binary } from '../../../src/core/data/cifar-binary.ts';
import { fakeCifar10Binary } from '../../../scripts/lib/cifar-fixtures.ts';

const small = fakeCifar10Binary(300);
const opts: LoadOptions = { decodePng: async () => { throw new Error('no PNG here'); }, maxBytes: 64 * 2 ** 20 };
const file = (name: string, data: Uint8Array | string) => new File([data as BlobPart], name);
const fakeFetch = (make: () => Response | Promise<Response>) => (async () => make()) as unknown as typeof fetch;

describe('loadCifar from files', () => {
  it('a loose test_batch.bin and a data_batch merge into test and train', async () => {
    const bundle = await loadCifar({ kind: 'files', files: [file('test_batch.bin', small), file('data_batch_1.bin', small.subarray(0, 100 * 3073))] }, opts);
    expect(bundle.variant).toBe('cifar10');
    expect(bundle.test!.count).toBe(300);
    expect(bundle.train!.count).toBe(100);
    expect(Buffer.from(encodeCifar10Binary(bundle.test!)).equals(small)).toBe(true);
  });

  it('sniffs a .tar.gz by its bytes, whatever its name', async () => {
    const gz = await createTarGzip([{ name: 'cifar-10-batches-bin/test_batch.bin', data: small }]);
    const progress: number[] = [];
    const bundle = await loadCifar({ kind: 'files', files: [file('download', gz)] }, { ...opts, onBytes: (d) => progress.push(d) });
    expect(bundle.test!.count).toBe(300);
    expect(progress.at(-1)).toBe(gz.length);
  });

  it('refuses a file over the size limit before reading it', async () => {
    await expect(loadCifar({ kind: 'files', files: [file('test_batch.bin', small)] }, { ...opts, maxBytes: 1000 })).rejects.toThrow(/over the 1000 bytes limit/);
  });

  it('names tell train from test', () => {
    expect(splitFromName('plain_text/test-00000-of-00001.parquet')).toBe('test');
    expect(splitFromName('train-00000-of-00001.parquet')).toBe('train');
    expect(splitFromName('latest.parquet')).toBe('train');
  });
});

describe('loadCifar from a URL', () => {
  it('downloads with byte progress and decodes', async () => {
    const progress: [number, number | null][] = [];
    const bundle = await loadCifar({ kind: 'url', url: 'https://example.test/data/test_batch.bin' }, {
      ...opts,
      fetch: fakeFetch(() => new Response(small, { headers: { 'content-length': String(small.length) } })),
      onBytes: (d, t) => progress.push([d, t]),
    });
    expect(bundle.test!.count).toBe(300);
    expect(progress.at(-1)).toEqual([small.length, small.length]);
  });

  it('sniffs a plain tar by its bytes and merges its batches', async () => {
    const tar = createTar([{ name: 'cifar-10-batches-bin/data_batch_1.bin', data: small.subarray(0, 100 * 3073) }, { name: 'cifar-10-batches-bin/test_batch.bin', data: small }]);
    const bundle = await loadCifar({ kind: 'url', url: 'https://example.test/data/download' }, { ...opts, fetch: fakeFetch(() => new Response(tar as BlobPart)) });
    expect([bundle.train!.count, bundle.test!.count]).toEqual([100, 300]);
    expect(Buffer.from(encodeCifar10Binary(bundle.test!)).equals(small)).toBe(true);
  });

  it('HTTP 404, a network/CORS failure, a bad URL and a too-large body are clear errors', async () => {
    const url = { kind: 'url', url: 'https://example.test/x.bin' } as const;
    await expect(loadCifar(url, { ...opts, fetch: fakeFetch(() => new Response('no', { status: 404, statusText: 'Not Found' })) })).rejects.toThrow(/HTTP 404 Not Found for https:\/\/example.test\/x.bin/);
    await expect(loadCifar(url, { ...opts, fetch: fakeFetch(() => { throw new TypeError('Failed to fetch'); }) })).rejects.toThrow(/network failed or the server does not allow cross-origin requests \(CORS\)/);
    await expect(loadCifar({ kind: 'url', url: 'javascript:alert(1)' }, opts)).rejects.toThrow(/Only http\(s\) URLs/);
    await expect(loadCifar({ kind: 'url', url: 'not a url' }, opts)).rejects.toThrow(/not a valid URL/);
    await expect(loadCifar(url, { ...opts, maxBytes: 1000, fetch: fakeFetch(() => new Response(small, { headers: { 'content-length': String(small.length) } })) })).rejects.toThrow(/over the 1000 bytes limit/);
    // Without a content-length the limit still holds while streaming.
    await expect(loadCifar(url, { ...opts, maxBytes: 1000, fetch: fakeFetch(() => new Response(new Blob([small]).stream())) })).rejects.toThrow(/larger than the 1000 bytes limit/);
  });

  it('cancel stops a download', async () => {
    await expect(loadCifar({ kind: 'url', url: 'https://example.test/test_batch.bin' }, { ...opts, shouldCancel: () => true, fetch: fakeFetch(() => new Response(new Blob([small]).stream())) })).rejects.toThrow(/Cancelled/);
  });
});
