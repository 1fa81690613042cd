/**
 * The README's measured tables are exactly what scripts/docs-tables.ts renders from the committed
 * result files, and every result row says how it was measured.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { applyTables, renderTables } from '../../scripts/docs-tables.ts';
import { readResults } from '../../scripts/results.ts';
import { readPaper, rewardStats } from '../../scripts/docs-paper.ts';

const readme = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');

describe('README tables from docs/results', () => {
  it('every table has its marker in the README, and the README holds what the script renders', () => {
    for (const name of Object.keys(renderTables())) {
      expect(readme).toContain(`<!-- results:${name} -->`);
      expect(readme).toContain(`<!-- /results:${name} -->`);
    }
    // On failure: `npm run docs:tables` rewrites the blocks from the result files.
    expect(applyTables(readme)).toBe(readme);
  });

  it('the renderer replaces a stale block and refuses a marker without a table', () => {
    const stale = readme.replace(/(<!-- results:heal -->\n)[\s\S]*?(<!-- \/results:heal -->)/, '$1| made up | 99 % |\n$2');
    expect(stale).not.toBe(readme);
    expect(applyTables(stale)).toBe(readme);
    expect(() => applyTables('<!-- results:nope -->\nx\n<!-- /results:nope -->')).toThrow(/no table/);
  });

  it('each row of bench-results.json carries a date, commit, command and machine', () => {
    const rows = readResults('bench-results.json');
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(Number.isFinite(r.value), r.name).toBe(true);
      expect(r.measured.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(r.measured.commit).toMatch(/[0-9a-f]{7}/);
      expect(r.measured.command).toMatch(/^npm run bench/);
      expect(r.measured.machine).toMatch(/cores/);
    }
  });

  it('each paper-run result says how it was measured and holds every episode it summarises', () => {
    for (const budget of ['params', 'flops']) {
      const r = readPaper(budget);
      expect(r, `docs/results/paper-vgg16-${budget}.json`).not.toBeNull();
      expect(r!.measured.command).toMatch(/^npm run paper-run -- .*--budget=/);
      expect(r!.measured.commit).toMatch(/[0-9a-f]{7}/);
      expect(r!.search.rewards).toHaveLength(r!.opts.episodes);
      expect(Math.max(...r!.search.rewards)).toBeCloseTo(r!.search.bestReward!, 12);
      // A run may stop before its comparison (the table then says "not run"), never with an empty one.
      if (r!.compare) expect(r!.compare.rows.length).toBeGreaterThan(0);
    }
  });

  it('reward statistics count the post-warm-up episodes at and above the most frequent reward', () => {
    // Warm-up 2: [0.5, 0.9] are skipped; after it 0.1 occurs 3 times, 0.3 twice, 0.05 once.
    expect(rewardStats([0.5, 0.9, 0.1, 0.3, 0.1, 0.05, 0.1, 0.3], 2)).toEqual({ episodes: 6, mode: 0.1, atMode: 3, above: 2 });
  });
});
