/**
 * Every shipped model's dense layers under the k-σ rule, against numpy (training/dense_stats.py
 * wrote docs/results/dense-stats.json from the weight files, without the lab's code): the lab
 * removes exactly the same counts at k = 1, 2, 3 and names the same classifier. The README's
 * paper section quotes that file (VGG16's fc1: 7 of 262,144 kept at 3σ, excess kurtosis −1.0).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { useCpu } from '../tf-setup.ts';
import { LabSession } from '../../../src/core/pipeline/session.ts';
import { readManifest } from '../models/shipped-helpers.ts';

interface Layer { name: string; params: number; outputs: number; classifier: boolean; removedK1: number; removedK2: number; removedK3: number; keptK3: number }
const stats = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../docs/results/dense-stats.json'), 'utf8')) as { models: { name: string; model: string; layers: Layer[] }[] };

beforeAll(async () => {
  await useCpu();
});

describe('dense layers of the shipped models, against numpy', () => {
  it.each(stats.models.map((m) => [m.name, m] as const))('%s: the same k-σ counts and the same classifier', (_name, m) => {
    const s = LabSession.create(m.model, 10, 1, { name: m.name, ...readManifest(m.name) });
    try {
      expect(m.layers.length).toBeGreaterThan(0);
      for (const k of [1, 2, 3] as const) {
        const rows = s.kSigmaPreview(k, 'all');
        expect(rows.map((r) => r.name)).toEqual(m.layers.map((l) => l.name));
        rows.forEach((r, i) => {
          const l = m.layers[i];
          expect([r.params, r.outChannels, r.classifier], r.name).toEqual([l.params, l.outputs, l.classifier]);
          expect(r.params - r.kept, `${r.name} k=${k}`).toBe(Math.round(l[`removedK${k}`] * l.params));
          if (k === 3) expect(r.kept).toBe(l.keptK3);
        });
      }
    } finally {
      s.dispose();
    }
  });
});
