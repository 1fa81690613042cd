/**
 * Reading .tar.gz archives as streams: the compressed bytes flow through DecompressionStream and
 * are never held whole (only the decompressed tar is), then `nanotar` splits the tar into files.
 * Works in workers and in Node ≥ 18 (both have DecompressionStream).
 */
import { parseTar } from 'nanotar';
import { CANCELLED_MESSAGE } from '../cancel.ts';

export interface ArchiveFile {
  /** Path inside the archive, e.g. 'cifar-10-batches-bin/test_batch.bin'. */
  name: string;
  /** The file's bytes (a view into the decompressed tar; copy before keeping long). */
  data: Uint8Array;
}

/**
 * Collects a byte stream into one exactly-sized Uint8Array (offset 0). With `expectedBytes` the
 * chunks go straight into a buffer of that size; otherwise they are kept as a list and copied
 * once at the end (peak: twice the data, briefly — never a power-of-two overshoot).
 * `onBytes` reports the running total. Throws when `maxBytes` is exceeded.
 */
export async function collectStream(stream: ReadableStream<Uint8Array>, opts: { maxBytes?: number; expectedBytes?: number; onBytes?: (n: number) => void; what?: string } = {}): Promise<Uint8Array> {
  const reader = stream.getReader();
  let direct = opts.expectedBytes !== undefined && opts.expectedBytes > 0 ? new Uint8Array(opts.expectedBytes) : null;
  let chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (opts.maxBytes !== undefined && size + value.length > opts.maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new Error(`${opts.what ?? 'The data'} is larger than the ${formatBytes(opts.maxBytes)} limit`);
    }
    if (direct && size + value.length > direct.length) {
      chunks = [direct.subarray(0, size)]; // the size hint was wrong: fall back to the list
      direct = null;
    }
    if (direct) direct.set(value, size);
    else chunks.push(value);
    size += value.length;
    opts.onBytes?.(size);
  }
  if (direct) return size === direct.length ? direct : direct.slice(0, size);
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * The decompressed size a gzip file declares in its last four bytes (ISIZE, mod 2^32), or
 * undefined for data too short to be gzip.
 */
export function gzipDeclaredSize(tail: Uint8Array): number | undefined {
  if (tail.length < 4) return undefined;
  const n = tail.length;
  return (tail[n - 4] | (tail[n - 3] << 8) | (tail[n - 2] << 16) | (tail[n - 1] << 24)) >>> 0;
}

/**
 * Passes a byte stream through, reporting the running total and stopping with the cancellation
 * error when `shouldCancel` says so.
 */
export function countingStream(stream: ReadableStream<Uint8Array>, onBytes?: (n: number) => void, shouldCancel?: () => boolean): ReadableStream<Uint8Array> {
  let seen = 0;
  return stream.pipeThrough(new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, ctrl) {
      if (shouldCancel?.()) {
        ctrl.error(new Error(CANCELLED_MESSAGE));
        return;
      }
      seen += chunk.length;
      onBytes?.(seen);
      ctrl.enqueue(chunk);
    },
  }));
}

/** 1536 → '1.5 KiB', 3e7 → '28.6 MiB'. */
export function formatBytes(n: number): string {
  if (n >= 2 ** 30) return `${(n / 2 ** 30).toFixed(1)} GiB`;
  if (n >= 2 ** 20) return `${(n / 2 ** 20).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}

/** True when `block` (512 bytes) is a tar header with a valid checksum (POSIX, GNU or v7). */
export function isTarHeader(block: Uint8Array): boolean {
  if (block.length < 512) return false;
  const field = new TextDecoder().decode(block.subarray(148, 156)).replace(/\0.*$/s, '').trim();
  if (!/^[0-7]+$/.test(field)) return false;
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : block[i];
  return sum === parseInt(field, 8);
}

/**
 * Decompresses a gzip stream and lists the regular files of the tar inside.
 * Throws a clear Error when the stream is not gzip or the content is not a tar.
 */
export async function readTarGz(stream: ReadableStream<Uint8Array>, opts: { maxBytes?: number; onBytes?: (n: number) => void; expectedBytes?: number } = {}): Promise<ArchiveFile[]> {
  let tar: Uint8Array;
  try {
    tar = await collectStream(stream.pipeThrough(new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>), { ...opts, what: 'The decompressed archive' });
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    if (msg === CANCELLED_MESSAGE || /limit/.test(msg)) throw err;
    throw new Error(`Could not read the archive: not a valid gzip file, or the download broke off (${msg})`);
  }
  return readTar(tar);
}

/**
 * Lists the regular files of an uncompressed tar (macOS `._*` resource files skipped). Throws
 * when `tar` is not a tar archive.
 */
export function readTar(tar: Uint8Array): ArchiveFile[] {
  if (!isTarHeader(tar.subarray(0, 512))) throw new Error('The archive does not contain a tar file (no valid tar header)');
  checkTarEntries(tar);
  // nanotar reads `data.buffer` from offset 0, so hand it a view that starts there.
  const whole = tar.byteOffset === 0 ? tar : tar.slice();
  return parseTar(whole)
    .filter((f) => !/(^|\/)\._/.test(f.name))
    .filter((f) => (f.type === 'file' || f.type === undefined) && f.data)
    .map((f) => ({ name: f.name, data: f.data! }));
}

/**
 * Walks the tar's headers before nanotar does: a size field that is not octal, or an entry that
 * runs past the end (a truncated or damaged archive), is a clear Error here instead of a
 * RangeError inside the parser.
 */
function checkTarEntries(tar: Uint8Array): void {
  const text = new TextDecoder();
  for (let at = 0; at + 512 <= tar.length;) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) return; // the end-of-archive blocks
    const name = text.decode(header.subarray(0, 100)).replace(/\0.*$/s, '');
    if (!isTarHeader(header)) throw new Error(`The tar archive is damaged: the header after '${name || 'the start'}' is not valid (offset ${at})`);
    const field = text.decode(header.subarray(124, 136)).replace(/\0.*$/s, '').trim();
    if (!/^[0-7]*$/.test(field)) throw new Error(`The tar archive is damaged: entry '${name}' has a size field '${field}' that is not a number`);
    const size = field ? parseInt(field, 8) : 0;
    const end = at + 512 + Math.ceil(size / 512) * 512;
    if (at + 512 + size > tar.length) throw new Error(`The tar archive is truncated: entry '${name}' declares ${size} bytes, ${Math.max(0, tar.length - at - 512)} remain`);
    at = end;
  }
}
