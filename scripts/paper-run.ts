/**
 * Runs the paper preset and the Table 4 comparison (METHOD §6) in the built app, headless,
 * the way a user would: load the CIFAR-10 JPEG archive through the file picker, start the DDPG
 * search from the URL's settings, let it apply the best policy with k-σ on the dense layers, then
 * run the comparison view on the whole test split. Long (hours on 2 CPU cores): it uses a
 * persistent browser profile and a fixed port, so a killed run resumes from the lab's IndexedDB
 * checkpoint when started again with the same arguments.
 *
 *   npm run paper-run -- --budget=params --reward-images=500 --out=.carry/paper-params
 *
 * Options: --model (vgg16), --budget (params|flops), --mode (exact|amc), --episodes (400),
 * --warmup (100), --reward-images (5000), --seed (searchSeed, 1), --port (4800), --out (folder for
 * log.jsonl, result.json, screenshots), --compare-target (fraction; default: what the combination
 * removed, rounded to 0.01), --no-compare, --data (comma-separated CIFAR-10 binary files; default
 * data_batch_1.bin and test_batch.bin wherever scripts/local-env.ts finds CIFAR-10), --note (added to the result's `measured`),
 * --scope (the k-σ scope, METHOD §2: all, the paper's VGG16 wording and the default here, or hidden),
 * --policy-from (a budget: skip the search and apply the best policy that budget's result file
 * holds, through a `policy=` link, e.g. to measure it under the other scope).
 *
 * What the README quotes is written to docs/results/paper-<model>-<budget>.json (paperResult below):
 * how it was measured, the episodes' rewards, the applied policy's accounting and the comparison;
 * a run with --scope=hidden writes paper-<model>-<budget>-hidden.json.
 */
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { preview } from 'vite';
import { BASE_FLAGS, CHROMIUM } from './lib/chromium.ts';
import { RESULTS_DIR, measuredNow, readResultFile } from './results.ts';
import { cifar10Files } from './local-env.ts';
import { packPolicy } from '../src/state/url-codec.ts';
import type { PaperResult } from './docs-paper.ts';

