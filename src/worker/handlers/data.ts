/** The worker's data requests: generate or split a dataset, load CIFAR (files, URL, cache), list and delete the cache. */
import type { Handlers } from '../handler.ts';
import type { WorkerEnv } from '../env.ts';

export function dataHandlers(env: WorkerEnv): Handlers<'loadDataset' | 'loadData' | 'loadCached' | 'listCached' | 'deleteCached'> {
  const store = env.store;
  return {
    async loadDataset(ref, { progress }) {
      const t0 = performance.now();
      const ds = await env.dataset(ref, progress);
      return { key: ref.dataset, split: ref.split, seed: ref.seed, count: ds.count, classNames: ds.classNames, ms: performance.now() - t0 };
    },
    loadData({ source, expect, maxBytes, cache }, { progress, shouldCancel }) {
      return store.load(source, expect, progress, shouldCancel, maxBytes, cache ?? true);
    },
    loadCached({ key }) {
      return store.loadCached(key);
    },
    listCached() {
      return store.listCached();
    },
    deleteCached({ key }) {
      return store.deleteCached(key);
    },
  };
}
