/**
 * The README's tables for the paper's experiment on the shipped VGG16, rendered from what
 * `npm run paper-run` wrote to docs/results/paper-vgg16-<budget>.json: the summary per budget,
 * the search's reward statistics, the dense layers the k-σ rule left, and the comparison view's
 * table exactly as the lab exports it (core/pipeline/table.ts).
 */
import type { CompareRow } from '../src/core/pipeline/compare.ts';
import { publishedFor } from '../src/core/pipeline/published.ts';
import { comparisonTable, toMarkdown } from '../src/core/pipeline/table.ts';
import { readResultFile, type Measured } from './results.ts';

export interface PaperResult {
  measured: Measured;
  opts: { model: string; budget: string; mode: string; episodes: number; warmup: number; rewardImages: number; seed: number };
  search: { minutes: number; rewards: number[]; bestReward: number | null };
  pipeline: {
    dense: number; pruned: number; recal: number | null; recalImages: number; testImages: number;
    weightsRemovedPercent: number; macsRemovedPercent: number;
    kernels: { name: string; kind: 'conv' | 'dense'; size: number; kept: number }[];
  };
  compare: { target: number; rows: CompareRow[] } | null;
}

const BUDGETS: [string, string][] = [['params', 'conv weights (`budget=params`)'], ['flops', 'conv MACs (`budget=flops`)']];

export function paperFile(budget: string): string {
  return `paper-vgg16-${budget}.json`;
}

export function readPaper(budget: string): PaperResult | null {
  return readResultFile<PaperResult>(paperFile(budget));
}

const delta = (pts: number) => `${pts >= 0 ? '+' : '−'}${Math.abs(pts).toFixed(2)} pts`;

function sources(results: (PaperResult | null)[]): string {
  const lines = results.flatMap((r, i) => (r ? [`- \`${r.measured.command}\` (${paperFile(BUDGETS[i][0])}) on ${r.measured.date} at commit ${r.measured.commit}; ${r.measured.machine}${r.measured.note ? `; ${r.measured.note}` : ''}`] : []));
  return ['Rendered by `npm run docs:tables` from `docs/results/`, measured by:', ...(lines.length ? lines : ['- nothing yet'])].join('\n');
}

function summary(results: (PaperResult | null)[]): string {
  const out = ['| Budget (exact, α = 80 %) | Best reward | Conv+FC weights removed | MACs removed | Top-1 after pruning | Δ | after BN recal | Search time |', '|---|---|---|---|---|---|---|---|'];
  BUDGETS.forEach(([, label], i) => {
    const r = results[i];
    if (!r) return out.push(`| ${label} | not run | | | | | | |`);
    const p = r.pipeline;
    const recal = p.recal === null ? '—' : `${(100 * p.recal).toFixed(2)} % (${p.recalImages.toLocaleString('en')} images)`;
    out.push(`| ${label} | ${r.search.bestReward?.toFixed(3) ?? '—'} | ${p.weightsRemovedPercent.toFixed(2)} % | ${p.macsRemovedPercent.toFixed(2)} % | ${(100 * p.pruned).toFixed(2)} % | ${delta(100 * (p.pruned - p.dense))} | ${recal} | ${r.search.minutes.toFixed(0)} min |`);
  });
  const paper = publishedFor('vgg16').find((p) => p.source === 'paper Table 4');
  if (paper) out.push(`| the paper (Table 4) | — | ${paper.paramsRemovedPercent?.toFixed(2)} % | — | — | ${delta(paper.deltaPoints ?? 0)} (after fine-tuning) | — | — |`);
  const dense = results.find((r) => r)?.pipeline.dense;
  const images = results.find((r) => r)?.pipeline.testImages ?? 10_000;
  return [`Dense: ${dense === undefined ? 'not run' : `${(100 * dense).toFixed(2)} %`} on the ${images.toLocaleString('en')} test images.`, '', ...out].join('\n');
}

/** The most frequent reward after warm-up, how often it occurs, and how many episodes beat it. */
export function rewardStats(rewards: number[], warmup: number): { episodes: number; mode: number; atMode: number; above: number } {
  const after = rewards.slice(warmup).map((r) => Math.round(r * 1e6) / 1e6);
  const counts = new Map<number, number>();
  for (const r of after) counts.set(r, (counts.get(r) ?? 0) + 1);
  const [mode, atMode] = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0] ?? [NaN, 0];
  return { episodes: after.length, mode, atMode, above: after.filter((r) => r > mode).length };
}

function search(results: (PaperResult | null)[]): string {
  const out = ['| Budget | Episodes (warm-up) | Per episode | Post-warm-up episodes at the most frequent reward | above it | fc1 kept | fc2 kept |', '|---|---|---|---|---|---|---|'];
  BUDGETS.forEach(([key], i) => {
    const r = results[i];
    if (!r) return out.push(`| ${key} | not run | | | | | |`);
    const s = rewardStats(r.search.rewards, r.opts.warmup);
    const kept = (name: string) => { const k = r.pipeline.kernels.find((x) => x.name === name || x.name === `${name}/kernel`); return k ? `${k.kept.toLocaleString('en')} of ${k.size.toLocaleString('en')}` : '—'; };
    out.push(`| ${key} | ${r.search.rewards.length} (${r.opts.warmup}) | ${((60 * r.search.minutes) / r.search.rewards.length).toFixed(1)} s | ${s.atMode} of ${s.episodes} (reward ${s.mode.toFixed(3)}) | ${s.above} | ${kept('fc1')} | ${kept('fc2')} |`);
  });
  return out.join('\n');
}

function compare(r: PaperResult | null, withPublished: boolean): string {
  if (!r?.compare) return 'not run';
  const table = toMarkdown(comparisonTable(r.compare.rows, withPublished ? publishedFor('vgg16') : [])).trimEnd();
  return `Target ${(100 * r.compare.target).toFixed(0)} % of conv + dense weights, ${r.pipeline.testImages.toLocaleString('en')} test images.\n\n${table}`;
}

/** Each paper table by its README marker name. */
export function paperTables(): Record<string, string> {
  const results = BUDGETS.map(([b]) => readPaper(b));
  return {
    'paper-summary': `${summary(results)}\n\n${search(results)}\n\n${sources(results)}`,
    'paper-compare-params': compare(results[0], true),
    'paper-compare-flops': compare(results[1], false),
  };
}
