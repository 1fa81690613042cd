/** The status bar's ETA (src/ui/stage-clock.ts) on a made-up clock: a steady step, a new step, a restart. */
import { describe, expect, it } from 'vitest';
import { StageClock } from '../../src/ui/stage-clock.ts';

describe('StageClock', () => {
  it('rate since the step began, applied to what is left; none in the first 2 s, at a new step or the search', () => {
    const c = new StageClock();
    expect(c.eta('evaluating', 0, 100, 0)).toBeNull(); // the step begins
    expect(c.eta('evaluating', 10, 100, 1000)).toBeNull(); // under 2 s
    expect(c.eta('evaluating', 40, 100, 4000)).toBeCloseTo(6, 12); // 40 in 4 s: 60 left take 6 s
    expect(c.eta('evaluating', 40, 200, 5000)).toBeNull(); // another total: a new step
    expect(c.eta('evaluating', 100, 200, 8000)).toBeCloseTo(5, 12); // 60 in 3 s since its start at 40: 100 left take 5 s
    expect(c.eta('evaluating', 5, 200, 9000)).toBeNull(); // progress went back: restarted
    expect(c.eta('scoring the dense net', 0, 50, 9000)).toBeNull();
    expect(c.eta('scoring the dense net', 50, 50, 12_000)).toBe(0);
    expect(c.eta('searching', 0, 10, 0)).toBeNull();
    expect(c.eta('searching', 5, 10, 10_000)).toBeNull(); // the Search panel has its own
  });
});
