/**
 * CheckpointClock on a scripted clock: the step rule alone, the time rule, and the time rule
 * stretched to 20× the last save's cost.
 */
import { describe, expect, it } from 'vitest';
import { CheckpointClock } from '../../../src/core/pipeline/checkpoint-clock.ts';

/** Steps 1..n of `ms` each, on a fake clock; a save takes `saveMs`. Returns the steps saved after. */
async function run(clock: (now: () => number) => CheckpointClock, n: number, ms: number, saveMs: number): Promise<number[]> {
  let t = 0;
  const c = clock(() => t);
  const saved: number[] = [];
  for (let step = 1; step <= n; step++) {
    t += ms;
    if (c.due(step)) await c.save(async () => { t += saveMs; saved.push(step); });
  }
  return saved;
}

describe('CheckpointClock', () => {
  it('without seconds, saves every `every` steps only', async () => {
    expect(await run((now) => new CheckpointClock(20, 0, now), 50, 5000, 10)).toEqual([20, 40]);
  });

  it('with seconds, also saves once that much time has passed since the last save', async () => {
    // 5 s steps, 15 s rule: every third step; the step rule still fires at 20 and restarts the clock.
    expect(await run((now) => new CheckpointClock(20, 15, now), 23, 5000, 10)).toEqual([3, 6, 9, 12, 15, 18, 20, 23]);
    // Fast steps: the step rule comes first.
    expect(await run((now) => new CheckpointClock(20, 15, now), 45, 100, 10)).toEqual([20, 40]);
  });

  it('waits at least 20× what the last save cost', async () => {
    // 5 s steps, but a save takes 2 s: the next time-based save waits 40 s (8 steps).
    expect(await run((now) => new CheckpointClock(100, 15, now), 30, 5000, 2000)).toEqual([3, 11, 19, 27]);
  });

  it('refuses an interval under one step', () => {
    expect(() => new CheckpointClock(0)).toThrow(RangeError);
  });
});
