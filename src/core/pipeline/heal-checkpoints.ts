/**
 * Fine-tuning checkpoints in IndexedDB (core/storage/keyed-store.ts): the combination pipeline's
 * state under an experiment key, so a reload can offer "Resume fine-tuning" and continue exactly.
 * Its own database, beside the search's and the dataset cache's.
 */
import { KeyedStore, rewriteRows, type Migration } from '../storage/keyed-store.ts';
import { renameTargetInKey } from '../rl/checkpoints.ts';
import type { HealCheckpoint } from './combination.ts';

export interface HealCheckpointInfo {
  key: string;
  /** What the user sees, e.g. 'VGG-S · Shapes-10 · best policy + k = 3'. */
  label: string;
  step: number;
  steps: number;
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
 * Versions 1 and 2 keyed runs by search settings that called α `target`: rename it in the keys.
 */
const migrate: Migration = async (db, oldVersion, tx) => {
  await fromRuns(db, oldVersion, tx);
  if (oldVersion < 3) await rewriteRows<HealCheckpointInfo, HealCheckpoint>(tx, LAYOUT, (info, state) => {
    const key = renameTargetInKey(info.key);
    return key === info.key ? null : { info: { ...info, key }, payload: state };
  });
};

export class HealCheckpointStore {
  private constructor(private readonly store: KeyedStore<HealCheckpointInfo, HealCheckpoint>) {}

  static async open(name = 'pruning-lab-heal'): Promise<HealCheckpointStore> {
    return new HealCheckpointStore(await KeyedStore.open<HealCheckpointInfo, HealCheckpoint>(name, LAYOUT, 3, migrate));
  }

  put(key: string, label: string, state: HealCheckpoint): Promise<HealCheckpointInfo> {
    return this.store.put({ key, label, step: state.fineTune.step, steps: state.fineTune.config.steps, savedAt: Date.now() }, state);
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
