/**
 * The exported PyTorch snippet, run by training/check_snippet.py on the trainer's twin with the
 * same weights, prunes exactly the policy's count in every layer (VGG-S and ResNet-20, magnitude
 * on the convs and k-σ on the dense layers). Needs /usr/bin/python3 with torch: `.ci/run`
 * installs Debian's python3-torch; without it each case is skipped with the command that installs
 * it, and fails with it in CI (test/core/golden-data.ts's dataCase, the one way a test says what
 * it lacks).
 */
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { LabSession } from '../../../src/core/pipeline/session.ts';
import { policyExport, pytorchSnippet } from '../../../src/core/pipeline/policy-file.ts';
import { MODELS_DIR, readManifest } from '../models/shipped-helpers.ts';
import { dataCase } from '../golden-data.ts';

const PYTHON = process.env.PYTHON ?? '/usr/bin/python3';
const ROOT = resolve(import.meta.dirname, '../../..');
const hasTorch = spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
const torchCase = dataCase(hasTorch ? null : `${PYTHON} has no torch — apt-get install -y python3-torch`);

let dir: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = mkdtempSync(resolve(tmpdir(), 'snippet-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CASES = [
  ['vgg-s', 'vgg-s-shapes10', { conv: { method: 'global', sparsity: 0.7 }, dense: { k: 2 } }],
  ['resnet20', 'resnet20-cifar10', { conv: { method: 'uniform', sparsity: 0.6 }, dense: { k: 1 } }],
] as const;

describe('PyTorch snippet on the twin (training/check_snippet.py)', () => {
  for (const [model, weights, spec] of CASES) torchCase(`${model}: every layer's pruned count matches the lab's`, () => {
    const session = LabSession.create(model, 10, 1, { name: weights, ...readManifest(weights) });
    try {
      const report = session.prune(spec);
      const policy = policyExport(report.layers, { model, weights, budget: { alpha: spec.conv.sparsity, measure: 'params', mode: 'exact' }, searchSeed: 1 });
      const files = { policy: resolve(dir, `${model}.json`), snippet: resolve(dir, `${model}.py`) };
      writeFileSync(files.policy, JSON.stringify(policy));
      writeFileSync(files.snippet, pytorchSnippet(policy));
      const run = spawnSync(PYTHON, [resolve(ROOT, 'training/check_snippet.py'), '--model', model, '--weights', resolve(MODELS_DIR, weights), files.policy, files.snippet], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      const n = policy.layers.length;
      expect(run.stdout).toContain(`${n} of ${n} layers match`);
      expect(run.status).toBe(0);
      // Not vacuous: the policy prunes every layer.
      expect(policy.layers.every((l) => l.pruned > 0)).toBe(true);
    } finally {
      session.dispose();
    }
  });

  for (const scope of ['hidden', 'all'] as const) torchCase(`the k-σ scope ${scope}: the snippet prunes the classifier exactly when the lab does`, () => {
    const session = LabSession.create('vgg-s', 10, 1, { name: 'vgg-s-shapes10', ...readManifest('vgg-s-shapes10') });
    try {
      const report = session.prune({ conv: { method: 'global', sparsity: 0.8 }, dense: { k: 3, scope } });
      const policy = policyExport(report.layers, { model: 'vgg-s', weights: 'vgg-s-shapes10', budget: { alpha: 0.8, measure: 'params', mode: 'exact' }, searchSeed: 1, kSigmaScope: scope });
      const snippet = pytorchSnippet(policy);
      const files = { policy: resolve(dir, `scope-${scope}.json`), snippet: resolve(dir, `scope-${scope}.py`) };
      writeFileSync(files.policy, JSON.stringify(policy));
      writeFileSync(files.snippet, snippet);
      const run = spawnSync(PYTHON, [resolve(ROOT, 'training/check_snippet.py'), '--model', 'vgg-s', '--weights', resolve(MODELS_DIR, 'vgg-s-shapes10'), files.policy, files.snippet], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      expect(run.stdout).toContain(`${policy.layers.length} of ${policy.layers.length} layers match`);
      const fc2 = policy.layers.find((l) => l.name === 'fc2')!;
      expect([policy.kSigmaScope, fc2.classifier]).toEqual([scope, true]);
      // PyTorch's own count for the classifier, beside the lab's: 0 when kept dense, 2,558 of 2,560 under `all`.
      expect(run.stdout).toMatch(scope === 'hidden' ? /ok  fc2: lab 0 of 2560, torch 0/ : /ok  fc2: lab 2558 of 2560, torch 2558/);
      expect(snippet).toContain(`# k-σ scope: ${scope}`);
    } finally {
      session.dispose();
    }
  });
});
