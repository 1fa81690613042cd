/**
 * The Compare panel's and the class names' words in Chinese: every CIFAR-100 class the lab loads
 * has a Chinese name, every kind of comparison note and every published row is worded in Chinese,
 * and the English on screen is what core writes into the exports, character for character.
 */
import { describe, expect, it } from 'vitest';
import { CIFAR100_FINE_CLASSES } from '../../src/core/data/cifar-names.ts';
import { NO_POLICY_ERROR, noteText, type CompareNote, type CompareRow } from '../../src/core/pipeline/compare.ts';
import { COMPARE_METHODS } from '../../src/core/pipeline/methods.ts';
import { PUBLISHED, publishedFor } from '../../src/core/pipeline/published.ts';
import { comparisonTable } from '../../src/core/pipeline/table.ts';
import { MESSAGES } from '../../src/ui/i18n/index.ts';
import { shownComparison } from '../../src/ui/compare-shown.ts';

const CJK = /[\u4e00-\u9fff]/;
const { en, zh } = MESSAGES;

// One note of every kind, with values that show the rounding (core rounds, the UI must round alike).
const NOTES: CompareNote[] = [
  { kind: 'every-layer', target: 0.8 },
  { kind: 'pooled', target: 0.8123 },
  { kind: 'filter-ratio', p: 0.41249 },
  { kind: 'ksigma-all', k: 3 },
  { kind: 'policy', alpha: 0.705 },
  { kind: 'policy-ksigma', k: 2.5, scope: 'hidden' },
  { kind: 'policy-ksigma', k: 3, scope: 'all' },
];

const row = (method: CompareRow['method'], noteParts: CompareNote, over: Partial<CompareRow> = {}): CompareRow => ({
  method, label: COMPARE_METHODS.find((x) => x.key === method)!.label, note: noteText(noteParts), noteParts,
  weightsRemovedPercent: 79.87, trainableRemovedPercent: 79.5, thopRemovedPercent: 79.6, macsRemovedPercent: 70.25,
  baseline: 0.9123, pruned: 0.5, recal: 0.7, fineTuned: null, delta: -0.2123, layerSparsity: [0.4], ...over,
});

describe('CIFAR-100 class names', () => {
  it('every fine label has its own Chinese name', () => {
    expect(CIFAR100_FINE_CLASSES).toHaveLength(100);
    const names = CIFAR100_FINE_CLASSES.map((c) => zh.className(c));
    for (const [i, c] of CIFAR100_FINE_CLASSES.entries()) {
      expect(names[i], c).not.toBe(c);
      expect(names[i], c).toMatch(CJK);
      expect(en.className(c)).toBe(c);
    }
    // Two classes with one name would make the prediction grid ambiguous.
    expect(new Set(names).size).toBe(100);
  });

  it('a name with no translation stays as it is, even one Object.prototype has', () => {
    expect(zh.className('constructor')).toBe('constructor');
    expect(zh.className('unknown_thing')).toBe('unknown_thing');
  });
});

describe('comparison notes', () => {
  it('every kind is Chinese in zh and core\'s English in en', () => {
    for (const n of NOTES) {
      expect(en.compareNote(n), n.kind).toBe(noteText(n));
      expect(zh.compareNote(n), n.kind).toMatch(CJK);
      expect(zh.compareNote(n), n.kind).not.toBe(noteText(n));
    }
    expect(en.compareNote({ kind: 'none' })).toBe('');
  });

  it('the Chinese keeps the numbers core rounds to', () => {
    expect(zh.compareNote({ kind: 'filter-ratio', p: 0.41249 })).toContain('p = 0.412');
    expect(zh.compareNote({ kind: 'every-layer', target: 0.8 })).toContain('80.0 %');
    expect(zh.compareNote({ kind: 'policy', alpha: 0.705 })).toContain('α = 71 %');
  });

  it('the core\'s no-policy error has Chinese words', () => {
    expect(en.compareError(NO_POLICY_ERROR)).toBe(NO_POLICY_ERROR);
    expect(zh.compareError(NO_POLICY_ERROR)).toMatch(CJK);
    expect(zh.compareError('something else')).toBe('something else');
  });
});

describe('the comparison table on screen', () => {
  const rows = [
    row('uniform', NOTES[0]), row('global', NOTES[1]), row('l1', NOTES[2]), row('ksigma-all', NOTES[3]),
    row('rl', NOTES[4]), row('combination', NOTES[5]),
    row('rl', { kind: 'none' }, { error: NO_POLICY_ERROR }),
  ];

  it('is the exported table, cell for cell, in English', () => {
    for (const model of ['vgg16', 'resnet56', 'vgg-s']) {
      const published = publishedFor(model);
      const table = comparisonTable(rows, published);
      expect(shownComparison(table, rows, published, en)).toEqual(table);
    }
  });

  it('a row without structured note parts shows its English note', () => {
    const { noteParts: _, ...bare } = row('l1', NOTES[2]);
    const table = comparisonTable([bare], []);
    expect(shownComparison(table, [bare], [], zh).rows[0][9]).toContain(noteText(NOTES[2]));
  });

  it('has every worded cell in Chinese: labels, sources, notes, published rows, headers', () => {
    for (const model of ['vgg16', 'resnet56']) {
      const published = publishedFor(model);
      const shown = shownComparison(comparisonTable(rows, published), rows, published, zh);
      for (const h of shown.header) expect(h).toMatch(CJK);
      for (const r of shown.rows) {
        // Method, source and notes (the published rows' notes are empty); numbers stay numbers.
        expect(r[1], r[0]).toMatch(CJK);
        // The note itself, not only the baseline words after it, is Chinese.
        if (r[9]) expect(r[9].split('；')[0], r[0]).toMatch(CJK);
      }
      // Method names: Chinese unless the name is a bare method name the literature uses as is.
      for (const r of shown.rows) if (!/^(GAL-[\d.]+|HRank)$/.test(r[0])) expect(r[0]).toMatch(CJK);
    }
  });

  it('words every published row, and the English words are core\'s', () => {
    for (const p of PUBLISHED) {
      expect(en.comparePublishedRow[p.id]).toEqual({ method: p.method, source: p.source });
      expect(zh.comparePublishedRow[p.id].source).toMatch(CJK);
    }
  });
});

describe('the comparison\'s progress line', () => {
  it('names the method in Chinese', () => {
    expect(zh.compareStage('l1: pruning')).toBe(`${zh.compareMethod.l1}：剪枝`);
    expect(zh.compareStage('combination: fine-tuning')).toBe(`${zh.compareMethod.combination}：微调`);
    expect(zh.compareStage('Uniform magnitude done')).toBe(`${zh.compareMethod.uniform} 完成`);
    expect(zh.compareStage('sweep')).toMatch(CJK);
    expect(zh.compareStage('scoring filters on the calibration images')).toMatch(CJK);
    expect(en.compareStage('l1: pruning')).toBe('l1: pruning');
  });
});
