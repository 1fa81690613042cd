/**
 * The built page's own JavaScript (the entry chunk and everything it imports statically) holds
 * no tfjs: the main thread cannot run tfjs ops because it never loads tfjs. The worker chunk
 * does hold it, which shows the marker test can see tfjs where it is.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/lib/dist-server.ts';

const DIST = resolve(ROOT, 'dist');
/** Strings of tfjs-core's own code (its flag registry), not words a UI label would use. */
const TFJS_MARKER = /tfjsflags|WEBGL_VERSION|IS_BROWSER/;

function staticClosure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = readFileSync(join(DIST, 'assets', file), 'utf8');
  for (const m of text.matchAll(/(?:from|import)\s*["']\.\/([^"']+\.js)["']/g)) staticClosure(m[1], seen);
  return seen;
}

describe('bundle', () => {
  it('the page entry and its static imports contain no tfjs; the worker does', () => {
    expect(existsSync(join(DIST, 'index.html'))).toBe(true);
    const html = readFileSync(join(DIST, 'index.html'), 'utf8');
    const entry = /src="\.\/assets\/([^"]+\.js)"/.exec(html)?.[1];
    expect(entry).toBeTruthy();
    const chunks = staticClosure(entry!);
    for (const chunk of chunks) expect(TFJS_MARKER.test(readFileSync(join(DIST, 'assets', chunk), 'utf8')), chunk).toBe(false);
    const worker = readdirSync(join(DIST, 'assets')).find((f) => f.startsWith('lab.worker') && f.endsWith('.js'));
    expect(worker).toBeTruthy();
    expect(TFJS_MARKER.test(readFileSync(join(DIST, 'assets', worker!), 'utf8'))).toBe(true);
    // The relative base: every asset URL in index.html is relative.
    expect(html).not.toMatch(/(src|href)="\/assets/);
  });

  it('ships the three tfjs-wasm binaries', () => {
    const wasm = readdirSync(join(DIST, 'assets')).filter((f) => f.endsWith('.wasm'));
    expect(wasm.map((f) => f.replace(/-[\w-]{8}\.wasm$/, ''))).toEqual(expect.arrayContaining(['tfjs-backend-wasm', 'tfjs-backend-wasm-simd', 'tfjs-backend-wasm-threaded-simd']));
  });
});
