/**
 * The class demo as a teacher clicks it (`npm run bench -- --only=demo`): in the built app on
 * WASM, a fresh browser profile per run (no saved search or heal to reuse), the "Class demo"
 * preset → Start search → the best policy applied (masks in force, then scored) → "Best policy +
 * fine-tune" → healed result. `demo.*` rows are medians of `--demo-runs=N` runs (default 3); each
 * row's unit names the runs' values. The machine's processor is in every row's `measured`.
 *
 * PyTorch's same heal runs after them (demo.heal_over_torch: same masks, data, batch, thread count).
 * The search's ETA is read from the Search panel's state once per episode: `demo.eta_error` is
 * the largest |ETA − the time it really took| / the time it took, from episode 10 on.
 */
import type { Browser, Page } from 'playwright-core';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchChromium } from './lib/chromium.ts';
import { exportShapes10 } from './export-shapes.ts';

export interface DemoRow { name: string; value: number; unit: string; backend: string; model: string }
type W = { lab: Record<string, any> };

const idle = (page: Page) => page.waitForFunction(() => { const l = (window as unknown as W).lab; return !!l?.summary && !l.busy; }, undefined, { timeout: 900_000 });

interface DemoRun {
  searchS: number; applyS: number; scoredS: number; healS: number; totalS: number;
  bestReward: number; bestEpisode: number; counts: number[]; stopped: number; episodes: number; healFtS: number;
  top1: { dense: number; pruned: number; recal: number; healed: number }; etaError: number; backend: string; threads: number;
}

async function oneRun(browser: Browser, url: string): Promise<DemoRun> {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error(`pageerror: ${e.message}`));
  await page.goto(`${url}?v=2&backend=wasm`);
  await idle(page);
  const t0 = Date.now();
  await page.selectOption('[data-testid="search-preset"]', 'demo');
  await idle(page);
  const tStart = Date.now();
  await page.click('[data-testid="search-start"]');
  // One ETA sample per episode: [episodes done, ms since the click, ETA shown in s].
  const etas: [number, number, number | null][] = [];
  for (;;) {
    const s = await page.evaluate(() => { const l = (window as unknown as W).lab; return { n: l.search.log.length, eta: l.search.eta as number | null, status: l.search.status as string, error: l.error as string | null }; });
    if (s.error) throw new Error(s.error);
    if (s.status === 'done') break;
    if (s.n > (etas.at(-1)?.[0] ?? 0)) etas.push([s.n, Date.now() - tStart, s.eta]);
    await page.waitForTimeout(250);
  }
  const tSearch = Date.now();
  // Masks in force: the prune report carries the searched policy; then its scores.
  await page.waitForFunction(() => { const l = (window as unknown as W).lab; return l.prune.report?.spec?.conv?.method === 'policy' || l.error; }, undefined, { timeout: 900_000 });
  const tApply = Date.now();
  await page.waitForFunction(() => { const l = (window as unknown as W).lab; return (l.heal.report && !l.busy) || l.error; }, undefined, { timeout: 900_000 });
  const tScored = Date.now();
  await page.click('[data-testid="fine-tune"]');
  await page.waitForFunction(() => { const l = (window as unknown as W).lab; return (l.heal.report?.accFineTuned != null && !l.busy) || l.error; }, undefined, { timeout: 900_000 });
  const tHeal = Date.now();
  const r = await page.evaluate(() => {
    const l = (window as unknown as W).lab;
    const h = l.heal.report;
    return JSON.parse(JSON.stringify({ error: l.error, best: l.search.best, log: l.search.log.map((e: { stoppedAt?: number }) => e.stoppedAt ?? null), episodes: l.search.log.map((e: Record<string, unknown>) => [e.evalMs, e.agentMs, e.stoppedAt ?? null, e.reward]), fineTune: h.fineTune, h: { dense: h.accBefore, pruned: h.accPruned, recal: h.accRecal, healed: h.accFineTuned }, backend: l.backend.name, threads: l.backend.threads ?? 1 }));
  });
  if (r.error) throw new Error(r.error);
  await page.close();
  if (process.env.DEMO_DUMP) writeFileSync(process.env.DEMO_DUMP, JSON.stringify({ etas, episodes: r.episodes, fineTune: r.fineTune }));
  const searchMs = tSearch - tStart;
  // From episode 10 on, while at least 10 s remain (the ETA is shown in whole seconds).
  const etaError = Math.max(0, ...etas.filter(([n, t, eta]) => n >= 10 && eta !== null && searchMs - t >= 10_000).map(([, t, eta]) => Math.abs(eta! * 1000 - (searchMs - t)) / (searchMs - t)));
  return {
    searchS: searchMs / 1000, applyS: (tApply - tSearch) / 1000, scoredS: (tScored - tSearch) / 1000, healS: (tHeal - tScored) / 1000, totalS: (tHeal - t0) / 1000,
    bestReward: r.best.reward, bestEpisode: r.best.episode, counts: r.best.prunedCounts, healFtS: r.fineTune.ms / 1000, stopped: r.log.filter((x: number | null) => x !== null).length, episodes: r.log.length,
    top1: r.h, etaError, backend: r.backend, threads: r.threads,
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * PyTorch's same heal (training/heal_time.py: the run's policy, k = 3 on fc1, BN recal on 1,280
 * images, one epoch at batch 128 with crop + flip, the test split scored) at `threads`, 3 times
 * in this sitting; null where /usr/bin/python3 or torch is missing.
 */
