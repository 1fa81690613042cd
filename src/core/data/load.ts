/**
 * Loads CIFAR from the sources a user has: local files (picker or drop) and URLs. Detects each
 * file's format from its first bytes (gzip → tar archive, `PAR1` → parquet, else binary batches
 * or names files) and combines everything into one bundle. DOM-free: uses fetch, Blob streams
 * and DecompressionStream, which workers and Node both have.
 */
import { pacedStream, type PaceLimits } from './paced-stream.ts';
import { collectStream, countingStream, formatBytes, gzipDeclaredSize, isTarHeader, readTar, readTarGz, type ArchiveFile } from './archive.ts';
import { cifarFromFiles, type CifarBundle } from './cifar-files.ts';
import { readCifarParquet, type PngDecoder } from './parquet.ts';
import { concatDatasets, type CifarVariant } from './cifar-binary.ts';
import { throwIfCancelled } from '../cancel.ts';

/** What `loadCifar` needs of a file: a File or Blob with a name. */
export interface NamedBlob { name: string; size: number; slice(start?: number, end?: number): Blob; stream(): ReadableStream<Uint8Array>; arrayBuffer(): Promise<ArrayBuffer> }

export type DataSource = { kind: 'files'; files: NamedBlob[] } | { kind: 'url'; url: string };

export interface LoadOptions {
  decodePng: PngDecoder;
  /** Refuse inputs larger than this many bytes (compressed or decompressed). */
  maxBytes: number;
  /** Force the variant (a CIFAR-100 file given as CIFAR-10 then fails clearly). */
  expect?: CifarVariant;
  /** Bytes read so far and the total when known. */
  onBytes?: (done: number, total: number | null) => void;
  /** Images decoded so far (parquet). */
  onImages?: (done: number, total: number) => void;
  shouldCancel?: () => boolean;
  /** Injected for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** How slow a URL download may be before it is stopped (default DEFAULT_PACE). */
  pace?: PaceLimits;
}

const GZIP = [0x1f, 0x8b];
const PAR1 = [0x50, 0x41, 0x52, 0x31];
const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/** 'test' when the name says so (test_batch.bin, test-00000-of-00001.parquet), else 'train'. */
export function splitFromName(name: string): 'train' | 'test' {
  return /(^|[/_.-])test([/_.-]|$)/i.test(name.split('/').pop() ?? name) ? 'test' : 'train';
}

/** Merges bundles of one variant: train parts concatenate, test parts concatenate. */
function merge(bundles: CifarBundle[]): CifarBundle {
  const variants = new Set(bundles.map((b) => b.variant));
  if (variants.size > 1) throw new Error('The inputs mix CIFAR-10 and CIFAR-100');
  const pick = (k: 'train' | 'test') => bundles.flatMap((b) => (b[k] ? [b[k]!] : []));
  const out: CifarBundle = { variant: bundles[0].variant, used: bundles.flatMap((b) => b.used) };
  const train = pick('train');
  const test = pick('test');
  if (train.length) out.train = concatDatasets(train, 'train');
  if (test.length) out.test = concatDatasets(test, 'test');
  return out;
}

/**
 * Reads every source into one CIFAR bundle. Throws a user-readable Error (and reads nothing
 * more) on an HTTP error, a network/CORS failure, an input over `maxBytes`, or a bad file.
 */
export async function loadCifar(source: DataSource, opts: LoadOptions): Promise<CifarBundle> {
  if (source.kind === 'url') return loadUrl(source.url, opts);
  for (const f of source.files) {
    if (f.size > opts.maxBytes) throw new Error(`'${f.name}' is ${formatBytes(f.size)}, over the ${formatBytes(opts.maxBytes)} limit`);
  }
  const total = source.files.reduce((a, f) => a + f.size, 0);
  let done = 0;
  const loose: ArchiveFile[] = [];
  const bundles: CifarBundle[] = [];
  for (const f of source.files) {
    throwIfCancelled(opts.shouldCancel);
    const head = new Uint8Array(await f.slice(0, 4).arrayBuffer());
    if (startsWith(head, GZIP)) {
      // The gzip trailer declares the tar's size, so it is read straight into an exact buffer.
      const expectedBytes = gzipDeclaredSize(new Uint8Array(await f.slice(Math.max(0, f.size - 4)).arrayBuffer()));
      const before = done;
      const stream = countingStream(f.stream(), (n) => opts.onBytes?.(before + n, total), opts.shouldCancel);
      const files = await readTarGz(stream, { maxBytes: opts.maxBytes, expectedBytes: expectedBytes && expectedBytes <= opts.maxBytes ? expectedBytes : undefined });
      bundles.push(cifarFromFiles(files, { expect: opts.expect }));
    } else if (startsWith(head, PAR1)) {
      bundles.push(await parquetBundle(await f.arrayBuffer(), f.name, opts));
    } else if (f.size >= 512 && isTarHeader(new Uint8Array(await f.slice(0, 512).arrayBuffer()))) {
      bundles.push(cifarFromFiles(readTar(new Uint8Array(await f.arrayBuffer())), { expect: opts.expect }));
    } else {
      loose.push({ name: f.name, data: new Uint8Array(await f.arrayBuffer()) });
    }
    done += f.size;
    opts.onBytes?.(done, total);
  }
  if (loose.length) bundles.push(cifarFromFiles(loose, { expect: opts.expect }));
  return merge(bundles);
}

