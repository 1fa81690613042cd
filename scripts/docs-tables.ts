/**
 * Renders the README's measured tables from the committed result files (docs/results/), so that
 * every figure in them can be traced to the row, command, commit and machine that measured it.
 *
 *   npm run docs:tables            rewrites each <!-- results:NAME --> … <!-- /results:NAME --> block
 *   npm run docs:tables -- --check exits 1 when the README differs from what this renders
 *
 * A row that was never measured renders as "not run", never as a number.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readResultFile, readResults, type Measured, type ResultRow } from './results.ts';
import type { FuzzResult } from './fuzz.ts';
import type { BaselineRun } from './search-vs-random.ts';
import { paperTables } from './docs-paper.ts';
import { table4 } from './docs-table4.ts';
import { testTables } from './docs-tests.ts';

const README = resolve(import.meta.dirname, '../README.md');

class Rows {
  readonly used = new Set<ResultRow>();
  constructor(readonly rows: ResultRow[]) {}
  get(name: string, backend?: string, model?: string): ResultRow | undefined {
    const r = this.rows.find((x) => x.name === name && (!backend || x.backend === backend) && (!model || x.model === model));
    if (r) this.used.add(r);
    return r;
  }
  /** One line per distinct measurement behind the rows used so far. */
  sources(file: string): string {
    const seen = new Map<string, Measured>();
    for (const r of this.used) seen.set(JSON.stringify(r.measured), r.measured);
    const lines = [...seen.values()].map((m) => `- \`${m.command}\` on ${m.date} at commit ${m.commit}; ${m.machine}${m.note ? `; ${m.note}` : ''}`);
    return [`Rendered by \`npm run docs:tables\` from \`docs/results/${file}\`, measured by:`, ...(lines.length ? lines : ['- nothing yet'])].join('\n');
  }
}

const pct = (x: number | undefined) => (x === undefined ? 'not run' : `${(100 * x).toFixed(2)} %`);
const num = (x: number | undefined, digits = 2) => (x === undefined ? 'not run' : x.toFixed(digits));
const seconds = (s: number | undefined) => (s === undefined ? 'not run' : s < 600 ? `${s.toFixed(0)} s` : `${(s / 60).toFixed(1)} min`);

