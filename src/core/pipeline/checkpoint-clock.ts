/**
 * When a long run saves its checkpoint: every `every` steps, and also once `seconds` have passed
 * since the last save. On a slow device (a weak GPU, a software WebGPU) a fixed step count can be
 * minutes of work lost to a reload or a lost device; the time rule bounds that. It waits at least
 * 20× the last save's own duration, so saving a large net (VGG16's checkpoint is ~120 MB) never
 * takes more than ~5 % of the run.
 */
export class CheckpointClock {
  private last: number;
  private cost = 0;

  constructor(private readonly every: number, private readonly seconds = 0, private readonly now: () => number = () => performance.now()) {
    if (!(every >= 1)) throw new RangeError(`checkpoint interval must be ≥ 1 step, got ${every}`);
    this.last = now();
  }

  /** True when the checkpoint after `step` (1-based count of steps done) is due. */
  due(step: number): boolean {
    if (step % this.every === 0) return true;
    return this.seconds > 0 && this.now() - this.last >= Math.max(this.seconds * 1000, 20 * this.cost);
  }

  /** Runs `save` and restarts the clock after it, remembering what it cost. */
  async save(save: () => Promise<void>): Promise<void> {
    const t = this.now();
    await save();
    this.last = this.now();
    this.cost = this.last - t;
  }
}
