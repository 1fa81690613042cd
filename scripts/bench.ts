/**
 * `npm run bench`: serves the built app, drives headless Chromium, and times dense vs masked
 * evaluation on the worker for VGG-S and VGG16. Prints a table and writes
 * docs/results/bench-results.json (committed: an array of { name, value, unit, backend, model,
 * measured: { date, commit, command, machine } }; the README's tables are rendered from it).
 *
 * Backends: wasm always; webgpu too when the browser finds a hardware WebGPU adapter (a software
 * adapter such as SwiftShader is ~100× slower than WASM and is skipped unless `--webgpu`).
 * Also times CIFAR loading (bench-data.ts), the DDPG search (search.*), the pruning criteria
 * (criteria.*) and training and healing (bench-train.ts: train.*, heal.*).
 * The class demo, clicked as a teacher would (bench-demo.ts: demo.*).
 * `--only=eval|data|search|criteria|train|soak|demo` runs one part; its rows replace the same rows of the
 * file and the others are kept.
 */
import { launchChromium } from './lib/chromium.ts';
import { serveDist } from './lib/dist-server.ts';
import { measuredNow, mergeResults } from './results.ts';
import { benchData } from './bench-data.ts';
import { benchTrain } from './bench-train.ts';
import { benchSoak } from './bench-soak.ts';
import { benchDemo } from './bench-demo.ts';

const ARGS = process.argv.slice(2);
/** Taken at the start: the commit and tree the run measures. */
const MEASURED = measuredNow(ARGS.length ? `npm run bench -- ${ARGS.join(' ')}` : 'npm run bench');

interface BenchRow { name: string; value: number; unit: string; backend: string; model: string }

const PLAN = [
  { model: 'vgg-s', images: 1024 },
  { model: 'vgg16', images: 512 },
];