/** The heal rows: bench key, model / data, what was pruned (the class demo's from its recorded search). */
const HEAL: [string, string, (rows: Rows) => string][] = [
  ['vggs_shapes10', 'VGG-S / Shapes-10', (rows) => {
    const e = rows.get('heal.vggs_shapes10.search_episodes');
    return `class demo preset: its ${e ? `${e.value}-episode search (${e.unit.replace(/^episodes \(/, '').replace(/\)$/, '')}; the preset's early stop on)` : 'search'}, **k = 3 on fc1, the classifier kept dense** (scope hidden)`;
  }],
  ['vggs_shapes10_k2', 'VGG-S / Shapes-10', () => 'same policy, k = 2, scope hidden'],
  ['vggs_shapes10_k1', 'VGG-S / Shapes-10', () => 'same policy, k = 1, scope hidden'],
  ['vggs_shapes10_all', 'VGG-S / Shapes-10', () => 'same policy, **k = 3 on every dense layer** (scope all: fc2 keeps 2 of 2,560)'],
  ['vggs_shapes10_lr001', 'VGG-S / Shapes-10', () => 'same policy, k = 3, scope hidden, at METHOD §4’s lr 0.01 (the preset: 0.02)'],
  ['vggs_cifar10', 'VGG-S / CIFAR-10', () => '80 % global magnitude on the convs, **k = 1**, scope all'],
  ['vggs_cifar10_noaug', 'VGG-S / CIFAR-10', () => 'the same, no crop + flip (`ftAugment=none`)'],
  ['vggs_cifar10_k2', 'VGG-S / CIFAR-10', () => '80 % global, k = 2, scope all'],
  ['vggs_cifar10_k3', 'VGG-S / CIFAR-10', () => '80 % global, k = 3, scope all'],
  ['vggs_cifar10_k3_hidden', 'VGG-S / CIFAR-10', () => '80 % global, **k = 3, the classifier kept dense** (scope hidden)'],
  ['vgg16_cifar10_k3', 'VGG16 / CIFAR-10 (shipped, 87.82 %)', () => '80 % global magnitude on the convs, k = 3 (the paper’s 3σ), scope all'],
];

function healTable(rows: Rows): string {
  const out = ['| Model / data | Masks | Dense | Pruned | BN recal | Fine-tuned (Δ) | Fine-tuning time |', '|---|---|---|---|---|---|---|'];
  for (const [key, model, describe] of HEAL) {
    const masks = describe(rows);
    const v = (f: string) => rows.get(`heal.${key}.${f}`)?.value;
    const [dense, ft] = [v('top1_dense'), v('top1_finetuned')];
    const delta = dense !== undefined && ft !== undefined ? ` (${ft >= dense ? '+' : '−'}${(100 * Math.abs(ft - dense)).toFixed(2)})` : '';
    out.push(`| ${model} | ${masks} | ${pct(dense)} | ${pct(v('top1_pruned'))} | ${pct(v('top1_recal'))} | ${pct(ft)}${delta} | ${seconds(v('finetune_s'))} |`);
  }
  return `${out.join('\n')}\n\n${rows.sources('bench-results.json')}`;
}

function trainTable(rows: Rows): string {
  const out = ['| Model | lab step (ms/image) | lab forward | step / forward | PyTorch, 1 thread: step / forward (ms/image) | PyTorch, 2 threads |', '|---|---|---|---|---|---|'];
  const torch = (key: string, threads: string) => {
    const b = `pytorch-cpu-${threads}`;
    const [s, f] = [rows.get(`torch.${key}.ms_per_image`, b)?.value, rows.get(`torch.${key}.forward_ms_per_image`, b)?.value];
    return s === undefined || f === undefined ? 'not run' : `${s.toFixed(2)} / ${f.toFixed(2)} = ${(s / f).toFixed(2)}`;
  };
  for (const [key, label] of [['vggs', 'VGG-S'], ['resnet20', 'ResNet-20'], ['vgg16', 'VGG16']]) {
    const v = (f: string) => rows.get(`train.${key}.${f}`, 'wasm')?.value;
    out.push(`| ${label} | ${num(v('ms_per_image'))} | ${num(v('forward_ms_per_image'))} | ${num(v('train_over_forward'))} | ${torch(key, '1-thread')} | ${torch(key, '2-threads')} |`);
  }
  return `${out.join('\n')}\n\n${rows.sources('bench-results.json')}`;
}

const MODELS: [string, string][] = [['vgg-s', 'VGG-S'], ['vgg16', 'VGG16']];

function evalTable(rows: Rows): string {
  const out = ['| Model | dense (ms/image) | masked, incl. computing and applying the masks (ms/image) | masked / dense | masks alone (ms, median of 5) | dense on one thread (ms/image) | every core’s speed-up |', '|---|---|---|---|---|---|---|'];
  for (const [model, label] of MODELS) {
    const v = (f: string) => rows.get(`eval.${f}`, 'wasm', model)?.value;
    const up = v('threads_speedup');
    out.push(`| ${label} | ${num(v('dense_ms_per_image'))} | ${num(v('masked_ms_per_image'))} | ${num(v('masked_over_dense'))} | ${num(v('mask_apply_ms'), 0)} | ${num(v('dense_ms_per_image_1thread'))} | ${up === undefined ? 'not run' : `${up.toFixed(2)}×`} |`);
  }
  return `${out.join('\n')}\n\n${rows.sources('bench-results.json')}`;
}

function searchTable(rows: Rows): string {
  const out = ['| Model | episode with 5,000 reward images (estimated) | agent per episode | agent’s share | tensors left after 200 episodes |', '|---|---|---|---|---|'];
  for (const [model, label] of MODELS) {
    const v = (f: string) => rows.get(`search.${f}`, 'wasm', model)?.value;
    const ms = v('episode_ms');
    const share = v('agent_share');
    const agent = v('agent_ms');
    out.push(`| ${label} | ${ms === undefined ? 'not run' : `${(ms / 1000).toFixed(1)} s`} | ${agent === undefined ? 'not run' : `${agent.toFixed(0)} ms`} | ${share === undefined ? 'not run' : `${(100 * share).toFixed(1)} %`} | ${num(v('tensor_growth'), 0)} |`);
  }
  return `${out.join('\n')}\n\n${rows.sources('bench-results.json')}`;
}

/** The class demo clicked as a teacher would (bench-demo.ts): each stage's median, beside its goal. */
const DEMO: [string, string, string, (v: number) => string][] = [
  ['search_s', 'search (120 episodes, 500 reward images)', '≤ 60 s', (v) => `${v.toFixed(0)} s`],
  ['apply_s', 'best policy with k-σ in force (shown)', '≤ 5 s', (v) => `${v.toFixed(2)} s`],
  ['scored_s', 'its scores on the test split (dense, pruned, after BN recalibration)', '—', (v) => `${v.toFixed(0)} s`],
  ['heal_s', '“Best policy + fine-tune”: BN recalibration, one epoch, scored', '≤ 90 s', (v) => `${v.toFixed(0)} s`],
  ['total_s', 'preset click to the healed result', '≤ 180 s', (v) => `${v.toFixed(0)} s`],
  ['best_reward', 'best reward of the search (top-1 on the reward images)', '≥ 88.00 % (the preset without the early stop, same seed: seed 1 of the random-search table)', (v) => `${(100 * v).toFixed(2)} %`],
  ['stopped_episodes', 'episodes the early stop ended early', '—', (v) => `${v.toFixed(0)} of 120`],
  ['eta_error', 'largest ETA error, episode 10 on (while ≥ 10 s remain)', '≤ 20 %', (v) => `${(100 * v).toFixed(0)} %`],
  ['heal_over_torch', 'heal time over PyTorch’s same heal (same masks, data, batch, threads)', '≤ 1.5', (v) => v.toFixed(2)],
  ['finetune_over_torch', 'the epoch alone over PyTorch’s', '—', (v) => v.toFixed(2)],
];

function demoTable(rows: Rows): string {
  const out = ['| Stage | median of 3 runs | goal |', '|---|---|---|'];
  for (const [key, label, goal, fmt] of DEMO) {
    const r = rows.get(`demo.${key}`, 'wasm', 'vgg-s');
    out.push(`| ${label} | ${r ? fmt(r.value) : 'not run'} | ${goal} |`);
  }
  const t = (k: string) => rows.get(`demo.${k}`, 'wasm', 'vgg-s')?.value;
  const torch = rows.rows.find((r) => r.name === 'demo.torch_heal_s');
  if (torch) rows.used.add(torch);
  out.push('', `Test top-1 (median run): ${pct(t('top1_pruned'))} pruned, ${pct(t('top1_recal'))} after BN recalibration, ${pct(t('top1_healed'))} after one epoch; PyTorch’s heal (\`training/heal_time.py\`, ${torch?.backend ?? 'not run'}): ${seconds(torch?.value)}.`);
  return `${out.join('\n')}\n\n${rows.sources('bench-results.json')}`;
}

const CRITERIA: [string, string][] = [['l1', 'L1-norm filters'], ['global', 'global magnitude'], ['uniform', 'uniform magnitude'], ['ksigma_all', 'k-σ on every layer'], ['apoz', 'APoZ'], ['entropy', 'entropy'], ['hrank', 'HRank']];

function criteriaTable(rows: Rows): string {
  const out = ['| Criterion | VGG-S (s) | VGG16 (s) |', '|---|---|---|'];
  for (const [key, label] of CRITERIA) {
    const cell = (model: string) => { const ms = rows.get(`criteria.${key}_ms`, 'wasm', model)?.value; return ms === undefined ? 'not run' : (ms / 1000).toFixed(2); };
    out.push(`| ${label} | ${cell('vgg-s')} | ${cell('vgg16')} |`);
  }
  return `${out.join('\n')}\n\n${rows.sources('bench-results.json')}`;
}

function dataTable(rows: Rows): string {
  const out = ['| Format | images/s |', '|---|---|'];
  for (const [key, label] of [['binary', 'CIFAR-10 binary (`test_batch.bin`)'], ['targz', '`.tar.gz` of a full-size 60,000-image CIFAR-10'], ['parquet', 'HF parquet (PNG decoding)']]) {
    out.push(`| ${label} | ${num(rows.get(`data.${key}_images_per_s`, 'wasm')?.value, 0)} |`);
  }
  const [before, after] = [rows.get('data.baseline_page_memory_mb', 'wasm')?.value, rows.get('data.full_cifar10_page_memory_mb', 'wasm')?.value];
  out.push('', `Page memory (worker, WASM heap, VGG-S and Shapes-10 included, \`performance.measureUserAgentSpecificMemory\`): ${num(before, 0)} MiB before loading, ${num(after, 0)} MiB with all 60,000 images loaded.`);
  return `${out.join('\n')}\n\n${rows.sources('bench-results.json')}`;
}

function profileTable(all: Rows): string {
  // One column per machine the profile was run on (the file keeps one profile per machine).
  const machines = [...new Set(all.rows.map((r) => r.measured.machine))];
  const on = machines.map((m) => new Rows(all.rows.filter((r) => r.measured.machine === m)));
  const cpu = (m: string) => /cores \((.*)\), \d+ GiB/.exec(m)?.[1]?.replace(/\(R\)/g, '').replace(/ Processor$/, '') ?? m;
  const kernels = [...new Set(all.rows.filter((r) => r.name.startsWith('profile.kernel.')).sort((a, b) => b.value - a.value).map((r) => r.name))];
  const out = [`| Kernel (one VGG-S step, batch 128) | ${machines.map((m) => `share of kernel time, ${cpu(m)}`).join(' | ')} |`, `|---|${machines.map(() => '---|').join('')}`];
  for (const k of kernels) out.push(`| \`${k.slice('profile.kernel.'.length)}\` | ${on.map((rows) => { const r = rows.get(k); return r ? `${(100 * r.value).toFixed(1)} %` : '—'; }).join(' | ')} |`);
  if (!kernels.length) out.push('| not run | |');
  on.forEach((rows, i) => {
    const ms = (n: string, prefix = 'profile.conv32.') => num(rows.get(`${prefix}${n}`)?.value, 0);
    out.push('', `${cpu(machines[i])}: the step took ${ms('step_ms', 'profile.')} ms (wall). One 32×32, 32 → 32 layer: XNNPACK's forward convolution takes ${ms('forward_cached_ms')} ms. As one XNNPACK convolution, the filter gradient takes ${ms('filtergrad_cached_ms')} ms when dy is reused as its filter and ${ms('filtergrad_fresh_ms')} ms with a new dy, as in every training step (XNNPACK packs the filter when it creates the operator). Through the registered kernels, filter gradient / input gradient: ${ms('filtergrad_simd_ms')} / ${ms('inputgrad_simd_ms')} ms on the lab's SIMD kernels, ${ms('filtergrad_xnnpack_ms')} / ${ms('inputgrad_xnnpack_ms')} ms on XNNPACK.`);
    for (const r of rows.used) all.used.add(r);
  });
  return `${out.join('\n')}\n\n${all.sources('train-profile.json')}`;
}

/** The shipped models as training/export.py records them (src/core/models/shipped-models.json, from each card). */
function trainedTable(): string {
  const models = JSON.parse(readFileSync(resolve(import.meta.dirname, '../src/core/models/shipped-models.json'), 'utf8')) as {
    name: string; model: string; datasetLabel: string; testAccuracy: number; testImages: number; targetAccuracy: number; epochsDone: number; epochs: number; weightsBytes: number;
  }[];
  const label: Record<string, string> = { resnet20: 'ResNet-20', resnet56: 'ResNet-56', 'vgg-s': 'VGG-S', vgg16: 'VGG16' };
  const order = ['resnet20-cifar10', 'vgg-s-cifar10', 'vgg-s-shapes10', 'vgg16-cifar10', 'resnet56-cifar10'];
  const out = ['| Model | Trained on | Test accuracy (shipped weights) | Target | Size |', '|---|---|---|---|---|'];
  for (const m of [...models].sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name))) {
    // A card whose last run is shorter than the epochs done was continued from a checkpoint.
    const epochs = `${m.epochsDone} epochs${m.epochs !== m.epochsDone ? ' (cut short, continued by warm restarts)' : ''}`;
    const met = m.testAccuracy >= m.targetAccuracy ? '✓' : '— **not met** (CPU only; the card says how to continue)';
    // VGG16's kernels ship as float16 to stay under the 40 MB the static build carries.
    const size = `${(m.weightsBytes / 1e6).toFixed(2)} MB${m.model === 'vgg16' ? ' (float16 kernels)' : ''}`;
    out.push(`| ${label[m.model] ?? m.model} | ${m.datasetLabel}, ${epochs} | ${(100 * m.testAccuracy).toFixed(2)} % (${m.testImages.toLocaleString('en')} images) | ≥ ${Math.round(100 * m.targetAccuracy)} % ${met} | ${size} |`);
  }
  return `${out.join('\n')}\n\nRendered by \`npm run docs:tables\` from \`src/core/models/shipped-models.json\`, which \`training/export.py\` writes from each model's card; \`npm test\` checks the cards against the folders and each accuracy on the wasm backend (below).`;
}

