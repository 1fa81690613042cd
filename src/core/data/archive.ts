/**
 * Reading .tar.gz archives as streams: the compressed bytes flow through DecompressionStream and
 * are never held whole (only the decompressed tar is), then `nanotar` splits the tar into files.
 * Works in workers and in Node ≥ 18 (both have DecompressionStream).
 */
import { parseTar } from 'nanotar';

export interface ArchiveFile {
  /** Path inside the archive, e.g. 'cifar-10-batches-bin/test_batch.bin'. */
  name: string;
  /** The file's bytes (a view into the decompressed tar; copy before keeping long). */
  data: Uint8Array;
}

/**
 * Collects a byte stream into one Uint8Array, growing the buffer geometrically.
 * `onBytes` reports the running total. Throws when `maxBytes` is exceeded.
 */
export async function collectStream(stream: ReadableStream<Uint8Array>, opts: { maxBytes?: number; onBytes?: (n: number) => void; what?: string } = {}): Promise<Uint8Array> {
  const reader = stream.getReader();
  let buf = new Uint8Array(1 << 20);
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (opts.maxBytes !== undefined && size + value.length > opts.maxBytes) {
      await reader.cancel();
      throw new Error(`${opts.what ?? 'The data'} is larger than the ${formatBytes(opts.maxBytes)} limit`);
    }
    if (size + value.length > buf.length) {
      const next = new Uint8Array(Math.max(buf.length * 2, size + value.length));
      next.set(buf.subarray(0, size));
      buf = next;
    }
    buf.set(value, size);
    size += value.length;
    opts.onBytes?.(size);
  }
  return buf.subarray(0, size);
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
export async function readTarGz(stream: ReadableStream<Uint8Array>, opts: { maxBytes?: number; onBytes?: (n: number) => void } = {}): Promise<ArchiveFile[]> {
  let tar: Uint8Array;
  try {
    tar = await collectStream(stream.pipeThrough(new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>), { ...opts, what: 'The decompressed archive' });
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    if (/limit/.test(msg)) throw err;
    throw new Error(`Not a valid gzip file (${msg})`);
  }
  return readTar(tar);
}

/** Lists the regular files of an uncompressed tar. Throws when `tar` is not a tar archive. */
export function readTar(tar: Uint8Array): ArchiveFile[] {
  if (!isTarHeader(tar.subarray(0, 512))) throw new Error('The archive does not contain a tar file (no valid tar header)');
  return parseTar(tar)
    .filter((f) => (f.type === 'file' || f.type === undefined) && f.data)
    .map((f) => ({ name: f.name, data: f.data! }));
}
