/**
 * DataState in Node on a fake worker: the splits each purpose reads (METHOD §1.6), what a load
 * switches to, and what it says when a load brings no test set or a configured source fails.
 */
import { describe, expect, it } from 'vitest';
import { DataState } from '../../src/state/data.svelte.ts';
import type { LoadedData } from '../../src/worker/protocol.ts';
import { FakeClient, fakeCore } from './fakes.ts';

const loaded = (over: Partial<LoadedData> = {}): LoadedData => ({
  variant: 'cifar10', key: 'https://x.test/cifar.tar.gz', label: 'x', fromCache: false, cachedBytes: 1, counts: { train: 50_000, test: 10_000 },
  loadedCounts: { train: 50_000, test: 10_000 }, classNames: [], hasCoarse: false, ...over,
});

describe('DataState', () => {
  it('reads Shapes-10 validation for reward and train for fine-tuning; CIFAR\'s reward split is sized by rewardImages', async () => {
    const client = new FakeClient({ loadData: () => loaded(), listCached: () => [] });
    const core = fakeCore(client, { dataSeed: 7, rewardImages: 500 });
    const data = new DataState(core);
    expect([data.splitRef('reward'), data.splitRef('train'), data.splitRef('calibration'), data.splitRef('test')]).toEqual([
      { dataset: 'shapes10', split: 'validation', seed: 7 }, { dataset: 'shapes10', split: 'train', seed: 7 },
      { dataset: 'shapes10', split: 'train', seed: 7 }, { dataset: 'shapes10', split: 'test', seed: 7 },
    ]);
    expect(await data.load({ kind: 'url', url: 'https://x.test/cifar.tar.gz' })).toBe(true);
    expect(data.splitRef('reward')).toEqual({ dataset: 'cifar10', split: 'reward', seed: 7, rewardSize: 500 });
    expect(data.splitRef('test')).toEqual({ dataset: 'cifar10', split: 'test', seed: 7 });
  });

  it('a load with a test set switches to it and names the URL in the config; from the cache it says so', async () => {
    const client = new FakeClient({ loadData: () => loaded({ fromCache: true }), listCached: () => [{ key: 'k' }] });
    const core = fakeCore(client);
    const data = new DataState(core);
    expect(await data.load({ kind: 'url', url: 'https://x.test/cifar.tar.gz' })).toBe(true);
    expect([data.key, core.config.data, data.cached.length]).toEqual(['cifar10', 'https://x.test/cifar.tar.gz', 1]);
    expect(core.notices).toEqual(["Loaded CIFAR-10 from this browser's cache (no download)."]);
  });

  it('a train-only load is kept but not switched to, with a notice', async () => {
    const client = new FakeClient({ loadData: () => loaded({ key: 'files:a', counts: { train: 10_000, test: 0 } }), listCached: () => [] });
    const core = fakeCore(client);
    const data = new DataState(core);
    expect(await data.load({ kind: 'files', files: [] })).toBe(false);
    expect([data.key, core.config.data, !!data.loaded.cifar10]).toEqual(['shapes10', 'shapes10', true]);
    expect(core.notices[0]).toMatch(/^Loaded 10,000 CIFAR-10 training images, but no test set/);
  });

  it('a configured source that fails falls back to Shapes-10 with the reason', async () => {
    const client = new FakeClient({ loadData: () => { throw new Error('HTTP 404 for https://x.test/no.bin'); } });
    const core = fakeCore(client, { data: 'https://x.test/no.bin' });
    const data = new DataState(core);
    await data.resolveConfigured();
    expect([data.key, core.config.data]).toEqual(['shapes10', 'shapes10']);
    expect(core.notices).toEqual(['HTTP 404 for https://x.test/no.bin. Using the built-in Shapes-10 instead.']);
    // A CIFAR key takes the newest cached copy; none cached is said plainly.
    const none = fakeCore(new FakeClient(), { data: 'cifar100' });
    await new DataState(none).resolveConfigured();
    expect(none.notices).toEqual(['CIFAR-100 is not loaded in this browser yet; load it under Data. Using the built-in Shapes-10 instead.']);
  });

  it('switching to a variant only in the cache loads it from there; an unknown one is refused', async () => {
    const client = new FakeClient({ loadCached: () => loaded({ key: 'files:b' }), listCached: () => [{ key: 'files:b', variant: 'cifar10', counts: { train: 1, test: 1 } }] });
    const core = fakeCore(client);
    const data = new DataState(core);
    await data.refreshCached();
    expect(await data.use('cifar10')).toBe(true);
    expect(client.of('loadCached')).toEqual([{ key: 'files:b' }]);
    expect([data.key, core.config.data]).toEqual(['cifar10', 'cifar10']);
    expect(await data.use('cifar100')).toBe(false);
    expect(core.notices.at(-1)).toMatch(/CIFAR-100 \(with its test set\) is not loaded yet/);
    expect(await data.use('shapes10')).toBe(true);
    expect(data.key).toBe('shapes10');
  });

  it('drops the test split\'s description when a newer model load came first', async () => {
    const client = new FakeClient({ loadDataset: (ref) => ({ key: ref.dataset, split: ref.split, seed: ref.seed, count: 2000, classNames: [], ms: 1 }) });
    const core = fakeCore(client);
    const data = new DataState(core);
    expect(await data.refreshInfo(0)).toBe(true);
    expect(data.info?.count).toBe(2000);
    const p = data.refreshInfo(0);
    core.modelGeneration = 1;
    expect(await p).toBe(false);
    expect(data.info).toBeNull();
  });
});
