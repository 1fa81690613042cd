/** Seeded random test data for the prune tests (all randomness from `Rng`). */
import { Rng } from '../../../src/core/rng.ts';

/**
 * Random layer of n weights ~ N(0, scale²). With `tieLevels`, about half of the entries are
 * replaced by ±(one of tieLevels fixed magnitudes) so many |w| tie, including ±0.
 */
export function randomLayer(rng: Rng, n: number, options: { scale?: number; tieLevels?: number } = {}): Float32Array {
  const scale = options.scale ?? 0.05;
  const w = new Float32Array(n);
  for (let i = 0; i < n; i++) w[i] = rng.normal() * scale;
  const levels = options.tieLevels ?? 0;
  if (levels > 0) {
    for (let i = 0; i < n; i++) {
      if (rng.next() < 0.5) {
        const mag = rng.int(levels) * scale * 0.1; // level 0 gives ±0
        w[i] = rng.next() < 0.5 ? -mag : mag;
      }
    }
  }
  return w;
}

/** |w| as a float64 (exact for float32 input). */
export const absOf = (w: Float32Array, i: number): number => Math.abs(w[i]);

/** Reference order: plain comparator sort by (|w|, index), NaN largest. */
export function referenceOrder(w: Float32Array): number[] {
  const key = (i: number): number => (Number.isNaN(w[i]) ? Infinity : Math.abs(w[i]));
  const nanRank = (i: number): number => (Number.isNaN(w[i]) ? 1 : 0);
  return Array.from({ length: w.length }, (_, i) => i).sort(
    (a, b) => nanRank(a) - nanRank(b) || key(a) - key(b) || a - b,
  );
}
