/**
 * The DDPG layer-wise sparsity search (METHOD §1): episodes over the prunable conv layers, the
 * 10-feature state, warm-up with uniform actions, truncated-normal exploration with σ decay, the
 * budget wall, T updates per episode after warm-up, and the best-reward policy. The reward
 * comes from an injected async function (the environment masks the model and evaluates it), so
 * this module is pure TypeScript and its state is plain data that checkpoints exactly.
 */
import { Rng, deriveSeed } from '../rng.ts';
import { BudgetWall, type BudgetMode } from './budget.ts';
import { DdpgAgent, DEFAULT_DDPG, Replay, type AgentState, type DdpgConfig, type Transition } from './ddpg.ts';
import { sampleTruncNormal } from './truncnorm.ts';

export interface SearchConfig {
  /** Total episodes (LAB 400; CODE 800). */
  episodes: number;
  /** Episodes e ≤ warmup take uniform random actions and run no updates (CODE: 100). */
  warmup: number;
  /** Target fraction α of the budget to remove. */
  alpha: number;
  budgetMode: BudgetMode;
  /** What α counts: conv weights, or conv MACs. */
  budget: 'params' | 'flops';
  aMin: number;
  aMax: number;
  /** Exploration σ at the first episode after warm-up, and its decay per episode. */
  sigmaInit: number;
  sigmaDecay: number;
  /** Replay capacity in episodes (× T transitions). */
  replayEpisodes: number;
  /** 'acc': R = top-1; 'acc-flops': R = −(1 − top-1)·ln(MACs) (CODE's acc_flops_reward). */
  reward: 'acc' | 'acc-flops';
  seed: number;
  /**
   * A lab addition (METHOD §8: labelled wherever used): stop scoring a candidate once it cannot
   * beat the best so far even if every image left were right; it is then rewarded with its top-1
   * on the images it saw. A stopped candidate never could have been the best; the agent learns
   * from the estimates. Only with the top-1 reward; off in the paper.
   */
  earlyStop: boolean;
  ddpg: DdpgConfig;
}

export const DEFAULT_SEARCH: Readonly<SearchConfig> = {
  episodes: 400, warmup: 100, alpha: 0.8, budgetMode: 'exact', budget: 'params', aMin: 0, aMax: 0.99,
  sigmaInit: 0.5, sigmaDecay: 0.95, replayEpisodes: 100, reward: 'acc', seed: 1, earlyStop: false, ddpg: { ...DEFAULT_DDPG },
};

/** What the search needs to know of a layer (from PrunableLayer). */
export interface SearchLayer {
  name: string;
  kind: 'conv' | 'dense';
  inChannels: number;
  outChannels: number;
  stride: number;
  kernelSize: number;
  /** Kernel weights W_t. */
  params: number;
  /** MACs per kernel weight (H_out·W_out for conv). */
  macsPerWeight: number;
}

/** What the environment reports for one episode's masks. */
export interface EpisodeEval {
  /** Top-1 on the reward images scored, 0..1. */
  accuracy: number;
  /** MACs of the masked net (for the accuracy-FLOPs reward). */
  macs?: number;
  /** Images scored, when a stop rule ended the scoring before the whole reward split. */
  stoppedAt?: number;
}

/** Asked after each scored batch: true ends the scoring (correct of `seen` images, `total` in all). */
export type StopRule = (correct: number, seen: number, total: number) => boolean;

export type Evaluate = (prunedCounts: number[], sparsities: number[], stop?: StopRule) => Promise<EpisodeEval>;

export interface EpisodeLog {
  episode: number;
  reward: number;
  accuracy: number;
  /** Realized per-layer sparsities k_t / W_t. */
  sparsities: number[];
  /** Raw actions before the budget wall. */
  raw: number[];
  /** Exploration σ (null during warm-up). */
  sigma: number | null;
  /** Wall time of the environment's evaluation and of the agent (acting + updates), ms. */
  evalMs: number;
  agentMs: number;
  /** Mean critic loss of this episode's updates (null when none ran). */
  criticLoss: number | null;
  /** Images scored when the early stop ended the scoring (absent: the whole reward split). */
  stoppedAt?: number;
}

export interface BestPolicy {
  episode: number;
  reward: number;
  accuracy: number;
  sparsities: number[];
  prunedCounts: number[];
}

export interface SearchState {
  version: 2;
  config: SearchConfig;
  layerNames: string[];
  episode: number;
  agent: AgentState;
  replay: ReturnType<Replay['getState']>;
  rng: { explore: number[]; replay: number[] };
  log: EpisodeLog[];
  best: BestPolicy | null;
}

