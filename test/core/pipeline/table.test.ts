import { describe, expect, it } from 'vitest';
import { comparisonTable, toCsv, toMarkdown } from '../../../src/core/pipeline/table.ts';
import { publishedFor } from '../../../src/core/pipeline/published.ts';
import type { CompareRow } from '../../../src/core/pipeline/compare.ts';

const row = (over: Partial<CompareRow>): CompareRow => ({
  method: 'l1', label: 'L1-norm filters (Li17)', note: 'filter ratio p = 0.430', weightsRemovedPercent: 79.87, trainableRemovedPercent: 79.5,
  thopRemovedPercent: 79.6, macsRemovedPercent: 70.25, baseline: 0.9, pruned: 0.5, recal: 0.7, fineTuned: 0.88, delta: -0.02, layerSparsity: [0.4], ...over,
});

describe('comparison table', () => {
  it('puts the lab rows first, then the published rows marked as not run here', () => {
    const t = comparisonTable([row({}), row({ method: 'rl', label: 'RL only', error: 'Run a DDPG search first' })], publishedFor('vgg16'));
    expect(t.rows[0]).toEqual(['L1-norm filters (Li17)', 'run here', '79.87', '79.60', '70.25', '50.00', '70.00', '88.00', '−2.00', 'filter ratio p = 0.430; baseline 90.00 %']);
    expect(t.rows[1].slice(0, 3)).toEqual(['RL only', 'run here', '—']);
    expect(t.rows[1][9]).toBe('Run a DDPG search first');
    const paper = t.rows.find((r) => r[0].startsWith('Combination (RL + 3σ), the paper'))!;
    expect(paper[1]).toBe('published, not run here (paper Table 4)');
    expect(paper[2]).toBe('83.33');
    expect(paper[8]).toBe('−1.55');
    expect(t.rows.every((r) => r.length === t.header.length)).toBe(true);
  });

  it('CSV quotes fields with commas and quotes; Markdown escapes pipes', () => {
    const t = { header: ['a', 'b'], rows: [['x, y', 'say "hi"'], ['p|q', 'plain']] };
    expect(toCsv(t)).toBe('a,b\r\n"x, y","say ""hi"""\r\np|q,plain\r\n');
    expect(toMarkdown(t)).toBe('| a | b |\n|---|---|\n| x, y | say "hi" |\n| p\\|q | plain |\n');
  });
});
