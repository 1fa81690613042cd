/**
 * Where this machine keeps what the tests, the bench and the scripts need but the repository
 * does not ship: CIFAR-10 (never committed, see ../shared/data/README.md) and a Chromium-family
 * browser (driven through playwright-core, never a downloaded one). One resolver each, so every
 * caller looks in the same places in the same order.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');

/** The binary version's folder name, as the official archive unpacks it. */
export const CIFAR10_FOLDER = 'cifar-10-batches-bin';
export const CIFAR10_FILES = ['batches.meta.txt', ...[1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`), 'test_batch.bin'] as const;
/** What the tests and the bench read (../shared/data holds only these three). */
export const CIFAR10_NEEDED = ['batches.meta.txt', 'data_batch_1.bin', 'test_batch.bin'] as const;
/**
 * SHA-256 of test_batch.bin in ../shared/data: a JPEG-compressed copy whose test split is in a
 * fixed-seed shuffled order (../shared/data/README.md). The shipped models' cards and the PyTorch
 * goldens were computed on it, so tests that compare with them need this copy; the official
 * archive's test_batch.bin differs in order and pixels.
 */
export const GOLDEN_TEST_BATCH_SHA256 = '2eab01ca2938d469e7141dd3e5cb1f50158b036d7bab145dca054efc199a2716';
export const CIFAR10_HINT = 'run `npm run data:cifar10` (downloads the official 163 MB archive into the user cache) or set CIFAR10_DIR';

type Env = Record<string, string | undefined>;

/** The per-user cache of this lab's data: XDG on Linux, Library/Caches on macOS, LOCALAPPDATA on Windows. */
export function userCacheDir(env: Env = process.env, platform: string = process.platform, home = homedir()): string {
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'pruning-lab');
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'pruning-lab');
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'pruning-lab');
}

/**
 * Where CIFAR-10 is looked for, in order: CIFAR10_DIR, ../shared/data beside the checkout (unless
 * LAB_NO_SHARED_DATA is set: a checkout beside it can then see what a clone without it sees, for
 * the tests, preflight and the bench alike), the user cache.
 */
export function cifar10Candidates(env: Env = process.env): string[] {
  return [
    ...(env.CIFAR10_DIR ? [resolve(env.CIFAR10_DIR)] : []),
    ...(env.LAB_NO_SHARED_DATA ? [] : [resolve(ROOT, '../shared/data', CIFAR10_FOLDER)]),
    join(userCacheDir(env), CIFAR10_FOLDER),
  ];
}

/** The first candidate folder holding every file in `need`, or null. */
export function findCifar10(need: readonly string[] = CIFAR10_NEEDED, env: Env = process.env, exists = existsSync): string | null {
  return cifar10Candidates(env).find((dir) => need.every((f) => exists(join(dir, f)))) ?? null;
}

/** Whether `dir` holds the copy the goldens were computed on (compares test_batch.bin's SHA-256). */
export function isGoldenCopy(dir: string): boolean {
  const path = join(dir, 'test_batch.bin');
  return existsSync(path) && createHash('sha256').update(readFileSync(path)).digest('hex') === GOLDEN_TEST_BATCH_SHA256;
}

/** Paths of `files` in the found CIFAR-10 folder; throws with the way to get it when there is none. */
export function cifar10Files(files: readonly string[], env: Env = process.env): string[] {
  const dir = findCifar10(files, env);
  if (!dir) throw new Error(`CIFAR-10 (${files.join(', ')}) not found in ${cifar10Candidates(env).join(', ')}: ${CIFAR10_HINT}`);
  return files.map((f) => join(dir, f));
}

/** Chromium, Chrome and Edge at their usual install paths, per platform. */
export function browserCandidates(env: Env = process.env, platform: string = process.platform): string[] {
  if (platform === 'win32') {
    const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter((r): r is string => !!r);
    return roots.flatMap((r) => [
      join(r, 'Chromium', 'Application', 'chrome.exe'), join(r, 'Google', 'Chrome', 'Application', 'chrome.exe'),
      join(r, 'Microsoft', 'Edge', 'Application', 'msedge.exe'),
    ]);
  }
  if (platform === 'darwin') {
    return ['Chromium.app/Contents/MacOS/Chromium', 'Google Chrome.app/Contents/MacOS/Google Chrome', 'Microsoft Edge.app/Contents/MacOS/Microsoft Edge']
      .map((app) => join('/Applications', app));
  }
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable',
    '/opt/google/chrome/chrome', '/usr/bin/microsoft-edge', '/opt/microsoft/msedge/msedge'];
}

export const BROWSER_HINT = 'install Chromium, Chrome or Edge (Debian: `apt-get install -y chromium`) or set CHROMIUM_PATH to one';

/** CHROMIUM_PATH when set (even if wrong: the caller reports it), else the first installed browser, else null. */
export function findBrowser(env: Env = process.env, platform: string = process.platform, exists = existsSync): string | null {
  if (env.CHROMIUM_PATH) return env.CHROMIUM_PATH;
  return browserCandidates(env, platform).find((p) => exists(p)) ?? null;
}
