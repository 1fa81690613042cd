/**
 * Fine-tuning checkpoints in IndexedDB (through `idb`): the combination pipeline's state under an
 * experiment key, so a reload can offer "Resume fine-tuning" and continue exactly. Its own
 * database, beside the search's and the dataset cache's. Uses the global `indexedDB` (workers
 * have it; Node tests use fake-indexeddb).
 */
import { openDB, type IDBPDatabase } from 'idb';
import type { HealCheckpoint } from './combination.ts';

export interface HealCheckpointInfo {
  key: string;
  /** What the user sees, e.g. 'VGG-S · Shapes-10 · best policy + k = 3'. */
  label: string;
  step: number;
  steps: number;
  savedAt: number;
}

interface Row { key: string; info: HealCheckpointInfo; state: HealCheckpoint }

export class HealCheckpointStore {
  private constructor(private readonly db: IDBPDatabase) {}

  static async open(name = 'pruning-lab-heal'): Promise<HealCheckpointStore> {
    return new HealCheckpointStore(await openDB(name, 1, { upgrade: (d) => { d.createObjectStore('runs', { keyPath: 'key' }); } }));
  }

  async put(key: string, label: string, state: HealCheckpoint): Promise<HealCheckpointInfo> {
    const info = { key, label, step: state.fineTune.step, steps: state.fineTune.config.steps, savedAt: Date.now() };
    await this.db.put('runs', { key, info, state } satisfies Row);
    return info;
  }

  async get(key: string): Promise<HealCheckpoint | undefined> {
    return ((await this.db.get('runs', key)) as Row | undefined)?.state;
  }

  async info(key: string): Promise<HealCheckpointInfo | null> {
    return ((await this.db.get('runs', key)) as Row | undefined)?.info ?? null;
  }

  async delete(key: string): Promise<void> {
    await this.db.delete('runs', key);
  }

  close(): void {
    this.db.close();
  }
}
