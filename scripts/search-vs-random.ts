/**
 * Does the class demo's DDPG search beat random search, with and without the early stop (a lab
 * addition, METHOD §8)? The class-demo preset's search (VGG-S / Shapes-10, α = 80 % of the conv
 * weights, 120 episodes, 500 reward images, inference-mode BN) run in Node on tfjs-wasm (one
 * thread, the SIMD build), against random search on the same budget: the same 120 episodes all
 * uniform actions through the same budget wall (warm-up = episodes: no agent update). Several
 * seeds; for each run the best reward, the mean reward of the episodes after the demo's 30
 * warm-up episodes, and the best policy's top-1 on the 2,000 held-out Shapes-10 test images
 * (conv masks only, as the search scored it), which the search never saw: the reward of the best
 * is a maximum over 120 noisy scores of the same 500 images, so only the held-out figure compares
 * fairly.
 *
 *   npm run search-vs-random -- --seeds=1,2,3 --jobs=2
 *
 * --episodes and --warmup (120, 30) shorten it for a quick check (the result file records them).
 *
 * Each run is saved as it finishes under .carry/search-vs-random/ (a killed run resumes there);
 * the result file docs/results/search-vs-random.json is written when every run is in.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { useWasm } from '../test/core/wasm-setup.ts';
import { LabSession } from '../src/core/pipeline/session.ts';
import { searchLayers, sessionEvaluate } from '../src/core/pipeline/search-env.ts';
import { shardPaths, type WeightsManifest } from '../src/core/models/pretrained.ts';
import { generateShapes10 } from '../src/core/data/shapes10.ts';
import { DdpgSearch } from '../src/core/rl/search.ts';
import { RESULTS_DIR, measuredNow } from './results.ts';

const ROOT = resolve(import.meta.dirname, '..');
const CACHE = resolve(ROOT, '.carry/search-vs-random');
const arg = (name: string, def: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? def;
const seeds = arg('seeds', '1,2,3').split(',').map(Number);
// The class-demo preset's search (state/config.ts SEARCH_PRESETS 'demo').
const DEMO = { episodes: Number(arg('episodes', '120')), warmup: Number(arg('warmup', '30')), alpha: 0.8, rewardImages: 500, dataSeed: 1234 };
const HELD_OUT = 2000;

export interface BaselineRun {
  method: 'ddpg' | 'random';
  earlyStop: boolean;
  seed: number;
  bestReward: number;
  bestEpisode: number;
  /** Mean reward of episodes warmup+1..episodes (the same episodes for both methods). */
  meanReward: number;
  /** Top-1 of the best policy on the held-out test images. */
  heldOutTop1: number;
  stoppedEpisodes: number;
  /** Reward images scored in all, over the images a search without the early stop scores. */
  imagesShare: number;
  seconds: number;
  /** Per episode: reward, images scored, and the ms of scoring and of the agent. */
  episodes: { reward: number; images: number; evalMs: number; agentMs: number }[];
}

const key = (m: string, e: boolean, s: number) => `${m}-${e ? 'stop' : 'full'}-seed${s}`;
const plan = seeds.flatMap((seed) => (['ddpg', 'random'] as const).flatMap((method) => [false, true].map((earlyStop) => ({ method, earlyStop, seed }))));

