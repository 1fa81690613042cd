/**
 * A finished run's recorded figures, as a link carries them (`rec=…`, beside `policy=…`): each
 * episode's reward, the heal's stage accuracies (dense → pruned → BN recal → each epoch), the
 * weights removed, the backend and the wall time. The receiver sees them at once as the sender's,
 * then may run the same experiment here and compare (state/recorded.svelte.ts). Pure: no DOM.
 *
 * Bytes (all integers unsigned LEB128 varints unless said), then base64url without padding:
 * - version (1 byte), flags (1 byte: removed%, backend, search s, heal s present);
 * - backend: index in BACKEND_ORDER; removed %: in 0.01 % (0..10000); seconds: in tenths;
 * - rewards: count, step exponent e (1 byte), the smallest reward as a zigzag varint in steps of
 *   1e-4·10^e, then each reward minus that smallest (an offset, so every one is ≥ 0 and negative
 *   rewards, acc-flops' R = −(1 − top-1)·ln(MACs) of METHOD §1, cost nothing extra). e is the
 *   smallest whose rewards fit 800 bytes (two an episode of a 400-episode search): 0, i.e. 0.01 %
 *   to half a step, for every top-1 reward search (a spread ≤ 1 takes two bytes) and every search
 *   up to 266 episodes; only a long acc-flops search spread wide takes coarser steps (e.g. 0.01
 *   for 400 episodes over a spread of 20): a curve to look at, not to recompute;
 * - stages: count, then per stage its kind (1 byte), for an epoch the epochs done ×1000, and top-1
 *   in 0.01 % (0..10000);
 * - a 32-bit FNV-1a of everything before it, big-endian (as url-codec's packPolicy: a damaged
 *   link is refused, not misread).
 * Length (test/state/recorded.test.ts measures it): the rewards take at most 800 bytes, so 400
 * episodes (the paper preset's search) and 4 stages pack into at most 1,120 characters; a real
 * class demo run (120 episodes, 4 stages) into 359, its whole link 449. The longest possible,
 * 400 episodes and 64 stages (a fine-tuning of 61 epochs or more), stays under 1,600. A search
 * longer than MAX_EPISODES keeps its stages but no curve.
 */
import { BACKEND_ORDER, type BackendName } from '../core/backend-names.ts';
import { pushVarint, reader, seal, unseal } from './link-bytes.ts';

export type StageKey = 'dense' | 'pruned' | 'recal' | 'epoch';

export interface RecordedStage {
  key: StageKey;
  /** Epochs done when scored (key 'epoch' only): 1, 2, … or e.g. 0.5. */
  epoch?: number;
  /** Test top-1, 0..1. */
  top1: number;
}

export interface RecordedRun {
  /** Each episode's reward as the search logged it, in episode order (empty: not carried). */
  rewards: number[];
  stages: RecordedStage[];
  /** conv + FC weights removed, in % (0..100). */
  removedPercent?: number;
  backend?: BackendName;
  /** Compute time: the search's episodes (evaluation + agent) and the fine-tuning steps. */
  seconds?: { search?: number; heal?: number };
}

/** The most rewards a link carries: the paper preset's 400 episodes. */
export const MAX_EPISODES = 400;
/** The longest `rec` a link may give: the longest packRecorded writes (about 1,600) with room. */
export const MAX_RECORDED_LENGTH = 2000;
const VERSION = 1;
/** dense, pruned, recal and 61 epochs: a longer fine-tuning is thinned to 61 of its epoch scores (recordRun). */
const MAX_STAGES = 64;
const KINDS: readonly StageKey[] = ['dense', 'pruned', 'recal', 'epoch'];
/** The rewards' share of a link: two bytes an episode of a MAX_EPISODES search. */
const REWARD_BYTES = 2 * MAX_EPISODES;
/** Rewards are a top-1 (0..1) or −(1 − top-1)·ln(MACs), so far inside this; larger ones are no reward. */
const MAX_REWARD = 1e6;

const varintLength = (x: number) => (x < 0x80 ? 1 : x < 0x4000 ? 2 : x < 0x200000 ? 3 : x < 0x10000000 ? 4 : 5);
const zigzag = (n: number) => (n < 0 ? -2 * n - 1 : 2 * n);
const unzigzag = (z: number) => (z % 2 ? -(z + 1) / 2 : z / 2);
/** 0..1 → 0..10000 (0.01 % steps), clamped. */
const basisPoints = (x: number) => Math.round(10000 * Math.min(1, Math.max(0, x)));

