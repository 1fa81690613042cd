/**
 * url-sync in Node on a stand-in `window`: it reads the experiment from `location.search`, writes
 * it with replaceState (no history entry, the hash kept, nothing written when nothing changed),
 * and builds absolute links.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/state/config.ts';
import { linkFor, readUrl, writeUrl } from '../../src/state/url-sync.svelte.ts';

function fakeWindow(search: string, hash = '') {
  const writes: string[] = [];
  const location = { origin: 'https://lab.test', pathname: '/lab/', search, hash };
  const history = {
    replaceState(_state: unknown, _title: string, url: string) {
      writes.push(url);
      const u = new URL(url, location.origin);
      location.search = u.search;
      location.hash = u.hash;
    },
  };
  (globalThis as { window?: unknown }).window = { location, history };
  return writes;
}

afterEach(() => { delete (globalThis as { window?: unknown }).window; });

describe('url-sync', () => {
  it('reads the experiment and its notices from the address bar', () => {
    fakeWindow('?v=2&sparsity=0.5&model=nope');
    const d = readUrl();
    expect(d.config.sparsity).toBe(0.5);
    expect(d.config.model).toBe(DEFAULT_CONFIG.model);
    expect(d.notices).toHaveLength(1);
  });

  it('writes a change once, keeps the hash, and skips a write that changes nothing', () => {
    const writes = fakeWindow('', '#heal-panel');
    writeUrl({ ...DEFAULT_CONFIG, sparsity: 0.3 }, { hide: ['alpha'] });
    expect(writes).toEqual(['/lab/?v=2&sparsity=0.3&alpha_hide=1#heal-panel']);
    writeUrl({ ...DEFAULT_CONFIG, sparsity: 0.3 }, { hide: ['alpha'] });
    expect(writes).toHaveLength(1);
    writeUrl(DEFAULT_CONFIG);
    expect(writes.at(-1)).toBe('/lab/#heal-panel');
  });

  it('a link is absolute and carries the experiment', () => {
    fakeWindow('?k=2');
    expect(linkFor({ ...DEFAULT_CONFIG, alpha: 0.5 })).toBe('https://lab.test/lab/?v=2&alpha=0.5');
  });
});
