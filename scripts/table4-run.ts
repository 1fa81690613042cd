/**
 * The paper's Table 4 at lab scale, with fine-tuning, in the built app as a user would run it:
 * VGG-S / CIFAR-10 (`data_batch_1.bin` + `test_batch.bin` through the file picker), a DDPG search
 * at α = 80 % (the class demo's 120 episodes, 30 warm-up, 500 reward images, seed 1), its best
 * policy with 3σ on the hidden dense layer applied, then the comparison view: every method at the
 * combination's own removal (conv + FC weights), each BN-recalibrated on 1,280 training images and
 * fine-tuned for one epoch of the training split, scored on the 10,000 test images; then the
 * combination again with 3σ on every dense layer (the scope `all`).
 *
 *   npm run table4 -- [--episodes=120] [--warmup=30] [--reward-images=500] [--seed=1] [--epochs=1]
 *                     [--port=4810] [--out=runs/table4] [--note=…]
 *
 * Writes docs/results/table4-vggs-cifar10.json (the README renders it beside the paper's Table 4).
 * Long (about 40 min on 2 cores): the browser profile lives in --out, so a killed run resumes
 * its search from the lab's IndexedDB checkpoint when started again with the same arguments.
 */
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { preview } from 'vite';
import { BASE_FLAGS, CHROMIUM } from './lib/chromium.ts';
import { RESULTS_DIR, measuredNow } from './results.ts';
import { cifar10Files } from './local-env.ts';
import type { CompareRow } from '../src/core/pipeline/compare.ts';