function soakTable(rows: Rows): string {
  const v = (n: string) => rows.get(`soak.${n}`, 'wasm', 'vgg-s')?.value;
  const [t, w, pg] = [v('tensor_growth'), v('wasm_bytes_growth_mb'), v('page_mb_growth')];
  return [
    '| Growth from episode 50 to 500 (VGG-S / Shapes-10, 200 reward images) | measured | goal |', '|---|---|---|',
    `| tensors (tf.memory) | ${num(t, 0)} | 0 |`,
    `| wasm heap | ${w === undefined ? 'not run' : `${w.toFixed(1)} MB`} | under 5 MB |`,
    `| page memory (measureUserAgentSpecificMemory) | ${pg === undefined ? 'not run' : `${pg.toFixed(1)} MB`} | under 5 MB |`,
    '', rows.sources('bench-results.json'),
  ].join('\n');
}

function fuzzTable(): string {
  const r = readResultFile<FuzzResult>('fuzz.json');
  if (!r) return 'not run';
  const out = ['| format | cases | valid | rejected with a named error | other |', '|---|---|---|---|---|'];
  for (const [f, c] of Object.entries(r.formats)) out.push(`| ${f} | ${c.cases} | ${c.valid} | ${c.rejected} | ${c.other} |`);
  const m = r.measured;
  return `${out.join('\n')}\n\nRendered by \`npm run docs:tables\` from \`docs/results/fuzz.json\` (seed ${r.seed}), made by \`${m.command}\` on ${m.date} at commit ${m.commit}; \`npm test\` re-runs the same cases and requires the same counts.`;
}