/** True when Chromium with --enable-unsafe-webgpu starts the lab on a hardware (non-fallback) adapter. */
async function hardwareWebgpu(url: string): Promise<boolean> {
  const browser = await launchChromium({ webgpu: true });
  try {
    const page = await browser.newPage();
    await page.goto(`${url}?backend=webgpu`);
    await page.waitForFunction(() => (window as unknown as { lab?: { backend: unknown; error: unknown } }).lab?.backend, undefined, { timeout: 120_000 });
    const info = await page.evaluate(() => (window as unknown as { lab: { backend: { name: string; details: string[] } } }).lab.backend);
    const hardware = info.name === 'webgpu' && !info.details.some((d) => /software adapter/.test(d));
    console.log(`webgpu: ${info.name === 'webgpu' ? info.details.join(', ') : 'not available'}${hardware ? '' : ' → not benchmarked (pass --webgpu to force)'}`);
    return hardware;
  } finally {
    await browser.close();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * DDPG search timing (`search.*` rows) for VGG-S and VGG16 on this backend, in two runs per model:
 * - timing: the paper's reward split (5,000 images: Shapes-10's 2,000 validation images stand in,
 *   so the evaluation is scaled ×2.5 to 5,000) with the agent updating (warm-up 1, then 4
 *   episodes); episode/eval/agent ms are medians of the updating episodes;
 * - tensor growth: 200 episodes on 8 reward images (the environment's per-episode work without
 *   the evaluation's cost), numTensors after episode 200 minus after episode 1.
 */
/** What the two scaled search rows are: estimates, with their formula. */
const ESTIMATE = 'ms per episode, estimated for 5,000 reward images: median evaluation of 2,000 timed images × 2.5 (+ the agent)';

async function benchSearch(page: import('playwright-core').Page): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const call = (p: { model: string; episodes: number; warmup: number; rewardImages: number }) => page.evaluate(async (q) => {
    const lab = (window as unknown as { lab: { client: { request(t: string, p: unknown): Promise<unknown> } } }).lab;
    return lab.client.request('benchSearch', q);
  }, p) as Promise<{ evalMs: number[]; agentMs: number[]; episodeMs: number[]; tensorsAfterFirst: number; tensorsAfterLast: number; backend: string }>;
  for (const model of ['vgg-s', 'vgg16']) {
    const t = await call({ model, episodes: 5, warmup: 1, rewardImages: 2000 });
    const upd = (xs: number[]) => xs.slice(2);
    const evalMs = median(upd(t.evalMs)) * 2.5;
    const agentMs = median(upd(t.agentMs));
    const episodeMs = median(upd(t.episodeMs)) + median(upd(t.evalMs)) * 1.5;
    const g = await call({ model, episodes: 200, warmup: 1, rewardImages: 8 });
    const common = { backend: t.backend, model };
    rows.push(
      { name: 'search.episode_ms', value: episodeMs, unit: ESTIMATE, ...common },
      { name: 'search.eval_ms', value: evalMs, unit: 'ms per episode\'s evaluation, estimated for 5,000 reward images: median of 2,000 timed images × 2.5', ...common },
      { name: 'search.agent_ms', value: agentMs, unit: 'ms per episode', ...common },
      { name: 'search.agent_share', value: agentMs / episodeMs, unit: 'ratio', ...common },
      { name: 'search.tensor_growth', value: g.tensorsAfterLast - g.tensorsAfterFirst, unit: 'tensors', ...common },
      { name: 'search.episode_ms_small_reward', value: median(g.episodeMs), unit: 'ms (median, 8 reward images)', ...common },
    );
    console.log(`search ${model}: episode ${episodeMs.toFixed(0)} ms (eval ${evalMs.toFixed(0)}, agent ${agentMs.toFixed(0)}), agent share ${(agentMs / episodeMs).toFixed(4)}, tensor growth ${g.tensorsAfterLast - g.tensorsAfterFirst}`);
  }
  return rows;
}

/**
 * Criterion cost (`criteria.*` rows): time to score every filter (activation criteria: 1,280
 * calibration images through the net, METHOD §3's LAB calibration set) and build and apply the
 * masks at an 80 % target, `criteria.<name>_ms`, for VGG-S and VGG16 with seeded random weights
 * (the cost does not depend on the weights' values; HRank's SVD count barely does).
 */
async function benchCriteria(page: import('playwright-core').Page): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const model of ['vgg-s', 'vgg16']) {
    const r = await page.evaluate(async (q) => {
      const lab = (window as unknown as { lab: { client: { request(t: string, p: unknown): Promise<unknown> } } }).lab;
      return lab.client.request('benchCriteria', q);
    }, { model, calibrationImages: 1280, target: 0.8 }) as { ms: Record<string, number>; backend: string };
    for (const [name, ms] of Object.entries(r.ms)) rows.push({ name: `criteria.${name.replace('-', '_')}_ms`, value: ms, unit: 'ms (score + mask, 1,280 calibration images)', backend: r.backend, model });
    console.log(`criteria ${model}: ${Object.entries(r.ms).map(([k, v]) => `${k} ${v.toFixed(0)} ms`).join(', ')}`);
  }
  return rows;
}

/** eval.dense_ms_per_image at ?threads=1 and the pool's speed-up over it, per model of PLAN. */
async function oneThread(browser: import('playwright-core').Browser, url: string, rows: BenchRow[]): Promise<BenchRow[]> {
  const page = await browser.newPage();
  await page.goto(`${url}?backend=wasm&threads=1`);
  await page.waitForFunction(() => (window as unknown as { lab?: { backend: unknown } }).lab?.backend, undefined, { timeout: 120_000 });
  const threads = await page.evaluate(() => (window as unknown as { lab: { backend: { threads?: number } } }).lab.backend.threads ?? 1);
  const out: BenchRow[] = [];
  for (const { model, images } of PLAN) {
    const r = await page.evaluate(async (p) => {
      const lab = (window as unknown as { lab: { client: { request(t: string, p: unknown): Promise<unknown> } } }).lab;
      return lab.client.request('benchEval', p);
    }, { model, images, batchSize: 128, sparsity: 0.8, repeats: 5 }) as { denseMsPerImage: number; backend: string };
    const pool = rows.find((x) => x.name === 'eval.dense_ms_per_image' && x.model === model)?.value;
    out.push({ name: 'eval.dense_ms_per_image_1thread', value: r.denseMsPerImage, unit: `ms/image (a pool of ${threads} thread)`, backend: r.backend, model });
    if (pool) out.push({ name: 'eval.threads_speedup', value: r.denseMsPerImage / pool, unit: 'ratio, one thread over the lab\'s pool (dense, same sitting)', backend: r.backend, model });
    console.log(`${model} on one thread: dense ${r.denseMsPerImage.toFixed(3)} ms/image`);
  }
  await page.close();
  return out;
}

