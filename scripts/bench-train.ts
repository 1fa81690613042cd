/**
 * Training and healing benchmark (`npm run bench -- --only=train`):
 *
 * - `train.<model>.ms_per_image` and `train.<model>.train_over_forward` for VGG-S, VGG16 and
 *   ResNet-20: a masked SGD step at batch 128 in the worker, over the same batch's forward pass
 *   (medians; METHOD §8.2's goal is ≤ 3.5).
 * - `heal.vggs_shapes10.*`: the class demo as a teacher clicks it in the built app: the "Class
 *   demo" preset (VGG-S / Shapes-10, a 120-episode search with 30 warm-up, seed 1, α = 80 %, 500
 *   reward images), its search, its best policy with k = 3 on the hidden dense layer (the
 *   classifier kept dense, METHOD §2), BN recalibration on 1,280 training images, one epoch of
 *   fine-tuning; then the same policy with k = 2 and k = 1 (`heal.vggs_shapes10_k2|_k1.*`) and,
 *   as the contrast, k = 3 on every dense layer (`heal.vggs_shapes10_all.*`), each set in the
 *   Heal panel and run again; `heal.vggs_shapes10_lr001.*` is the k = 3 heal at METHOD §4's lr
 *   0.01 instead of the preset's 0.02. `heal.vggs_shapes10.search_*` record the search.
 * - `heal.vggs_cifar10[_k2|_k3].*`: the trained VGG-S on CIFAR-10 (data_batch_1.bin and
 *   test_batch.bin from ../shared/data through the file picker), 80 % global magnitude on the
 *   convs, k = 1 (2, 3) on every dense layer (scope all), BN recalibration, one epoch
 *   (rewardImages=10, so the fine-tuning split is 9,990 of data_batch_1's 10,000 images);
 *   `heal.vggs_cifar10_k3_hidden.*`: k = 3 with the classifier kept dense.
 * - `heal.vggs_cifar10_noaug.*`: the k = 1 run without crop + flip (`ftAugment=none`), the setting
 *   of the PyTorch reference in METHOD §8.1.
 * - `--heal-only=NAME,…` runs only those heal rows (no timings; `vggs_shapes10` runs the class demo).
 * - with `--vgg16`, `heal.vgg16_cifar10_k3.*`: the shipped VGG16 on CIFAR-10, 80 % global
 *   magnitude on the convs and 3σ on the dense layers, BN recalibration, one epoch (~20 min here).
 * - `torch.<model>.*`: PyTorch CPU on the same machine in the same sitting
 *   (training/bench_torch.py, at 1 thread and at all cores), when /usr/bin/python3 has torch.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { cifar10Files } from './local-env.ts';
import type { Browser, Page } from 'playwright-core';
import { ROOT } from './lib/dist-server.ts';

export interface TrainRow { name: string; value: number; unit: string; backend: string; model: string }

type W = { lab: Record<string, any> };
const cifar = () => cifar10Files(['data_batch_1.bin', 'test_batch.bin', 'batches.meta.txt']);
const idle = (page: Page, timeout = 900_000) => page.waitForFunction(() => { const l = (window as unknown as W).lab; return !!l?.summary && !l.busy; }, undefined, { timeout });

async function open(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error(`pageerror: ${e.message}`));
  await page.goto(url);
  await idle(page);
  return page;
}

/** Waits for the heal run the click starts, then returns the results view's numbers. */
async function healed(page: Page, testid: string) {
  // The previous run's result is dropped first, so the wait below sees this run's.
  await page.evaluate(() => (window as unknown as W).lab.heal.clear());
  const t0 = Date.now();
  await page.click(`[data-testid="${testid}"]`);
  await page.waitForFunction(() => { const l = (window as unknown as W).lab; return (l.heal.report?.accFineTuned != null && !l.busy) || l.error; }, undefined, { timeout: 3_600_000 });
  const r = await page.evaluate(() => { const l = (window as unknown as W).lab; return JSON.parse(JSON.stringify({ report: l.heal.report, error: l.error, backend: l.backend.name })); });
  if (r.error) throw new Error(r.error);
  return { ...r.report, wallS: (Date.now() - t0) / 1000, backend: r.backend as string };
}

