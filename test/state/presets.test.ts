/**
 * Search presets (state/presets.ts): one click sets every setting the preset names, its model,
 * and its data when that is available; the class demo keeps the classifier dense and heals one
 * epoch with BN recalibration after a search whose episodes exceed its warm-up, the paper preset
 * prunes every dense layer and does not recalibrate.
 */
import { describe, expect, it } from 'vitest';
import { applyPreset, type PresetHost } from '../../src/state/presets.ts';
import { DEFAULT_CONFIG, SEARCH_PRESETS, type LabConfig } from '../../src/state/config.ts';
import type { DatasetKey } from '../../src/worker/protocol.ts';

function host(config: Partial<LabConfig>, dataKey: DatasetKey, available: DatasetKey[]) {
  const calls: string[] = [];
  const lab: PresetHost = {
    config: { ...structuredClone(DEFAULT_CONFIG), ...config },
    data: {
      key: dataKey,
      async use(key) { calls.push(`use:${key}`); if (!available.includes(key)) return false; (lab.data as { key: DatasetKey }).key = key; return true; },
    },
    search: { active: false, async showSaved() { calls.push('showSaved'); } },
    prune: { async apply() { calls.push('prune'); } },
    heal: { async refreshSaved() { calls.push('refreshSaved'); } },
    async loadModel() { calls.push(`loadModel:${lab.config.model}`); },
  };
  return { lab, calls };
}

describe('search presets', () => {
  it('the class demo: VGG-S on Shapes-10, a search past its warm-up, 3σ on the hidden dense layer, BN recal, one epoch', async () => {
    const { lab, calls } = host({ model: 'vgg16', kScope: 'all', fcK: 1, recalImages: 0, ftEpochs: 4 }, 'cifar10', ['shapes10', 'cifar10']);
    await applyPreset(lab, 'demo');
    const c = lab.config;
    expect([c.model, lab.data.key, c.kScope, c.fcK, c.recalImages, c.ftEpochs, c.ftLr, c.alpha]).toEqual(['vgg-s', 'shapes10', 'hidden', 3, 1280, 1, 0.02, 0.8]);
    expect(c.episodes).toBeGreaterThan(c.warmup);
    expect(calls).toEqual(['use:shapes10', 'loadModel:vgg-s']);
  });

  it('the paper: VGG16, every dense layer, no recalibration; without CIFAR-10 it asks for it and still switches the model', async () => {
    const { lab, calls } = host({}, 'shapes10', ['shapes10']);
    await applyPreset(lab, 'paper');
    const c = lab.config;
    expect([c.model, lab.data.key, c.kScope, c.fcK, c.recalImages, c.episodes, c.warmup, c.rewardImages]).toEqual(['vgg16', 'shapes10', 'all', 3, 0, 400, 100, 5000]);
    expect(calls).toEqual(['use:cifar10', 'loadModel:vgg16']);
  });

  it('same model and data: no reload; the Prune panel\'s k-σ follows the new scope, the saved search and heal are looked up again', async () => {
    const { lab, calls } = host({ model: 'vgg-s', k: 2, kScope: 'all' }, 'shapes10', ['shapes10']);
    await applyPreset(lab, 'demo');
    expect(lab.config.kScope).toBe('hidden');
    expect(calls).toEqual(['prune', 'showSaved', 'refreshSaved']);
  });

  it('every preset sets the same settings, with labels in both languages; nothing happens for an unknown key or while searching', async () => {
    const keys = SEARCH_PRESETS.map((p) => Object.keys(p.settings).sort().join());
    expect(new Set(keys).size).toBe(1);
    for (const p of SEARCH_PRESETS) expect(p.label.en.length * p.label.zh.length).toBeGreaterThan(0);
    const { lab, calls } = host({}, 'shapes10', ['shapes10']);
    await applyPreset(lab, 'nope');
    (lab.search as { active: boolean }).active = true;
    await applyPreset(lab, 'demo');
    expect([calls, lab.config]).toEqual([[], { ...DEFAULT_CONFIG }]);
  });
});
