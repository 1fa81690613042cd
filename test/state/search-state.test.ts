/**
 * SearchState in Node on a fake worker: episodes stream into the log, a finished search hands
 * over to afterSearch, a model change mid-search drops its replies, a failed one stays resumable,
 * cancel forgets it, and a link's policy is shown only on the model it was made for.
 */
import { describe, expect, it, vi } from 'vitest';
import { SearchState } from '../../src/state/search.svelte.ts';
import { DataState } from '../../src/state/data.svelte.ts';
import type { ModelSummary } from '../../src/core/pipeline/prune-spec.ts';
import type { EpisodeLog } from '../../src/core/rl/search.ts';
import { FakeClient, fakeCore } from './fakes.ts';

const episode = (i: number): EpisodeLog => ({ episode: i, reward: i / 10, accuracy: i / 10, sparsities: [0.5, 0.5], prunedCounts: [5, 50] } as unknown as EpisodeLog);
const summary = { weightsName: 'vgg-s-shapes10', layers: [{ name: 'c1', kind: 'conv', params: 10 }, { name: 'c2', kind: 'conv', params: 100 }, { name: 'fc', kind: 'dense', params: 50 }] } as unknown as ModelSummary;

function setup(handlers: ConstructorParameters<typeof FakeClient>[0], shared: { prunedCounts: number[] } | null = null, config = {}) {
  const client = new FakeClient({ getCheckpoint: () => null, listCheckpoints: () => [], ...handlers });
  const core = fakeCore(client, { episodes: 3, ...config });
  const after: boolean[] = [];
  let healCleared = 0;
  const model = { summary };
  const search = new SearchState(core, {
    model, data: new DataState(core), linkModel: 'vgg-s',
    clearHeal: () => { healCleared += 1; }, afterSearch: async (done) => { after.push(done); },
  }, shared);
  return { client, core, search, after, healCleared: () => healCleared };
}

