import { describe, expect, it } from 'vitest';
import { HIDEABLE, decodeConfig, decodeUrl, encodeConfig, encodeUrl, packPolicy, unpackPolicy } from '../../src/state/url-codec.ts';
import { DEFAULT_CONFIG, PANELS, type LabConfig } from '../../src/state/config.ts';
import { BACKEND_ORDER } from '../../src/core/backend-names.ts';
import { MODEL_KEYS } from '../../src/core/models/catalog.ts';
import { COMPARE_METHODS } from '../../src/core/pipeline/methods.ts';
import { Rng } from '../../src/core/rng.ts';

/** A random valid config: every field drawn from its allowed values (numbers on the codec's 4-decimal grid). */
function randomConfig(rng: Rng): LabConfig {
  const pick = <T>(xs: readonly T[]): T => xs[rng.int(xs.length)];
  const real = (lo: number, hi: number, decimals = 4) => Math.round(rng.uniform(lo, hi) * 10 ** decimals) / 10 ** decimals;
  const int = (lo: number, hi: number) => lo + rng.int(hi - lo + 1);
  const methods = COMPARE_METHODS.map((m) => m.key).filter(() => rng.next() < 0.5);
  return {
    backend: pick([null, ...BACKEND_ORDER]),
    threads: int(0, 8),
    model: pick([...MODEL_KEYS, 'https://example.org/models/my%20net/model.json' as const]),
    data: pick(['shapes10', 'cifar10', 'cifar100', 'https://example.org/data/cifar-10-binary.tar.gz', 'http://127.0.0.1:8080/test_batch.bin?x=1&y=%20']),
    weights: pick(['trained', 'random'] as const),
    seed: int(0, 2 ** 32 - 1),
    dataSeed: int(0, 2 ** 32 - 1),
    method: pick(['uniform', 'global'] as const),
    sparsity: real(0, 0.99),
    k: pick([null, real(0.01, 10, 2)]),
    kScope: pick(['hidden', 'all'] as const),
    layer: pick(['', 'conv1', 's2b1_conv1', 'fc2']),
    alpha: real(0.01, 0.99),
    episodes: int(1, 5000),
    warmup: int(0, 5000),
    rewardImages: int(10, 50000),
    budget: pick(['params', 'flops'] as const),
    budgetMode: pick(['exact', 'amc'] as const),
    reward: pick(['acc', 'acc-flops'] as const),
    rewardRecal: int(0, 50000),
    earlyStop: pick(['off', 'on'] as const),
    searchSeed: int(0, 2 ** 32 - 1),
    fcK: real(0.01, 10, 3),
    recalImages: int(0, 50000),
    ftEpochs: real(0, 200, 3),
    ftLr: real(1e-4, 1, 5),
    ftBatch: int(1, 1024),
    ftAugment: pick(['crop-flip', 'none'] as const),
    methods: methods.length ? methods : ['l1'],
    panel: pick(['', ...PANELS.map((p) => p.key)]),
    lesson: int(-1, 5),
    lang: pick(['', 'en', 'zh'] as const),
    present: rng.next() < 0.5,
  };
}

