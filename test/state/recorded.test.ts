/**
 * Recorded runs in links (state/recorded.ts, `rec=` in url-codec.ts) and in the Lab
 * (state/recorded.svelte.ts): packing keeps every figure within 0.01 %, negative rewards
 * included; a damaged string is refused; a `rec` without a policy is ignored with a notice; a Lab
 * opened from such a link shows the sender's run, and its own finished search + heal puts its
 * run in the link; "Run it here" compares the two stage by stage.
 */
import { describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import { MAX_EPISODES, compareRuns, packRecorded, recordRun, unpackRecorded, type RecordedRun } from '../../src/state/recorded.ts';
import { DEFAULT_CONFIG } from '../../src/state/config.ts';
import { decodeUrl, encodeUrl, packPolicy } from '../../src/state/url-codec.ts';
import { Rng } from '../../src/core/rng.ts';
import { fakeLab, useSessionStorage } from './fake-lab.ts';

const rng = new Rng(11);
const rewards = (n: number, lo: number, hi: number) => Array.from({ length: n }, () => rng.uniform(lo, hi));
const STAGES: RecordedRun['stages'] = [{ key: 'dense', top1: 0.9312 }, { key: 'pruned', top1: 0.41237 }, { key: 'recal', top1: 0.8 }, { key: 'epoch', epoch: 0.5, top1: 0.88 }, { key: 'epoch', epoch: 1, top1: 0.90004 }];
const RUN: RecordedRun = { rewards: rewards(120, 0.1, 0.95), stages: STAGES, removedPercent: 83.333, backend: 'wasm', seconds: { search: 61.24, heal: 12.5 } };

function expectClose(got: RecordedRun, want: RecordedRun, rewardStep = 1e-4) {
  expect(got.rewards).toHaveLength(want.rewards.length);
  for (let i = 0; i < want.rewards.length; i++) expect(Math.abs(got.rewards[i] - want.rewards[i])).toBeLessThanOrEqual(rewardStep / 2 + 1e-12);
  expect(got.stages.map((s) => [s.key, s.epoch])).toEqual(want.stages.map((s) => [s.key, s.epoch]));
  for (let i = 0; i < want.stages.length; i++) expect(Math.abs(got.stages[i].top1 - want.stages[i].top1)).toBeLessThanOrEqual(0.5e-4 + 1e-12);
}

describe('packing a recorded run', () => {
  it('round-trips within 0.01 %: rewards, stages, removed %, backend, seconds; the class demo\'s 120 episodes in about 360 characters', () => {
    const packed = packRecorded(RUN);
    expect(packed).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(packed.length).toBeLessThan(380);
    const back = unpackRecorded(packed)!;
    expectClose(back, RUN);
    expect([back.removedPercent, back.backend, back.seconds]).toEqual([83.33, 'wasm', { search: 61.2, heal: 12.5 }]);
    // Only what was given comes back.
    expect(unpackRecorded(packRecorded({ rewards: [], stages: [{ key: 'pruned', top1: 0.5 }] }))).toEqual({ rewards: [], stages: [{ key: 'pruned', top1: 0.5 }] });
  });

  it('400 episodes (the paper preset) fit the stated 1,120 characters, top-1 or acc-flops rewards; the longest run 1,600', () => {
    const slow = { search: 2 ** 27, heal: 2 ** 27 };
    for (const r of [rewards(MAX_EPISODES, 0, 1), rewards(MAX_EPISODES, -19.5, -0.2), rewards(MAX_EPISODES, -40, 40)]) {
      const packed = packRecorded({ ...RUN, rewards: r, stages: STAGES.slice(0, 4), seconds: slow });
      expect(packed.length).toBeLessThanOrEqual(1120);
    }
    // A 200-epoch fine-tuning: thinned to 61 epoch scores, the last one kept.
    const epochs = Array.from({ length: 200 }, (_, i) => ({ epoch: i + 1, top1: 0.5 + i / 1000 }));
    const heal = { accBefore: 0.9, accPruned: 0.1, accRecal: 0.5, epochs, report: { accounting: { weights: { removedPercent: 80 } } }, fineTune: { ms: 1e9 } };
    const long = recordRun(rewards(MAX_EPISODES, 0, 1).map((reward) => ({ reward, evalMs: 1e6, agentMs: 1e6 })), heal, 'webgpu');
    expect([long.stages.length, long.stages.at(-1)!.key, long.stages.at(-1)!.epoch, long.stages[3].epoch]).toEqual([64, 'epoch', 200, 1]);
    const packed = packRecorded(long);
    expect(packed.length).toBeLessThanOrEqual(1600);
    expectClose(unpackRecorded(packed)!, long);
    expect(recordRun(Array.from({ length: MAX_EPISODES + 1 }, () => ({ reward: 0.5, evalMs: 1, agentMs: 1 })), heal).rewards).toEqual([]);
    expect(() => packRecorded({ ...RUN, rewards: rewards(MAX_EPISODES + 1, 0, 1) })).toThrow(RangeError);
    expect(() => packRecorded({ ...RUN, rewards: [NaN] })).toThrow(RangeError);
  });

  it('negative rewards (acc-flops): 0.01 % steps, unless a long search spread wide would not fit 800 bytes', () => {
    const narrow = { ...RUN, rewards: rewards(400, -1.6, -0.3) };
    expectClose(unpackRecorded(packRecorded(narrow))!, narrow);
    const wide = { ...RUN, rewards: [...rewards(120, -19.5, -0.2), -19.9999, 0] };
    expectClose(unpackRecorded(packRecorded(wide))!, wide);
    const long = { ...RUN, rewards: [...rewards(398, -19.5, -0.2), -19.9999, 0] };
    expectClose(unpackRecorded(packRecorded(long))!, long, 1e-2);
    expect(unpackRecorded(packRecorded({ rewards: [-0.00004, -0.00006], stages: [] }))!.rewards).toEqual([0, -0.0001]);
  });

  it('a damaged string is refused, never thrown on: a flipped character, truncation, bad base64, too long', () => {
    const packed = packRecorded(RUN);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    let flips = 0;
    for (let i = 0; i < 200; i++) {
      const at = rng.int(packed.length);
      const c = alphabet[rng.int(alphabet.length)];
      if (c === packed[at]) continue;
      const damaged = packed.slice(0, at) + c + packed.slice(at + 1);
      // The last character holds bits past the end of the bytes: a change there may leave them whole.
      if (at === packed.length - 1 && unpackRecorded(damaged)) continue;
      expect(unpackRecorded(damaged), `flip at ${at}`).toBeNull();
      flips += 1;
    }
    expect(flips).toBeGreaterThan(150);
    for (let n = 0; n < packed.length - 1; n += 7) expect(unpackRecorded(packed.slice(0, n))).toBeNull();
    for (const s of ['', '!!', 'a b', '====', 'A', packed + 'AAAA', 'A'.repeat(5000)]) expect(unpackRecorded(s), s.slice(0, 20)).toBeNull();
    // Random base64url of any length: never a throw (a run only if its checksum happens to hold).
    for (let i = 0; i < 300; i++) {
      const text = Array.from({ length: 1 + rng.int(600) }, () => alphabet[rng.int(alphabet.length)]).join('');
      expect(() => decodeUrl(`?policy=${packPolicy({ prunedCounts: [1] })}&rec=${text}`)).not.toThrow();
    }
  });
});

describe('rec= in links', () => {
  const policy = { prunedCounts: [3, 30, 300] };
  const rec = packRecorded(RUN);

  it('decodeUrl gives the recorded run with its policy; encodeUrl writes it only when given, with a policy', () => {
    const d = decodeUrl(`?v=2&policy=${packPolicy(policy)}&rec=${rec}`);
    expect([d.policy, d.notices]).toEqual([policy, []]);
    expectClose(d.recorded!, RUN);
    const link = encodeUrl(DEFAULT_CONFIG, { policy, rec: RUN });
    expect(new URLSearchParams(link).get('rec')).toBe(rec);
    expect(encodeUrl(DEFAULT_CONFIG, { policy })).not.toMatch(/rec=/);
    expect(encodeUrl(DEFAULT_CONFIG, { policy, rec: null })).not.toMatch(/rec=/);
    expect(encodeUrl(DEFAULT_CONFIG, { rec: RUN })).toBe('');
    expect(decodeUrl(link).recorded).toEqual(d.recorded);
  });

  it('a rec without a policy, or with a damaged one, is ignored with a notice; a damaged rec is ignored with a notice', () => {
    for (const query of [`?rec=${rec}`, `?policy=damaged&rec=${rec}`]) {
      const d = decodeUrl(query);
      expect(d.recorded, query).toBeNull();
      expect(d.notices.some((n) => /recorded results come without a usable policy/.test(n)), query).toBe(true);
    }
    const bad = decodeUrl(`?v=2&policy=${packPolicy(policy)}&rec=${rec.slice(0, -3)}`);
    expect([bad.policy, bad.recorded, bad.notices]).toEqual([policy, null, ['The link\'s recorded results are damaged or too long; ignored them (run it here instead).']]);
  });

  it('compares stage by stage: here − recorded in points, a stage on one side only left blank', () => {
    const here: RecordedRun = { rewards: [], stages: [{ key: 'dense', top1: 0.93 }, { key: 'pruned', top1: 0.42 }, { key: 'epoch', epoch: 1, top1: 0.9 }, { key: 'epoch', epoch: 2, top1: 0.91 }] };
    const rows = compareRuns({ rewards: [], stages: STAGES }, here);
    expect(rows.map((r) => [r.key, r.epoch, r.here, r.diffPoints === null ? null : +r.diffPoints.toFixed(3)])).toEqual([
      ['dense', undefined, 0.93, -0.12], ['pruned', undefined, 0.42, 0.763], ['recal', undefined, null, null], ['epoch', 0.5, null, null], ['epoch', 1, 0.9, -0.004], ['epoch', 2, 0.91, null],
    ]);
  });
});

// ── in the Lab, on a fake worker ──

const summary = (key: string) => ({ key, weightsName: `${key}-shapes10`, layers: [{ name: 'conv1', kind: 'conv', params: 10 }, { name: 'conv2', kind: 'conv', params: 100 }] });
const score = (top1: number) => ({ top1, correct: 1, count: 2000, ms: 1 });
const episode = (i: number) => ({ episode: i, reward: 0.3 + i / 10, accuracy: 0.3, sparsities: [0.5, 0.5], raw: [0.5, 0.5], sigma: null, evalMs: 100, agentMs: 50, criticLoss: null });
const BEST = { episode: 2, reward: 0.5, accuracy: 0.5, sparsities: [0.4, 0.8], prunedCounts: [4, 80] };

const makeLab = (search = '') => fakeLab(search, summary('').layers, {
  prune: (spec) => ({ spec, accounting: { weights: { removed: 0, removedPercent: 0 } } }),
  search: () => ({ status: 'done', log: [0, 1, 2].map(episode), best: BEST }),
  heal: (p) => ({
    status: 'done', report: { spec: p.spec, layers: [], accounting: { weights: { removedPercent: 76.5 } } }, pruned: score(0.4), recal: score(0.8), recalMs: 1, dense: score(0.93),
    fineTuned: p.fineTune ? score(0.9) : null, epochs: p.fineTune ? [{ ...score(0.9), epoch: 1, step: 10 }] : [], fineTune: p.fineTune ? { steps: 10, epochs: 1, losses: [1], accuracies: [0.5], ms: 4000 } : null, backend: 'wasm',
  }),
}, (_, extras) => JSON.stringify(extras.rec ?? null));
useSessionStorage();

describe('RecordedState in the Lab', () => {
  const SENT: RecordedRun = { rewards: [0.2, 0.45, 0.5], stages: [{ key: 'dense', top1: 0.93 }, { key: 'pruned', top1: 0.41 }, { key: 'recal', top1: 0.79 }, { key: 'epoch', epoch: 1, top1: 0.9 }], removedPercent: 76.5, backend: 'webgpu' };
  const LINK = `?v=2&ftEpochs=1&policy=${packPolicy({ prunedCounts: [4, 80] })}&rec=${packRecorded(SENT)}`;

  it('a Lab opened with a rec link shows the recorded run at once and keeps it in the address bar; a local search replaces it', async () => {
    const { lab, writes } = makeLab(LINK);
    flushSync();
    expect(lab.recorded.shown).toEqual(SENT);
    expect(writes.at(-1)!.rec).toEqual(SENT);
    await lab.start();
    flushSync();
    // The link's policy was applied and scored here; that is no run of this machine's: the sender's stays shown.
    expect([lab.search.source, lab.heal.report?.accPruned, lab.recorded.local]).toEqual(['link', 0.4, null]);
    expect([lab.recorded.shown, writes.at(-1)!.rec, lab.shareLink]).toEqual([SENT, SENT, JSON.stringify(SENT)]);
    // A search started from the Search panel replaces the link's policy, and with it the recorded run.
    await lab.search.start();
    flushSync();
    expect(lab.recorded.shown).toBeNull();
    expect(writes.at(-1)!.rec).toEqual(lab.recorded.local);
  });

  it('a finished local search + heal makes the link carry its recorded run', async () => {
    const { lab, writes } = makeLab('?v=2&ftEpochs=1');
    await lab.start();
    flushSync();
    expect([lab.recorded.linkRun, writes.at(-1)!.rec]).toEqual([null, null]);
    await lab.search.start();
    flushSync();
    const mine = { rewards: [0.3, 0.4, 0.5], stages: [{ key: 'dense', top1: 0.93 }, { key: 'pruned', top1: 0.4 }, { key: 'recal', top1: 0.8 }], removedPercent: 76.5, backend: 'wasm', seconds: { search: 0.45 } };
    expect(lab.recorded.local?.rewards.map((r) => +r.toFixed(6))).toEqual(mine.rewards);
    expect({ ...lab.recorded.local, rewards: mine.rewards }).toEqual(mine);
    expect(writes.at(-1)!.rec).toEqual(lab.recorded.local);
    expect(JSON.parse(lab.shareLink)).toEqual(JSON.parse(JSON.stringify(lab.recorded.local)));
    // Fine-tuning adds its epoch and its time.
    await lab.heal.run('policy', true);
    flushSync();
    const healed = writes.at(-1)!.rec as RecordedRun | null;
    expect([healed?.stages.at(-1), healed?.seconds?.heal]).toEqual([{ key: 'epoch', epoch: 1, top1: 0.9 }, 4]);
  });

  it('"Run it here" runs the search and the fine-tuning heal, then sets recorded beside here for every stage', async () => {
    const { lab, client } = makeLab(LINK);
    await lab.start();
    expect(lab.recorded.canRun).toBe(true);
    const done = lab.recorded.runHere();
    expect(lab.recorded.running).toBe(true);
    expect(lab.recorded.canRun).toBe(false);
    await done;
    expect(client.of('search')).toHaveLength(1);
    expect((client.of('heal').at(-1) as { fineTune: unknown }).fineTune).not.toBeNull();
    expect(lab.recorded.running).toBe(false);
    expect(lab.recorded.shown).toEqual(SENT);
    expect(lab.recorded.rows.map((r) => [r.key, r.recorded, r.here, +r.diffPoints!.toFixed(2)])).toEqual([
      ['dense', 0.93, 0.93, 0], ['pruned', 0.41, 0.4, -1], ['recal', 0.79, 0.8, 1], ['epoch', 0.9, 0.9, 0],
    ]);
    // Another experiment: the comparison is not of it.
    lab.config.alpha = 0.5;
    expect([lab.recorded.shown, lab.recorded.rows]).toEqual([null, []]);
  });
});
