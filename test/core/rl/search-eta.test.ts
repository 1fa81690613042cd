/**
 * The search's ETA against sums worked out by hand: warm-up episodes (no updates) before any
 * episode has updated, where the agent's cost comes from the timed update; then the measured
 * cost of updating episodes; the page's overhead from the wall clock; a resumed run.
 */
import { describe, expect, it } from 'vitest';
import { searchEta, type EtaInput } from '../../../src/core/rl/search-eta.ts';

const warm = (evalMs: number, agentMs = 1, accuracy = 0.5, stoppedAt?: number) => ({ evalMs, agentMs, sigma: null, accuracy, ...(stoppedAt ? { stoppedAt } : {}) });
const upd = (evalMs: number, agentMs: number, accuracy = 0.5, stoppedAt?: number) => ({ evalMs, agentMs, sigma: 0.3, accuracy, ...(stoppedAt ? { stoppedAt } : {}) });
const base: Omit<EtaInput, 'log' | 'wallMs'> = { episodes: 20, warmup: 5, layers: 3, doneAtStart: 0, updateMs: 20, rewardImages: 100, stopping: false };

describe('searchEta', () => {
  it('during warm-up counts the updates still to come at the timed update cost', () => {
    // 3 episodes of 100 + 1 ms, 9 ms of overhead each; episodes 6..19 (14) will update 3 times at 20 ms.
    const eta = searchEta({ ...base, log: [warm(100), warm(100), warm(100)], wallMs: 3 * 110 });
    expect(eta).toBeCloseTo((17 * (100 + 9) + 14 * 60 + 3 * 1) / 1000, 12);
    // A rate-only estimate (17 × 110 ms) misses the 840 ms of updates.
    expect(eta! - (17 * 110) / 1000).toBeGreaterThan(0.8);
  });

  it('after warm-up uses the measured updating episodes, and the last 10 episodes’ scoring', () => {
    const log = [...Array.from({ length: 6 }, () => warm(100)), ...Array.from({ length: 12 }, (_, i) => upd(i < 4 ? 500 : 80, 50))];
    const wallMs = log.reduce((a, l) => a + l.evalMs + l.agentMs, 0) + 18 * 5;
    // 2 left, both updating; scoring = mean of the last 10 evalMs: 2 × 500 + 8 × 80 → 164.
    expect(searchEta({ ...base, log, wallMs })).toBeCloseTo((2 * (164 + 5) + 2 * 50) / 1000, 12);
  });

  it('with the early stop, counts the images a candidate would score against the best', () => {
    // Best 0.9. Two warm-up candidates at 0.6 stopped at 25 images (1 ms per image) would stop after
    // 100 · 0.1 / 0.4 = 25 images; the 0.9 one scored all 100. Warm-up left: episodes 3..5 (3),
    // each (25 + 25 + 100) / 3 = 50 images; updating (14): halfway from that 50 to 100 = 75.
    const log = [warm(100, 0, 0.9), warm(25, 0, 0.6, 25), warm(25, 0, 0.6, 25)];
    const eta = searchEta({ ...base, stopping: true, log, wallMs: 150 });
    expect(eta).toBeCloseTo((3 * 50 + 14 * (75 + 60)) / 1000, 12);
    // The same log without the stop: every episode scores all 100 images.
    expect(searchEta({ ...base, log, wallMs: 150 })).toBeCloseTo((3 * 100 + 14 * (100 + 60)) / 1000, 12);
  });

  it('a resumed run measures its overhead on its own episodes; none yet → null; finished → 0', () => {
    const log = [...Array.from({ length: 10 }, () => upd(100, 50)), upd(100, 50)];
    expect(searchEta({ ...base, log: log.slice(0, 10), doneAtStart: 10, wallMs: 5 })).toBeNull();
    // One episode in this run, 150 ms of work in 200 ms of wall time: 50 ms overhead.
    expect(searchEta({ ...base, log, doneAtStart: 10, wallMs: 200 })).toBeCloseTo((9 * (100 + 50) + 9 * 50) / 1000, 12);
    expect(searchEta({ ...base, log: Array.from({ length: 20 }, () => upd(1, 1)), wallMs: 40 })).toBe(0);
  });
});
