/**
 * Vite plugin for the lab's service worker (src/sw/service-worker.ts): builds it as `sw.js` at
 * the root of the output (its scope is then the whole app) and writes into it the list of files
 * to precache and a version hash of that list, so every build with new files is a new worker.
 *
 * Precached: every file of the build (hashed assets, the three tfjs-wasm binaries, index.html)
 * and the default shipped model (`models/vgg-s-shapes10/`, 1.6 MB), so the lab opens and runs
 * offline after one visit. Other shipped models (38 MB in all) are cached on first use.
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';

export const SW_ENTRY = resolve(import.meta.dirname, '../src/sw/service-worker.ts');
export const SW_FILE = 'sw.js';
/** Shipped models precached at install; the rest are cached when first loaded. */
const PRECACHED_MODELS = ['vgg-s-shapes10'];

export function serviceWorker(): Plugin {
  let publicDir = '';
  return {
    name: 'lab-service-worker',
    apply: 'build',
    enforce: 'post',
    configResolved(config) { publicDir = config.publicDir; },
    generateBundle(_options, bundle) {
      const sw = bundle[SW_FILE];
      if (!sw || sw.type !== 'chunk') throw new Error(`${SW_FILE} was not built`);
      if (sw.imports.length) throw new Error(`${SW_FILE} must be one standalone file; it imports ${sw.imports.join(', ')}`);
      const built = Object.keys(bundle).filter((f) => f !== SW_FILE && !f.endsWith('.map'));
      const models = PRECACHED_MODELS.flatMap((m) => readdirSync(resolve(publicDir, 'models', m)).filter((f) => !f.endsWith('.md')).map((f) => `models/${m}/${f}`));
      const files = [...built, ...models].sort();
      const version = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 16);
      sw.code = sw.code.replace('__LAB_PRECACHE__', JSON.stringify(files).replace(/'/g, "\\'")).replace('__LAB_VERSION__', version);
      if (sw.code.includes('__LAB_')) throw new Error(`${SW_FILE}: a build-time placeholder was left`);
    },
  };
}
