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
  opts: { model: string; budget: string; mode: string; episodes: number; warmup: number; rewardImages: number; seed: number; scope?: 'all' | 'hidden'; policyFrom?: string };
  search: { minutes: number; rewards: number[]; bestReward: number | null };
  pipeline: {
    dense: number; pruned: number; recal: number | null; recalImages: number; testImages: number;
    weightsRemovedPercent: number; macsRemovedPercent: number;
    kernels: { name: string; kind: 'conv' | 'dense'; size: number; kept: number }[];
  };
  compare: { target: number; rows: CompareRow[] } | null;
}

const BUDGETS: [string, string][] = [['params', 'conv weights (`budget=params`)'], ['flops', 'conv MACs (`budget=flops`)']];

/** The result file of a budget's run; `hidden`: its best policy applied with the classifier kept dense. */
export function paperFile(budget: string, scope: 'all' | 'hidden' = 'all'): string {
  return `paper-vgg16-${budget}${scope === 'hidden' ? '-hidden' : ''}.json`;
}

export function readPaper(budget: string, scope: 'all' | 'hidden' = 'all'): PaperResult | null {
  return readResultFile<PaperResult>(paperFile(budget, scope));
}

interface DenseStats { models: { name: string; layers: { name: string; params: number; outputs: number; classifier: boolean; excessKurtosis: number; removedK1: number; removedK2: number; removedK3: number; keptK3: number }[] }[] }

const delta = (pts: number) => `${pts >= 0 ? '+' : '−'}${Math.abs(pts).toFixed(2)} pts`;

function sources(results: (PaperResult | null)[], hidden: (PaperResult | null)[]): string {
  const line = (r: PaperResult | null, file: string) => (r ? [`- \`${r.measured.command}\` (${file}) on ${r.measured.date} at commit ${r.measured.commit}; ${r.measured.machine}${r.measured.note ? `; ${r.measured.note}` : ''}`] : []);
  const lines = [...results.flatMap((r, i) => line(r, paperFile(BUDGETS[i][0]))), ...hidden.flatMap((r, i) => line(r, paperFile(BUDGETS[i][0], 'hidden')))];
  return ['Rendered by `npm run docs:tables` from `docs/results/`, measured by:', ...(lines.length ? lines : ['- nothing yet'])].join('\n');
}

function summary(results: (PaperResult | null)[], hidden: (PaperResult | null)[]): string {
  const out = ['| Budget (exact, α = 80 %) | k-σ scope | Best reward | Conv+FC weights removed | MACs removed | Top-1 after pruning | Δ | after BN recal | Search time |', '|---|---|---|---|---|---|---|---|---|'];
  const row = (label: string, scope: string, r: PaperResult) => {
    const p = r.pipeline;
    const recal = p.recal === null ? '—' : `${(100 * p.recal).toFixed(2)} % (${p.recalImages.toLocaleString('en')} images)`;
    const search = r.opts.policyFrom ? 'the same policy' : `${r.search.minutes.toFixed(0)} min`;
    out.push(`| ${label} | ${scope} | ${r.search.bestReward?.toFixed(3) ?? '—'} | ${p.weightsRemovedPercent.toFixed(2)} % | ${p.macsRemovedPercent.toFixed(2)} % | ${(100 * p.pruned).toFixed(2)} % | ${delta(100 * (p.pruned - p.dense))} | ${recal} | ${search} |`);
  };
  BUDGETS.forEach(([, label], i) => {
    const r = results[i];
    if (!r) out.push(`| ${label} | all | not run | | | | | | |`);
    else row(label, 'all (fc1 + fc2)', r);
    const h = hidden[i];
    if (h) row(label, 'hidden (fc1; fc2 kept dense)', h);
  });
  const paper = publishedFor('vgg16').find((p) => p.source === 'paper Table 4');
  if (paper) out.push(`| the paper (Table 4) | — | — | ${paper.paramsRemovedPercent?.toFixed(2)} % | — | — | ${delta(paper.deltaPoints ?? 0)} (after fine-tuning) | — | — |`);
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

/** Why 3σ empties VGG16's fc1 whatever the scope: its kept count and kurtosis, from docs/results/dense-stats.json. */
function fc1Reason(): string {
  const d = readResultFile<DenseStats>('dense-stats.json');
  const fc1 = d?.models.find((m) => m.name === 'vgg16-cifar10')?.layers.find((l) => l.name === 'fc1');
  if (!d || !fc1) return 'dense-stats.json: not run';
  const m = (d as unknown as { measured: Measured }).measured;
  return `The shipped VGG16's fc1 (${fc1.params.toLocaleString('en')} weights) has an excess kurtosis of ${fc1.excessKurtosis.toFixed(2).replace('-', '−')} (a Gaussian layer's is 0, a uniform one's −1.2): k = 1 / 2 / 3 removes ${(100 * fc1.removedK1).toFixed(2)} / ${(100 * fc1.removedK2).toFixed(2)} / ${(100 * fc1.removedK3).toFixed(3)} % of it, and 3σ keeps **${fc1.keptK3} of its ${fc1.params.toLocaleString('en')}** weights for its ${fc1.outputs} outputs. Rendered from \`docs/results/dense-stats.json\` (\`${m.command}\` on ${m.date} at commit ${m.commit}: numpy on the weight files; \`npm test\` checks the lab's counts against it).`;
}

/** Each paper table by its README marker name. */
export function paperTables(): Record<string, string> {
  const results = BUDGETS.map(([b]) => readPaper(b));
  const hidden = BUDGETS.map(([b]) => readPaper(b, 'hidden'));
  return {
    'paper-summary': `${summary(results, hidden)}\n\n${search(results)}\n\n${sources(results, hidden)}`,
    'paper-fc1': fc1Reason(),
    'paper-compare-params': compare(results[0], true),
    'paper-compare-flops': compare(results[1], false),
  };
}