const ROOT = resolve(import.meta.dirname, '..');
const arg = (name: string, def: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? def;
const opts = {
  episodes: Number(arg('episodes', '120')), warmup: Number(arg('warmup', '30')), rewardImages: Number(arg('reward-images', '500')),
  seed: Number(arg('seed', '1')), epochs: Number(arg('epochs', '1')), port: Number(arg('port', '4810')), out: resolve(arg('out', 'runs/table4')),
};
mkdirSync(opts.out, { recursive: true });
const measured = { ...measuredNow(`npm run table4 -- ${process.argv.slice(2).join(' ')}`.trim()), ...(arg('note', '') ? { note: arg('note', '') } : {}) };
export const TABLE4_FILE = 'table4-vggs-cifar10.json';
const log = (s: string) => { const line = `${new Date().toISOString()} ${s}`; console.log(line); appendFileSync(resolve(opts.out, 'progress.log'), `${line}\n`); };

type W = { lab: Record<string, any> };
const idle = (page: Page, timeout = 900_000) => page.waitForFunction(() => { const l = (window as unknown as W).lab; return !!l?.summary && !l.busy; }, undefined, { timeout });
const state = <T>(page: Page, fn: () => T) => page.evaluate(fn) as Promise<T>;

/** Runs the comparison view as it stands and returns its rows (progress logged per row). */
async function compare(page: Page, label: string): Promise<CompareRow[]> {
  await page.click('[data-testid="cmp-run"]');
  await page.waitForFunction(() => (window as unknown as W).lab.compare.running, undefined, { timeout: 60_000 });
  let seen = 0;
  for (;;) {
    const c = await state(page, () => { const c = (window as unknown as W).lab.compare; return { running: c.running, error: c.error as string | null, rows: JSON.parse(JSON.stringify(c.rows)) as CompareRow[] }; });
    for (const r of c.rows.slice(seen)) log(`${label}: ${r.label}: removed ${r.weightsRemovedPercent.toFixed(2)} %, pruned ${r.pruned}, recal ${r.recal}, fine-tuned ${r.fineTuned}${r.error ? `, error ${r.error}` : ''}`);
    seen = c.rows.length;
    if (c.error) throw new Error(c.error);
    if (!c.running) return c.rows;
    await page.waitForTimeout(15_000);
  }
}

async function main() {
  if (!existsSync(resolve(ROOT, 'dist/index.html'))) throw new Error('run `npm run build` first');
  const server = await preview({ root: ROOT, logLevel: 'error', preview: { port: opts.port, strictPort: true, host: '127.0.0.1' } });
  const ctx = await chromium.launchPersistentContext(resolve(opts.out, 'profile'), { executablePath: CHROMIUM, headless: true, args: [...BASE_FLAGS, '--disable-gpu'], viewport: { width: 1400, height: 1000 } });
  try {
    const page = ctx.pages()[0] ?? await ctx.newPage();
    page.on('pageerror', (e) => log(`pageerror: ${e.message}`));
    const q = new URLSearchParams({ v: '2', backend: 'wasm', model: 'vgg-s', alpha: '0.8', episodes: String(opts.episodes), warmup: String(opts.warmup), rewardImages: String(opts.rewardImages), searchSeed: String(opts.seed), fcK: '3', kScope: 'hidden', recalImages: '1280', ftEpochs: String(opts.epochs) });
    await page.goto(`http://127.0.0.1:${opts.port}/?${q}`);
    await idle(page);
    if ((await state(page, () => (window as unknown as W).lab.dataKey)) !== 'cifar10') {
      log('loading CIFAR-10 through the file picker');
      await page.setInputFiles('[data-testid="data-files"]', cifar10Files(['data_batch_1.bin', 'test_batch.bin', 'batches.meta.txt']));
      await page.waitForFunction(() => { const l = (window as unknown as W).lab; return (l.dataKey === 'cifar10' && l.summary?.weightsName === 'vgg-s-cifar10' && !l.busy) || l.error; }, undefined, { timeout: 600_000 });
    }
    const status = await state(page, () => (window as unknown as W).lab.searchStatus as string);
    const t0 = Date.now();
    if (status !== 'done') {
      log(status === 'paused' ? 'resuming the search' : 'starting the search');
      await page.click(status === 'paused' ? '[data-testid="search-resume"]' : '[data-testid="search-start"]');
    }
    await page.waitForFunction(() => { const l = (window as unknown as W).lab; return (l.searchStatus === 'done' && l.heal.report && !l.busy) || l.error; }, undefined, { timeout: 7_200_000, polling: 5_000 });
    const search = await state(page, () => { const l = (window as unknown as W).lab; return JSON.parse(JSON.stringify({ error: l.error, best: l.searchBest, rewards: l.searchLog.map((e: { reward: number }) => e.reward), removed: l.heal.report.report.accounting.weights.removedPercent, backend: l.backend.name })); });
    if (search.error) throw new Error(search.error);
    log(`search done: best reward ${search.best.reward} (episode ${search.best.episode}), the combination removes ${search.removed.toFixed(2)} % of conv + FC weights`);
    // One epoch of the fine-tuning split per method: the same fine-tuning for every row.
    const train = await state(page, () => { const l = (window as unknown as W).lab; return l.client.request('loadDataset', l.data.splitRef('train')); }) as { count: number };
    const steps = Math.ceil((opts.epochs * train.count) / 128);
    const settings = { target: search.removed / 100, evalImages: 0, recalImages: 1280, calibrationImages: 1280, ftSteps: steps };
    await page.evaluate((s) => Object.assign((window as unknown as W).lab.compare, s), settings);
    log(`comparison at ${(100 * settings.target).toFixed(2)} %: ${steps} fine-tuning steps of 128 (${train.count} training images) per method`);
    const rows = await compare(page, 'hidden');
    await page.selectOption('[data-testid="k-scope"]', 'all');
    await idle(page);
    await page.evaluate(() => { (window as unknown as W).lab.config.methods = ['combination']; });
    const all = await compare(page, 'all');
    const result = {
      measured, opts: { ...opts, out: undefined, port: undefined, alpha: 0.8, k: 3 }, backend: search.backend, compare: settings, trainImages: train.count,
      search: { minutes: (Date.now() - t0) / 60_000, bestReward: search.best.reward, bestEpisode: search.best.episode, rewards: search.rewards, prunedCounts: search.best.prunedCounts },
      // The scope setting shapes the combination only ('ksigma-all' prunes every layer whatever it is).
      rows: rows.map((r) => (r.method === 'combination' ? { ...r, scope: 'hidden' } : r)), combinationAll: { ...all[0], scope: 'all' },
    };
    writeFileSync(resolve(RESULTS_DIR, TABLE4_FILE), `${JSON.stringify(result, null, 1)}\n`);
    await page.locator('[data-testid="cmp-table"]').screenshot({ path: resolve(opts.out, 'compare.png') }).catch((e) => log(`screenshot: ${e}`));
    log(`wrote docs/results/${TABLE4_FILE}`);
  } finally {
    await ctx.close();
    await server.close();
  }
}

main().catch((e) => { log(`failed: ${e?.stack ?? e}`); process.exit(1); });
