/**
 * The one keyed IndexedDB store (fake-indexeddb in Node): put / info / get / list / delete; and
 * the three databases built on it read what their earlier, hand-written versions stored — the
 * dataset cache's and the search's layouts are kept, the fine-tuning's one-store rows migrate.
 */
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { KeyedStore } from '../../../src/core/storage/keyed-store.ts';
import { DatasetCache } from '../../../src/core/data/cache.ts';
import { CheckpointStore } from '../../../src/core/rl/checkpoints.ts';
import { HealCheckpointStore } from '../../../src/core/pipeline/heal-checkpoints.ts';

interface Info { key: string; savedAt: number; n: number }
const LAYOUT = { info: 'i', payload: 'p', field: 'data' };

describe('KeyedStore', () => {
  it('keeps info and payload per key, lists newest first, deletes both, survives reopening', async () => {
    const s = await KeyedStore.open<Info, Float32Array>('ks1', LAYOUT);
    await s.put({ key: 'a', savedAt: 1, n: 1 }, new Float32Array([1, 2]));
    await s.put({ key: 'b', savedAt: 3, n: 2 }, new Float32Array([3]));
    await s.put({ key: 'a', savedAt: 2, n: 3 }, new Float32Array([4, 5, 6])); // replaces a
    s.close();
    const t = await KeyedStore.open<Info, Float32Array>('ks1', LAYOUT);
    expect((await t.list()).map((i) => [i.key, i.n])).toEqual([['b', 2], ['a', 3]]);
    expect(Array.from((await t.get('a'))!)).toEqual([4, 5, 6]);
    expect(await t.info('b')).toEqual({ key: 'b', savedAt: 3, n: 2 });
    await t.delete('a');
    expect(await t.info('a')).toBeUndefined();
    expect(await t.get('a')).toBeUndefined();
    expect((await t.list()).map((i) => i.key)).toEqual(['b']);
    // The payload row has the layout's field name (what older code wrote and reads).
    t.close();
    const raw = await openDB('ks1');
    expect(await raw.get('p', 'b')).toEqual({ key: 'b', data: new Float32Array([3]) });
    raw.close();
  });

  it('reads a dataset cache and a search checkpoint written in the databases\' first layout', async () => {
    const entry = { key: 'u', label: 'u', variant: 'cifar10', bytes: 4, counts: { train: 0, test: 1 }, savedAt: 5 };
    const bundle = { variant: 'cifar10', used: ['test_batch.bin'] };
    const data = await openDB('old-data', 1, { upgrade(d) { d.createObjectStore('entries', { keyPath: 'key' }); d.createObjectStore('bundles', { keyPath: 'key' }); } });
    await data.put('entries', entry);
    await data.put('bundles', { key: 'u', bundle });
    data.close();
    const cache = await DatasetCache.open('old-data');
    expect(await cache.list()).toEqual([entry]);
    expect(await cache.get('u')).toEqual(bundle);
    cache.close();

    const info = { key: 's', label: 's', episode: 3, episodes: 8, bestReward: 0.5, savedAt: 6 };
    const search = await openDB('old-search', 1, { upgrade(d) { d.createObjectStore('info', { keyPath: 'key' }); d.createObjectStore('states', { keyPath: 'key' }); } });
    await search.put('info', info);
    await search.put('states', { key: 's', state: { episode: 3 } });
    search.close();
    const cps = await CheckpointStore.open('old-search');
    expect(await cps.list()).toEqual([info]);
    expect(await cps.get('s')).toEqual({ episode: 3 });
    cps.close();
  });

  it('moves a fine-tuning checkpoint of the one-store first version into the two stores', async () => {
    const info = { key: 'h', label: 'h', step: 20, steps: 50, savedAt: 7 };
    const state = { fineTune: { step: 20 } };
    const v1 = await openDB('old-heal', 1, { upgrade(d) { d.createObjectStore('runs', { keyPath: 'key' }); } });
    await v1.put('runs', { key: 'h', info, state });
    v1.close();
    const heal = await HealCheckpointStore.open('old-heal');
    expect(await heal.info('h')).toEqual(info);
    expect(await heal.get('h')).toEqual(state);
    heal.close();
    const raw = await openDB('old-heal');
    expect([...raw.objectStoreNames].sort()).toEqual(['info', 'states']);
    expect(raw.version).toBe(4);
    raw.close();
  });
});
