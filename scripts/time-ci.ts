/**
 * Times `.ci/run` on a clean clone of the committed HEAD, the way CI runs it, and records each
 * phase (npm ci, `npm test`, `npm run test:slow`, the whole) in docs/results/test-times.json for
 * the README's Tests section.
 *
 *   npm run time:ci              one run
 *   npm run time:ci -- --runs=2  two in a row (the README quotes two)
 *
 * The tree must be committed (an uncommitted change would not be in the clone; the result files
 * do not count, as the first of two runs writes one); the clone lives
 * in a temporary folder (with ../shared linked beside it, as in CI) and is removed after. A failing run is recorded as failed, not timed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { measuredNow, readResultFile, RESULTS_DIR, type Measured } from './results.ts';

export interface CiRun {
  measured: Measured;
  ok: boolean;
  /** Seconds of each phase, as .ci/run reports them (LAB_CI_TIMES). */
  seconds: { npmCi: number; test: number; testSlow: number; total: number } | null;
}

const ROOT = resolve(import.meta.dirname, '..');
const FILE = 'test-times.json';
const SHARED = resolve(ROOT, '../shared');

function runOnce(): CiRun {
  const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no', '--', ':(top)', ':(top,exclude)docs/results'], { cwd: ROOT, encoding: 'utf8' }).trim();
  if (dirty) throw new Error(`time:ci measures the committed tree; commit or stash first:\n${dirty}`);
  const measured = measuredNow('npm run time:ci (.ci/run on a clean clone)');
  const dir = mkdtempSync(join(tmpdir(), 'lab-ci-'));
  const times = join(dir, 'times.json');
  try {
    execFileSync('git', ['clone', '--quiet', ROOT, join(dir, 'clone')], { stdio: 'inherit' });
    // CI's clone has ../shared beside it (CIFAR-10 for the goldens); so does this one.
    if (existsSync(SHARED)) symlinkSync(SHARED, join(dir, 'shared'));
    const r = spawnSync('bash', ['.ci/run'], { cwd: join(dir, 'clone'), stdio: 'inherit', env: { ...process.env, LAB_CI_TIMES: times } });
    if (r.status !== 0) return { measured, ok: false, seconds: null };
    return { measured, ok: true, seconds: JSON.parse(readFileSync(times, 'utf8')) as CiRun['seconds'] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 1);
  for (let i = 0; i < runs; i++) {
    const run = runOnce();
    const all = [...(readResultFile<CiRun[]>(FILE) ?? []), run];
    writeFileSync(resolve(RESULTS_DIR, FILE), `${JSON.stringify(all, null, 1)}\n`);
    console.log(run.ok ? `run ${i + 1}: ${JSON.stringify(run.seconds)}` : `run ${i + 1} failed`);
    if (!run.ok) process.exit(1);
  }
}
