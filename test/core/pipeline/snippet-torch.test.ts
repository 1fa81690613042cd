/**
 * The exported PyTorch snippet, run by training/check_snippet.py on the trainer's twin with the
 * same weights, prunes exactly the policy's count in every layer (VGG-S and ResNet-20, magnitude
 * on the convs and k-σ on the dense layers). Needs /usr/bin/python3 with torch: `.ci/run`
 * installs Debian's python3-torch, so CI never skips; elsewhere a missing torch skips with the
 * command that installs it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { LabSession } from '../../../src/core/pipeline/session.ts';
import { policyExport, pytorchSnippet } from '../../../src/core/pipeline/policy-file.ts';
import { MODELS_DIR, readManifest } from '../models/shipped-helpers.ts';

const PYTHON = process.env.PYTHON ?? '/usr/bin/python3';
const ROOT = resolve(import.meta.dirname, '../../..');
const hasTorch = spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
if (!hasTorch) {
  if (process.env.CI) throw new Error(`${PYTHON} with torch is required in CI (apt-get install -y python3-torch)`);
  console.warn(`skipping the PyTorch snippet check: ${PYTHON} has no torch (apt-get install -y python3-torch)`);
}

let dir: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = mkdtempSync(resolve(tmpdir(), 'snippet-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!hasTorch)('PyTorch snippet on the twin (training/check_snippet.py)', () => {
  it.each([
    ['vgg-s', 'vgg-s-shapes10', { conv: { method: 'global', sparsity: 0.7 }, dense: { k: 2 } }],
    ['resnet20', 'resnet20-cifar10', { conv: { method: 'uniform', sparsity: 0.6 }, dense: { k: 1 } }],
  ] as const)('%s: every layer\'s pruned count matches the lab\'s', (model, weights, spec) => {
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
});
