/**
 * The parsers under the seeded mutation fuzzer (scripts/fuzz-engine.ts): 500 cases per format,
 * each a valid result or a named error within 2 s, no allocation over the cap, no tensor left.
 * The counts must equal docs/results/fuzz.json, which the README's reliability table renders.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { FORMATS, fuzz, makeSeeds, type Seeds } from '../../../scripts/fuzz-engine.ts';
import { FUZZ_CASES, FUZZ_SEED, type FuzzResult } from '../../../scripts/fuzz.ts';
import { readResultFile } from '../../../scripts/results.ts';

const committed = readResultFile<FuzzResult>('fuzz.json')!;
let seeds: Seeds;

beforeAll(async () => {
  await tf.setBackend('cpu');
  seeds = await makeSeeds(FUZZ_SEED);
});

describe('parsers under mutation', () => {
  it.each(FORMATS.map((f) => [f]))('%s: every case is valid or a named error', async (format) => {
    const { examples, ...counts } = await fuzz(format, FUZZ_CASES, FUZZ_SEED, seeds);
    expect(examples, examples.join('\n')).toEqual([]);
    expect(counts.other).toBe(0);
    expect(counts.cases).toBeGreaterThanOrEqual(500);
    // Both outcomes occur: the mutations reach past the first check, and they do break things.
    expect(counts.valid).toBeGreaterThan(0);
    expect(counts.rejected).toBeGreaterThan(0);
    // On failure here: `npm run fuzz` rewrites docs/results/fuzz.json (then `npm run docs:tables`).
    expect(counts).toEqual(committed.formats[format]);
  });
});
