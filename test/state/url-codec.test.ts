import { describe, expect, it } from 'vitest';
import { decodeConfig, encodeConfig } from '../../src/state/url-codec.ts';
import { DEFAULT_CONFIG, type LabConfig } from '../../src/state/config.ts';

describe('URL codec', () => {
  it('defaults stay out of the URL', () => {
    expect(encodeConfig({ ...DEFAULT_CONFIG })).toBe('');
  });

  it('round-trips a non-default config', () => {
    const config: LabConfig = { backend: 'wasm', model: 'resnet56', data: 'shapes10', weights: 'random', seed: 42, dataSeed: 7, method: 'global', sparsity: 0.8, k: 3, layer: 's2b1_conv1',
      alpha: 0.7, episodes: 400, warmup: 100, rewardImages: 5000, budget: 'flops', budgetMode: 'amc', reward: 'acc-flops', searchSeed: 3, fcK: 2, ftEpochs: 2.5, ftLr: 0.005, ftBatch: 64 };
    const decoded = decodeConfig(encodeConfig(config));
    expect(decoded.notices).toEqual([]);
    expect(decoded.config).toEqual(config);
  });

  it('k=off round-trips as null', () => {
    expect(decodeConfig('?k=off').config.k).toBeNull();
    expect(decodeConfig('?k=2').config.k).toBe(2);
  });

  it.each([
    ['backend=nonsense', 'backend'],
    ['model=unknown', 'model'],
    ['sparsity=1.5', 'sparsity'],
    ['sparsity=NaN', 'sparsity'],
    ['sparsity=', 'sparsity'],
    ['k=0', 'k'],
    ['k=Infinity', 'k'],
    ['weights=pretrained', 'weights'],
    ['seed=1.5', 'seed'],
    ['seed=-1', 'seed'],
    ['layer=<script>', 'layer'],
  ] as const)('bad value %s falls back to the default with a notice', (query, key) => {
    const { config, notices } = decodeConfig(`?${query}`);
    expect(config[key as keyof LabConfig]).toEqual(DEFAULT_CONFIG[key as keyof LabConfig]);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/using the default/);
  });

  it('unknown keys and huge values give notices, never throw', () => {
    const { config, notices } = decodeConfig(`?foo=1&model=${'x'.repeat(100_000)}`);
    expect(config).toEqual(DEFAULT_CONFIG);
    expect(notices).toHaveLength(2);
    expect(notices.join(' ').length).toBeLessThan(500);
  });
});
