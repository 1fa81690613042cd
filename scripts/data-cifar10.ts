/**
 * `npm run data:cifar10`: fetches CIFAR-10's official binary archive into the user cache (where
 * scripts/local-env.ts, the tests, the bench and training/local_data.py look), streaming it to
 * disk with a progress line, and keeps it only when its MD5 is the published one.
 *
 *   npm run data:cifar10 [-- --dest=DIR] [--url=URL --md5=HEX] [--force]
 *
 * Nothing else in the project downloads: tests use what this put in the cache, or skip (CI fails).
 */
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { readTar } from '../src/core/data/archive.ts';
import { CIFAR10_FILES, CIFAR10_FOLDER, userCacheDir } from './local-env.ts';

export const CIFAR10_URL = 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz';
/** Published on https://www.cs.toronto.edu/~kriz/cifar.html for the binary version. */
export const CIFAR10_MD5 = 'c32a1d4ab5d03f1284b67883e8d87530';

/** The server refused or broke off the download. */
export class DownloadError extends Error {
  override name = 'DownloadError';
}
/** The bytes arrived but are not the published archive. */
export class ChecksumError extends Error {
  override name = 'ChecksumError';
}

export interface DownloadOptions {
  /** Folder that receives cifar-10-batches-bin/ (default: the user cache). */
  dest?: string;
  url?: string;
  md5?: string;
  /** Download again even when every file is already there. */
  force?: boolean;
  onProgress?: (received: number, total: number | null) => void;
  fetchImpl?: typeof fetch;
}

/** Returns the folder holding the seven files; downloads only when one is missing (or `force`). */
export async function downloadCifar10(opts: DownloadOptions = {}): Promise<{ dir: string; downloaded: boolean }> {
  const dest = resolve(opts.dest ?? userCacheDir());
  const dir = join(dest, CIFAR10_FOLDER);
  if (!opts.force && CIFAR10_FILES.every((f) => existsSync(join(dir, f)))) return { dir, downloaded: false };
  const url = opts.url ?? CIFAR10_URL;
  const md5 = (opts.md5 ?? CIFAR10_MD5).toLowerCase();
  mkdirSync(dest, { recursive: true });
  const part = join(dest, '.cifar-10-binary.tar.gz.part');
  const staging = join(dest, `.cifar-10-extract-${process.pid}`);
  try {
    const digest = await streamToFile(url, part, opts);
    if (digest !== md5) throw new ChecksumError(`MD5 of the download from ${url} is ${digest}, not the published ${md5}: the file is damaged or not the official archive, so nothing was kept`);
    const files = readTar(new Uint8Array(gunzipSync(readFileSync(part))));
    const byName = new Map(files.map((f) => [f.name.replace(/^\.\//, ''), f.data]));
    const missing = CIFAR10_FILES.filter((f) => !byName.has(`${CIFAR10_FOLDER}/${f}`));
    if (missing.length) throw new Error(`The archive from ${url} lacks ${missing.map((f) => `${CIFAR10_FOLDER}/${f}`).join(', ')}`);
    for (const f of CIFAR10_FILES) {
      const out = join(staging, CIFAR10_FOLDER, f);
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, byName.get(`${CIFAR10_FOLDER}/${f}`)!);
    }
    // Swapped in whole, so an interrupted run never leaves a half-filled folder the tests would use.
    rmSync(dir, { recursive: true, force: true });
    renameSync(join(staging, CIFAR10_FOLDER), dir);
    return { dir, downloaded: true };
  } finally {
    rmSync(part, { force: true });
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Streams `url` into `path`, reporting bytes; returns the MD5 of what arrived. */
async function streamToFile(url: string, path: string, opts: DownloadOptions): Promise<string> {
  let res: Response;
  try {
    res = await (opts.fetchImpl ?? fetch)(url, { redirect: 'follow' });
  } catch (err) {
    throw new DownloadError(`Could not reach ${url}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!res.ok || !res.body) throw new DownloadError(`HTTP ${res.status} from ${url}`);
  const length = Number(res.headers.get('content-length'));
  const total = Number.isFinite(length) && length > 0 ? length : null;
  const hash = createHash('md5');
  const out = createWriteStream(path);
  let received = 0;
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      hash.update(chunk);
      received += chunk.length;
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      opts.onProgress?.(received, total);
    }
  } catch (err) {
    throw new DownloadError(`The download from ${url} broke off after ${received} bytes: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    await new Promise<void>((r, reject) => out.end((e?: Error | null) => (e ? reject(e) : r())));
  }
  if (total !== null && received !== total) throw new DownloadError(`The download from ${url} ended after ${received} of ${total} bytes`);
  return hash.digest('hex');
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const mib = (n: number) => (n / 2 ** 20).toFixed(1);
  let shown = -1;
  downloadCifar10({
    dest: arg('dest'), url: arg('url'), md5: arg('md5'), force: process.argv.includes('--force'),
    onProgress: (got, total) => {
      const pct = total ? Math.floor((100 * got) / total) : Math.floor(got / 2 ** 23);
      if (pct === shown) return;
      shown = pct;
      process.stderr.write(`\rCIFAR-10: ${mib(got)}${total ? ` / ${mib(total)} MiB (${pct} %)` : ' MiB'}   `);
    },
  }).then(({ dir, downloaded }) => {
    if (shown >= 0) process.stderr.write('\n');
    console.log(downloaded ? `CIFAR-10 verified (MD5) and unpacked into ${dir}` : `CIFAR-10 is already in ${dir} (--force downloads it again)`);
  }, (err: Error) => {
    if (shown >= 0) process.stderr.write('\n');
    console.error(`${err.name}: ${err.message}`);
    process.exit(1);
  });
}