function torchHeal(counts: number[], threads: number): { heal_s: number; finetune_s: number }[] | null {
  const python = '/usr/bin/python3';
  if (!existsSync(python)) return null;
  const dir = mkdtempSync(join(tmpdir(), 'shapes10-'));
  try {
    exportShapes10(dir);
    const out = [];
    for (let i = 0; i < 3; i++) {
      const run = spawnSync(python, [resolve(import.meta.dirname, '../training/heal_time.py'), dir, String(threads), JSON.stringify(counts)], { encoding: 'utf8' });
      if (run.status !== 0) { console.error(run.stderr); return null; }
      out.push(JSON.parse(run.stdout.trim().split('\n').at(-1)!));
      console.log(`torch heal ${i + 1}/3: ${run.stdout.trim()}`);
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchDemo(url: string): Promise<DemoRow[]> {
  const n = Number(process.argv.find((a) => a.startsWith('--demo-runs='))?.slice(12) ?? 3);
  const runs: DemoRun[] = [];
  for (let i = 0; i < n; i++) {
    const browser = await launchChromium();
    try {
      const run = await oneRun(browser, url);
      console.log(`demo run ${i + 1}/${n}: ${JSON.stringify(run)}`);
      runs.push(run);
    } finally {
      await browser.close();
    }
  }
  const common = { backend: runs[0].backend, model: 'vgg-s' };
  const of = (f: (r: DemoRun) => number, digits = 1) => `median of ${n} runs: ${runs.map((r) => f(r).toFixed(digits)).join(', ')}`;
  const row = (name: string, f: (r: DemoRun) => number, unit: string, digits = 1): DemoRow => ({ name, value: median(runs.map(f)), unit: `${unit} (${of(f, digits)}; pool of ${runs[0].threads} threads)`, ...common });
  // PyTorch's heal of the median run's policy, at the lab's pool size, right after the lab's runs.
  const mid = [...runs].sort((a, b) => a.healS - b.healS)[Math.floor(runs.length / 2)];
  const torch = torchHeal(mid.counts, mid.threads);
  const torchRows: DemoRow[] = torch ? [
    { name: 'demo.torch_heal_s', value: median(torch.map((t) => t.heal_s)), unit: `s, PyTorch ${mid.threads} threads, the same heal (BN recal, one epoch, test scored; training/heal_time.py; median of 3: ${torch.map((t) => t.heal_s.toFixed(1)).join(', ')})`, backend: `pytorch-cpu-${mid.threads}-threads`, model: 'vgg-s' },
    { name: 'demo.heal_over_torch', value: median(runs.map((r) => r.healS)) / median(torch.map((t) => t.heal_s)), unit: 'ratio, demo.heal_s over demo.torch_heal_s (same sitting)', ...common },
    { name: 'demo.finetune_over_torch', value: median(runs.map((r) => r.healFtS)) / median(torch.map((t) => t.finetune_s)), unit: 'ratio, the epoch alone (79 steps of 128), lab over PyTorch', ...common },
  ] : [];
  return [
    ...torchRows,
    row('demo.search_s', (r) => r.searchS, 's, click Start search to its last episode'),
    row('demo.apply_s', (r) => r.applyS, 's, search done to the best policy with k-σ in force'),
    row('demo.scored_s', (r) => r.scoredS, 's, search done to the applied policy scored (dense, pruned, BN recal)'),
    row('demo.heal_s', (r) => r.healS, 's, click “Best policy + fine-tune” to the healed result'),
    row('demo.total_s', (r) => r.totalS, 's, preset click to the healed result'),
    row('demo.best_reward', (r) => r.bestReward, 'top-1 on the 500 reward images, best of the search', 4),
    row('demo.stopped_episodes', (r) => r.stopped, 'episodes whose scoring the early stop ended (of 120)', 0),
    row('demo.top1_pruned', (r) => r.top1.pruned, 'test top-1 after pruning', 4),
    row('demo.top1_recal', (r) => r.top1.recal, 'test top-1 after BN recalibration', 4),
    row('demo.top1_healed', (r) => r.top1.healed, 'test top-1 after one epoch', 4),
    row('demo.eta_error', (r) => r.etaError, 'largest |ETA − real remaining| / real remaining, from episode 10 while ≥ 10 s remain', 3),
  ];
}