/** The class demo's DDPG search against random search on the same budget (scripts/search-vs-random.ts). */
function baselineTable(): string {
  const r = readResultFile<{ measured: Measured; setup: { episodes: number; warmup: number; rewardImages: number; heldOut: number }; runs: BaselineRun[] }>('search-vs-random.json');
  if (!r) return 'not run';
  const seeds = [...new Set(r.runs.map((x) => x.seed))];
  const out = [
    `| search (${r.setup.episodes} episodes) | early stop | best reward, seeds ${seeds.join(' / ')} | mean reward after episode ${r.setup.warmup} | best policy on ${r.setup.heldOut.toLocaleString('en-US')} held-out images | images scored | time (one thread) |`,
    '|---|---|---|---|---|---|---|',
  ];
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const each = (xs: number[]) => `${xs.map((x) => (100 * x).toFixed(2)).join(' / ')} (mean ${(100 * mean(xs)).toFixed(2)} %)`;
  for (const method of ['ddpg', 'random'] as const) {
    for (const stop of [false, true]) {
      const runs = seeds.map((s) => r.runs.find((x) => x.method === method && x.earlyStop === stop && x.seed === s)).filter((x) => x !== undefined);
      if (!runs.length) continue;
      out.push(`| ${method === 'ddpg' ? 'DDPG' : 'random (every episode uniform)'} | ${stop ? 'on' : 'off'} | ${each(runs.map((x) => x.bestReward))} | ${each(runs.map((x) => x.meanReward))} | ${each(runs.map((x) => x.heldOutTop1))} | ${(100 * mean(runs.map((x) => x.imagesShare))).toFixed(0)} % | ${seconds(mean(runs.map((x) => x.seconds)))} |`);
    }
  }
  const m = r.measured;
  return `${out.join('\n')}\n\nRendered by \`npm run docs:tables\` from \`docs/results/search-vs-random.json\`, made by \`${m.command}\` on ${m.date} at commit ${m.commit}; ${m.machine}.`;
}

