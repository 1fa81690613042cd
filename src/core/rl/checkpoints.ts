/**
 * Search checkpoints in IndexedDB (through `idb`): the whole DdpgSearch state — agent weights
 * and Adam moments, replay buffer, RNG states, episode log — under an experiment key, so a
 * reload can resume a search exactly. Uses the global `indexedDB` (workers have it; Node tests
 * use fake-indexeddb). Separate database from the dataset cache, so neither migrates the other.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { SearchState } from './search.ts';

export interface CheckpointInfo {
  key: string;
  /** What the user sees, e.g. 'VGG-S · Shapes-10 · α 80% · 120 episodes · seed 1'. */
  label: string;
  episode: number;
  episodes: number;
  bestReward: number | null;
  savedAt: number;
}

interface CheckpointDb extends DBSchema {
  info: { key: string; value: CheckpointInfo };
  states: { key: string; value: { key: string; state: SearchState } };
}

export class CheckpointStore {
  private constructor(private readonly db: IDBPDatabase<CheckpointDb>) {}

  static async open(name = 'pruning-lab-search'): Promise<CheckpointStore> {
    const db = await openDB<CheckpointDb>(name, 1, {
      upgrade(d) {
        d.createObjectStore('info', { keyPath: 'key' });
        d.createObjectStore('states', { keyPath: 'key' });
      },
    });
    return new CheckpointStore(db);
  }

  async put(key: string, label: string, state: SearchState): Promise<CheckpointInfo> {
    const info: CheckpointInfo = { key, label, episode: state.episode, episodes: state.config.episodes, bestReward: state.best?.reward ?? null, savedAt: Date.now() };
    const tx = this.db.transaction(['info', 'states'], 'readwrite');
    await Promise.all([tx.objectStore('info').put(info), tx.objectStore('states').put({ key, state }), tx.done]);
    return info;
  }

  async get(key: string): Promise<SearchState | undefined> {
    return (await this.db.get('states', key))?.state;
  }

  async list(): Promise<CheckpointInfo[]> {
    return (await this.db.getAll('info')).sort((a, b) => b.savedAt - a.savedAt);
  }

  async delete(key: string): Promise<void> {
    const tx = this.db.transaction(['info', 'states'], 'readwrite');
    await Promise.all([tx.objectStore('info').delete(key), tx.objectStore('states').delete(key), tx.done]);
  }

  close(): void {
    this.db.close();
  }
}