/**
 * A state saved by version 1, which called α `target` and the best policy's pruned counts `ks`,
 * in today's names; any other value is returned as it is.
 */
export function upgradeSearchState(old: unknown): unknown {
  const s = old as { version?: number; config?: { target?: number }; best?: { ks?: number[] } | null } | null;
  if (s?.version !== 1 || !s.config) return old;
  const { target, ...config } = s.config;
  const best = s.best && (({ ks, ...rest }) => ({ ...rest, prunedCounts: ks }))(s.best);
  return { ...s, version: 2, config: { ...config, alpha: target }, best };
}

/**
 * ms of one DDPG update of `config` on a throwaway agent and a synthetic batch (the second of
 * two, past the JIT's first compile): the search's ETA uses it before any episode has updated.
 */
export function timeAgentUpdate(config: DdpgConfig, stateDim = 10): number {
  const rng = new Rng(0);
  const agent = new DdpgAgent(stateDim, config, rng);
  const batch: Transition[] = Array.from({ length: config.batchSize }, () => ({
    s: Array.from({ length: stateDim }, () => rng.next()), a: rng.next(), r: rng.next(), s2: Array.from({ length: stateDim }, () => rng.next()), done: false,
  }));
  agent.update(batch);
  const t0 = performance.now();
  agent.update(batch);
  return performance.now() - t0;
}

/** Min-max normalizes each column across rows; a constant column stays raw (CODE quirk). */
function normalizeColumns(rows: number[][]): number[][] {
  const cols = rows[0].length;
  const out = rows.map((r) => [...r]);
  for (let c = 0; c < cols; c++) {
    const v = rows.map((r) => r[c]);
    const lo = Math.min(...v);
    const hi = Math.max(...v);
    if (hi > lo) out.forEach((r, i) => { r[c] = (v[i] - lo) / (hi - lo); });
  }
  return out;
}

export class DdpgSearch {
  readonly config: SearchConfig;
  readonly agent: DdpgAgent;
  readonly replay: Replay;
  private readonly exploreRng: Rng;
  private readonly replayRng: Rng;
  /** Normalized static features per layer: [t, type, Cin, Cout, stride, kernel, numel]. */
  private readonly staticFeatures: number[][];
  private readonly costs: number[];
  private readonly totalCost: number;
  episode = 0;
  log: EpisodeLog[] = [];
  best: BestPolicy | null = null;

  constructor(readonly layers: readonly SearchLayer[], config: Partial<SearchConfig> = {}) {
    this.config = { ...DEFAULT_SEARCH, ...config, ddpg: { ...DEFAULT_SEARCH.ddpg, ...config.ddpg } };
    if (!layers.length) throw new Error('The search needs at least one prunable layer');
    const c = this.config;
    if (!(Number.isInteger(c.episodes) && c.episodes > 0)) throw new Error('episodes must be a positive integer');
    if (!(Number.isInteger(c.warmup) && c.warmup >= 0)) throw new Error('warmup must be a non-negative integer');
    const seed = c.seed;
    this.agent = new DdpgAgent(10, c.ddpg, new Rng(deriveSeed(seed, 'ddpg', 'init')));
    this.replay = new Replay(c.replayEpisodes * layers.length);
    this.exploreRng = new Rng(deriveSeed(seed, 'ddpg', 'explore'));
    this.replayRng = new Rng(deriveSeed(seed, 'ddpg', 'replay'));
    this.staticFeatures = normalizeColumns(layers.map((l, t) => [t, l.kind === 'conv' ? 0 : 1, l.inChannels, l.outChannels, l.stride, l.kernelSize, l.params]));
    this.costs = layers.map((l) => (c.budget === 'flops' ? l.macsPerWeight : 1));
    this.totalCost = layers.reduce((a, l, t) => a + this.costs[t] * l.params, 0);
    this.wall(); // validates α now rather than at the first episode
  }

  private wall(): BudgetWall {
    const c = this.config;
    return new BudgetWall(this.layers.map((l, t) => ({ weights: l.params, cost: this.costs[t] })), { alpha: c.alpha, mode: c.budgetMode, aMin: c.aMin, aMax: c.aMax });
  }

  get done(): boolean {
    return this.episode >= this.config.episodes;
  }

  /** σ of an episode: null during warm-up, else σ₀·decay^(e − warmup). */
  sigmaAt(e: number): number | null {
    return e <= this.config.warmup ? null : this.config.sigmaInit * this.config.sigmaDecay ** (e - this.config.warmup);
  }