async function main() {
  const { server, url } = await serveDist();
  const backends = ['wasm', ...((await hardwareWebgpu(url)) || process.argv.includes('--webgpu') ? ['webgpu'] : [])];
  const rows: BenchRow[] = [];
  try {
    for (const backend of backends) {
      const browser = await launchChromium({ webgpu: backend === 'webgpu' });
      try {
        const page = await browser.newPage();
        await page.goto(`${url}?backend=${backend}`);
        await page.waitForFunction(() => (window as unknown as { lab?: { backend: unknown } }).lab?.backend, undefined, { timeout: 120_000 });
        const info = await page.evaluate(() => (window as unknown as { lab: { backend: { name: string; details: string[] } } }).lab.backend);
        console.log(`backend ${info.name}: ${info.details.join(', ')}`);
        const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
        for (const { model, images } of only && only !== 'eval' ? [] : PLAN) {
          const r = await page.evaluate(async (p) => {
            const lab = (window as unknown as { lab: { client: { request(t: string, p: unknown): Promise<unknown> } } }).lab;
            return lab.client.request('benchEval', p);
          }, { model, images, batchSize: 128, sparsity: 0.8, repeats: 5 }) as { denseMsPerImage: number; maskedMsPerImage: number; maskApplyMs: number; backend: string };
          const common = { backend: r.backend, model };
          rows.push(
            { name: 'eval.dense_ms_per_image', value: r.denseMsPerImage, unit: 'ms/image', ...common },
            { name: 'eval.masked_ms_per_image', value: r.maskedMsPerImage, unit: 'ms/image', ...common },
            { name: 'eval.masked_over_dense', value: r.maskedMsPerImage / r.denseMsPerImage, unit: 'ratio', ...common },
            { name: 'eval.mask_apply_ms', value: r.maskApplyMs, unit: 'ms (median of 5: uniform magnitude at 80 % on the convs + 3σ on the dense layers, computed and applied)', ...common },
          );
          console.log(`${model} on ${r.backend}: dense ${r.denseMsPerImage.toFixed(3)} ms/image, masked ${r.maskedMsPerImage.toFixed(3)} ms/image (incl. ${r.maskApplyMs.toFixed(0)} ms to compute+apply masks over ${images} images)`);
        }
        // The same evaluation on a pool of one thread (?threads=1), in the same sitting: what every core buys.
        if (backend === 'wasm' && (!only || only === 'eval')) rows.push(...(await oneThread(browser, url, rows)));
        if (backend === 'wasm' && (!only || only === 'data')) rows.push(...(await benchData(browser, url, 'wasm')));
        if (backend === 'wasm' && (!only || only === 'search')) rows.push(...(await benchSearch(page)));
        if (backend === 'wasm' && (!only || only === 'criteria')) rows.push(...(await benchCriteria(page)));
        if (backend === 'wasm' && (!only || only === 'train')) rows.push(...(await benchTrain(browser, url)));
        if (backend === 'wasm' && (!only || only === 'soak')) rows.push(...(await benchSoak(page)));
        if (backend === 'wasm' && (!only || only === 'demo')) rows.push(...(await benchDemo(url)));
      } finally {
        await browser.close();
      }
    }
  } finally {
    await server.close();
  }
  const out = mergeResults('bench-results.json', rows.map((r) => ({ ...r, measured: MEASURED })));
  console.log('');
  console.table(rows.map((r) => ({ ...r, value: Number(r.value.toFixed(4)) })));
  console.log(`wrote ${out}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
