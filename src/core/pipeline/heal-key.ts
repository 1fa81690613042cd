/**
 * The name of one healing run in the heal store (heal-checkpoints.ts), apart from the store so
 * the main thread builds it without the store's IndexedDB code (state/heal.svelte.ts keyFor).
 */

/** What names a healing run (state/heal.svelte.ts keyFor): a named record, so a key never depends on field order. */
export interface HealKey {
  search: string;
  source: 'policy' | 'pruning';
  spec: unknown;
  recalImages: number;
  lr: number;
  batch: number;
  augment: string;
  seed: number;
}

/** The checkpoint key of a healing run, version 4 of the format (heal-checkpoints.ts migrates older keys). */
export function healKey(k: HealKey): string {
  return JSON.stringify({ v: 4, search: k.search, source: k.source, spec: k.spec, recalImages: k.recalImages, lr: k.lr, batch: k.batch, augment: k.augment, seed: k.seed });
}
