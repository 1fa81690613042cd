/**
 * Downloads from user-given URLs end in bounded time: a stalled or dripping body fails with a
 * clear message (and aborts the request); a normal one passes through unchanged. Time here is a
 * test clock that moves only when every promise has settled, so each verdict lands at the exact
 * virtual millisecond whatever the machine's load.
 */
import { describe, expect, it } from 'vitest';
import { collectStream } from '../../../src/core/data/archive.ts';
import { pacedStream, type PaceClock } from '../../../src/core/data/paced-stream.ts';

const limits = { stallMs: 60, minBytesPerSecond: 1000, windowMs: 120 };

/** A clock whose timers fire only when `settle` moves time to them. */
class TestClock implements PaceClock {
  private t = 0;
  private nextId = 1;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();
  now = () => this.t;
  setTimeout = (fn: () => void, ms: number) => {
    const id = this.nextId++;
    this.timers.set(id, { at: this.t + ms, fn });
    return id;
  };
  clearTimeout = (id: unknown) => {
    this.timers.delete(id as number);
  };
  sleep = (ms: number) => new Promise<void>((resolve) => this.setTimeout(resolve, ms));

  /**
   * Runs `work` to its end: whenever nothing else can happen (a real macrotask turn later), time
   * jumps to the next timer. Resolves with the outcome and the virtual time it came at.
   */
  async settle<T>(work: Promise<T>): Promise<{ value?: T; error?: unknown; at: number }> {
    let outcome: { value?: T; error?: unknown } | null = null;
    work.then((value) => { outcome = { value }; }, (error: unknown) => { outcome = { error }; });
    for (;;) {
      await new Promise((r) => setImmediate(r));
      if (outcome) return { ...(outcome as { value?: T; error?: unknown }), at: this.t };
      const next = [...this.timers.entries()].sort((a, b) => a[1].at - b[1].at)[0];
      if (!next) throw new Error('the stream waits on something the test clock does not drive');
      this.timers.delete(next[0]);
      this.t = next[1].at;
      next[1].fn();
    }
  }
}

/** A stream that sends `chunks` with `gapMs` (on `clock`) between them, then (unless `hang`) closes. */
function timed(clock: TestClock, chunks: Uint8Array[], gapMs: number, hang = false): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    async pull(ctrl) {
      if (i > 0 && i < chunks.length) await clock.sleep(gapMs);
      if (i < chunks.length) ctrl.enqueue(chunks[i++]);
      else if (hang) await new Promise(() => undefined);
      else ctrl.close();
    },
  });
}

describe('pacedStream', () => {
  it('passes a steady stream through unchanged, across several rate windows', async () => {
    const clock = new TestClock();
    // 30 chunks 10 ms apart: 290 ms, two full 120 ms windows at 400 KB/s.
    const chunks = Array.from({ length: 30 }, (_, i) => new Uint8Array(4096).fill(i));
    const r = await clock.settle(collectStream(pacedStream(timed(clock, chunks, 10), 'x', limits, undefined, clock)));
    expect(r.error).toBeUndefined();
    expect(r.value!.length).toBe(30 * 4096);
    expect(r.value![29 * 4096]).toBe(29);
    expect(r.at).toBe(290);
  });

  it('waits out a gap just under stallMs', async () => {
    const clock = new TestClock();
    const chunks = Array.from({ length: 4 }, () => new Uint8Array(4096));
    const r = await clock.settle(collectStream(pacedStream(timed(clock, chunks, 59), 'x', limits, undefined, clock)));
    expect(r.error).toBeUndefined();
    expect(r.value!.length).toBe(4 * 4096);
    expect(r.at).toBe(3 * 59);
  });

  it('stops a body that sends nothing for stallMs, at stallMs, and aborts the request', async () => {
    const clock = new TestClock();
    let aborted = 0;
    const r = await clock.settle(collectStream(pacedStream(timed(clock, [new Uint8Array(10)], 0, true), 'https://h/x.bin', limits, () => aborted++, clock)));
    expect(String(r.error)).toBe('Error: https://h/x.bin sent nothing for 0.06 s; the download was stopped');
    expect(r.at).toBe(60);
    expect(aborted).toBe(1);
  });

  it('stops a drip slower than minBytesPerSecond at the end of its first window', async () => {
    const clock = new TestClock();
    let aborted = 0;
    const drip = Array.from({ length: 100 }, () => new Uint8Array(1));
    const r = await clock.settle(collectStream(pacedStream(timed(clock, drip, 20), 'https://h/d.bin', limits, () => aborted++, clock)));
    // 7 bytes (at 0, 20, …, 120 ms) over the 120 ms window.
    expect(String(r.error)).toBe('Error: https://h/d.bin sends 58.3 bytes/s, under the 1000 bytes/s this lab waits for; the download was stopped');
    expect(r.at).toBe(120);
    expect(aborted).toBe(1);
  });

  it("with the lab's own limits, stops a one-byte-a-second drip at 20 s and a silent body after 20 s", async () => {
    // What test/browser/hostile.test.ts's drip server meets: the bound on how long a link can hold the lab.
    const clock = new TestClock();
    const drip = Array.from({ length: 100 }, () => new Uint8Array(1));
    const r = await clock.settle(collectStream(pacedStream(timed(clock, drip, 1000), 'https://h/d.bin', undefined, undefined, clock)));
    expect(String(r.error)).toMatch(/^Error: https:\/\/h\/d\.bin sends 1\.\d bytes\/s, under the 1024 bytes\/s/);
    expect(r.at).toBe(20_000);
    const silent = new TestClock();
    const s = await silent.settle(collectStream(pacedStream(timed(silent, [new Uint8Array(10)], 0, true), 'https://h/x.bin', undefined, undefined, silent)));
    expect(String(s.error)).toBe('Error: https://h/x.bin sent nothing for 20 s; the download was stopped');
    expect(s.at).toBe(20_000);
  });
});
