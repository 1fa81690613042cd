/**
 * What the browser would not keep, said once per kind. IndexedDB can refuse a write (quota
 * full) or be missing altogether (some private modes); the lab then works on uncached and
 * unsaved, and the user is told what a reload will lose.
 */
export type StorageUse = 'data' | 'search' | 'heal';

const WHAT: Record<StorageUse, string> = {
  data: 'This dataset was not saved in the browser: it works now, but after a reload it must be loaded again',
  search: 'Search checkpoints are off: the search goes on, but a reload cannot resume it',
  heal: 'Fine-tuning checkpoints are off: fine-tuning goes on, but a reload cannot resume it',
};

/** A short reason for a storage failure (`null`: no storage at all). */
export function storageReason(err: unknown): string {
  if (err === null) return 'this browser allows no storage here (a private window?)';
  const name = err instanceof Error || (typeof DOMException !== 'undefined' && err instanceof DOMException) ? (err as Error).name : '';
  if (name === 'QuotaExceededError') return 'the browser\'s storage quota for this site is full (free it under Cached datasets or in the browser\'s site settings)';
  return err instanceof Error ? err.message : String(err);
}

export class StorageNotices {
  private readonly said = new Set<StorageUse>();
  constructor(private readonly say: (message: string) => void) {}

  /** Reports `use` failing with `err` (null: no store), the first time only. */
  report(use: StorageUse, err: unknown): void {
    if (this.said.has(use)) return;
    this.said.add(use);
    this.say(`${WHAT[use]} (${storageReason(err)}).`);
  }
}