async function runOne(method: 'ddpg' | 'random', earlyStop: boolean, seed: number): Promise<BaselineRun> {
  const dir = resolve(ROOT, 'public/models/vgg-s-shapes10');
  const manifest = JSON.parse(readFileSync(resolve(dir, 'weights.json'), 'utf8')) as WeightsManifest;
  const shards = shardPaths(manifest).map((p) => new Uint8Array(readFileSync(resolve(dir, p))).buffer);
  const session = LabSession.create('vgg-s', 10, 1, { name: 'vgg-s-shapes10', manifest, shards });
  const reward = generateShapes10('validation', { seed: DEMO.dataSeed, count: DEMO.rewardImages });
  const test = generateShapes10('test', { seed: DEMO.dataSeed, count: HELD_OUT });
  const search = new DdpgSearch(searchLayers(session), {
    episodes: DEMO.episodes, warmup: method === 'random' ? DEMO.episodes : DEMO.warmup, alpha: DEMO.alpha, seed, earlyStop,
  });
  const evaluate = sessionEvaluate(session, reward, { alpha: DEMO.alpha, limit: DEMO.rewardImages });
  const t0 = performance.now();
  while (!search.done) await search.runEpisode(evaluate);
  const seconds = (performance.now() - t0) / 1000;
  const best = search.best!;
  session.prune({ conv: { method: 'policy', sparsity: DEMO.alpha, counts: best.prunedCounts }, dense: { k: null } });
  const heldOut = await session.evaluate(test);
  const after = search.log.slice(DEMO.warmup);
  return {
    method, earlyStop, seed, bestReward: best.reward, bestEpisode: best.episode,
    meanReward: after.reduce((a, e) => a + e.reward, 0) / after.length, heldOutTop1: heldOut.top1,
    stoppedEpisodes: search.log.filter((e) => e.stoppedAt !== undefined).length,
    imagesShare: search.log.reduce((a, e) => a + (e.stoppedAt ?? DEMO.rewardImages), 0) / (DEMO.episodes * DEMO.rewardImages),
    seconds, episodes: search.log.map((e) => ({ reward: e.reward, images: e.stoppedAt ?? DEMO.rewardImages, evalMs: Math.round(e.evalMs), agentMs: Math.round(e.agentMs) })),
  };
}

async function worker(keys: string[]): Promise<void> {
  await useWasm();
  for (const p of plan.filter((x) => keys.includes(key(x.method, x.earlyStop, x.seed)))) {
    const r = await runOne(p.method, p.earlyStop, p.seed);
    writeFileSync(resolve(CACHE, `${key(p.method, p.earlyStop, p.seed)}.json`), JSON.stringify(r));
    console.log(`${key(p.method, p.earlyStop, p.seed)}: best ${r.bestReward.toFixed(3)} (ep ${r.bestEpisode}), held-out ${(100 * r.heldOutTop1).toFixed(2)} %, ${r.seconds.toFixed(0)} s`);
  }
}

async function main(): Promise<void> {
  mkdirSync(CACHE, { recursive: true });
  const measured = measuredNow(`npm run search-vs-random -- ${process.argv.slice(2).join(' ')}`);
  const todo = plan.map((p) => key(p.method, p.earlyStop, p.seed)).filter((k) => !existsSync(resolve(CACHE, `${k}.json`)));
  const jobs = Math.max(1, Math.min(Number(arg('jobs', String(cpus().length))), todo.length));
  const tsx = resolve(ROOT, 'node_modules/.bin/tsx');
  await Promise.all(Array.from({ length: jobs }, (_, j) => new Promise<void>((done, fail) => {
    const mine = todo.filter((_, i) => i % jobs === j);
    if (!mine.length) return done();
    const child = spawn(tsx, [import.meta.filename, `--worker=${mine.join(',')}`, `--seeds=${seeds.join(',')}`, `--episodes=${DEMO.episodes}`, `--warmup=${DEMO.warmup}`], { stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`a worker exited with ${code}`))));
  })));
  const runs = plan.map((p) => JSON.parse(readFileSync(resolve(CACHE, `${key(p.method, p.earlyStop, p.seed)}.json`), 'utf8')) as BaselineRun);
  writeFileSync(resolve(RESULTS_DIR, 'search-vs-random.json'), `${JSON.stringify({ measured, setup: { ...DEMO, heldOut: HELD_OUT, threads: 1 }, runs }, null, 1)}\n`);
  console.log('wrote docs/results/search-vs-random.json');
}

const w = arg('worker', '');
await (w ? worker(w.split(',')) : main());
