/**
 * `npm run fuzz`: runs the seeded mutation fuzzer (fuzz-engine.ts) over every parser and writes
 * the counts to docs/results/fuzz.json, which the README's reliability table renders and
 * `npm test` re-derives (same seed, same cases, same counts).
 *
 *   npm run fuzz [-- --cases=500 --seed=1 --only=tar,url]
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { CASE_LIMIT_MS, FORMATS, fuzz, makeSeeds, type CaseReport, type Counts, type Format } from './fuzz-engine.ts';
import { RESULTS_DIR, measuredNow, type Measured } from './results.ts';

export interface FuzzResult { measured: Measured; seed: number; formats: Record<string, Omit<Counts, 'examples'>> }
export const FUZZ_SEED = 1;
export const FUZZ_CASES = 500;

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const cases = Number(arg('cases') ?? FUZZ_CASES);
  const seed = Number(arg('seed') ?? FUZZ_SEED);
  const only = (arg('only')?.split(',') ?? FORMATS) as Format[];
  await tf.setBackend('cpu');
  const seeds = await makeSeeds(seed);
  const formats: FuzzResult['formats'] = {};
  for (const f of only) {
    const t0 = performance.now();
    // Slow cases are listed for a person to look at; the counts (and fuzz.json) never depend on speed.
    const slow: CaseReport[] = [];
    const { examples, ...counts } = await fuzz(f, cases, seed, seeds, { onCase: (c) => { if (c.ms > CASE_LIMIT_MS) slow.push(c); } });
    formats[f] = counts;
    console.log(`${f.padEnd(13)} ${JSON.stringify(counts)} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    for (const e of examples) console.log(`  other: ${e}`);
    for (const c of slow.slice(0, 5)) console.log(`  slow: case ${c.index} (${c.mutation}, ${c.outcome}) took ${c.ms.toFixed(0)} ms, over ${CASE_LIMIT_MS} ms`);
    if (slow.length > 5) console.log(`  slow: ${slow.length - 5} more cases over ${CASE_LIMIT_MS} ms`);
  }
  if (!arg('only') && cases === FUZZ_CASES && seed === FUZZ_SEED) {
    const out: FuzzResult = { measured: measuredNow('npm run fuzz'), seed, formats };
    writeFileSync(resolve(RESULTS_DIR, 'fuzz.json'), `${JSON.stringify(out, null, 1)}\n`);
    console.log('wrote docs/results/fuzz.json');
  }
}
