/**
 * Downloads from user-given URLs end in bounded time: a stalled or dripping body fails with a
 * clear message (and aborts the request); a normal one passes through unchanged.
 */
import { describe, expect, it } from 'vitest';
import { collectStream } from '../../../src/core/data/archive.ts';
import { pacedStream } from '../../../src/core/data/paced-stream.ts';

const limits = { stallMs: 60, minBytesPerSecond: 1000, windowMs: 120 };

/** A stream that sends `chunks` with `gapMs` between them, then (unless `hang`) closes. */
function timed(chunks: Uint8Array[], gapMs: number, hang = false): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    async pull(ctrl) {
      if (i > 0) await new Promise((r) => setTimeout(r, gapMs));
      if (i < chunks.length) ctrl.enqueue(chunks[i++]);
      else if (hang) await new Promise(() => undefined);
      else ctrl.close();
    },
  });
}

describe('pacedStream', () => {
  it('passes a steady stream through unchanged', async () => {
    const chunks = Array.from({ length: 6 }, (_, i) => new Uint8Array(4096).fill(i));
    const out = await collectStream(pacedStream(timed(chunks, 10), 'x', limits));
    expect(out.length).toBe(6 * 4096);
    expect(out[5 * 4096]).toBe(5);
  });

  it('stops a body that sends nothing for stallMs, and aborts the request', async () => {
    let aborted = 0;
    const started = Date.now();
    await expect(collectStream(pacedStream(timed([new Uint8Array(10)], 0, true), 'https://h/x.bin', limits, () => aborted++)))
      .rejects.toThrow('https://h/x.bin sent nothing for 0.06 s; the download was stopped');
    expect(aborted).toBe(1);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('stops a drip slower than minBytesPerSecond over a window', async () => {
    const drip = Array.from({ length: 100 }, () => new Uint8Array(1));
    await expect(collectStream(pacedStream(timed(drip, 20), 'https://h/d.bin', limits))).rejects.toThrow(/https:\/\/h\/d\.bin sends [\d.]+ bytes\/s, under the 1000 bytes\/s/);
  });
});