describe('URL codec', () => {
  it('defaults stay out of the URL', () => {
    expect(encodeConfig({ ...DEFAULT_CONFIG })).toBe('');
    expect(encodeUrl({ ...DEFAULT_CONFIG }, { hide: [], policy: null })).toBe('');
  });

  it('round-trips 500 random configs, hidden controls and policies exactly, with no notice', () => {
    const rng = new Rng(20261128);
    for (let i = 0; i < 500; i++) {
      const config = randomConfig(rng);
      const hide = HIDEABLE.filter(() => rng.next() < 0.1);
      const policy = rng.next() < 0.5 ? { prunedCounts: Array.from({ length: 1 + rng.int(60) }, () => rng.int(rng.next() < 0.5 ? 2_400_000 : 300)) } : null;
      const query = encodeUrl(config, { hide, policy });
      const decoded = decodeUrl(query);
      expect(decoded.notices).toEqual([]);
      expect(decoded.config).toEqual(config);
      expect(decoded.hide).toEqual([...new Set(hide)]);
      expect(decoded.policy).toEqual(policy);
      // Encoding is canonical: decoding then encoding gives the same string.
      expect(encodeUrl(decoded.config, { hide: decoded.hide, policy: decoded.policy })).toBe(query);
    }
  });

  it('k=off round-trips as null; methods come back in table order', () => {
    expect(decodeConfig('?k=off').config.k).toBeNull();
    expect(decodeConfig('?k=2').config.k).toBe(2);
    expect(decodeConfig('?methods=hrank,l1').config.methods).toEqual(['l1', 'hrank']);
  });

  it.each([
    ['backend=nonsense', 'backend'],
    ['model=unknown', 'model'],
    ['model=<script>alert(1)</script>', 'model'],
    ['data=javascript:alert(1)', 'data'],
    ['data=http://', 'data'],
    ['sparsity=1.5', 'sparsity'],
    ['sparsity=NaN', 'sparsity'],
    ['sparsity=', 'sparsity'],
    ['sparsity=0x1', 'sparsity'],
    ['episodes=1e308', 'episodes'],
    ['episodes=99999999999999999999999', 'episodes'],
    ['k=0', 'k'],
    ['k=Infinity', 'k'],
    ['k=-2', 'k'],
    ['weights=pretrained', 'weights'],
    ['seed=1.5', 'seed'],
    ['seed=-1', 'seed'],
    ['layer=<script>', 'layer'],
    ['methods=l1,l1', 'methods'],
    ['methods=l1,<img src=x onerror=alert(1)>', 'methods'],
    ['methods=', 'methods'],
    ['panel=javascript:alert(1)', 'panel'],
    ['model=javascript:alert(1)//model.json', 'model'],
    ['model=ftp://example.org/model.json', 'model'],
    ['lesson=6', 'lesson'],
    ['lesson=-2', 'lesson'],
    ['lang=fr', 'lang'],
    ['present=yes', 'present'],
  ] as const)('hostile value %s falls back to the default with a notice', (query, key) => {
    const { config, notices } = decodeUrl(`?${query}`);
    expect(config[key as keyof LabConfig]).toEqual(DEFAULT_CONFIG[key as keyof LabConfig]);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/using the default/);
  });

  it('unknown keys, 100 KB strings and unknown _hide names give short notices, never throw', () => {
    const huge = 'x'.repeat(100_000);
    const { config, notices, hide, policy } = decodeUrl(`?foo=1&model=${huge}&data=https://a.b/${huge}&${huge}=1&nothing_hide=1&alpha_hide=maybe&policy=${huge}`);
    expect(config).toEqual(DEFAULT_CONFIG);
    expect(hide).toEqual([]);
    expect(policy).toBeNull();
    expect(notices).toHaveLength(7);
    for (const n of notices) expect(n.length).toBeLessThan(300);
  });

  it('a key that names an inherited property (constructor, toString, __proto__) is an unknown key, not a crash', () => {
    const { config, notices } = decodeUrl('?constructor=1&toString=x&__proto__=1&hasOwnProperty=2');
    expect(config).toEqual(DEFAULT_CONFIG);
    expect(notices).toEqual(['constructor', 'toString', '__proto__', 'hasOwnProperty'].map((k) => `Ignored unknown URL parameter '${k}'.`));
  });

  it('_hide keys collect controls and panels; 0/false leave them shown', () => {
    const { hide, notices } = decodeUrl('?alpha_hide=1&comparePanel_hide=true&model_hide=0&episodes_hide=false');
    expect(notices).toEqual([]);
    expect(hide).toEqual(['alpha', 'comparePanel']);
    expect(decodeUrl('?compare_hide=1').notices).toHaveLength(1);
  });

  it('a different format version is read with a notice', () => {
    const { config, notices } = decodeUrl('?v=7&model=vgg16');
    expect(config.model).toBe('vgg16');
    expect(notices).toHaveLength(1);
  });

  it('never throws on random bytes', () => {
    const rng = new Rng(7);
    for (let i = 0; i < 300; i++) {
      const chars = Array.from({ length: rng.int(200) }, () => String.fromCharCode(rng.int(rng.next() < 0.8 ? 128 : 0xffff)));
      const s = `?${chars.join('')}`;
      const r = decodeUrl(s);
      expect(r.config.model).toMatch(/^[a-z0-9-]+$/);
    }
  });
});

