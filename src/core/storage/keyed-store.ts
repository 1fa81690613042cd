/**
 * One keyed IndexedDB store (through `idb`) for everything the lab keeps: the dataset cache, the
 * search's checkpoints and the fine-tuning's. Each key holds a small `info` (what a list shows)
 * and a large payload in two object stores, so listing never reads the payloads. Uses the global
 * `indexedDB` (workers have it; Node tests use fake-indexeddb).
 */
import { openDB, type IDBPDatabase, type IDBPTransaction } from 'idb';

/** Where a database keeps its two halves: object store names and the payload row's field. */
export interface StoreLayout {
  info: string;
  payload: string;
  /** The payload row is `{ key, [field]: payload }`. */
  field: string;
}

/** Moves an older layout's rows into this one (runs inside the upgrade transaction). */
export type Migration = (db: IDBPDatabase<unknown>, oldVersion: number, tx: IDBPTransaction<unknown, string[], 'versionchange'>) => Promise<void>;

/**
 * Rewrites every row of `layout` inside an upgrade: `change` returns the row's new info and
 * payload (a new key moves the row), or null to leave it as it is.
 */
export async function rewriteRows<Info extends { key: string }, Payload>(
  tx: IDBPTransaction<unknown, string[], 'versionchange'>, layout: StoreLayout,
  change: (info: Info, payload: Payload | undefined) => { info: Info; payload: Payload | undefined } | null,
): Promise<void> {
  const infos = tx.objectStore(layout.info);
  const payloads = tx.objectStore(layout.payload);
  for (const info of (await infos.getAll()) as Info[]) {
    const row = (await payloads.get(info.key)) as Record<string, Payload> | undefined;
    const next = change(info, row?.[layout.field]);
    if (!next) continue;
    await infos.delete(info.key);
    await payloads.delete(info.key);
    await infos.put(next.info);
    if (next.payload !== undefined) await payloads.put({ key: next.info.key, [layout.field]: next.payload });
  }
}

export class KeyedStore<Info extends { key: string; savedAt: number }, Payload> {
  private constructor(private readonly db: IDBPDatabase<unknown>, private readonly layout: StoreLayout) {}

  /** Opens (creating if needed) database `name` at `version`; `migrate` upgrades older versions' rows. */
  static async open<Info extends { key: string; savedAt: number }, Payload>(name: string, layout: StoreLayout, version = 1, migrate?: Migration): Promise<KeyedStore<Info, Payload>> {
    const db = await openDB<unknown>(name, version, {
      async upgrade(d, oldVersion, _newVersion, tx) {
        for (const store of [layout.info, layout.payload]) if (!d.objectStoreNames.contains(store)) d.createObjectStore(store, { keyPath: 'key' });
        if (oldVersion > 0) await migrate?.(d, oldVersion, tx);
      },
    });
    return new KeyedStore<Info, Payload>(db, layout);
  }

  /** Stores `payload` with its `info` under `info.key`, replacing what was there, in one transaction. */
  async put(info: Info, payload: Payload): Promise<Info> {
    const { info: i, payload: p, field } = this.layout;
    const tx = this.db.transaction([i, p], 'readwrite');
    await Promise.all([tx.objectStore(p).put({ key: info.key, [field]: payload }), tx.objectStore(i).put(info), tx.done]);
    return info;
  }

  async info(key: string): Promise<Info | undefined> {
    return (await this.db.get(this.layout.info, key)) as Info | undefined;
  }

  async get(key: string): Promise<Payload | undefined> {
    const row = (await this.db.get(this.layout.payload, key)) as Record<string, Payload> | undefined;
    return row?.[this.layout.field];
  }

  /** Every info, newest first. */
  async list(): Promise<Info[]> {
    return ((await this.db.getAll(this.layout.info)) as Info[]).sort((a, b) => b.savedAt - a.savedAt);
  }

  async delete(key: string): Promise<void> {
    const tx = this.db.transaction([this.layout.info, this.layout.payload], 'readwrite');
    await Promise.all([tx.objectStore(this.layout.payload).delete(key), tx.objectStore(this.layout.info).delete(key), tx.done]);
  }

  close(): void {
    this.db.close();
  }
}
