/**
 * Serves the built app (dist/) with the cross-origin isolation headers, like `npm run preview`,
 * for browser tests and the benchmark. Starts vite's preview server programmatically.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { preview, type PreviewServer } from 'vite';

export const ROOT = resolve(import.meta.dirname, '../..');

/** Starts a preview server on a free port; returns it with its base URL (ends with '/'). */
export async function serveDist(): Promise<{ server: PreviewServer; url: string }> {
  if (!existsSync(resolve(ROOT, 'dist/index.html'))) {
    throw new Error('dist/ is missing: run `npm run build` first (`npm test` does)');
  }
  const server = await preview({ root: ROOT, logLevel: 'error', preview: { port: 4300 + Math.floor(Math.random() * 500), strictPort: false, host: '127.0.0.1' } });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('preview server did not report a URL');
  return { server, url };
}