/** Packs a run for a link. Throws RangeError for more than MAX_EPISODES rewards or MAX_STAGES stages, or a value that is not finite. */
export function packRecorded(r: RecordedRun): string {
  if (r.rewards.length > MAX_EPISODES) throw new RangeError(`a link carries at most ${MAX_EPISODES} rewards`);
  if (r.stages.length > MAX_STAGES) throw new RangeError(`a link carries at most ${MAX_STAGES} stages`);
  const finite = [...r.rewards, ...r.stages.map((s) => s.top1), ...r.stages.map((s) => s.epoch ?? 0), r.removedPercent ?? 0, r.seconds?.search ?? 0, r.seconds?.heal ?? 0];
  if (!finite.every(Number.isFinite)) throw new RangeError('a recorded run holds only finite numbers');
  if (r.rewards.some((x) => Math.abs(x) >= MAX_REWARD)) throw new RangeError(`a reward's magnitude is below ${MAX_REWARD}`);
  const backend = r.backend ? BACKEND_ORDER.indexOf(r.backend) : -1;
  const { search, heal } = r.seconds ?? {};
  const flags = (r.removedPercent !== undefined ? 1 : 0) | (backend >= 0 ? 2 : 0) | (search !== undefined ? 4 : 0) | (heal !== undefined ? 8 : 0);
  const bytes: number[] = [VERSION, flags];
  if (r.removedPercent !== undefined) pushVarint(bytes, basisPoints(r.removedPercent / 100));
  if (backend >= 0) pushVarint(bytes, backend);
  if (search !== undefined) pushVarint(bytes, Math.round(10 * Math.max(0, search)));
  if (heal !== undefined) pushVarint(bytes, Math.round(10 * Math.max(0, heal)));
  pushVarint(bytes, r.rewards.length);
  if (r.rewards.length) {
    const lo = Math.min(...r.rewards);
    const steps = (e: number) => {
      const step = 10 ** (4 - e);
      const min = Math.floor(lo * step);
      return { min, values: r.rewards.map((x) => Math.round(x * step) - min) };
    };
    let e = 0;
    let q = steps(0);
    while (e < 9 && q.values.reduce((n, x) => n + varintLength(x), 0) > REWARD_BYTES) q = steps(++e);
    bytes.push(e);
    pushVarint(bytes, zigzag(q.min));
    for (const x of q.values) pushVarint(bytes, x);
  }
  pushVarint(bytes, r.stages.length);
  for (const s of r.stages) {
    bytes.push(KINDS.indexOf(s.key));
    if (s.key === 'epoch') pushVarint(bytes, Math.round(1000 * Math.max(0, s.epoch ?? 0)));
    pushVarint(bytes, basisPoints(s.top1));
  }
  return seal(bytes);
}

/** Unpacks a link's recorded run; null when it is malformed, too long or its checksum fails. Never throws. */
export function unpackRecorded(text: string): RecordedRun | null {
  const body = unseal(text, MAX_RECORDED_LENGTH);
  if (!body || body.length < 4 || body[0] !== VERSION) return null;
  const r = reader(body, 2);
  const byte = r.byte;
  // Values past 2^35 are no figure of a run: refused rather than read imprecisely.
  const read = (max = 2 ** 35): number | null => r.varint(max);
  const flags = body[1];
  if (flags > 15) return null;
  const run: RecordedRun = { rewards: [], stages: [] };
  if (flags & 1) {
    const bp = read(10000);
    if (bp === null) return null;
    run.removedPercent = bp / 100;
  }
  if (flags & 2) {
    const b = read(BACKEND_ORDER.length - 1);
    if (b === null) return null;
    run.backend = BACKEND_ORDER[b];
  }
  const seconds: { search?: number; heal?: number } = {};
  for (const [bit, key] of [[4, 'search'], [8, 'heal']] as const) {
    if (!(flags & bit)) continue;
    const ds = read();
    if (ds === null) return null;
    seconds[key] = ds / 10;
  }
  if (flags & 12) run.seconds = seconds;
  const n = read(MAX_EPISODES);
  if (n === null) return null;
  if (n) {
    const e = byte();
    const min = read();
    if (e === null || e > 9 || min === null) return null;
    const step = 10 ** (4 - e);
    for (let k = 0; k < n; k++) {
      const d = read();
      if (d === null) return null;
      run.rewards.push((unzigzag(min) + d) / step);
    }
  }
  const stages = read(MAX_STAGES);
  if (stages === null) return null;
  for (let k = 0; k < stages; k++) {
    const kind = byte();
    if (kind === null || kind >= KINDS.length) return null;
    const epoch = KINDS[kind] === 'epoch' ? read(1000 * 1000) : undefined;
    const top1 = read(10000);
    if (epoch === null || top1 === null) return null;
    run.stages.push(epoch === undefined ? { key: KINDS[kind], top1: top1 / 10000 } : { key: 'epoch', epoch: epoch / 1000, top1: top1 / 10000 });
  }
  return r.done ? run : null;
}

