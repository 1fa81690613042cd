/**
 * Importing a user's LayersModel: a good one loads with its weights; each broken one (unknown
 * layer type, mismatched weight shapes, a missing shard, NaN weights, wrong input or class count)
 * fails with a message naming the culprit and leaves no tensor behind; import → prune → export →
 * import gives identical weights and masks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { importLayersModel, filesSource, topologyLayers } from '../../../src/core/models/import.ts';
import { LabSession } from '../../../src/core/pipeline/session.ts';
import { exportModel } from '../../../src/core/pipeline/export.ts';

interface Files { json: Record<string, unknown>; shard: ArrayBuffer }

/** A small CNN with every common layer type, saved as tfjs files in memory. */
async function makeFiles(): Promise<Files> {
  const m = tf.sequential({ name: 'tiny' });
  m.add(tf.layers.conv2d({ inputShape: [32, 32, 3], filters: 8, kernelSize: 3, padding: 'same', name: 'c1' }));
  m.add(tf.layers.batchNormalization({ name: 'bn1' }));
  m.add(tf.layers.reLU({ name: 'r1' }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2, name: 'p1' }));
  m.add(tf.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', name: 'c2' }));
  m.add(tf.layers.globalAveragePooling2d({ name: 'gap' }));
  m.add(tf.layers.dropout({ rate: 0.1, name: 'drop' }));
  m.add(tf.layers.dense({ units: 10, name: 'fc' }));
  let artifacts: tf.io.ModelArtifacts | undefined;
  await m.save(tf.io.withSaveHandler(async (a) => { artifacts = a; return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }; }));
  m.dispose();
  return {
    json: { format: 'layers-model', modelTopology: artifacts!.modelTopology, weightsManifest: [{ paths: ['tiny.bin'], weights: artifacts!.weightSpecs }] },
    shard: artifacts!.weightData as ArrayBuffer,
  };
}

const load = (f: Files, shards: Record<string, ArrayBuffer> = { 'tiny.bin': f.shard }, expect = { inputShape: [32, 32, 3], classes: 10 }) =>
  importLayersModel(filesSource(Object.entries(shards).map(([name, b]) => ({ name, bytes: async () => b })), JSON.stringify(f.json)), expect);
const clone = (f: Files): Files => ({ json: JSON.parse(JSON.stringify(f.json)), shard: f.shard.slice(0) });

let files: Files;
beforeAll(async () => {
  await tf.setBackend('cpu');
  files = await makeFiles();
});