const ROOT = resolve(import.meta.dirname, '..');
const arg = (name: string, def: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? def;
const opts = {
  model: arg('model', 'vgg16'), budget: arg('budget', 'params'), mode: arg('mode', 'exact'),
  episodes: Number(arg('episodes', '400')), warmup: Number(arg('warmup', '100')), rewardImages: Number(arg('reward-images', '5000')),
  seed: Number(arg('seed', '1')), port: Number(arg('port', '4800')), out: resolve(arg('out', 'runs/paper')),
  compareTarget: arg('compare-target', ''), compare: !process.argv.includes('--no-compare'),
  data: arg('data', '').split(',').filter(Boolean),
  scope: arg('scope', 'all'), policyFrom: arg('policy-from', ''),
};
if (opts.policyFrom) opts.budget = opts.policyFrom;
if (!opts.data.length) opts.data = cifar10Files(['data_batch_1.bin', 'test_batch.bin']);
mkdirSync(opts.out, { recursive: true });
// Taken at the start: the tree may move on while a run of hours goes.
const measured = { ...measuredNow(`npm run paper-run -- ${process.argv.slice(2).join(' ')}`), ...(arg('note', '') ? { note: arg('note', '') } : {}) };
const resultFile = resolve(RESULTS_DIR, `paper-${opts.model}-${opts.budget}${opts.scope === 'all' ? '' : `-${opts.scope}`}.json`);

/** The conv layers' pruned counts of the best policy a committed result applied (its kernels' kept counts). */
function storedPolicy(budget: string): string {
  const r = readResultFile<PaperResult>(`paper-${opts.model}-${budget}.json`);
  if (!r) throw new Error(`no docs/results/paper-${opts.model}-${budget}.json to take the policy from`);
  return packPolicy({ prunedCounts: r.pipeline.kernels.filter((k) => k.kind === 'conv').map((k) => k.size - k.kept) });
}
const log = (s: string) => { const line = `${new Date().toISOString()} ${s}`; console.log(line); appendFileSync(resolve(opts.out, 'progress.log'), `${line}\n`); };

type W = { lab: Record<string, any> };
const idle = (page: Page, timeout = 600_000) => page.waitForFunction(() => { const l = (window as unknown as W).lab; return !!l && !!l.summary && !l.busy; }, undefined, { timeout });

async function main() {
  if (!existsSync(resolve(ROOT, 'dist/index.html'))) throw new Error('run `npm run build` first');
  const server = await preview({ root: ROOT, logLevel: 'error', preview: { port: opts.port, strictPort: true, host: '127.0.0.1' } });
  const ctx = await chromium.launchPersistentContext(resolve(opts.out, 'profile'), { executablePath: CHROMIUM, headless: true, args: [...BASE_FLAGS, '--disable-gpu'], viewport: { width: 1400, height: 1000 } });
  try {
    const page = ctx.pages()[0] ?? await ctx.newPage();
    page.on('pageerror', (e) => log(`pageerror: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') log(`console: ${m.text()}`); });
    const q = new URLSearchParams({ v: '2', model: opts.model, episodes: String(opts.episodes), warmup: String(opts.warmup), rewardImages: String(opts.rewardImages), budget: opts.budget, budgetMode: opts.mode, searchSeed: String(opts.seed), alpha: '0.8', fcK: '3', kScope: opts.scope });
    await page.goto(`http://127.0.0.1:${opts.port}/?${q}`);
    await idle(page);
    const dataKey = () => page.evaluate(() => (window as unknown as W).lab.dataKey as string);
    if ((await dataKey()) !== 'cifar10') {
      log('loading CIFAR-10 through the file picker');
      await page.setInputFiles('[data-testid="data-files"]', opts.data);
      await page.waitForFunction(() => { const l = (window as unknown as W).lab; return l.dataKey === 'cifar10' || l.error; }, undefined, { timeout: 300_000 });
      await idle(page);
      if ((await dataKey()) !== 'cifar10') throw new Error(`dataset is ${await dataKey()} after loading: ${await page.evaluate(() => (window as unknown as W).lab.error)}`);
    }
    if (opts.policyFrom) {
      // A link's policy is applied on load (BN recalibration included), without a search; the
      // CIFAR-10 just loaded comes back from the browser's cache, so it is applied to CIFAR-10.
      q.set('data', 'cifar10');
      q.set('policy', storedPolicy(opts.policyFrom));
      await page.goto(`http://127.0.0.1:${opts.port}/?${q}`);
      await idle(page, 3_600_000);
      if ((await dataKey()) !== 'cifar10') throw new Error('CIFAR-10 did not come back from the cache');
    }
    const info = await page.evaluate(() => { const l = (window as unknown as W).lab; return { backend: l.backend?.name, model: l.config.model, weights: l.summary?.weights ?? null, status: l.searchStatus, episodes: l.searchLog.length }; });
    log(`ready: ${JSON.stringify(info)}`);
    if (info.status === 'paused') await page.click('[data-testid="search-resume"]');
    else if (info.status !== 'done') await page.click('[data-testid="search-start"]');
    // Stream the episode log to disk while the search runs.
    let written = 0;
    const t0 = Date.now();
    const rewards: number[] = [];
    for (;;) {
      const s = await page.evaluate((from) => { const l = (window as unknown as W).lab; return { status: l.searchStatus as string, busy: l.busy, pipeline: !!l.heal.report, error: l.error as string | null, eps: (l.searchLog as unknown[]).slice(from), n: l.searchLog.length as number, best: l.searchBest?.reward ?? null }; }, written);
      for (const e of s.eps) appendFileSync(resolve(opts.out, 'log.jsonl'), `${JSON.stringify(e)}\n`);
      for (const e of s.eps as { reward: number }[]) rewards.push(e.reward);
      if (s.eps.length) log(`episode ${s.n} / ${opts.episodes}, best ${s.best?.toFixed(4)}, ${((Date.now() - t0) / 1000 / 60).toFixed(1)} min`);
      written = s.n;
      if (s.error) throw new Error(s.error);
      if (s.status === 'done' && s.pipeline && !s.busy) break;
      if (s.status === 'idle' && !s.eps.length && written === 0 && Date.now() - t0 > 120_000) throw new Error('search did not start');
      await page.waitForTimeout(30_000);
    }
    const searchMinutes = (Date.now() - t0) / 60_000;
    const result = await page.evaluate(() => { const l = (window as unknown as W).lab; return JSON.parse(JSON.stringify({ config: l.config, best: l.searchBest, pipeline: l.heal.report })); });
    writeFileSync(resolve(opts.out, 'result.json'), `${JSON.stringify({ opts: { ...opts, data: undefined }, ...result }, null, 2)}\n`);
    log(`search applied: ${JSON.stringify({ before: result.pipeline.accBefore, pruned: result.pipeline.accPruned, removed: result.pipeline.report?.accounting?.weights?.removedPercent })}`);
    await page.locator('[data-testid="results-table"]').screenshot({ path: resolve(opts.out, 'results.png') }).catch((e) => log(`screenshot: ${e}`));
    const write = (compare: unknown) => writeFileSync(resultFile, `${JSON.stringify(paperResult(result, rewards, searchMinutes, compare), null, 1)}\n`);
    write(null);
    if (!opts.compare) return;
    const target = opts.compareTarget ? Number(opts.compareTarget) : Math.round(result.pipeline.report.accounting.weights.removedPercent) / 100;
    log(`comparison at ${target} on the whole test split`);
    await page.evaluate((t) => { const c = (window as unknown as W).lab.compare; c.target = t; c.evalImages = 0; }, target);
    await page.click('[data-testid="cmp-run"]');
    await page.waitForFunction(() => (window as unknown as W).lab.compare.running, undefined, { timeout: 30_000 }).catch(() => undefined);
    let rowsSeen = 0;
    for (;;) {
      const c = await page.evaluate(() => { const c = (window as unknown as W).lab.compare; return { running: c.running, error: c.error, rows: JSON.parse(JSON.stringify(c.rows)) }; });
      if (c.rows.length > rowsSeen) { rowsSeen = c.rows.length; log(`row ${rowsSeen}: ${JSON.stringify(c.rows.at(-1)).slice(0, 300)}`); }
      if (c.error) throw new Error(c.error);
      if (!c.running) {
        writeFileSync(resolve(opts.out, 'compare.json'), `${JSON.stringify({ target, rows: c.rows }, null, 2)}\n`);
        write({ target, rows: c.rows });
        break;
      }
      await page.waitForTimeout(20_000);
    }
    await page.locator('[data-testid="cmp-table"]').screenshot({ path: resolve(opts.out, 'compare.png') }).catch((e) => log(`screenshot: ${e}`));
    log('done');
  } finally {
    await ctx.close();
    await server.close();
  }
}

/**
 * The committed result: rewards of every episode (resumed runs included only from where this
 * process started streaming), and per kernel its size and kept count.
 */
function paperResult(result: { best: Record<string, any> | null; pipeline: Record<string, any> }, rewards: number[], searchMinutes: number, compare: unknown) {
  const p = result.pipeline;
  const acc = p.report.accounting;
  return {
    measured, opts: { model: opts.model, budget: opts.budget, mode: opts.mode, episodes: opts.episodes, warmup: opts.warmup, rewardImages: opts.rewardImages, seed: opts.seed, scope: opts.scope, ...(opts.policyFrom ? { policyFrom: `paper-${opts.model}-${opts.policyFrom}.json` } : {}) },
    search: { minutes: searchMinutes, rewards, bestReward: result.best?.reward ?? null },
    pipeline: {
      dense: p.accBefore, pruned: p.accPruned, recal: p.accRecal, recalImages: p.recalImages, testImages: p.testImages,
      weightsRemovedPercent: acc.weights.removedPercent, macsRemovedPercent: acc.macs.removedPercent,
      kernels: (acc.kernels as { name: string; kind: string; size: number; kept: number }[]).map(({ name, kind, size, kept }) => ({ name, kind, size, kept })),
    },
    compare,
  };
}

main().catch((e) => { log(`failed: ${e?.stack ?? e}`); process.exit(1); });