async function parquetBundle(buffer: ArrayBuffer, name: string, opts: LoadOptions): Promise<CifarBundle> {
  const split = splitFromName(name);
  const ds = await readCifarParquet(buffer, { decodePng: opts.decodePng, split, source: name, onProgress: opts.onImages, shouldCancel: opts.shouldCancel });
  if (opts.expect && ds.name !== opts.expect) throw new Error(`'${name}' is ${ds.name === 'cifar10' ? 'CIFAR-10' : 'CIFAR-100'}, not ${opts.expect === 'cifar10' ? 'CIFAR-10' : 'CIFAR-100'}`);
  return { variant: ds.name as CifarVariant, [split]: ds, used: [name] };
}

/** Reads the first chunk of a stream and returns it with a stream that still yields everything. */
async function peek(stream: ReadableStream<Uint8Array>): Promise<{ head: Uint8Array; stream: ReadableStream<Uint8Array> }> {
  const reader = stream.getReader();
  const first = await reader.read();
  const head = first.done ? new Uint8Array(0) : first.value;
  let sentHead = first.done;
  return {
    head,
    stream: new ReadableStream<Uint8Array>({
      async pull(ctrl) {
        if (!sentHead) {
          sentHead = true;
          ctrl.enqueue(head);
          return;
        }
        const { done, value } = await reader.read();
        if (done) ctrl.close();
        else ctrl.enqueue(value);
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    }),
  };
}

async function loadUrl(url: string, opts: LoadOptions): Promise<CifarBundle> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`'${url.slice(0, 100)}' is not a valid URL`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error(`Only http(s) URLs can be loaded, not ${parsed.protocol}`);
  const controller = new AbortController();
  let response: Response;
  try {
    response = await (opts.fetch ?? fetch)(parsed.href, { signal: controller.signal, mode: 'cors', credentials: 'omit' });
  } catch (err) {
    throw new Error(`Could not fetch ${parsed.href}: the network failed or the server does not allow cross-origin requests (CORS). ${err instanceof Error ? err.message : ''}`.trim());
  }
  if (!response.ok) {
    void response.body?.cancel().catch(() => undefined);
    throw new Error(`HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''} for ${parsed.href}`);
  }
  if (!response.body) throw new Error(`Empty response from ${parsed.href}`);
  const length = Number(response.headers.get('content-length')) || null;
  if (length !== null && length > opts.maxBytes) {
    controller.abort();
    throw new Error(`${parsed.href} is ${formatBytes(length)}, over the ${formatBytes(opts.maxBytes)} limit`);
  }
  const name = decodeURIComponent(parsed.pathname.split('/').pop() || 'download');
  // Progress and cancel are checked per chunk as the body streams in.
  const paced = pacedStream(response.body, parsed.href, opts.pace, () => controller.abort());
  const counted = countingStream(paced, (n) => opts.onBytes?.(n, length), () => {
    const stop = !!opts.shouldCancel?.();
    if (stop) controller.abort();
    return stop;
  });
  // Sniff the first chunk: a gzip body goes straight into the decompressor, never held whole.
  const { head, stream } = await peek(counted);
  if (startsWith(head, GZIP)) {
    return cifarFromFiles(await readTarGz(stream, { maxBytes: opts.maxBytes }), { expect: opts.expect });
  }
  const bytes = await collectStream(stream, { maxBytes: opts.maxBytes, expectedBytes: length ?? undefined, what: parsed.href });
  throwIfCancelled(opts.shouldCancel);
  if (startsWith(bytes, PAR1)) return parquetBundle(bytes.buffer as ArrayBuffer, name, opts);
  // An uncompressed tar, as from files: sniffed by its first header, whatever the URL's name.
  if (bytes.length >= 512 && isTarHeader(bytes.subarray(0, 512))) return cifarFromFiles(readTar(bytes), { expect: opts.expect });
  return cifarFromFiles([{ name, data: bytes }], { expect: opts.expect });
}
