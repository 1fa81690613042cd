/**
 * How the page is cross-origin isolated, as the badge says it: not at all, by the host's headers,
 * or by the lab's service worker (which answers `__lab-isolation`). Node, with stubbed globals.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IsolationState } from '../../src/state/isolation.svelte.ts';

afterEach(() => vi.unstubAllGlobals());

async function by(isolated: boolean, controller: boolean, answer?: () => Promise<Response>): Promise<string | null> {
  vi.stubGlobal('crossOriginIsolated', isolated);
  vi.stubGlobal('navigator', { serviceWorker: controller ? { controller: {} } : undefined });
  vi.stubGlobal('fetch', vi.fn(answer ?? (async () => { throw new Error('no fetch expected'); })));
  const s = new IsolationState();
  await s.load();
  return s.by;
}

describe('IsolationState', () => {
  it('says none, server or service-worker', async () => {
    expect(await by(false, true)).toBe('none');
    expect(await by(true, false)).toBe('server');
    expect(await by(true, true, async () => Response.json({ by: 'service-worker' }))).toBe('service-worker');
    // The worker passed the host's own headers through: the host isolated the page.
    expect(await by(true, true, async () => Response.json({ by: 'server' }))).toBe('server');
    expect(await by(true, true, async () => { throw new TypeError('offline'); })).toBe('service-worker');
  });
});
