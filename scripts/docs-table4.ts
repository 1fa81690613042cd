/**
 * The README's Table 4 at lab scale, rendered from docs/results/table4-vggs-cifar10.json
 * (`npm run table4`): every method at the combination's removal with BN recalibration and the same
 * fine-tuning, beside the paper's Table 4 (VGG16 / CIFAR-10, published, not run here), and a line
 * computed from the rows on whether the combination beats the methods that remove as much.
 */
import type { CompareRow } from '../src/core/pipeline/compare.ts';
import { publishedFor } from '../src/core/pipeline/published.ts';
import { readResultFile, type Measured } from './results.ts';

/** `scope`: the k-σ scope the combination ran under (other methods do not read it). */
type Row = CompareRow & { scope?: 'hidden' | 'all' };

export interface Table4Result {
  measured: Measured;
  opts: { episodes: number; warmup: number; rewardImages: number; seed: number; epochs: number; alpha: number; k: number };
  backend: string;
  compare: { target: number; evalImages: number; recalImages: number; ftSteps: number };
  trainImages: number;
  search: { minutes: number; bestReward: number; bestEpisode: number; rewards: number[] };
  rows: Row[];
  combinationAll: Row;
}

/** Which of the paper's Table 4 rows stands for the same method (by the lab's method key). */
const PAPER_NAME: Record<string, string> = {
  combination: 'Combination (RL + 3σ), the paper',
  rl: 'RL weight pruning only, the paper',
  'ksigma-all': '3σ on every layer, the paper',
  entropy: 'Entropy-based',
};

const pct = (x: number | null) => (x === null ? '—' : `${(100 * x).toFixed(2)} %`);
const pts = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(2)}`;
/** The methods within this many points of the target count as removing as much. */
const EQUAL_REMOVAL_POINTS = 1;

export function table4(): string {
  const r = readResultFile<Table4Result>('table4-vggs-cifar10.json');
  if (!r) return 'not run';
  const paper = publishedFor('vgg16').filter((p) => p.source === 'paper Table 4');
  const rows = [...r.rows, r.combinationAll];
  const label = (x: Row) => (x.method === 'combination' ? `${x.label}, k-σ scope **${x.scope}**` : x.label);
  const out = [
    '| Method | Conv + FC weights removed | Top-1 pruned | after BN recal | after fine-tuning | Δ vs dense | The paper (VGG16): removed, Δ |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const x of rows) {
    const p = paper.find((q) => q.method === PAPER_NAME[x.method]);
    const theirs = p && (x.method !== 'combination' || x.scope === 'all') ? `${p.paramsRemovedPercent?.toFixed(2)} %, ${pts(p.deltaPoints ?? 0)}` : '';
    if (x.error) out.push(`| ${label(x)} | — | could not run: ${x.error} | | | | ${theirs} |`);
    else out.push(`| ${label(x)} | ${x.weightsRemovedPercent.toFixed(2)} % | ${pct(x.pruned)} | ${pct(x.recal)} | ${pct(x.fineTuned)} | ${pts(100 * x.delta)} | ${theirs} |`);
  }
  const others = paper.filter((p) => !Object.values(PAPER_NAME).includes(p.method));
  for (const p of others) out.push(`| ${p.method} (the paper only) | | | | | | ${p.paramsRemovedPercent?.toFixed(2)} %, ${pts(p.deltaPoints ?? 0)} |`);

  const target = 100 * r.compare.target;
  const combo = r.rows.find((x) => x.method === 'combination' && !x.error);
  const peers = r.rows.filter((x) => !x.error && x.fineTuned !== null && Math.abs(x.weightsRemovedPercent - target) <= EQUAL_REMOVAL_POINTS);
  const ranked = [...peers].sort((a, b) => (b.fineTuned ?? 0) - (a.fineTuned ?? 0));
  const best = ranked[0];
  const verdict = !combo || !best ? 'The combination did not run.'
    : `At equal removal (${target.toFixed(2)} % of conv + FC weights, ± ${EQUAL_REMOVAL_POINTS} point: ${ranked.map((x) => x.label).join(', ')}), the combination with the classifier kept dense ranks **${ranked.indexOf(combo) + 1} of ${ranked.length}** after fine-tuning (${pct(combo.fineTuned)}${best === combo ? '' : `; best: ${best.label}, ${pct(best.fineTuned)}`}).`;
  const dense = r.rows[0]?.baseline;
  const m = r.measured;
  return [
    `VGG-S / CIFAR-10 (JPEG copy), dense ${pct(dense ?? null)} on the ${r.compare.evalImages ? r.compare.evalImages.toLocaleString('en') : '10,000'} test images. The search: ${r.search.rewards.length} episodes (${r.opts.warmup} warm-up), ${r.opts.rewardImages} reward images, α = ${100 * r.opts.alpha} %, seed ${r.opts.seed}, best reward ${r.search.bestReward.toFixed(3)} at episode ${r.search.bestEpisode}. Every method: BN recalibration on ${r.compare.recalImages.toLocaleString('en')} training images, then ${r.compare.ftSteps} steps of 128 (${r.opts.epochs} epoch of ${r.trainImages.toLocaleString('en')} training images from \`data_batch_1.bin\`), lr 0.01 cosine, crop + flip, masks fixed.`,
    '',
    ...out,
    '',
    verdict,
    '',
    `Rendered by \`npm run docs:tables\` from \`docs/results/table4-vggs-cifar10.json\`, measured by \`${m.command}\` on ${m.date} at commit ${m.commit}; ${m.machine}${m.note ? `; ${m.note}` : ''}; backend ${r.backend}.`,
  ].join('\n');
}