/** BatchNorm folded into the convolutions, measured but not wired in (scripts/fold-bn-probe.ts). */
function foldTable(): string {
  const r = readResultFile<{ measured: Measured; setup: string; msPerImage: { layers: number; direct: number; folded: number }; maxLogitDiffOverMax: number }>('fold-bn.json');
  if (!r) return 'not run';
  const t = r.msPerImage;
  const out = ['| VGG-S scored as | ms per image | over the LayersModel |', '|---|---|---|',
    ...([['the LayersModel (what the lab runs)', t.layers], ['the same ops called directly', t.direct], ['BN folded: one fused conv + bias + ReLU per layer', t.folded]] as const).map(([label, v]) => `| ${label} | ${v.toFixed(2)} | ${(v / t.layers).toFixed(2)} |`)];
  const m = r.measured;
  return `${out.join('\n')}\n\nFolded logits against the model's: largest difference ${r.maxLogitDiffOverMax.toExponential(1)} of the largest logit. ${r.setup}. Rendered by \`npm run docs:tables\` from \`docs/results/fold-bn.json\`, made by \`${m.command}\` on ${m.date} at commit ${m.commit}; ${m.machine}.`;
}

/** PyTorch's heal of the shipped VGG-S / CIFAR-10 at the Healing table's CIFAR-10 settings (training/cifar_heal_ref.py). */
function torchHealTable(): string {
  type Row = { k: number; scope: string; dense: number; pruned: number; recal: number; fineTuned: number; steps: number; fineTuneSeconds: number; kept: Record<string, number> };
  const r = readResultFile<{ measured: Measured; recipe: { recalImages: number; batch: number; lr: number; train: string; test: string }; rows: Row[] }>('torch-heal-cifar10.json');
  if (!r) return 'not run';
  const out = ['| PyTorch: VGG-S / CIFAR-10, 80 % global magnitude on the convs | Dense | Pruned | BN recal | Fine-tuned (Δ) | dense weights kept | epoch time |', '|---|---|---|---|---|---|---|'];
  for (const x of r.rows) {
    const d = x.fineTuned - x.dense;
    const kept = Object.entries(x.kept).map(([n, v]) => `${n} ${v.toLocaleString('en-US')}`).join(', ');
    out.push(`| k = ${x.k}, scope ${x.scope} | ${pct(x.dense)} | ${pct(x.pruned)} | ${pct(x.recal)} | ${pct(x.fineTuned)} (${d < 0 ? '−' : '+'}${(100 * Math.abs(d)).toFixed(2)}) | ${kept} | ${seconds(x.fineTuneSeconds)} |`);
  }
  const m = r.measured;
  const p = r.recipe;
  return `${out.join('\n')}\n\nBN recalibration on ${p.recalImages.toLocaleString('en-US')} images, then one epoch on ${p.train} (batch ${p.batch}, lr ${p.lr} cosine); test top-1 on ${p.test}. Rendered by \`npm run docs:tables\` from \`docs/results/torch-heal-cifar10.json\`, made by \`${m.command}\` on ${m.date} at commit ${m.commit}; ${m.machine}.`;
}