describe('the k-σ scope in links (METHOD §2)', () => {
  const legacy = /made before the lab kept the classifier dense.*kScope=all/;

  it('round-trips both scopes; the default (hidden) stays out of the link, which starts with v=2', () => {
    expect(encodeUrl({ ...DEFAULT_CONFIG, kScope: 'all' })).toBe('?v=2&kScope=all');
    expect(encodeUrl({ ...DEFAULT_CONFIG, k: 3 })).toBe('?v=2&k=3');
    expect(encodeUrl(DEFAULT_CONFIG)).toBe('');
    for (const kScope of ['hidden', 'all'] as const) {
      const d = decodeUrl(encodeUrl({ ...DEFAULT_CONFIG, k: 3, kScope }));
      expect([d.config.kScope, d.notices]).toEqual([kScope, []]);
    }
    expect(DEFAULT_CONFIG.kScope).toBe('hidden');
  });

  // Before the scope, any experiment's heal put 3σ (fcK) on every dense layer.
  it('a link from before the scope (no v) that sets an experiment keeps its meaning, every dense layer, and says so', () => {
    const policy = packPolicy({ prunedCounts: [1, 2, 3, 4, 5, 6] });
    for (const query of ['?k=3', '?fcK=2&alpha=0.7', `?policy=${policy}`, '?methods=l1,combination', '?v=1&k=1', '?episodes=12&warmup=4', '?k=off', '?methods=l1,hrank', '?model=vgg16&lang=zh']) {
      const d = decodeUrl(query);
      expect(d.config.kScope, query).toBe('all');
      expect(d.notices, query).toHaveLength(1);
      expect(d.notices[0], query).toMatch(legacy);
    }
  });

  it('any other link reads as today\'s: one that only picks how the lab is shown, one whose values are invalid, one that names its scope, a v=2 link', () => {
    for (const query of ['?lesson=0&lang=zh', '?backend=wasm&panel=prune&layer=fc1', '?k=-2', '?k=3&kScope=hidden', '?v=2&k=3', '?policy=damaged', '?sparsity_hide=1']) {
      const d = decodeUrl(query);
      expect(d.config.kScope, query).toBe(query.includes('kScope=') ? 'hidden' : DEFAULT_CONFIG.kScope);
      expect(d.notices.some((n) => legacy.test(n)), query).toBe(false);
    }
    expect(decodeUrl('?k=3&kScope=all').config.kScope).toBe('all');
  });
});

describe('policy packing', () => {
  it('packs VGG16\'s 13 counts into under 80 characters, URL-safe', () => {
    const prunedCounts = [1382, 29491, 58982, 117965, 235930, 471859, 471859, 943718, 1887437, 1887437, 2336000, 2336000, 2336000];
    const packed = packPolicy({ prunedCounts });
    expect(packed.length).toBeLessThan(80);
    expect(packed).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(unpackPolicy(packed)).toEqual({ prunedCounts });
  });

  it('rejects damaged data: flipped characters, truncation, bad base64, wrong version', () => {
    const packed = packPolicy({ prunedCounts: [10, 200, 3000, 40000] });
    const rng = new Rng(3);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    let rejected = 0;
    for (let i = 0; i < 200; i++) {
      const at = rng.int(packed.length);
      const c = alphabet[rng.int(alphabet.length)];
      if (c === packed[at]) continue;
      const damaged = packed.slice(0, at) + c + packed.slice(at + 1);
      const r = unpackPolicy(damaged);
      // The last character carries spare base64 bits: a change there may decode to the same bytes.
      if (r === null) rejected += 1;
      else expect(r).toEqual({ prunedCounts: [10, 200, 3000, 40000] });
    }
    expect(rejected).toBeGreaterThan(180);
    for (let n = 0; n < packed.length; n++) expect(unpackPolicy(packed.slice(0, n))).toBeNull();
    for (const bad of ['', '!!!!', 'A', '====', packed + '=', `${packed}%`, 'AAAAAAAAAAAA']) expect(unpackPolicy(bad)).toBeNull();
  });

  it('refuses counts it cannot carry', () => {
    expect(() => packPolicy({ prunedCounts: [1.5] })).toThrow(RangeError);
    expect(() => packPolicy({ prunedCounts: [-1] })).toThrow(RangeError);
  });
});
