/**
 * The README's Tests section, rendered like its measured tables (scripts/docs-tables.ts): which
 * files the slow tier holds and why (test/tiers.ts), and how long `.ci/run` and its two tiers
 * took on a clean clone (docs/results/test-times.json, written by `npm run time:ci`).
 */
import { SLOW_TESTS } from '../test/tiers.ts';
import { readResultFile } from './results.ts';
import type { CiRun } from './time-ci.ts';

const minutes = (s: number) => `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;

/** The slow tier's files, each with its reason; every other test file is in `npm test`. */
function tiersList(): string {
  return Object.entries(SLOW_TESTS).map(([file, why]) => `- \`${file}\`: ${why}.`).join('\n');
}

/** The last two timed runs (the README quotes two), newest last. */
function timesTable(): string {
  const runs = (readResultFile<CiRun[]>('test-times.json') ?? []).filter((r) => r.ok && r.seconds).slice(-2);
  if (!runs.length) return 'not run';
  const out = ['| run | commit | machine | `npm ci` | `npm test` | `npm run test:slow` | `.ci/run` in all |', '|---|---|---|---|---|---|---|'];
  runs.forEach((r, i) => {
    const s = r.seconds!;
    out.push(`| ${i + 1} (${r.measured.date}) | ${r.measured.commit} | ${r.measured.machine} | ${minutes(s.npmCi)} | ${minutes(s.test)} | ${minutes(s.testSlow)} | ${minutes(s.total)} |`);
  });
  return `${out.join('\n')}\n\nRendered by \`npm run docs:tables\` from \`docs/results/test-times.json\`, made by \`npm run time:ci\` (\`.ci/run\` on a clean clone of the commit, with Chromium and python3-torch already installed).`;
}

export function testTables(): Record<string, string> {
  return { 'test-tiers': tiersList(), 'test-times': timesTable() };
}
