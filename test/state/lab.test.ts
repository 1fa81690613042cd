/**
 * The thin Lab in Node, built on a fake worker client and a fake address bar: one effect keeps
 * the URL in step with every config change (a bound <select> included), start() runs backend →
 * data → model → pruning, and a model switch drops what the old model's work reports.
 */
import { describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import { fakeLab, useSessionStorage } from './fake-lab.ts';

const summary = (key: string) => ({ key, weightsName: `${key}-shapes10`, layers: [{ name: 'conv1', kind: 'conv', params: 10 }] });

const makeLab = (search = '') => fakeLab(search, summary('').layers, {
  prune: (spec) => ({ spec, accounting: { weights: { removed: spec.conv.sparsity > 0 ? 5 : 0 } } }),
  evaluate: (p) => ({ top1: 0.5, correct: 1, count: p.limit ?? 2000, ms: 1 }),
});
useSessionStorage();

describe('Lab', () => {
  it('one effect writes the address bar on every change: config, hidden controls, the link\'s policy', () => {
    const { lab, writes } = makeLab('?sparsity=0.5&alpha_hide=1&policy=' + encodeURIComponent('1.a'));
    flushSync();
    expect(writes).toHaveLength(1);
    expect([writes[0].config.sparsity, writes[0].hide]).toEqual([0.5, ['alpha']]);
    lab.config.budget = 'flops'; // what a bound <select> does
    flushSync();
    expect(writes.at(-1)!.config.budget).toBe('flops');
    lab.search.shared = null;
    flushSync();
    expect(writes.at(-1)!.policy).toBeNull();
    const n = writes.length;
    lab.stopUrlSync();
    lab.config.episodes = 7;
    flushSync();
    expect(writes).toHaveLength(n);
  });

  it('start(): backend, cached data and searches, model, then the link\'s pruning', async () => {
    const { lab, client } = makeLab('?sparsity=0.3');
    await lab.start();
    expect(client.calls.map((c) => c.type)).toEqual(['init', 'listCached', 'listCheckpoints', 'loadModel', 'loadDataset', 'kSigmaPreview', 'prune', 'layerStats', 'evaluate', 'evaluate', 'getCheckpoint', 'getHealCheckpoint', 'getHealCheckpoint']);
    expect([lab.backend?.name, lab.summary?.key, lab.dataset?.count, lab.isPruned, lab.busy, lab.error]).toEqual(['wasm', 'vgg-s', 2000, true, null, null]);
  });

  it('setNumber takes a value in its range and refuses the rest with a notice', () => {
    const { lab } = makeLab();
    expect(lab.setNumber('ftBatch', 4)).toBe(true);
    expect(lab.setNumber('episodes', 0)).toBe(false);
    expect(lab.setNumber('episodes', 2.5)).toBe(false);
    expect([lab.config.ftBatch, lab.config.episodes]).toEqual([4, 120]);
    expect(lab.notices).toEqual(['episodes must be an integer in [1, 5000]; kept 120.', 'episodes must be an integer in [1, 5000]; kept 120.']);
    // k (the Prune panel's typed k-σ factor) may be off: the notice says so rather than 'null'.
    expect(lab.setNumber('k', 20)).toBe(false);
    expect([lab.config.k, lab.notices.at(-1)]).toEqual([null, 'k must be a number in [0.01, 10]; kept off.']);
    expect(lab.setNumber('k', 2.5)).toBe(true);
    expect(lab.config.k).toBe(2.5);
  });

  it('a model switch mid-load drops the old model; the newest load wins', async () => {
    const { lab, client } = makeLab();
    await lab.start();
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    client.handlers.loadModel = async (p: { model: string }) => { if (p.model === 'vgg16') await gate; return summary(p.model); };
    lab.config.model = 'vgg16';
    const first = lab.loadModel();
    lab.config.model = 'resnet20';
    await lab.loadModel();
    release();
    await first;
    expect([lab.summary?.key, lab.modelGeneration]).toEqual(['resnet20', 3]);
  });
});