function healRows(name: string, h: Awaited<ReturnType<typeof healed>>, model = 'vgg-s'): TrainRow[] {
  const common = { backend: h.backend, model };
  const rows: TrainRow[] = [
    { name: `heal.${name}.top1_dense`, value: h.accBefore, unit: `top-1 (${h.testImages} test images)`, ...common },
    { name: `heal.${name}.top1_pruned`, value: h.accPruned, unit: 'top-1', ...common },
    { name: `heal.${name}.top1_recal`, value: h.accRecal, unit: `top-1 (BN recalibrated on ${h.recalImages} images)`, ...common },
    { name: `heal.${name}.top1_finetuned`, value: h.accFineTuned, unit: `top-1 (${h.fineTune.steps} steps of ${h.fineTune.batchSize}, lr ${h.fineTune.lr})`, ...common },
    { name: `heal.${name}.finetune_s`, value: h.fineTune.ms / 1000, unit: 's (the fine-tuning steps)', ...common },
    { name: `heal.${name}.wall_s`, value: h.wallS, unit: 's (click to result: scoring, recalibration, fine-tuning)', ...common },
  ];
  console.log(`${name}: dense ${(100 * h.accBefore).toFixed(2)} → pruned ${(100 * h.accPruned).toFixed(2)} → recal ${(100 * h.accRecal).toFixed(2)} → fine-tuned ${(100 * h.accFineTuned).toFixed(2)} %, fine-tuning ${(h.fineTune.ms / 1000).toFixed(0)} s (${h.wallS.toFixed(0)} s in all)`);
  return rows;
}

const NAMES: Record<string, string> = { 'vgg-s': 'vggs', resnet20: 'resnet20', vgg16: 'vgg16' };

/** PyTorch's figures for the same models and batch, or [] where python3 or torch is missing. */
function torchRows(): TrainRow[] {
  const python = '/usr/bin/python3';
  if (!existsSync(python)) return [];
  const run = spawnSync(python, [resolve(ROOT, 'training/bench_torch.py'), ...Object.keys(NAMES)], { encoding: 'utf8' });
  if (run.status !== 0) {
    console.log(`PyTorch reference skipped: ${run.stderr.trim().split('\n').at(-1)}`);
    return [];
  }
  return run.stdout.trim().split('\n').flatMap((line) => {
    const r = JSON.parse(line) as { model: string; threads: number; forward_ms_per_image: number; train_ms_per_image: number };
    const common = { backend: `pytorch-cpu-${r.threads}-thread${r.threads > 1 ? 's' : ''}`, model: r.model };
    console.log(`torch ${r.model} (${r.threads} thread(s)): step ${r.train_ms_per_image.toFixed(2)} ms/image, forward ${r.forward_ms_per_image.toFixed(2)} ms/image, ratio ${(r.train_ms_per_image / r.forward_ms_per_image).toFixed(2)}`);
    return [
      { name: `torch.${NAMES[r.model]}.ms_per_image`, value: r.train_ms_per_image, unit: 'ms/image (SGD step, batch 128)', ...common },
      { name: `torch.${NAMES[r.model]}.forward_ms_per_image`, value: r.forward_ms_per_image, unit: 'ms/image (forward, batch 128)', ...common },
      { name: `torch.${NAMES[r.model]}.train_over_forward`, value: r.train_ms_per_image / r.forward_ms_per_image, unit: 'ratio', ...common },
    ];
  });
}

export async function benchTrain(browser: Browser, url: string): Promise<TrainRow[]> {
  const only = process.argv.find((a) => a.startsWith('--heal-only='))?.slice(12).split(',');
  const rows: TrainRow[] = only ? [] : torchRows();
  if (!only) await timings(browser, url, rows);
  if (!only || only.includes('vggs_shapes10')) await classDemo(browser, url, rows);
  const runs = [
    ...[1, 2, 3].map((k) => ({ model: 'vgg-s', k, augment: 'crop-flip', scope: 'all', name: k === 1 ? 'vggs_cifar10' : `vggs_cifar10_k${k}` })),
    { model: 'vgg-s', k: 3, augment: 'crop-flip', scope: 'hidden', name: 'vggs_cifar10_k3_hidden' },
    { model: 'vgg-s', k: 1, augment: 'none', scope: 'all', name: 'vggs_cifar10_noaug' },
    ...(process.argv.includes('--vgg16') ? [{ model: 'vgg16', k: 3, augment: 'crop-flip', scope: 'all', name: 'vgg16_cifar10_k3' }] : []),
  ].filter((r) => !only || only.includes(r.name));
  for (const { model, k, augment, scope, name } of runs) {
    const p = await open(browser, `${url}?v=2&backend=wasm&model=${model}&method=global&sparsity=0.8&k=${k}&kScope=${scope}&recalImages=1280&ftEpochs=1&ftAugment=${augment}&rewardImages=10`);
    await p.setInputFiles('[data-testid="data-files"]', cifar());
    await p.waitForFunction((m) => { const l = (window as unknown as W).lab; return (l.dataKey === 'cifar10' && l.summary?.weightsName === `${m}-cifar10` && l.isPruned && !l.busy) || l.error; }, model, { timeout: 900_000 });
    rows.push(...healRows(name, await healed(p, 'heal-pruning'), model));
    await p.close();
  }
  return rows;
}