describe('importLayersModel', () => {
  it('loads a good model with its weights and lists its layers', async () => {
    const t0 = tf.memory().numTensors;
    const { model, name, layerTypes } = await load(files);
    expect(name).toBe('tiny');
    expect(layerTypes).toEqual(['Conv2D', 'BatchNormalization', 'ReLU', 'MaxPooling2D', 'Conv2D', 'GlobalAveragePooling2D', 'Dropout', 'Dense']);
    const specs = (files.json.weightsManifest as { weights: { name: string; shape: number[] }[] }[])[0].weights;
    const flat = new Float32Array(files.shard);
    let at = 0;
    for (const s of specs) {
      const n = s.shape.reduce((a, b) => a * b, 1);
      const w = model.weights.find((x) => x.originalName === s.name)!;
      expect(Array.from(w.read().dataSync())).toEqual(Array.from(flat.subarray(at, at + n)));
      at += n;
    }
    model.dispose();
    expect(tf.memory().numTensors).toBe(t0);
  });

  const broken: [string, (f: Files) => Record<string, ArrayBuffer> | void, RegExp][] = [
    ['an unknown layer type', (f) => { ((f.json.modelTopology as { config: { layers: { class_name: string }[] } }).config.layers[2]).class_name = 'Swish'; }, /Unsupported layer: 'r1' \(Swish\)/],
    ['mismatched weight shapes', (f) => { (f.json.weightsManifest as { weights: { shape: number[] }[] }[])[0].weights[0].shape = [3, 3, 8, 3]; }, /Weight 'c1\/kernel' has shape \[3, 3, 8, 3\] in the weight files; the layer needs \[3, 3, 3, 8\]/],
    ['a missing shard', () => ({}), /Missing weight file 'tiny.bin'/],
    ['a truncated shard', (f) => ({ 'tiny.bin': f.shard.slice(0, 100) }), /'tiny.bin' holds 100 bytes; model.json describes/],
    ['NaN weights', (f) => { new Float32Array(f.shard)[5] = NaN; }, /Weight 'c1\/kernel' holds NaN at index 5/],
    // tfjs lists non-trainable weights last: the shard's last value is bn1/moving_variance[7].
    ['infinite weights', (f) => { new Float32Array(f.shard)[new Float32Array(f.shard).length - 1] = Infinity; }, /Weight 'bn1\/moving_variance' holds an infinite value at index 7/],
    ['no topology', (f) => { delete f.json.modelTopology; }, /no modelTopology/],
    ['a graph model', (f) => { f.json.format = 'graph-model'; }, /graph model/],
  ];
  it.each(broken)('%s is a clear error and leaks nothing', async (_, breakIt, message) => {
    const f = clone(files);
    const shards = breakIt(f) ?? { 'tiny.bin': f.shard };
    const t0 = tf.memory().numTensors;
    await expect(load(f, shards)).rejects.toThrow(message);
    expect(tf.memory().numTensors).toBe(t0);
  });

  it('an input shape or class count that does not fit the dataset is a clear error', async () => {
    const t0 = tf.memory().numTensors;
    await expect(load(files, undefined, { inputShape: [28, 28, 1], classes: 10 })).rejects.toThrow(/input is \[32, 32, 3\]; the dataset's images are \[28, 28, 1\]/);
    await expect(load(files, undefined, { inputShape: [32, 32, 3], classes: 100 })).rejects.toThrow(/outputs \[10\]; the dataset has 100 classes/);
    expect(tf.memory().numTensors).toBe(t0);
  });

  it('not JSON', async () => {
    await expect(importLayersModel(filesSource([], '{nope'), { inputShape: [32, 32, 3], classes: 10 })).rejects.toThrow(/not valid JSON/);
  });

  it('topologyLayers reads functional models too', () => {
    expect(topologyLayers({ class_name: 'Functional', config: { layers: [{ class_name: 'InputLayer', config: { name: 'in' } }, { class_name: 'Dense', config: { name: 'd' } }] } })).toEqual([{ name: 'in', type: 'InputLayer' }, { name: 'd', type: 'Dense' }]);
    expect(() => topologyLayers({})).toThrow(/no layers/);
  });
});

describe('import → prune → export → import', () => {
  let first: LabSession | undefined;
  let second: LabSession | undefined;
  afterAll(() => { first?.dispose(); second?.dispose(); });

  it('gives identical weights and masks', async () => {
    first = LabSession.fromModel((await load(files)).model, 10, 'tiny');
    expect(first.layers.map((l) => l.name)).toEqual(['c1', 'c2', 'fc']);
    const report = first.prune({ conv: { method: 'global', sparsity: 0.6 }, dense: { k: 1 } });
    const out = await exportModel(first);
    const json = JSON.parse(out.modelJson);
    const again = await importLayersModel(filesSource([{ name: 'weights.bin', bytes: async () => out.weights }], out.modelJson), { inputShape: [32, 32, 3], classes: 10 });
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
    second = LabSession.fromModel(again.model, 10, 'tiny');
    const a = first.model.getWeights();
    const b = second.model.getWeights();
    expect(b.map((t) => t.shape)).toEqual(a.map((t) => t.shape));
    for (let i = 0; i < a.length; i++) expect(Array.from(b[i].dataSync())).toEqual(Array.from(a[i].dataSync()));
    // The masks come back as the zeros: the re-imported kernels are zero exactly where the masks are.
    let removed = 0;
    for (const l of second.layers) {
      const mask = first.mask(l.name)!;
      const w = second.model.getLayer(l.name).getWeights()[0].dataSync();
      for (let i = 0; i < mask.length; i++) {
        expect(w[i] === 0 ? 0 : 1).toBe(mask[i]);
        removed += 1 - mask[i];
      }
    }
    expect(removed).toBe(report.accounting.weights.removed);
    // And the re-imported session prunes the same way: its global 60 % masks equal the first ones'
    // on the surviving weights (the zeros are the smallest magnitudes already).
    const again60 = second.prune({ conv: { method: 'global', sparsity: 0.6 }, dense: { k: null } });
    expect(again60.accounting.weights.removed).toBe(first.prune({ conv: { method: 'global', sparsity: 0.6 }, dense: { k: null } }).accounting.weights.removed);
  });
});
