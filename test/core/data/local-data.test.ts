/**
 * Finding CIFAR-10 and a browser on a user's machine, and `npm run data:cifar10`'s download,
 * checked against a local HTTP server serving a small archive made here (no test downloads).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTarGzip } from 'nanotar';
import { ChecksumError, DownloadError, downloadCifar10 } from '../../../scripts/data-cifar10.ts';
import { CIFAR10_FILES, CIFAR10_NEEDED, browserCandidates, cifar10Candidates, findBrowser, findCifar10, isGoldenCopy, userCacheDir } from '../../../scripts/local-env.ts';
import { fakeCifar10Binary } from '../../../scripts/lib/cifar-fixtures.ts';

const md5 = (b: Uint8Array) => createHash('md5').update(b).digest('hex');

describe('where CIFAR-10 and a browser are looked for', () => {
  it('the user cache per platform', () => {
    expect(userCacheDir({ XDG_CACHE_HOME: '/x/cache' }, 'linux', '/home/u')).toBe('/x/cache/pruning-lab');
    expect(userCacheDir({}, 'linux', '/home/u')).toBe('/home/u/.cache/pruning-lab');
    expect(userCacheDir({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Caches/pruning-lab');
    expect(userCacheDir({ LOCALAPPDATA: 'C:/Users/u/AppData/Local' }, 'win32', 'C:/Users/u')).toBe(join('C:/Users/u/AppData/Local', 'pruning-lab'));
  });

  it('CIFAR10_DIR first, then ../shared/data, then the cache; the first folder with every needed file wins', () => {
    const env = { CIFAR10_DIR: '/data/c10', XDG_CACHE_HOME: '/cache' };
    const [first, shared, cache] = cifar10Candidates(env);
    expect(first).toBe('/data/c10');
    expect(shared).toMatch(/shared[/\\]data[/\\]cifar-10-batches-bin$/);
    expect(cache).toBe('/cache/pruning-lab/cifar-10-batches-bin');
    expect(cifar10Candidates({ XDG_CACHE_HOME: '/cache' })[0]).toBe(shared);
    // LAB_NO_SHARED_DATA: ../shared/data is not looked at (what a clone without it sees).
    expect(cifar10Candidates({ ...env, LAB_NO_SHARED_DATA: '1' })).toEqual([first, cache]);
    const present = new Set([...CIFAR10_NEEDED.map((f) => join(cache, f)), join(first, 'test_batch.bin')]);
    // CIFAR10_DIR lacks data_batch_1.bin, so the cache is used.
    expect(findCifar10(CIFAR10_NEEDED, env, (p) => present.has(String(p)))).toBe(cache);
    expect(findCifar10(['test_batch.bin'], env, (p) => present.has(String(p)))).toBe(first);
    expect(findCifar10(CIFAR10_NEEDED, env, () => false)).toBeNull();
  });

  it('a browser: CHROMIUM_PATH, else the first installed one of the platform', () => {
    expect(findBrowser({ CHROMIUM_PATH: '/opt/my/chrome' }, 'linux', () => false)).toBe('/opt/my/chrome');
    expect(findBrowser({}, 'linux', (p) => p === '/usr/bin/google-chrome')).toBe('/usr/bin/google-chrome');
    expect(findBrowser({}, 'darwin', (p) => String(p).includes('Microsoft Edge'))).toBe('/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge');
    const win = browserCandidates({ PROGRAMFILES: 'C:/PF', LOCALAPPDATA: 'C:/L' }, 'win32');
    expect(win).toContain(join('C:/PF', 'Google', 'Chrome', 'Application', 'chrome.exe'));
    expect(win).toContain(join('C:/L', 'Microsoft', 'Edge', 'Application', 'msedge.exe'));
    expect(findBrowser({}, 'linux', () => false)).toBeNull();
  });

  it('tells the goldens\' copy from another by test_batch.bin', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lab-copy-'));
    writeFileSync(join(dir, 'test_batch.bin'), fakeCifar10Binary(2));
    expect(isGoldenCopy(dir)).toBe(false);
    rmSync(dir, { recursive: true });
  });
});

describe('npm run data:cifar10 against a local server', () => {
  const files = CIFAR10_FILES.map((f, i) => ({ name: `cifar-10-batches-bin/${f}`, data: f.endsWith('.txt') ? 'airplane\nautomobile\n' : fakeCifar10Binary(3, i) }));
  let archive: Uint8Array;
  let partial: Uint8Array;
  let server: Server;
  let base: string;
  const hits: string[] = [];
  const dests: string[] = [];
  const dest = () => { const d = mkdtempSync(join(tmpdir(), 'lab-dl-')); dests.push(d); return d; };

  beforeAll(async () => {
    archive = await createTarGzip([...files, { name: 'cifar-10-batches-bin/readme.html', data: '<p>x</p>' }]);
    partial = await createTarGzip(files.filter((f) => !f.name.endsWith('data_batch_3.bin')));
    server = createServer((req, res) => {
      hits.push(req.url!);
      if (req.url === '/moved') return void res.writeHead(302, { location: '/cifar-10-binary.tar.gz' }).end();
      const body = req.url === '/cifar-10-binary.tar.gz' ? archive : req.url === '/partial.tar.gz' ? partial : null;
      if (!body) return void res.writeHead(404).end('not here');
      res.writeHead(200, { 'content-length': String(body.length), 'content-type': 'application/gzip' });
      // Two chunks, so progress is reported more than once.
      const half = body.length >> 1;
      res.write(body.subarray(0, half));
      setTimeout(() => res.end(body.subarray(half)), 150);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    for (const d of dests) rmSync(d, { recursive: true, force: true });
  });

  it('follows a redirect, reports progress to the last byte, checks the MD5 and unpacks the seven files', async () => {
    const to = dest();
    const progress: [number, number | null][] = [];
    const r = await downloadCifar10({ dest: to, url: `${base}/moved`, md5: md5(archive), onProgress: (got, total) => progress.push([got, total]) });
    expect(r).toEqual({ dir: join(to, 'cifar-10-batches-bin'), downloaded: true });
    for (const f of files) expect(Buffer.from(readFileSync(join(to, f.name))).equals(Buffer.from(f.data as Uint8Array | string))).toBe(true);
    expect(readdirSync(to)).toEqual(['cifar-10-batches-bin']);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toEqual([archive.length, archive.length]);
    expect(progress.every(([got], i) => i === 0 || got > progress[i - 1][0])).toBe(true);
    expect(findCifar10(CIFAR10_NEEDED, { CIFAR10_DIR: r.dir })).toBe(r.dir);
    // A second run finds the files and fetches nothing.
    const before = hits.length;
    expect(await downloadCifar10({ dest: to, url: `${base}/moved`, md5: md5(archive) })).toEqual({ dir: r.dir, downloaded: false });
    expect(hits.length).toBe(before);
  });

  it('a wrong MD5 keeps nothing', async () => {
    const to = dest();
    const err = await downloadCifar10({ dest: to, url: `${base}/cifar-10-binary.tar.gz`, md5: 'c32a1d4ab5d03f1284b67883e8d87530' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChecksumError);
    expect((err as Error).message).toMatch(/MD5 of the download .* is [0-9a-f]{32}, not the published c32a1d4a/);
    expect(readdirSync(to)).toEqual([]);
  });

  it('HTTP errors and unreachable hosts are DownloadErrors; an archive missing a file names it', async () => {
    const to = dest();
    await expect(downloadCifar10({ dest: to, url: `${base}/nothing.tar.gz` })).rejects.toThrow(DownloadError);
    await expect(downloadCifar10({ dest: to, url: `${base}/nothing.tar.gz` })).rejects.toThrow(/HTTP 404 from/);
    await expect(downloadCifar10({ dest: to, url: 'http://127.0.0.1:1/x.tar.gz' })).rejects.toThrow(/Could not reach/);
    await expect(downloadCifar10({ dest: to, url: `${base}/partial.tar.gz`, md5: md5(partial) })).rejects.toThrow(/lacks cifar-10-batches-bin\/data_batch_3\.bin/);
    expect(readdirSync(to)).toEqual([]);
    expect(existsSync(join(to, 'cifar-10-batches-bin'))).toBe(false);
  });
});