/** The train.* timings. */
async function timings(browser: Browser, url: string, rows: TrainRow[]): Promise<void> {
  const page = await open(browser, `${url}?backend=wasm`);
  for (const [model, name] of Object.entries(NAMES)) {
    const r = await page.evaluate(async (q) => (window as unknown as W).lab.client.request('benchTrain', q), { model, batchSize: 128, repeats: 3 }) as { trainMsPerImage: number; forwardMsPerImage: number; backend: string };
    const common = { backend: r.backend, model };
    rows.push(
      { name: `train.${name}.ms_per_image`, value: r.trainMsPerImage, unit: 'ms/image (masked SGD step, batch 128)', ...common },
      { name: `train.${name}.forward_ms_per_image`, value: r.forwardMsPerImage, unit: 'ms/image (forward, same batch)', ...common },
      { name: `train.${name}.train_over_forward`, value: r.trainMsPerImage / r.forwardMsPerImage, unit: 'ratio', ...common },
    );
    console.log(`train ${model} on ${r.backend}: step ${r.trainMsPerImage.toFixed(2)} ms/image, forward ${r.forwardMsPerImage.toFixed(2)} ms/image, ratio ${(r.trainMsPerImage / r.forwardMsPerImage).toFixed(2)}`);
  }
  await page.close();
}

/** The class demo as a teacher clicks it: the preset, its search, its best policy healed with k = 3, 2, 1 (hidden) and k = 3 on every dense layer. */
async function classDemo(browser: Browser, url: string, rows: TrainRow[]): Promise<void> {
  const demo = await open(browser, `${url}?backend=wasm`);
  await demo.selectOption('[data-testid="search-preset"]', 'demo');
  await idle(demo);
  const t0 = Date.now();
  await demo.click('[data-testid="search-start"]');
  await demo.waitForFunction(() => { const l = (window as unknown as W).lab; return (l.searchStatus === 'done' && l.heal.report && !l.busy) || l.error; }, undefined, { timeout: 3_600_000 });
  const search = await demo.evaluate(() => { const l = (window as unknown as W).lab; return { error: l.error, best: l.searchBest, episodes: l.searchLog.length, config: { ...l.config }, backend: l.backend.name }; });
  if (search.error) throw new Error(search.error);
  const common = { backend: search.backend as string, model: 'vgg-s' };
  const c = search.config;
  console.log(`class demo search: ${search.episodes} episodes (${c.warmup} warm-up, ${c.rewardImages} reward images), best reward ${search.best.reward} at episode ${search.best.episode}, ${((Date.now() - t0) / 1000).toFixed(0)} s with the policy applied`);
  rows.push(
    { name: 'heal.vggs_shapes10.search_episodes', value: search.episodes, unit: `episodes (${c.warmup} warm-up, ${c.rewardImages} reward images, seed ${c.searchSeed}, α = ${c.alpha})`, ...common },
    { name: 'heal.vggs_shapes10.search_best_reward', value: search.best.reward, unit: `top-1 on the reward split, episode ${search.best.episode}`, ...common },
    { name: 'heal.vggs_shapes10.search_s', value: (Date.now() - t0) / 1000, unit: 's (click to the best policy applied and scored)', ...common },
  );
  // The preset's lr (0.02) throughout, and once METHOD §4's 0.01: the contrast behind the preset's choice.
  for (const [k, scope, lr, name] of [[3, 'hidden', c.ftLr, 'vggs_shapes10'], [2, 'hidden', c.ftLr, 'vggs_shapes10_k2'], [1, 'hidden', c.ftLr, 'vggs_shapes10_k1'], [3, 'all', c.ftLr, 'vggs_shapes10_all'], [3, 'hidden', 0.01, 'vggs_shapes10_lr001']] as const) {
    await demo.selectOption('[data-testid="heal-k-scope"]', scope);
    for (const [id, value] of [['fc-k', k], ['ft-lr', lr]] as const) {
      await demo.fill(`[data-testid="${id}"]`, String(value));
      await demo.dispatchEvent(`[data-testid="${id}"]`, 'change');
    }
    await idle(demo);
    rows.push(...healRows(name, await healed(demo, 'fine-tune')));
  }
  await demo.close();
}
