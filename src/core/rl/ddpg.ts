/**
 * The DDPG agent of AMC (METHOD §1.5), in plain float64 TypeScript (see mlp.ts):
 *   actor  s → Dense300 → ReLU → Dense300 → ReLU → Dense1 → sigmoid
 *   critic ReLU(Dense300(s) + Dense300(a)) → Dense300 → ReLU → Dense1
 * Adam (actor 1e-4, critic 1e-3), targets hard-copied at start and soft-updated with τ, γ, a
 * moving-average reward baseline, and a FIFO replay buffer. Every number is a config field.
 */
import { Rng } from '../rng.ts';
import { Adam, backward, cloneLinear, forward, linear, relu, reluBackward, zerosLike, type Linear } from './mlp.ts';

export interface DdpgConfig {
  hidden1: number;
  hidden2: number;
  lrActor: number;
  lrCritic: number;
  tau: number;
  gamma: number;
  batchSize: number;
  /** Moving-average factor of the reward baseline. */
  baselineAlpha: number;
}

export const DEFAULT_DDPG: Readonly<DdpgConfig> = {
  hidden1: 300, hidden2: 300, lrActor: 1e-4, lrCritic: 1e-3, tau: 0.01, gamma: 1, batchSize: 64, baselineAlpha: 0.5,
};

export interface Transition {
  s: number[];
  /** The raw action (before the budget wall). */
  a: number;
  r: number;
  s2: number[];
  done: boolean;
}

/** FIFO replay of fixed capacity (METHOD: 100 × T, the last 100 episodes). */
export class Replay {
  items: Transition[] = [];
  private head = 0;

  constructor(readonly capacity: number) {}

  push(t: Transition): void {
    if (this.items.length < this.capacity) this.items.push(t);
    else {
      this.items[this.head] = t;
      this.head = (this.head + 1) % this.capacity;
    }
  }

  get size(): number {
    return this.items.length;
  }

  /** `n` transitions: without replacement when the buffer holds at least n, else with. */
  sample(n: number, rng: Rng): Transition[] {
    const size = this.items.length;
    if (size === 0) throw new Error('The replay buffer is empty');
    if (size < n) return Array.from({ length: n }, () => this.items[rng.int(size)]);
    const idx = Array.from({ length: size }, (_, i) => i);
    const out: Transition[] = [];
    for (let i = 0; i < n; i++) {
      const j = i + rng.int(size - i);
      [idx[i], idx[j]] = [idx[j], idx[i]];
      out.push(this.items[idx[i]]);
    }
    return out;
  }

  getState(): { capacity: number; items: Transition[]; head: number } {
    return { capacity: this.capacity, items: this.items.map((t) => ({ ...t, s: [...t.s], s2: [...t.s2] })), head: this.head };
  }

  setState(s: { items: Transition[]; head: number }): void {
    this.items = s.items.map((t) => ({ ...t, s: [...t.s], s2: [...t.s2] }));
    this.head = s.head;
  }
}

interface ActorCache { S: Float64Array; z1: Float64Array; h1: Float64Array; z2: Float64Array; h2: Float64Array; out: Float64Array }
interface CriticCache { S: Float64Array; A: Float64Array; z1: Float64Array; h1: Float64Array; z2: Float64Array; h2: Float64Array; q: Float64Array }

export interface AgentState {
  actor: Linear[];
  critic: Linear[];
  actorTarget: Linear[];
  criticTarget: Linear[];
  actorOpt: ReturnType<Adam['getState']>;
  criticOpt: ReturnType<Adam['getState']>;
  baseline: number | null;
}

export interface UpdateResult {
  criticLoss: number;
  /** −mean Q(s, μ(s)) after the critic step. */
  actorLoss: number;
  baseline: number;
}

export class DdpgAgent {
  actor: Linear[];
  critic: Linear[];
  actorTarget: Linear[];
  criticTarget: Linear[];
  private actorOpt: Adam;
  private criticOpt: Adam;
  baseline: number | null = null;

  constructor(readonly stateDim: number, readonly config: DdpgConfig, initRng: Rng) {
    const { hidden1: h1, hidden2: h2 } = config;
    this.actor = [linear(stateDim, h1, initRng), linear(h1, h2, initRng), linear(h2, 1, initRng)];
    this.critic = [linear(stateDim, h1, initRng), linear(1, h1, initRng), linear(h1, h2, initRng), linear(h2, 1, initRng)];
    this.actorTarget = this.actor.map(cloneLinear);
    this.criticTarget = this.critic.map(cloneLinear);
    this.actorOpt = new Adam(this.actor, config.lrActor);
    this.criticOpt = new Adam(this.critic, config.lrCritic);
  }

  private actorForward(net: Linear[], S: Float64Array, n: number): ActorCache {
    const z1 = forward(net[0], S, n);
    const h1 = relu(z1);
    const z2 = forward(net[1], h1, n);
    const h2 = relu(z2);
    const z3 = forward(net[2], h2, n);
    const out = z3.map((z) => 1 / (1 + Math.exp(-z)));
    return { S, z1, h1, z2, h2, out };
  }

