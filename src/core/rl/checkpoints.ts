/**
 * Search checkpoints in IndexedDB (core/storage/keyed-store.ts): the whole DdpgSearch state —
 * agent weights and Adam moments, replay buffer, RNG states, episode log — under an experiment
 * key, so a reload can resume a search exactly. Its own database, so no store migrates another.
 */
import { KeyedStore } from '../storage/keyed-store.ts';
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

/** The database's layout since its first version (kept, so saved searches stay resumable). */
const LAYOUT = { info: 'info', payload: 'states', field: 'state' };

export class CheckpointStore {
  private constructor(private readonly store: KeyedStore<CheckpointInfo, SearchState>) {}

  static async open(name = 'pruning-lab-search'): Promise<CheckpointStore> {
    return new CheckpointStore(await KeyedStore.open<CheckpointInfo, SearchState>(name, LAYOUT));
  }

  put(key: string, label: string, state: SearchState): Promise<CheckpointInfo> {
    return this.store.put({ key, label, episode: state.episode, episodes: state.config.episodes, bestReward: state.best?.reward ?? null, savedAt: Date.now() }, state);
  }

  get(key: string): Promise<SearchState | undefined> {
    return this.store.get(key);
  }

  list(): Promise<CheckpointInfo[]> {
    return this.store.list();
  }

  delete(key: string): Promise<void> {
    return this.store.delete(key);
  }

  close(): void {
    this.store.close();
  }
}
