/**
 * Parsed datasets kept in IndexedDB (core/storage/keyed-store.ts), keyed by their source (a URL,
 * or the names, sizes and dates of picked files), so a second visit loads them with no network
 * request. The entry (what the list shows) and the pixel arrays are stored apart.
 */
import { KeyedStore } from '../storage/keyed-store.ts';
import type { CifarBundle } from './cifar-files.ts';
import type { CifarVariant } from './cifar-binary.ts';
import type { ImageDataset } from './dataset.ts';

export interface CachedEntry {
  key: string;
  /** What the user sees: the URL or the file names. */
  label: string;
  variant: CifarVariant;
  /** Bytes of pixel and label data stored. */
  bytes: number;
  counts: { train: number; test: number };
  savedAt: number;
}

/** The database's layout since its first version (kept, so existing caches stay readable). */
const LAYOUT = { info: 'entries', payload: 'bundles', field: 'bundle' };

/** A stable key for picked files: names, sizes and modification times. */
export function filesKey(files: readonly { name: string; size: number; lastModified?: number }[]): string {
  return `files:${files.map((f) => `${f.name}|${f.size}|${f.lastModified ?? 0}`).sort().join(';')}`;
}

const sizeOf = (ds?: ImageDataset) => (ds ? ds.images.byteLength + ds.labels.byteLength + (ds.coarseLabels?.byteLength ?? 0) : 0);

export class DatasetCache {
  private constructor(private readonly store: KeyedStore<CachedEntry, CifarBundle>) {}

  /** Opens (creating if needed) the lab's database. */
  static async open(name = 'pruning-lab-data'): Promise<DatasetCache> {
    return new DatasetCache(await KeyedStore.open<CachedEntry, CifarBundle>(name, LAYOUT));
  }

  /** Every cached dataset, newest first. */
  list(): Promise<CachedEntry[]> {
    return this.store.list();
  }

  /** The metadata of one cached dataset, or undefined. */
  entry(key: string): Promise<CachedEntry | undefined> {
    return this.store.info(key);
  }

  get(key: string): Promise<CifarBundle | undefined> {
    return this.store.get(key);
  }

  /** Stores a bundle under `key` (replacing an older one) and returns its entry. */
  put(key: string, label: string, bundle: CifarBundle): Promise<CachedEntry> {
    return this.store.put({
      key, label, variant: bundle.variant, bytes: sizeOf(bundle.train) + sizeOf(bundle.test),
      counts: { train: bundle.train?.count ?? 0, test: bundle.test?.count ?? 0 }, savedAt: Date.now(),
    }, bundle);
  }

  delete(key: string): Promise<void> {
    return this.store.delete(key);
  }

  close(): void {
    this.store.close();
  }
}
