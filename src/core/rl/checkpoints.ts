/**
 * Search checkpoints in IndexedDB (core/storage/keyed-store.ts): the whole DdpgSearch state —
 * agent weights and Adam moments, replay buffer, RNG states, episode log — under an experiment
 * key, so a reload can resume a search exactly. Its own database, so no store migrates another.
 */
import { KeyedStore, rewriteRows, type Migration } from '../storage/keyed-store.ts';
import { upgradeSearchState, type SearchState } from './search.ts';

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

/**
 * An experiment key written before α had one name: its search settings said `"target":`.
 * The key embeds them right after `warmup`, also inside the fine-tuning's keys as an escaped string.
 */
export function renameTargetInKey(key: string): string {
  return key.replace(/(\\?"warmup\\?":\d+,\\?")target(\\?":)/, '$1alpha$2');
}

/** Version 1's rows under today's key and state names, so a reload still resumes them. */
const toAlpha: Migration = async (_db, oldVersion, tx) => {
  if (oldVersion >= 2) return;
  await rewriteRows<CheckpointInfo, SearchState>(tx, LAYOUT, (info, state) => {
    const key = renameTargetInKey(info.key);
    const next = upgradeSearchState(state) as SearchState | undefined;
    return key === info.key && next === state ? null : { info: { ...info, key }, payload: next };
  });
};

export class CheckpointStore {
  private constructor(private readonly store: KeyedStore<CheckpointInfo, SearchState>) {}

  static async open(name = 'pruning-lab-search'): Promise<CheckpointStore> {
    return new CheckpointStore(await KeyedStore.open<CheckpointInfo, SearchState>(name, LAYOUT, 2, toAlpha));
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
