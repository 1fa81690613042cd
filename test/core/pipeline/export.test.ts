/**
 * Export of the pruned model: the files reload in tfjs with exactly the session's masked weights
 * (masked entries exact zeros), the sizes match a plain count, and the policy JSON / PyTorch
 * snippet carry every layer's pruned count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { LabSession } from '../../../src/core/pipeline/session.ts';
import { csrSize, exportModel, gzipSize, modelSizes } from '../../../src/core/pipeline/export.ts';
import { policyExport, pytorchSnippet } from '../../../src/core/pipeline/policy-file.ts';
import { readManifest } from '../models/shipped-helpers.ts';

let session: LabSession;
beforeAll(async () => {
  await tf.setBackend('cpu');
  session = LabSession.create('vgg-s', 10, 1, { name: 'vgg-s-shapes10', ...readManifest('vgg-s-shapes10') });
});
afterAll(() => session?.dispose());

describe('exportModel', () => {
  it('writes tfjs files that reload with the masked weights, bit for bit', async () => {
    const report = session.prune({ conv: { method: 'global', sparsity: 0.8 }, dense: { k: 3 } });
    const tensors = tf.memory().numTensors;
    const out = await exportModel(session, { note: 'test' });
    expect(tf.memory().numTensors).toBe(tensors);
    const json = JSON.parse(out.modelJson);
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
    expect(json.userDefinedMetadata.pruningLab).toEqual({ note: 'test' });
    const reloaded = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: out.weights }));
    const a = session.model.getWeights();
    const b = reloaded.getWeights();
    expect(b.length).toBe(a.length);
    for (let i = 0; i < a.length; i++) expect(Array.from(b[i].dataSync())).toEqual(Array.from(a[i].dataSync()));
    // Every masked kernel entry is an exact zero in the file.
    let masked = 0;
    for (const l of session.layers) {
      const m = session.mask(l.name);
      if (!m) continue;
      const w = (reloaded.getLayer(l.name).getWeights()[0].dataSync() as Float32Array);
      for (let i = 0; i < m.length; i++) if (!m[i]) { expect(w[i]).toBe(0); masked += 1; }
    }
    expect(masked).toBe(report.accounting.weights.removed);
    expect(out.sizes.zeros).toBeGreaterThanOrEqual(masked);
    reloaded.dispose();
  });

  it('sizes: dense bytes, zeros and the CSR estimate match a plain count', async () => {
    session.prune({ conv: { method: 'uniform', sparsity: 0.9 }, dense: { k: 1 } });
    const out = await exportModel(session);
    const specs = JSON.parse(out.modelJson).weightsManifest[0].weights as { name: string; shape: number[] }[];
    let offset = 0;
    let params = 0;
    let zeros = 0;
    let csr = 0;
    for (const s of specs) {
      const n = s.shape.reduce((x, y) => x * y, 1);
      const v = new Float32Array(out.weights, offset, n);
      offset += 4 * n;
      params += n;
      const nz = v.filter((x) => x !== 0).length;
      zeros += n - nz;
      csr += s.shape.length < 2 ? 4 * n : Math.min(4 * n, 8 * nz + 4 * (n / s.shape[s.shape.length - 1] + 1));
    }
    expect(out.sizes).toEqual({ params, zeros, denseBytes: 4 * params, csrBytes: csr });
    expect(params).toBe(session.model.countParams());
    expect(out.sizes.csrBytes).toBeLessThan(0.6 * out.sizes.denseBytes);
    // gzip finds the zeros too; a dense export does not compress like that.
    const gz = await gzipSize(out.modelJson, out.weights);
    session.restore();
    const dense = await exportModel(session);
    expect(dense.sizes.zeros).toBe(0);
    expect(gz).toBeLessThan(0.5 * await gzipSize(dense.modelJson, dense.weights));
    // The README's figures for VGG-S / Shapes-10 at 90 % uniform + k = 1 (MB = 10⁶ bytes).
    expect([out.sizes.denseBytes, gz, out.sizes.csrBytes].map((b) => (b / 1e6).toFixed(2))).toEqual(['3.27', '0.63', '1.67']);
  });

  it('csrSize and a weights/manifest mismatch', () => {
    expect(csrSize(10, 3)).toBe(8 * 10 + 4 * 4);
    expect(() => modelSizes([{ name: 'w', shape: [2, 2], dtype: 'float32' }], new ArrayBuffer(12))).toThrow(/12 bytes/);
    expect(() => modelSizes([{ name: 'w', shape: [2], dtype: 'float32' }], new ArrayBuffer(12))).toThrow(/12 bytes/);
  });
});

describe('policy export', () => {
  it('lists every layer\'s pruned count and the PyTorch snippet applies exactly those', () => {
    const report = session.prune({ conv: { method: 'global', sparsity: 0.7 }, dense: { k: 2 } });
    const p = policyExport(report.layers, { model: 'vgg-s', weights: 'vgg-s-shapes10', budget: { alpha: 0.7, measure: 'params', mode: 'exact' }, searchSeed: 1 });
    expect(p.layers.map((l) => l.name)).toEqual(session.layers.map((l) => l.name));
    for (const l of p.layers) {
      const m = session.mask(l.name)!;
      expect(l.pruned).toBe(m.length - m.reduce((s, x) => s + x, 0));
    }
    const py = pytorchSnippet(p);
    for (const l of p.layers.filter((x) => x.kind === 'conv')) expect(py).toContain(`prune.l1_unstructured(modules["${l.name}"], "weight", amount=${l.pruned})`);
    for (const l of p.layers.filter((x) => x.kind === 'dense')) expect(py).toContain(`prune.custom_from_mask(modules["${l.name}"], "weight", ((w.double() - w.double().mean()).abs() >= 2 * w.double().std(unbiased=False)).float())`);
    expect(JSON.parse(JSON.stringify(p))).toEqual(p);
  });

  it('names the k-σ scope whenever the rule was on, also where it pruned no dense layer; none when off', () => {
    // A model whose one dense layer is the classifier: `hidden` prunes no dense layer, yet the file says which scope ran.
    const rows = [
      { name: 'conv1', kind: 'conv' as const, kernelShape: [3, 3, 3, 8], params: 216, kept: 100 },
      { name: 'fc', kind: 'dense' as const, kernelShape: [8, 10], params: 80, kept: 80, classifier: true },
    ];
    const info = { model: 'resnet20', weights: 'w', budget: { alpha: 0.5, measure: 'params' as const, mode: 'exact' as const }, searchSeed: 1 };
    expect(policyExport(rows, { ...info, kSigmaScope: 'hidden' }).kSigmaScope).toBe('hidden');
    expect('kSigmaScope' in policyExport(rows, { ...info, kSigmaScope: null })).toBe(false);
  });
});

describe('results files', () => {
  it('JSON and CSV carry the report\'s numbers; the policy file its counts', async () => {
    const { resultsJson, resultsCsv, policyFiles, layerTable } = await import('../../../src/state/results-export.ts');
    const { DEFAULT_CONFIG } = await import('../../../src/state/config.ts');
    const report = session.prune({ conv: { method: 'uniform', sparsity: 0.5 }, dense: { k: 3 } });
    const input = { config: { ...DEFAULT_CONFIG }, weights: 'trained:vgg-s-shapes10', dataset: 'shapes10', report, dense: null, pruned: null, pipeline: null };
    const json = JSON.parse(resultsJson(input, 'http://x/?sparsity=0.5'));
    expect(json.removedPercent.weights).toBe(report.accounting.weights.removedPercent);
    expect(json.layers.map((l: Record<string, string>) => l.layer)).toEqual(session.layers.map((l) => l.name));
    expect(json.layers.map((l: Record<string, string>) => Number(l.kept))).toEqual(report.layers.map((l) => l.kept));
    expect(json.accuracy.dense).toBeNull();
    const csv = resultsCsv(input).trim().split('\r\n');
    expect(csv).toHaveLength(1 + session.layers.length);
    expect(csv[0]).toBe(layerTable(report).header.join(','));
    expect(csv[1].split(',')[4]).toBe(String(report.layers[0].kept));
    const policy = JSON.parse(policyFiles(input).json);
    expect(policy.layers.map((l: { pruned: number }) => l.pruned)).toEqual(report.layers.map((l) => l.params - l.kept));
    expect(policyFiles(input).python).toContain('def apply_policy(model):');
  });
});