/** What a finished heal reports that a recorded run keeps (heal.svelte.ts's PipelineReport has these). */
export interface HealFigures {
  accBefore: number | null;
  accPruned: number;
  accRecal: number | null;
  epochs: readonly { epoch: number; top1: number }[];
  report: { accounting?: { weights: { removedPercent: number } } };
  fineTune: { ms: number } | null;
}

/** At most `n` of `xs`, evenly spread, the first and the last kept. */
function thin<T>(xs: readonly T[], n: number): T[] {
  if (xs.length <= n) return [...xs];
  return Array.from({ length: n }, (_, i) => xs[Math.round((i * (xs.length - 1)) / (n - 1))]);
}

/**
 * The recorded run of a finished search (its episode log) and the heal of its best policy. The
 * curve is left out past MAX_EPISODES episodes, or when a reward is no reward (not finite, or
 * huge: it could not be packed); the stages always stay, a long fine-tuning's epochs thinned.
 */
export function recordRun(log: readonly { reward: number; evalMs: number; agentMs: number }[], heal: HealFigures, backend?: BackendName): RecordedRun {
  const rewards = log.map((e) => e.reward);
  const all: RecordedStage[] = [
    ...(heal.accBefore === null ? [] : [{ key: 'dense' as const, top1: heal.accBefore }]),
    { key: 'pruned', top1: heal.accPruned },
    ...(heal.accRecal === null ? [] : [{ key: 'recal' as const, top1: heal.accRecal }]),
    ...thin(heal.epochs, MAX_STAGES - 3).map((e) => ({ key: 'epoch' as const, epoch: e.epoch, top1: e.top1 })),
  ];
  const stages = all.filter((s) => Number.isFinite(s.top1) && (s.epoch === undefined || Number.isFinite(s.epoch)));
  const searchMs = log.reduce((s, e) => s + e.evalMs + e.agentMs, 0);
  const seconds = { ...(Number.isFinite(searchMs) && log.length ? { search: searchMs / 1000 } : {}), ...(heal.fineTune && Number.isFinite(heal.fineTune.ms) ? { heal: heal.fineTune.ms / 1000 } : {}) };
  const removed = heal.report.accounting?.weights.removedPercent;
  return {
    rewards: rewards.length <= MAX_EPISODES && rewards.every((x) => Number.isFinite(x) && Math.abs(x) < MAX_REWARD) ? rewards : [],
    stages,
    ...(removed !== undefined && Number.isFinite(removed) ? { removedPercent: removed } : {}),
    ...(backend && BACKEND_ORDER.includes(backend) ? { backend } : {}),
    ...(Object.keys(seconds).length ? { seconds } : {}),
  };
}

/** One stage of the comparison: the sender's top-1, this machine's, and here − recorded in points (null where one is missing). */
export interface ComparisonRow {
  key: StageKey;
  epoch?: number;
  recorded: number | null;
  here: number | null;
  diffPoints: number | null;
}

const sameStage = (a: RecordedStage, b: RecordedStage) => a.key === b.key && (a.key !== 'epoch' || Math.round(1000 * (a.epoch ?? 0)) === Math.round(1000 * (b.epoch ?? 0)));

/** The recorded run's stages beside this machine's, in the recorded order, then any stage only here. */
export function compareRuns(recorded: RecordedRun, here: RecordedRun): ComparisonRow[] {
  const row = (s: RecordedStage, a: RecordedStage | undefined, b: RecordedStage | undefined): ComparisonRow => ({
    key: s.key, ...(s.key === 'epoch' ? { epoch: s.epoch } : {}),
    recorded: a?.top1 ?? null, here: b?.top1 ?? null,
    diffPoints: a && b ? 100 * (b.top1 - a.top1) : null,
  });
  return [
    ...recorded.stages.map((s) => row(s, s, here.stages.find((h) => sameStage(h, s)))),
    ...here.stages.filter((h) => !recorded.stages.some((s) => sameStage(s, h))).map((h) => row(h, undefined, h)),
  ];
}
