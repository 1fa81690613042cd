/**
 * The worker's DDPG search (METHOD §1): runs or resumes a search on the current model's convs,
 * checkpointing to IndexedDB; and the saved searches' list, log and deletion.
 */
import { DdpgSearch, timeAgentUpdate } from '../../core/rl/search.ts';
import { searchLayers, sessionEvaluate } from '../../core/pipeline/search-env.ts';
import { throwIfCancelled } from '../../core/cancel.ts';
import type { Handlers } from '../handler.ts';
import type { WorkerEnv } from '../env.ts';

export function searchHandlers(env: WorkerEnv): Handlers<'search' | 'listCheckpoints' | 'getCheckpoint' | 'deleteCheckpoint'> {
  return {
    async search({ key, label, config, reward, rewardImages, recal, resume, checkpointEvery, batchSize }, { progress, shouldCancel }) {
      // From the loaded weights: a healed net (recalibrated BN) would score every episode differently.
      const s = await env.fromPretrained();
      const ds = await env.dataset(reward, progress);
      const layers = searchLayers(s);
      let cps = await env.searchCheckpoints();
      if (!cps) env.storage.report('search', null);
      let search: DdpgSearch;
      if (resume) {
        const saved = await cps?.get(key);
        if (!saved) throw new Error('No saved search to resume for this experiment');
        search = DdpgSearch.restore(layers, saved);
      } else {
        search = new DdpgSearch(layers, config);
      }
      env.pauseRequested = false;
      const every = Math.max(1, Math.floor(checkpointEvery));
      const evaluate = sessionEvaluate(s, ds, { alpha: search.config.alpha, batchSize, limit: rewardImages, recal: (await env.recalSettings(recal ?? null, progress)) ?? undefined, shouldCancel });
      const total = search.config.episodes;
      const result = (status: 'done' | 'paused') => ({ status, episode: search.episode, episodes: total, best: search.best, log: search.log });
      try {
        // Timed once, for the ETA before the first updating episode (core/rl/search-eta.ts).
        const updateMs = search.episode <= search.config.warmup ? timeAgentUpdate(search.config.ddpg) : undefined;
        progress({ stage: 'searching', done: search.episode, total, best: search.best, updateMs });
        while (!search.done) {
          throwIfCancelled(shouldCancel);
          const entry = await search.runEpisode(evaluate);
          env.throwIfDeviceLost();
          progress({ stage: 'searching', done: search.episode, total, episode: entry, best: search.best });
          if (cps && (search.episode % every === 0 || search.done || env.pauseRequested)) {
            await cps.put(key, label, search.getState()).catch((err: unknown) => {
              env.storage.report('search', err);
              cps = null; // one refusal is enough: the search goes on unsaved
            });
          }
          if (env.pauseRequested && !search.done) return result('paused');
        }
        return result('done');
      } finally {
        env.pauseRequested = false;
        s.restore(); // the last episode's masks are not a result; the caller applies the best policy
      }
    },
    async listCheckpoints() {
      return (await (await env.searchCheckpoints())?.list()) ?? [];
    },
    async getCheckpoint({ key }) {
      const state = await (await env.searchCheckpoints())?.get(key);
      return state ? { log: state.log, best: state.best, episode: state.episode, episodes: state.config.episodes } : null;
    },
    async deleteCheckpoint({ key }) {
      const cps = await env.searchCheckpoints();
      await cps?.delete(key);
      return (await cps?.list()) ?? [];
    },
  };
}
