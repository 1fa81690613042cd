/**
 * Searches and fine-tunings saved before α had one name (the search settings said `target`, the
 * best policy `ks`) are still found and resumed: keys and states are renamed when the databases
 * open. The old keys are built here with the old formula, independent of the code under test.
 */
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { CheckpointStore, renameTargetInKey } from '../../../src/core/rl/checkpoints.ts';
import { HealCheckpointStore } from '../../../src/core/pipeline/heal-checkpoints.ts';
import { DdpgSearch } from '../../../src/core/rl/search.ts';

const settings = (name: 'target' | 'alpha') => ({ episodes: 3, warmup: 30, [name]: 0.8, budget: 'params', budgetMode: 'exact', reward: 'acc', seed: 1 });
const searchKey = (name: 'target' | 'alpha') => JSON.stringify(['vgg-s', 'vgg-s-shapes10', 'shapes10', 1234, 500, 0, settings(name)]);
const healKey = (name: 'target' | 'alpha') => JSON.stringify([searchKey(name), 'policy', { conv: { method: 'policy', sparsity: 0.8, counts: [1, 2] }, dense: { k: 3 } }, 128, 1, 0.01, 32, true, 1]);
// The same run's key today (heal DB v4): a named record without the run's length (1 epoch above),
// its spec with the scope it had then (every dense layer).
const healKeyV4 = JSON.stringify({ v: 4, search: searchKey('alpha'), source: 'policy', spec: { conv: { method: 'policy', sparsity: 0.8, counts: [1, 2] }, dense: { k: 3, scope: 'all' } }, recalImages: 128, lr: 0.01, batch: 32, augment: true, seed: 1 });
const layers = [{ name: 'c1', kind: 'conv' as const, inChannels: 3, outChannels: 4, stride: 1, kernelSize: 3, params: 108, macsPerWeight: 1024 }, { name: 'c2', kind: 'conv' as const, inChannels: 4, outChannels: 4, stride: 1, kernelSize: 3, params: 144, macsPerWeight: 1024 }];

describe('α renamed in saved checkpoints', () => {
  it('rewrites a search key and the same key inside a fine-tuning key, and nothing else', () => {
    expect(renameTargetInKey(searchKey('target'))).toBe(searchKey('alpha'));
    expect(renameTargetInKey(healKey('target'))).toBe(healKey('alpha'));
    expect(renameTargetInKey(searchKey('alpha'))).toBe(searchKey('alpha'));
    expect(renameTargetInKey('{"target":1}')).toBe('{"target":1}');
  });

  it('a version-1 search checkpoint opens under the new key, restorable, its best policy as prunedCounts', async () => {
    const state = new DdpgSearch(layers, { episodes: 3, warmup: 30, alpha: 0.5, seed: 1 }).getState();
    const { alpha, ...config } = state.config;
    const v1 = { ...state, version: 1, config: { ...config, target: alpha }, best: { episode: 0, reward: 0.5, accuracy: 0.5, sparsities: [0.5, 0.5], ks: [54, 72] } };
    const info = { key: searchKey('target'), label: 's', episode: 1, episodes: 3, bestReward: 0.5, savedAt: 9 };
    const db = await openDB('alpha-search', 1, { upgrade(d) { d.createObjectStore('info', { keyPath: 'key' }); d.createObjectStore('states', { keyPath: 'key' }); } });
    await db.put('info', info);
    await db.put('states', { key: info.key, state: v1 });
    db.close();
    const store = await CheckpointStore.open('alpha-search');
    expect(await store.list()).toEqual([{ ...info, key: searchKey('alpha') }]);
    expect(await store.get(searchKey('target'))).toBeUndefined();
    const restored = DdpgSearch.restore(layers, (await store.get(searchKey('alpha')))!);
    expect(restored.config.alpha).toBe(0.5);
    expect(restored.best).toEqual({ episode: 0, reward: 0.5, accuracy: 0.5, sparsities: [0.5, 0.5], prunedCounts: [54, 72] });
    store.close();
  });

  it('a version-2 fine-tuning checkpoint opens under today\'s key with its state intact', async () => {
    const info = { key: healKey('target'), label: 'h', step: 20, steps: 50, savedAt: 7 };
    const state = { fineTune: { step: 20 } };
    const db = await openDB('alpha-heal', 2, { upgrade(d) { d.createObjectStore('info', { keyPath: 'key' }); d.createObjectStore('states', { keyPath: 'key' }); } });
    await db.put('info', info);
    await db.put('states', { key: info.key, state });
    db.close();
    const heal = await HealCheckpointStore.open('alpha-heal');
    expect(await heal.info(healKeyV4)).toEqual({ ...info, key: healKeyV4 });
    expect(await heal.get(healKeyV4)).toEqual(state);
    expect(await heal.info(healKey('target'))).toBeNull();
    expect(await heal.info(healKey('alpha'))).toBeNull();
    heal.close();
  });

  it('a version-3 fine-tuning checkpoint gets today\'s key and its spec the scope it had (every dense layer)', async () => {
    const info = { key: healKey('alpha'), label: 'h', step: 79, steps: 79, savedAt: 8 };
    const state = { spec: { conv: { method: 'policy', sparsity: 0.8, counts: [1, 2] }, dense: { k: 3 } }, fineTune: { step: 79 } };
    const db = await openDB('scope-heal', 3, { upgrade(d) { d.createObjectStore('info', { keyPath: 'key' }); d.createObjectStore('states', { keyPath: 'key' }); } });
    await db.put('info', info);
    await db.put('states', { key: info.key, state });
    db.close();
    const heal = await HealCheckpointStore.open('scope-heal');
    expect(await heal.info(healKeyV4)).toEqual({ ...info, key: healKeyV4 });
    expect(await heal.get(healKeyV4)).toEqual({ ...state, spec: { ...state.spec, dense: { k: 3, scope: 'all' } } });
    heal.close();
  });

  it('a version-3 fine-tuning with k-σ off keeps a spec without a scope, as today\'s specs write it', async () => {
    const spec = { conv: { method: 'uniform', sparsity: 0.5 }, dense: { k: null } };
    const old = JSON.stringify([searchKey('alpha'), 'pruning', spec, 0, 2, 0.01, 32, true, 1]);
    const today = JSON.stringify({ v: 4, search: searchKey('alpha'), source: 'pruning', spec, recalImages: 0, lr: 0.01, batch: 32, augment: true, seed: 1 });
    const info = { key: old, label: 'p', step: 10, steps: 158, savedAt: 9 };
    const db = await openDB('scope-heal-off', 3, { upgrade(d) { d.createObjectStore('info', { keyPath: 'key' }); d.createObjectStore('states', { keyPath: 'key' }); } });
    await db.put('info', info);
    await db.put('states', { key: old, state: { spec, fineTune: { step: 10 } } });
    db.close();
    const heal = await HealCheckpointStore.open('scope-heal-off');
    expect(await heal.info(today)).toEqual({ ...info, key: today });
    expect(await heal.get(today)).toEqual({ spec, fineTune: { step: 10 } });
    heal.close();
  });
});
