/**
 * Rough timings, printed only (no timing assertions: CI machines vary). Correctness checks here
 * are cheap sanity checks on the large inputs.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.ts';
import { globalMagnitude } from '../../../src/core/prune/magnitude.ts';
import { countZeros, magnitudeOrder } from '../../../src/core/prune/masks.ts';
import { kSigmaMask } from '../../../src/core/prune/ksigma.ts';

const VGG16_CONV_SIZES = [
  1728, 36864, 73728, 147456, 294912, 589824, 589824, 1179648, 2359296, 2359296, 2359296, 2359296, 2359296,
];

function randomWeights(rng: Rng, n: number): Float32Array {
  const w = new Float32Array(n);
  for (let i = 0; i < n; i++) w[i] = (rng.next() - 0.5) * 0.1;
  return w;
}

function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const r = fn();
  return [r, performance.now() - t0];
}

describe('large inputs: correctness, with timings printed', () => {
  it('magnitudeOrder on 2,359,296 weights', () => {
    const w = randomWeights(new Rng(60), 2_359_296);
    magnitudeOrder(w.subarray(0, 10000)); // warm-up
    const runs: number[] = [];
    let order: Uint32Array = new Uint32Array(0);
    for (let r = 0; r < 3; r++) {
      const [o, ms] = time(() => magnitudeOrder(w));
      order = o;
      runs.push(ms);
    }
    console.log(`magnitudeOrder(2,359,296): ${runs.map((m) => m.toFixed(0)).join(' / ')} ms`);
    for (let i = 1; i < order.length; i += 997) {
      expect(Math.abs(w[order[i - 1]]) <= Math.abs(w[order[i]])).toBe(true);
    }
  });

  it('globalMagnitude on the 13 VGG16 conv layers (14,710,464 weights)', () => {
    const rng = new Rng(61);
    const layers = VGG16_CONV_SIZES.map((n) => randomWeights(rng, n));
    const [orders, sortMs] = time(() => layers.map(magnitudeOrder));
    const [masks, withOrdersMs] = time(() => globalMagnitude(layers, 0.8, { orders }));
    const [, coldMs] = time(() => globalMagnitude(layers, 0.5));
    const total = VGG16_CONV_SIZES.reduce((s, n) => s + n, 0);
    console.log(
      `VGG16 convs (${total}): sort all layers ${sortMs.toFixed(0)} ms; ` +
        `globalMagnitude with orders ${withOrdersMs.toFixed(0)} ms; without orders ${coldMs.toFixed(0)} ms`,
    );
    expect(masks.reduce((z, m) => z + countZeros(m), 0)).toBe(Math.round(0.8 * total));
  });

  it('kSigmaMask on a 512×512 dense kernel', () => {
    const rng = new Rng(62);
    const w = new Float32Array(512 * 512);
    for (let i = 0; i < w.length; i++) w[i] = rng.normal() * 0.02;
    const [r, ms] = time(() => kSigmaMask(w, 3));
    console.log(`kSigmaMask(262,144, k=3): ${ms.toFixed(1)} ms, removed ${(100 * r.removedFraction).toFixed(2)} %`);
    expect(r.removed).toBeGreaterThan(0);
  });
});
