/**
 * The README's measured tables are exactly what scripts/docs-tables.ts renders from the committed
 * result files, and every result row says how it was measured.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { applyTables, renderTables } from '../../scripts/docs-tables.ts';
import { readResults } from '../../scripts/results.ts';

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
});