describe('SearchState', () => {
  it('names the experiment by model, weights, data and search settings', () => {
    const { search, core } = setup({});
    const key = search.key;
    expect(JSON.parse(key)).toEqual(['vgg-s', 'vgg-s-shapes10', 'shapes10', 1234, 500, 0, { episodes: 3, warmup: 30, alpha: 0.8, budget: 'params', budgetMode: 'exact', reward: 'acc', seed: 1 }]);
    core.config.alpha = 0.7;
    expect(search.key).not.toBe(key);
    expect(search.label).toBe('VGG-S (demo) · shapes10 · α 70% (params, exact) · 3 episodes · seed 1');
  });

  it('streams episodes, ends done and hands over to afterSearch', async () => {
    const { client, search, after } = setup({
      search: (params, onProgress) => {
        for (let i = 0; i < 3; i++) onProgress!({ stage: 'searching', done: i + 1, total: 3, episode: episode(i), best: episode(i) });
        return { status: 'done', episode: 3, episodes: 3, best: episode(2), log: [0, 1, 2].map(episode) };
      },
    });
    await search.start();
    expect(search.log.map((e) => e.episode)).toEqual([0, 1, 2]);
    expect([search.status, search.best?.episode, after]).toEqual(['done', 2, [true]]);
    const params = client.of('search')[0] as { reward: unknown; checkpointEvery: number; resume: boolean; rewardImages: number };
    expect([params.reward, params.checkpointEvery, params.resume, params.rewardImages]).toEqual([{ dataset: 'shapes10', split: 'validation', seed: 1234 }, 5, false, 500]);
    expect(client.of('listCheckpoints')).toHaveLength(1);
  });

  it('the ETA counts from the first episode: the model reload and data before it are not every episode\'s overhead', async () => {
    // An injected clock (performance.now), not the wall clock: 60 s of set-up, then 1 s a scored episode.
    let now = 0;
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => now);
    let eta: number | null = null;
    const { search } = setup({
      search: (params, onProgress) => {
        now += 60_000;
        onProgress!({ stage: 'searching', done: 0, total: 3, best: null, updateMs: 0 });
        for (let i = 0; i < 2; i++) {
          now += 1000;
          onProgress!({ stage: 'searching', done: i + 1, total: 3, episode: { ...episode(i), evalMs: 1000, agentMs: 0, sigma: null }, best: episode(i) });
        }
        eta = search.eta;
        return { status: 'done', episode: 3, episodes: 3, best: episode(1), log: [0, 1, 2].map(episode) };
      },
    });
    try {
      await search.start();
    } finally {
      clock.mockRestore();
    }
    // One episode left at 1 s (500 images at 2 ms), no overhead; counting the set-up would add 30 s.
    expect(eta).toBeCloseTo(1, 6);
  });

  it('a model load mid-search drops its replies and shows the new model\'s saved search', async () => {
    let core!: ReturnType<typeof fakeCore>;
    let seen = -1;
    const s = setup({
      search: (params, onProgress) => {
        onProgress!({ stage: 'searching', done: 1, total: 3, episode: episode(0), best: episode(0) });
        core.modelGeneration += 1;
        onProgress!({ stage: 'searching', done: 2, total: 3, episode: episode(1), best: episode(1) });
        seen = s.search.log.length;
        return { status: 'paused', episode: 2, episodes: 3, best: episode(1), log: [0, 1].map(episode) };
      },
    });
    core = s.core;
    await s.search.start();
    expect(seen).toBe(1); // the episode that arrived after the model load was dropped
    expect(s.after).toEqual([]);
    expect(s.client.of('getCheckpoint')).toHaveLength(1); // showSaved for the new model
    expect([s.search.status, s.search.log]).toEqual(['idle', []]);
  });

  it('a failed search with episodes stays resumable; cancel forgets it', async () => {
    const { client, core, search, after } = setup({
      search: (params, onProgress) => {
        onProgress!({ stage: 'searching', done: 1, total: 3, episode: episode(0), best: episode(0) });
        throw new Error('out of memory');
      },
      deleteCheckpoint: () => [],
    });
    await search.start();
    expect([search.status, core.errors, after]).toEqual(['paused', ['Searching failed: out of memory'], [false]]);
    await search.cancel();
    expect([search.status, core.cancels]).toEqual(['idle', 1]);
    expect(client.of('deleteCheckpoint')).toEqual([{ key: search.key }]);
  });

  it('a link\'s policy shows as done on its own model, and is dropped with a notice when it does not fit', async () => {
    const fits = setup({}, { prunedCounts: [5, 60] });
    await fits.search.showSaved();
    expect([fits.search.source, fits.search.status, fits.search.best?.sparsities, fits.healCleared()]).toEqual(['link', 'done', [0.5, 0.6], 1]);
    expect(fits.search.linkPolicy).toEqual({ prunedCounts: [5, 60] });

    const tooBig = setup({}, { prunedCounts: [11, 60] });
    await tooBig.search.showSaved();
    expect([tooBig.search.source, tooBig.search.shared, tooBig.search.best]).toEqual(['search', null, null]);
    expect(tooBig.core.notices).toEqual(["The link's policy has 2 layers that do not fit vgg-s (2 conv layers); ignored it."]);

    const otherModel = setup({}, { prunedCounts: [5, 60] }, { model: 'resnet20' });
    await otherModel.search.showSaved();
    expect([otherModel.search.shared, otherModel.core.notices]).toEqual([null, []]);
  });

  it('the address bar\'s policy of this browser\'s own finished search shows that search again; another saved search yields to the link', async () => {
    const finished = { status: 'done', episode: 3, episodes: 3, best: episode(2), log: [0, 1, 2].map(episode) };
    const own = setup({ getCheckpoint: () => finished }, { prunedCounts: [5, 50] });
    await own.search.showSaved();
    expect([own.search.source, own.search.status, own.search.log.length, own.search.best?.episode]).toEqual(['search', 'done', 3, 2]);
    const other = setup({ getCheckpoint: () => finished }, { prunedCounts: [5, 60] });
    await other.search.showSaved();
    expect([other.search.source, other.search.log.length, other.search.best?.prunedCounts]).toEqual(['link', 0, [5, 60]]);
  });
});
