/**
 * Fine-tuning checkpoints in IndexedDB (core/storage/keyed-store.ts): the combination pipeline's
 * state under an experiment key, so a reload can offer "Resume fine-tuning" and continue exactly.
 * Its own database, beside the search's and the dataset cache's.
 */
import { KeyedStore, rewriteRows, type Migration } from '../storage/keyed-store.ts';
import { renameTargetInKey } from '../rl/checkpoints.ts';
import type { HealCheckpoint } from './combination.ts';
import { healKey } from './heal-key.ts';

export interface HealCheckpointInfo {
  key: string;
  /** What the user sees, e.g. 'VGG-S · Shapes-10 · best policy + k = 3'. */
  label: string;
  step: number;
  steps: number;
  /** Epochs done and in all (steps over the steps of one epoch); absent in checkpoints from before per-epoch cycles. */
  epochsDone?: number;
  epochs?: number;
  savedAt: number;
}

const LAYOUT = { info: 'info', payload: 'states', field: 'state' };

/** Version 1 kept `{ key, info, state }` rows in one 'runs' store: move them into the two stores. */
const fromRuns: Migration = async (db, oldVersion, tx) => {
  if (oldVersion >= 2 || !db.objectStoreNames.contains('runs')) return;
  const rows = (await tx.objectStore('runs').getAll()) as { key: string; info: HealCheckpointInfo; state: HealCheckpoint }[];
  for (const { key, info, state } of rows) {
    await tx.objectStore(LAYOUT.info).put(info);
    await tx.objectStore(LAYOUT.payload).put({ key, state });
  }
  db.deleteObjectStore('runs');
};

/**
 * A version 3 key (a positional array that held the run's length, and a spec whose k-σ pruned
 * every dense layer, METHOD §2's `all`) as a version 4 key; null for anything else.
 */
export function upgradeHealKey(old: string): string | null {
  let a: unknown;
  try {
    a = JSON.parse(old);
  } catch {
    return null;
  }
  if (!Array.isArray(a) || a.length !== 9) return null;
  const [search, source, spec, recalImages, , lr, batch, augment, seed] = a as [string, 'policy' | 'pruning', unknown, number, number, number, number, string, number];
  return healKey({ search, source, spec: withScopeAll(spec), recalImages, lr, batch, augment, seed });
}

/** A spec saved before the scope existed, with the scope it had: every dense layer (none when k was off, as today's specs write it). */
function withScopeAll<T>(spec: T): T {
  const s = spec as { dense?: { k?: number | null; scope?: string } } | null;
  return s?.dense && s.dense.k != null && !s.dense.scope ? { ...s, dense: { ...s.dense, scope: 'all' } } as T : spec;
}

/**
 * Versions 1 and 2 keyed runs by search settings that called α `target`: rename it in the keys.
 * Version 3 keys become named records without the run's length (a longer run continues a
 * finished one), their specs with the scope they had.
 */
const migrate: Migration = async (db, oldVersion, tx) => {
  await fromRuns(db, oldVersion, tx);
  if (oldVersion < 3) await rewriteRows<HealCheckpointInfo, HealCheckpoint>(tx, LAYOUT, (info, state) => {
    const key = renameTargetInKey(info.key);
    return key === info.key ? null : { info: { ...info, key }, payload: state };
  });
  if (oldVersion < 4) await rewriteRows<HealCheckpointInfo, HealCheckpoint>(tx, LAYOUT, (info, state) => {
    const key = upgradeHealKey(info.key);
    return key === null ? null : { info: { ...info, key }, payload: state?.spec ? { ...state, spec: withScopeAll(state.spec) } : state };
  });
};

export class HealCheckpointStore {
  private constructor(private readonly store: KeyedStore<HealCheckpointInfo, HealCheckpoint>) {}

  static async open(name = 'pruning-lab-heal'): Promise<HealCheckpointStore> {
    return new HealCheckpointStore(await KeyedStore.open<HealCheckpointInfo, HealCheckpoint>(name, LAYOUT, 4, migrate));
  }

  put(key: string, label: string, state: HealCheckpoint): Promise<HealCheckpointInfo> {
    const { step, config } = state.fineTune;
    const epochs = config.cycleSteps ? { epochsDone: step / config.cycleSteps, epochs: config.steps / config.cycleSteps } : {};
    return this.store.put({ key, label, step, steps: config.steps, ...epochs, savedAt: Date.now() }, state);
  }

  get(key: string): Promise<HealCheckpoint | undefined> {
    return this.store.get(key);
  }

  async info(key: string): Promise<HealCheckpointInfo | null> {
    return (await this.store.info(key)) ?? null;
  }

  delete(key: string): Promise<void> {
    return this.store.delete(key);
  }

  close(): void {
    this.store.close();
  }
}
