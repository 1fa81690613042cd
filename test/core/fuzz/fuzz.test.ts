/**
 * The parsers under the seeded mutation fuzzer (scripts/fuzz-engine.ts): 500 cases per format,
 * each a valid result or a named error, no allocation over the cap, no tensor left. The counts
 * must equal docs/results/fuzz.json, which the README's reliability table renders; how long a
 * case takes is no part of its outcome, so a loaded machine gets the same counts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { CASE_LIMIT_MS, FORMATS, fuzz, makeSeeds, type CaseReport, type Seeds } from '../../../scripts/fuzz-engine.ts';
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

  it('a machine slow enough to take 10 s a case gets the same outcomes, each case reported with its time', async () => {
    // A clock that moves 10 s at every reading: every case "takes" 10 s, over the script's limit.
    let t = 0;
    const slowClock = () => (t += 10_000);
    const reports: CaseReport[] = [];
    const slow = await fuzz('tar', 50, FUZZ_SEED, seeds, { now: slowClock, onCase: (c) => reports.push(c) });
    const real = await fuzz('tar', 50, FUZZ_SEED, seeds);
    expect(slow).toEqual(real);
    expect(slow.other).toBe(0);
    expect(reports.map((c) => c.index)).toEqual([...Array(50).keys()]);
    expect(reports.every((c) => c.ms > CASE_LIMIT_MS)).toBe(true);
    expect(reports.filter((c) => c.outcome === 'valid').length).toBe(slow.valid);
  });
});
