/**
 * The status bar's ETA for any long step (applying, evaluating, comparing, loading): the rate of
 * progress since the step (its stage name and total) began, applied to what is left. None in its
 * first 2 s (too few samples to say) or before any progress. The search has its own, better ETA
 * (state/search-eta.ts, in the Search panel), so the status bar leaves it out.
 */
export class StageClock {
  private key = '';
  private t0 = 0;
  private d0 = 0;

  /** Seconds left, or null; `now` in ms (performance.now()). */
  eta(stage: string, done: number, total: number, now: number): number | null {
    const key = `${stage}\u0000${total}`;
    if (key !== this.key || done < this.d0) {
      [this.key, this.t0, this.d0] = [key, now, done];
      return null;
    }
    const elapsed = now - this.t0;
    const did = done - this.d0;
    if (!total || did <= 0 || elapsed < 2000 || stage === 'searching') return null;
    return ((total - done) * elapsed) / did / 1000;
  }
}
