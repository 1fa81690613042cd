/**
 * A download from a user-given URL must end in bounded time: a server that stops sending, or
 * drips a few bytes at a time, would otherwise hold the lab's progress bar forever. This wrapper
 * passes a byte stream through and fails it with a clear Error when nothing arrives for
 * `stallMs`, or when a `windowMs` window brings in fewer than `minBytesPerSecond`.
 */
export interface PaceLimits {
  stallMs: number;
  minBytesPerSecond: number;
  windowMs: number;
}

/** 1 KiB/s over 20 s: far below any real connection, far above a drip. */
export const DEFAULT_PACE: PaceLimits = { stallMs: 20_000, minBytesPerSecond: 1024, windowMs: 20_000 };

/** Where the wrapper reads the time and sets its stall timer: the real clock, or a test's own. */
export interface PaceClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const REAL_CLOCK: PaceClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function pacedStream(stream: ReadableStream<Uint8Array>, what: string, limits: PaceLimits = DEFAULT_PACE, onAbort?: () => void, clock: PaceClock = REAL_CLOCK): ReadableStream<Uint8Array> {
  const reader = stream.getReader();
  let windowStart = clock.now();
  let windowBytes = 0;
  const fail = (ctrl: ReadableStreamDefaultController<Uint8Array>, err: unknown) => {
    onAbort?.();
    void reader.cancel().catch(() => undefined);
    ctrl.error(err);
  };
  return new ReadableStream<Uint8Array>({
    async pull(ctrl) {
      let timer: unknown;
      const stalled = new Promise<never>((_, reject) => {
        timer = clock.setTimeout(() => reject(new Error(`${what} sent nothing for ${limits.stallMs / 1000} s; the download was stopped`)), limits.stallMs);
      });
      try {
        const r = await Promise.race([reader.read(), stalled]);
        if (r.done) {
          ctrl.close();
          return;
        }
        windowBytes += r.value.length;
        const now = clock.now();
        if (now - windowStart >= limits.windowMs) {
          const rate = (1000 * windowBytes) / (now - windowStart);
          if (rate < limits.minBytesPerSecond) throw new Error(`${what} sends ${rate.toFixed(1)} bytes/s, under the ${limits.minBytesPerSecond} bytes/s this lab waits for; the download was stopped`);
          [windowStart, windowBytes] = [now, 0];
        }
        ctrl.enqueue(r.value);
      } catch (err) {
        fail(ctrl, err);
      } finally {
        clock.clearTimeout(timer);
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}
