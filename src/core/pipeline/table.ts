/**
 * Tables as plain cells, and their CSV and Markdown forms: every table the lab shows can be
 * saved in both, for a spreadsheet or a paper.
 * Pure: the UI renders the same cells it exports, so what is shown is what is saved.
 */
import type { CompareRow } from './compare.ts';
import type { PublishedRow } from './published.ts';

export interface Table {
  header: string[];
  rows: string[][];
}

const fmtPct = (v: number | null, digits = 2) => (v === null || !Number.isFinite(v) ? '—' : v.toFixed(digits));
const fmtAcc = (v: number | null) => (v === null ? '—' : (100 * v).toFixed(2));
const fmtDelta = (v: number | null) => (v === null ? '—' : `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(2)}`);

/**
 * The comparison as the paper's Table 4 lays it out, the lab's rows first, then the published
 * ones marked "published, not run here". Accuracies and Δ are in percent / points.
 */
export function comparisonTable(rows: readonly CompareRow[], published: readonly PublishedRow[] = []): Table {
  const header = ['Method', 'Source', 'Weights removed (%)', 'Params removed, thop (%)', 'MACs removed (%)', 'Top-1 before FT (%)', 'Top-1 after BN recal (%)', 'Top-1 after FT (%)', 'Δ vs baseline (pts)', 'Notes'];
  const lab = rows.map((r) => r.error
    ? [r.label, 'run here', '—', '—', '—', '—', '—', '—', '—', r.error]
    : [r.label, 'run here', fmtPct(r.weightsRemovedPercent), fmtPct(r.thopRemovedPercent), fmtPct(r.macsRemovedPercent), fmtAcc(r.pruned), fmtAcc(r.recal), fmtAcc(r.fineTuned), fmtDelta(100 * r.delta), `${r.note}; baseline ${fmtAcc(r.baseline)} %`]);
  const pub = published.map((p) => [p.method, `published, not run here (${p.source})`, fmtPct(p.paramsRemovedPercent), '—', fmtPct(p.flopsRemovedPercent), '—', '—', p.accuracyPercent === null ? '—' : p.accuracyPercent.toFixed(2), fmtDelta(p.deltaPoints), '']);
  return { header, rows: [...lab, ...pub] };
}

/** RFC 4180 CSV: fields with a comma, quote or newline are quoted, quotes doubled; CRLF line ends. */
export function toCsv(t: Table): string {
  const field = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return [t.header, ...t.rows].map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}

/** GitHub-flavoured Markdown table; `|` in cells is escaped. */
export function toMarkdown(t: Table): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const line = (r: string[]) => `| ${r.map(cell).join(' | ')} |`;
  return [line(t.header), `|${t.header.map(() => '---').join('|')}|`, ...t.rows.map(line)].join('\n') + '\n';
}