/** Each table by its README marker name. */
export function renderTables(): Record<string, string> {
  // Read once; each table gets its own Rows, which lists the measurements that table used.
  const benchRows = readResults('bench-results.json');
  const bench = () => new Rows(benchRows);
  return {
    heal: healTable(bench()), 'train-speed': trainTable(bench()), eval: evalTable(bench()),
    search: searchTable(bench()), demo: demoTable(bench()), criteria: criteriaTable(bench()), data: dataTable(bench()),
    fuzz: fuzzTable(), 'search-vs-random': baselineTable(), 'fold-bn': foldTable(), 'torch-heal-cifar10': torchHealTable(),
    'trained-weights': trainedTable(),
    soak: soakTable(bench()),
    'train-profile': profileTable(new Rows(readResults('train-profile.json'))),
    ...paperTables(),
    table4: table4(),
    ...testTables(),
  };
}

/** The README with every marked block replaced by its rendering; throws on an unknown or unclosed marker. */
export function applyTables(readme: string, tables = renderTables()): string {
  return readme.replace(/<!-- results:([\w-]+) -->\n[\s\S]*?<!-- \/results:\1 -->/g, (block, name: string) => {
    if (!(name in tables)) throw new Error(`README marker results:${name} has no table`);
    return `<!-- results:${name} -->\n${tables[name]}\n<!-- /results:${name} -->`;
  });
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const readme = readFileSync(README, 'utf8');
  const next = applyTables(readme);
  if (process.argv.includes('--check')) {
    if (next !== readme) {
      console.error('README.md differs from the rendered tables: run `npm run docs:tables`');
      process.exit(1);
    }
  } else if (next !== readme) {
    writeFileSync(README, next);
    console.log('README.md tables updated');
  } else {
    console.log('README.md tables already up to date');
  }
}
