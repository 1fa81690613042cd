/**
 * The k-σ scope (METHOD §2): the classifier is found from the model's graph (not its name), the
 * scope `hidden` never masks it, `all` does, and a dense layer left with fewer weights than
 * outputs is named. The kept counts of the shipped VGG-S are PyTorch's (training/finetune_ref.py
 * wrote them into test/fixtures/finetune-golden.json: k = 3 on every dense layer).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { useCpu } from '../tf-setup.ts';
import { LabSession } from '../../../src/core/pipeline/session.ts';
import { classifierLayer, prunableLayers } from '../../../src/core/models/introspect.ts';
import { emptiedDense, inKSigmaScope, KSIGMA_SCOPES } from '../../../src/core/prune/ksigma-scope.ts';
import { readManifest } from '../models/shipped-helpers.ts';

const golden = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../fixtures/finetune-golden.json'), 'utf8')) as { kept: Record<string, number>; recipe: { kSigma: number } };

/** A net whose names lie: the hidden dense layer is called 'fc2', the classifier 'fc1', with dropout and a softmax after it. */
function misnamed(): tf.LayersModel {
  const input = tf.input({ shape: [32, 32, 3] });
  let x = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', name: 'c1' }).apply(input) as tf.SymbolicTensor;
  x = tf.layers.flatten().apply(x) as tf.SymbolicTensor;
  x = tf.layers.dense({ units: 16, activation: 'relu', name: 'fc2' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.dropout({ rate: 0.5 }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.dense({ units: 10, name: 'fc1' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.softmax().apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: x });
}

beforeAll(async () => {
  await useCpu();
});

describe('the classifier, from the graph', () => {
  it('is the dense layer the output comes from, whatever the names say', () => {
    const m = misnamed();
    expect(classifierLayer(m)).toBe('fc1');
    expect(prunableLayers(m).map((l) => [l.name, l.classifier])).toEqual([['c1', false], ['fc2', false], ['fc1', true]]);
    m.dispose();
  });

  it('is none when the output is not one dense layer\'s (a conv head, an add of two dense layers)', () => {
    const input = tf.input({ shape: [8] });
    const a = tf.layers.dense({ units: 4 }).apply(input) as tf.SymbolicTensor;
    const b = tf.layers.dense({ units: 4 }).apply(input) as tf.SymbolicTensor;
    const sum = tf.model({ inputs: input, outputs: tf.layers.add().apply([a, b]) as tf.SymbolicTensor });
    expect(classifierLayer(sum)).toBeNull();
    const img = tf.input({ shape: [8, 8, 3] });
    const conv = tf.model({ inputs: img, outputs: tf.layers.conv2d({ filters: 2, kernelSize: 1 }).apply(img) as tf.SymbolicTensor });
    expect(classifierLayer(conv)).toBeNull();
    sum.dispose();
    conv.dispose();
  });

  it('zoo: VGG-S and VGG16 end in fc2, the ResNets in fc', () => {
    for (const [key, name] of [['vgg-s', 'fc2'], ['vgg16', 'fc2'], ['resnet20', 'fc']] as const) {
      const s = LabSession.create(key, 10, 1);
      expect(s.layers.filter((l) => l.classifier).map((l) => l.name), key).toEqual([name]);
      s.dispose();
    }
  });
});

describe('k-σ scope on a session', () => {
  let session: LabSession;
  beforeAll(() => {
    session = LabSession.create('vgg-s', 10, 1, { name: 'vgg-s-shapes10', ...readManifest('vgg-s-shapes10') });
  });
  afterAll(() => session?.dispose());

  it('`all` prunes both dense layers as PyTorch does and empties the classifier; `hidden` keeps it dense', () => {
    const k = golden.recipe.kSigma;
    const all = session.prune({ conv: { method: 'none', sparsity: 0 }, dense: { k, scope: 'all' } });
    const kept = (r: typeof all, name: string) => r.layers.find((l) => l.name === name)!.kept;
    expect([kept(all, 'fc1'), kept(all, 'fc2')]).toEqual([golden.kept.fc1, golden.kept.fc2]);
    expect(emptiedDense(all.layers)).toEqual([{ name: 'fc2', kept: golden.kept.fc2, params: 2560, outputs: 10, classifier: true }]);

    const hidden = session.prune({ conv: { method: 'none', sparsity: 0 }, dense: { k, scope: 'hidden' } });
    expect([kept(hidden, 'fc1'), kept(hidden, 'fc2')]).toEqual([golden.kept.fc1, 2560]);
    expect(session.mask('fc2')).toBeUndefined();
    expect(hidden.layers.find((l) => l.name === 'fc2')!.kSigma).toBeUndefined();
    expect(Array.from(session.model.getLayer('fc2').getWeights()[0].dataSync())).toEqual(Array.from(session.original('fc2')));
    expect(emptiedDense(hidden.layers)).toEqual([]);
    // Omitted, the scope is every dense layer (the rule as METHOD §2 words it).
    expect(kept(session.prune({ conv: { method: 'none', sparsity: 0 }, dense: { k } }), 'fc2')).toBe(golden.kept.fc2);
  });

  it('the preview gives what a heal would leave, from the loaded weights, and leaves the masks in force', () => {
    session.prune({ conv: { method: 'uniform', sparsity: 0.5 }, dense: { k: 1, scope: 'all' } });
    const before = session.mask('fc1');
    const preview = session.kSigmaPreview(3, 'all');
    expect(preview.map((r) => [r.name, r.kept])).toEqual([['fc1', golden.kept.fc1], ['fc2', golden.kept.fc2]]);
    expect(session.kSigmaPreview(3, 'hidden').map((r) => [r.name, r.kept])).toEqual([['fc1', golden.kept.fc1], ['fc2', 2560]]);
    expect(session.mask('fc1')).toBe(before);
  });

  it('`hidden` keeps a misnamed classifier dense and prunes the hidden layer named like one', () => {
    const s = LabSession.fromModel(misnamed(), 10, 'misnamed');
    const r = s.prune({ conv: { method: 'none', sparsity: 0 }, dense: { k: 1, scope: 'hidden' } });
    expect(r.layers.map((l) => [l.name, l.kept < l.params])).toEqual([['c1', false], ['fc2', true], ['fc1', false]]);
    s.dispose();
  });
});

describe('the scope table', () => {
  it('has both scopes with labels in both languages, and decides by kind and classifier only', () => {
    expect(KSIGMA_SCOPES.map((s) => s.value)).toEqual(['hidden', 'all']);
    for (const s of KSIGMA_SCOPES) expect(s.label.en.length * s.label.zh.length).toBeGreaterThan(0);
    const at = (kind: 'conv' | 'dense', classifier: boolean) => ['hidden', 'all'].map((scope) => inKSigmaScope({ name: 'x', kind, classifier }, scope as 'hidden' | 'all'));
    expect([at('dense', false), at('dense', true), at('conv', false)]).toEqual([[true, true], [false, true], [false, false]]);
  });
});
