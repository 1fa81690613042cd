/**
 * Surviving a lost WebGPU device (a driver reset, another tab taking the GPU): every tensor of
 * the worker is gone with it, so the lab reloads on WASM (`backend=wasm` in the URL, which the
 * badge shows) and continues what was running from its last checkpoint. The search and the
 * fine-tuning already checkpoint to IndexedDB; episodes or steps after the checkpoint are run
 * again from the same saved state, so none is lost or counted twice.
 */
import type { Words } from './words.ts';

export type Recovery = 'search' | 'heal';

const KEY = 'lab-device-lost-resume';

/** Remembers what to resume, then reloads the page on WASM. */
export function restartOnWasm(resume: Recovery | null, message: string): void {
  sessionStorage.setItem(KEY, JSON.stringify({ resume, message }));
  const url = new URL(location.href);
  url.searchParams.set('backend', 'wasm');
  location.replace(url.href);
}

/** What the page before the reload was running, and why it reloaded (read once). */
export function takeRecovery(): { resume: Recovery | null; message: string } | null {
  const raw = sessionStorage.getItem(KEY);
  if (!raw) return null;
  sessionStorage.removeItem(KEY);
  try {
    return JSON.parse(raw) as { resume: Recovery | null; message: string };
  } catch {
    return null;
  }
}

/** The parts of the Lab that recovery drives (a structural type: no import of the Lab). */
interface Recoverable {
  notify(message: string): void;
  readonly words: Words;
  readonly search: { readonly active: boolean; readonly resumable: unknown; start(resume: boolean): Promise<void> };
  readonly heal: { readonly active: boolean; saved: { source: 'policy' | 'pruning' } | null; refreshSaved(): Promise<void>; run(source: 'policy' | 'pruning', fineTune: boolean, resume: boolean): Promise<void> };
  readonly client: { onDeviceLost: ((message: string) => void) | null };
}

/** Arms the reload on a lost device; call before the lab starts work. */
export function watchForDeviceLoss(lab: Recoverable): void {
  lab.client.onDeviceLost = (message) => restartOnWasm(lab.search.active ? 'search' : lab.heal.active ? 'heal' : null, message);
}

/** After the lab has started: says why it is on WASM and resumes what the lost device was running. */
export async function resumeAfterDeviceLoss(lab: Recoverable): Promise<void> {
  const r = takeRecovery();
  if (!r) return;
  lab.notify(lab.words.noteDeviceLost(r.message, r.resume));
  if (r.resume === 'search' && lab.search.resumable) await lab.search.start(true);
  if (r.resume === 'heal') {
    await lab.heal.refreshSaved();
    if (lab.heal.saved) await lab.heal.run(lab.heal.saved.source, true, true);
  }
}
