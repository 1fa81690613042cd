/**
 * Parsed datasets kept in IndexedDB (through `idb`), keyed by their source (a URL, or the names,
 * sizes and dates of picked files), so a second visit loads them with no network request.
 * Big arrays live in one store, small metadata in another so listing stays cheap.
 * Uses the global `indexedDB` (workers have it; Node tests use fake-indexeddb).
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
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

interface LabDb extends DBSchema {
  entries: { key: string; value: CachedEntry };
  bundles: { key: string; value: { key: string; bundle: CifarBundle } };
}

const DB_VERSION = 1;

/** A stable key for picked files: names, sizes and modification times. */
export function filesKey(files: readonly { name: string; size: number; lastModified?: number }[]): string {
  return `files:${files.map((f) => `${f.name}|${f.size}|${f.lastModified ?? 0}`).sort().join(';')}`;
}

const sizeOf = (ds?: ImageDataset) => (ds ? ds.images.byteLength + ds.labels.byteLength + (ds.coarseLabels?.byteLength ?? 0) : 0);

export class DatasetCache {
  private constructor(private readonly db: IDBPDatabase<LabDb>) {}

  /** Opens (creating if needed) the lab's database. */
  static async open(name = 'pruning-lab-data'): Promise<DatasetCache> {
    const db = await openDB<LabDb>(name, DB_VERSION, {
      upgrade(d) {
        d.createObjectStore('entries', { keyPath: 'key' });
        d.createObjectStore('bundles', { keyPath: 'key' });
      },
    });
    return new DatasetCache(db);
  }

  /** Every cached dataset, newest first. */
  async list(): Promise<CachedEntry[]> {
    return (await this.db.getAll('entries')).sort((a, b) => b.savedAt - a.savedAt);
  }

  /** The metadata of one cached dataset, or undefined. */
  async entry(key: string): Promise<CachedEntry | undefined> {
    return this.db.get('entries', key);
  }

  async get(key: string): Promise<CifarBundle | undefined> {
    return (await this.db.get('bundles', key))?.bundle;
  }

  /** Stores a bundle under `key` (replacing an older one) and returns its entry. */
  async put(key: string, label: string, bundle: CifarBundle): Promise<CachedEntry> {
    const entry: CachedEntry = {
      key, label, variant: bundle.variant, bytes: sizeOf(bundle.train) + sizeOf(bundle.test),
      counts: { train: bundle.train?.count ?? 0, test: bundle.test?.count ?? 0 }, savedAt: Date.now(),
    };
    const tx = this.db.transaction(['entries', 'bundles'], 'readwrite');
    await Promise.all([tx.objectStore('bundles').put({ key, bundle }), tx.objectStore('entries').put(entry), tx.done]);
    return entry;
  }

  async delete(key: string): Promise<void> {
    const tx = this.db.transaction(['entries', 'bundles'], 'readwrite');
    await Promise.all([tx.objectStore('bundles').delete(key), tx.objectStore('entries').delete(key), tx.done]);
  }

  close(): void {
    this.db.close();
  }
}
