/**
 * The comparison table as the Compare panel shows it: core's cells (core/pipeline/table.ts, what
 * the CSV and Markdown exports save, in English) with every worded cell in the page's language.
 * Pure, so a test can hold the English to the export's text and the Chinese to Chinese.
 */
import type { CompareRow } from '../core/pipeline/compare.ts';
import type { PublishedEntry } from '../core/pipeline/published.ts';
import type { Table } from '../core/pipeline/table.ts';
import type { Messages } from './i18n/index.ts';

/** `table` is comparisonTable(rows, published): the run rows first, then the published ones. */
export function shownComparison(table: Table, rows: readonly CompareRow[], published: readonly PublishedEntry[], m: Messages): Table {
  return {
    header: table.header.map((h) => (m.compareColumn as Record<string, string | undefined>)[h] ?? h),
    rows: table.rows.map((cells, i) => {
      if (i < rows.length) {
        const row = rows[i];
        const note = row.error
          ? m.compareError(row.error)
          : m.compareNoteCell(row.noteParts ? m.compareNote(row.noteParts) : row.note, (100 * row.baseline).toFixed(2));
        return [m.compareMethod[row.method] ?? row.label, m.compareRunHere, ...cells.slice(2, -1), note];
      }
      const p = published[i - rows.length];
      const words = m.comparePublishedRow[p.id];
      return [words.method, m.comparePublished(words.source), ...cells.slice(2)];
    }),
  };
}