  private state(t: number, removedCost: number, aPrev: number): number[] {
    let rest = 0;
    for (let j = t + 1; j < this.layers.length; j++) rest += this.costs[j] * this.layers[j].params;
    return [...this.staticFeatures[t], removedCost / this.totalCost, rest / this.totalCost, aPrev];
  }

  /**
   * The early stop's rule (SearchConfig.earlyStop): with `correct` of `seen` right, the best
   * top-1 reachable is (correct + total − seen) / total; stop when it cannot exceed the best
   * reward (a tie does not replace the best either). Computed as the environment computes top-1,
   * so a tie compares equal.
   */
  private stopRule(): StopRule | undefined {
    const best = this.best;
    if (!this.config.earlyStop || this.config.reward !== 'acc' || !best) return undefined;
    return (correct, seen, total) => seen < total && (correct + total - seen) / total <= best.reward;
  }

  /** Runs one episode: acts layer by layer, evaluates, stores T transitions, updates T times after warm-up. */
  async runEpisode(evaluate: Evaluate): Promise<EpisodeLog> {
    if (this.done) throw new Error('The search has finished');
    const e = this.episode;
    const sigma = this.sigmaAt(e);
    const T = this.layers.length;
    let agentMs = 0;
    let t0 = performance.now();
    const wall = this.wall();
    const states: number[][] = [];
    const raw: number[] = [];
    const prunedCounts: number[] = [];
    const sparsities: number[] = [];
    let aPrev = 0;
    for (let t = 0; t < T; t++) {
      const s = this.state(t, wall.removedCost, aPrev);
      const a = sigma === null ? this.exploreRng.next() : sampleTruncNormal(this.exploreRng, this.agent.act(s), sigma, 0, 1);
      const step = wall.step(a);
      states.push(s);
      raw.push(a);
      prunedCounts.push(step.k);
      sparsities.push(step.sparsity);
      aPrev = step.sparsity;
    }
    agentMs += performance.now() - t0;
    const t1 = performance.now();
    const res = await evaluate(prunedCounts, sparsities, this.stopRule());
    const evalMs = performance.now() - t1;
    const reward = this.config.reward === 'acc' ? res.accuracy : -(1 - res.accuracy) * Math.log(Math.max(1, res.macs ?? 1));
    t0 = performance.now();
    let lossSum = 0;
    let updates = 0;
    for (let t = 0; t < T; t++) {
      const tr: Transition = { s: states[t], a: raw[t], r: reward, s2: t < T - 1 ? states[t + 1] : states[t], done: t === T - 1 };
      this.replay.push(tr);
      if (e > this.config.warmup) {
        lossSum += this.agent.update(this.replay.sample(this.config.ddpg.batchSize, this.replayRng)).criticLoss;
        updates += 1;
      }
    }
    agentMs += performance.now() - t0;
    const entry: EpisodeLog = { episode: e, reward, accuracy: res.accuracy, sparsities, raw, sigma, evalMs, agentMs, criticLoss: updates ? lossSum / updates : null };
    if (res.stoppedAt !== undefined) entry.stoppedAt = res.stoppedAt;
    this.log.push(entry);
    if (!this.best || reward > this.best.reward) this.best = { episode: e, reward, accuracy: res.accuracy, sparsities, prunedCounts };
    this.episode += 1;
    return entry;
  }

  /** Everything needed to continue exactly where this search stands (structured-clone safe). */
  getState(): SearchState {
    return {
      version: 2, config: this.config, layerNames: this.layers.map((l) => l.name), episode: this.episode,
      agent: this.agent.getState(), replay: this.replay.getState(),
      rng: { explore: this.exploreRng.getState(), replay: this.replayRng.getState() },
      log: this.log.map((l) => ({ ...l })), best: this.best && { ...this.best },
    };
  }

  /** A search restored from `getState` (the layers must be the same, in the same order). */
  static restore(layers: readonly SearchLayer[], state: SearchState): DdpgSearch {
    if (state.version !== 2) throw new Error(`Unknown search checkpoint version ${String(state.version)}`);
    const names = layers.map((l) => l.name);
    if (names.length !== state.layerNames.length || names.some((n, i) => n !== state.layerNames[i])) {
      throw new Error('The checkpoint was made for a different model (its layers differ)');
    }
    const s = new DdpgSearch(layers, state.config);
    s.agent.setState(state.agent);
    s.replay.setState(state.replay);
    s.exploreRng.setState(state.rng.explore);
    s.replayRng.setState(state.rng.replay);
    s.episode = state.episode;
    s.log = state.log.map((l) => ({ ...l }));
    s.best = state.best && { ...state.best };
    return s;
  }
}