  private criticForward(net: Linear[], S: Float64Array, A: Float64Array, n: number): CriticCache {
    const z1 = forward(net[0], S, n);
    forward(net[1], A, n, z1, true);
    const h1 = relu(z1);
    const z2 = forward(net[2], h1, n);
    const h2 = relu(z2);
    const q = forward(net[3], h2, n);
    return { S, A, z1, h1, z2, h2, q };
  }

  /**
   * Adds the critic's parameter gradients for dL/dQ into `g` (none when `g` is null: the actor
   * step needs only dL/dA); returns dL/dA.
   */
  private criticBackward(net: Linear[], c: CriticCache, dQ: Float64Array, n: number, g: Linear[] | null): Float64Array {
    const dh2 = backward(net[3], c.h2, dQ, n, g?.[3] ?? null)!;
    const dz2 = reluBackward(c.z2, dh2);
    const dh1 = backward(net[2], c.h1, dz2, n, g?.[2] ?? null)!;
    const dz1 = reluBackward(c.z1, dh1);
    if (g) backward(net[0], c.S, dz1, n, g[0], false);
    return backward(net[1], c.A, dz1, n, g?.[1] ?? null)!;
  }

  /** μ(s) for one state, in (0, 1). */
  act(s: ArrayLike<number>): number {
    return this.actorForward(this.actor, Float64Array.from(s), 1).out[0];
  }

  /** One DDPG update on `batch` (METHOD §1.5 steps 2–6). */
  update(batch: Transition[]): UpdateResult {
    const n = batch.length;
    const d = this.stateDim;
    const { gamma, tau, baselineAlpha } = this.config;
    const S = new Float64Array(n * d);
    const S2 = new Float64Array(n * d);
    const A = new Float64Array(n);
    batch.forEach((t, i) => {
      S.set(t.s, i * d);
      S2.set(t.s2, i * d);
      A[i] = t.a;
    });
    const meanR = batch.reduce((a, t) => a + t.r, 0) / n;
    this.baseline = this.baseline === null ? meanR : this.baseline + baselineAlpha * (meanR - this.baseline);
    // Target y = r̂ + γ(1 − done)·Q′(s′, μ′(s′)), a constant.
    const mu2 = this.actorForward(this.actorTarget, S2, n).out;
    const q2 = this.criticForward(this.criticTarget, S2, mu2, n).q;
    const y = batch.map((t, i) => t.r - this.baseline! + gamma * (t.done ? 0 : 1) * q2[i]);
    // Critic: minimize mean (Q(s, a) − y)².
    const c = this.criticForward(this.critic, S, A, n);
    let criticLoss = 0;
    const dQ = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const e = c.q[i] - y[i];
      criticLoss += (e * e) / n;
      dQ[i] = (2 * e) / n;
    }
    const gc = this.critic.map(zerosLike);
    this.criticBackward(this.critic, c, dQ, n, gc); // dL/dA of the critic step is not needed
    this.criticOpt.apply(gc);
    // Actor: minimize −mean Q(s, μ(s)) with the updated critic, over actor variables only.
    const a = this.actorForward(this.actor, S, n);
    const c2 = this.criticForward(this.critic, S, a.out, n);
    const actorLoss = -c2.q.reduce((s, q) => s + q, 0) / n;
    const dA = this.criticBackward(this.critic, c2, new Float64Array(n).fill(-1 / n), n, null);
    const dz3 = dA.map((g, i) => g * a.out[i] * (1 - a.out[i]));
    const ga = this.actor.map(zerosLike);
    const dh2 = backward(this.actor[2], a.h2, dz3, n, ga[2])!;
    const dh1 = backward(this.actor[1], a.h1, reluBackward(a.z2, dh2), n, ga[1])!;
    backward(this.actor[0], a.S, reluBackward(a.z1, dh1), n, ga[0], false);
    this.actorOpt.apply(ga);
    // Soft target updates.
    const soft = (target: Linear[], src: Linear[]) => target.forEach((t, k) => {
      for (const key of ['W', 'b'] as const) {
        const tw = t[key];
        const sw = src[k][key];
        for (let i = 0; i < tw.length; i++) tw[i] = (1 - tau) * tw[i] + tau * sw[i];
      }
    });
    soft(this.actorTarget, this.actor);
    soft(this.criticTarget, this.critic);
    return { criticLoss, actorLoss, baseline: this.baseline };
  }

  getState(): AgentState {
    return {
      actor: this.actor.map(cloneLinear), critic: this.critic.map(cloneLinear),
      actorTarget: this.actorTarget.map(cloneLinear), criticTarget: this.criticTarget.map(cloneLinear),
      actorOpt: this.actorOpt.getState(), criticOpt: this.criticOpt.getState(), baseline: this.baseline,
    };
  }

  setState(s: AgentState): void {
    this.actor = s.actor.map(cloneLinear);
    this.critic = s.critic.map(cloneLinear);
    this.actorTarget = s.actorTarget.map(cloneLinear);
    this.criticTarget = s.criticTarget.map(cloneLinear);
    this.actorOpt = new Adam(this.actor, this.config.lrActor);
    this.criticOpt = new Adam(this.critic, this.config.lrCritic);
    this.actorOpt.setState(s.actorOpt);
    this.criticOpt.setState(s.criticOpt);
    this.baseline = s.baseline;
  }
}
