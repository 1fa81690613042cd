/**
 * Time left of a running search. An episode costs its scoring, plus the agent's T updates once
 * warm-up is over, plus what the page adds around it (progress, checkpoints). A rate measured on
 * warm-up episodes, which train nothing, underestimates the rest; and with the early stop an
 * episode scores anywhere from a tenth to all of the reward images, fewer while candidates are
 * far below the best. So each part is estimated on its own:
 *
 *   ETA = Σ over the episodes left of (images · ms per image + overhead + agent)
 *
 * ms per image = the last WINDOW episodes' evalMs over the images they scored. images: the early
 * stop ends a candidate of top-1 a against a best b after about N(1 − b)/(1 − a) of the N reward
 * images, so warm-up episodes score the mean of that over the last WINDOW warm-up candidates, and
 * updating episodes halfway from that mean (over the last WINDOW updating candidates, or before
 * MIN_SEEN of them the warm-up's) to N: the policy the agent learns climbs toward the best, where
 * the stop saves least (a guess; the bench row demo.eta_error measures how well it holds).
 * Without the stop, N. overhead = (wall time of this run's episodes − their evalMs + agentMs) /
 * their count; agent = mean agentMs of the last WINDOW updating episodes, or before any,
 * `updateMs` (one update timed at the start, timeAgentUpdate) × T.
 * Pure: the state layer calls it with the clock's reading.
 */
import type { EpisodeLog } from './search.ts';

const WINDOW = 10;
const MIN_SEEN = 3;

export interface EtaInput {
  log: readonly Pick<EpisodeLog, 'evalMs' | 'agentMs' | 'sigma' | 'stoppedAt' | 'accuracy'>[];
  episodes: number;
  /** Reward images an episode scores when nothing stops it, and whether the early stop is on. */
  rewardImages: number;
  stopping: boolean;
  warmup: number;
  /** Layers per episode (T): updates per episode after warm-up. */
  layers: number;
  /** Wall ms since this run's (or resume's) first episode started, and how many episodes were done then. */
  wallMs: number;
  doneAtStart: number;
  /** One update's ms, timed at the start (null when unknown). */
  updateMs: number | null;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Seconds left, or null until this run has finished an episode. */
export function searchEta(x: EtaInput): number | null {
  const done = x.log.length;
  const left = Math.max(0, x.episodes - done);
  const run = x.log.slice(x.doneAtStart);
  if (!run.length) return null;
  if (!left) return 0;
  const overhead = Math.max(0, (x.wallMs - run.reduce((a, l) => a + l.evalMs + l.agentMs, 0)) / run.length);
  const images = (l: EtaInput['log'][number]) => l.stoppedAt ?? x.rewardImages;
  const recent = x.log.slice(-WINDOW);
  const msPerImage = recent.reduce((a, l) => a + l.evalMs, 0) / Math.max(1, recent.reduce((a, l) => a + images(l), 0));
  const updating = x.log.filter((l) => l.sigma !== null).slice(-WINDOW);
  const warm = x.log.filter((l) => l.sigma === null).slice(-WINDOW);
  // The early stop ends a candidate of top-1 a, against a best b, after about N(1 − b)/(1 − a) images.
  const best = Math.max(...x.log.map((l) => l.accuracy));
  const untilStop = (l: EtaInput['log'][number]) => (x.stopping ? Math.min(x.rewardImages, l.accuracy >= best ? x.rewardImages : (x.rewardImages * (1 - best)) / (1 - l.accuracy)) : x.rewardImages);
  // Updating episodes: the learned policy climbs toward the best, where the stop saves least, so
  // the count the recent ones (before MIN_SEEN of them, the warm-up's) would stop at is taken
  // halfway to every image.
  const seen = updating.length >= MIN_SEEN ? updating : warm;
  const imagesUpdating = seen.length ? (mean(seen.map(untilStop)) + x.rewardImages) / 2 : x.rewardImages;
  const imagesWarm = warm.length ? mean(warm.map(untilStop)) : x.rewardImages;
  const agent = updating.length ? mean(updating.map((l) => l.agentMs)) : (x.updateMs ?? 0) * x.layers;
  const agentWarm = warm.length ? mean(warm.map((l) => l.agentMs)) : 0;
  // Episode e (0-based) updates when e > warmup (DdpgSearch.runEpisode).
  const leftUpdating = Math.min(left, Math.max(0, x.episodes - Math.max(done, x.warmup + 1)));
  const leftWarm = left - leftUpdating;
  const ms = left * overhead + leftUpdating * (imagesUpdating * msPerImage + agent) + leftWarm * (imagesWarm * msPerImage + agentWarm);
  return ms / 1000;
}
