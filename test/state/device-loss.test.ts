/**
 * Surviving a lost WebGPU device, the page's side, in Node with a stubbed sessionStorage and
 * location: what was running is remembered across the reload onto WASM, the notice says why, and
 * the search or the fine-tuning is resumed from its checkpoint (the browser test loses a real
 * SwiftShader device; this covers each branch).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resumeAfterDeviceLoss, takeRecovery, watchForDeviceLoss } from '../../src/state/device-loss.ts';
import { WORDS } from '../../src/state/words.ts';

let replaced: string[] = [];
beforeEach(() => {
  const store = new Map<string, string>();
  replaced = [];
  vi.stubGlobal('sessionStorage', { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => store.set(k, v), removeItem: (k: string) => store.delete(k) });
  vi.stubGlobal('location', { href: 'https://lab.test/?backend=webgpu&episodes=8', replace: (u: string) => replaced.push(u) });
});
afterEach(() => vi.unstubAllGlobals());

function fakeLab(state: { searchActive?: boolean; healActive?: boolean; resumable?: boolean; saved?: 'policy' | 'pruning' | null } = {}) {
  const calls: string[] = [];
  const lab = {
    notices: [] as string[], words: WORDS.en,
    notify(message: string) { lab.notices.push(message); },
    search: { active: !!state.searchActive, resumable: state.resumable ? {} : undefined, start: async (resume: boolean) => { calls.push(`search.start(${resume})`); } },
    heal: {
      active: !!state.healActive, saved: null as { source: 'policy' | 'pruning' } | null,
      refreshSaved: async () => { calls.push('heal.refreshSaved'); lab.heal.saved = state.saved ? { source: state.saved } : null; },
      run: async (source: string, fineTune: boolean, resume: boolean) => { calls.push(`heal.run(${source}, ${fineTune}, ${resume})`); },
    },
    client: { onDeviceLost: null as ((message: string) => void) | null },
  };
  return { lab, calls };
}

describe('device loss, the page\'s side', () => {
  it('a loss mid-search reloads on WASM, then resumes the search with a notice', async () => {
    const before = fakeLab({ searchActive: true });
    watchForDeviceLoss(before.lab);
    before.lab.client.onDeviceLost!('Device was destroyed.');
    expect(replaced).toEqual(['https://lab.test/?backend=wasm&episodes=8']);
    const after = fakeLab({ resumable: true });
    await resumeAfterDeviceLoss(after.lab);
    expect(after.calls).toEqual(['search.start(true)']);
    expect(after.lab.notices).toEqual(['The WebGPU device was lost (Device was destroyed.). The lab restarted on WASM and resumes the search from the last checkpoint.']);
    expect(takeRecovery()).toBeNull(); // read once
  });

  it('a loss mid-fine-tuning resumes the saved fine-tuning of its source', async () => {
    const before = fakeLab({ healActive: true });
    watchForDeviceLoss(before.lab);
    before.lab.client.onDeviceLost!('lost');
    const after = fakeLab({ saved: 'pruning' });
    await resumeAfterDeviceLoss(after.lab);
    expect(after.calls).toEqual(['heal.refreshSaved', 'heal.run(pruning, true, true)']);
    expect(after.lab.notices[0]).toMatch(/resumes the fine-tuning from the last checkpoint/);
  });

  it('a loss while idle only says so; no recovery without a loss, and a damaged record is ignored', async () => {
    const before = fakeLab();
    watchForDeviceLoss(before.lab);
    before.lab.client.onDeviceLost!('lost');
    const after = fakeLab({ resumable: true });
    await resumeAfterDeviceLoss(after.lab);
    expect(after.calls).toEqual([]);
    expect(after.lab.notices).toEqual(['The WebGPU device was lost (lost). The lab restarted on WASM from the last checkpoint.']);
    const none = fakeLab({ resumable: true });
    await resumeAfterDeviceLoss(none.lab);
    expect([none.calls, none.lab.notices]).toEqual([[], []]);
    sessionStorage.setItem('lab-device-lost-resume', '{not json');
    expect(takeRecovery()).toBeNull();
  });
});
