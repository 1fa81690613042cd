/**
 * Importing your own model in the built app: model.json + shard by the file picker, a broken
 * model.json that leaves the current model in place with a clear error, and `?model=<url>`.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/lib/chromium.ts';
import { openLab } from './app.ts';

const dir = inject('fixtureDir');
const fixtureUrl = inject('fixtureUrl');
let browser: Browser;
let good: { json: string; bin: string };
let bad: string;

/** A tiny CNN for Shapes-10 (32×32×3 → 10), saved as model.json + one shard in the fixture folder. */
async function writeModel(): Promise<void> {
  await tf.setBackend('cpu');
  const m = tf.sequential({ name: 'tiny_import' });
  m.add(tf.layers.conv2d({ inputShape: [32, 32, 3], filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', name: 'c1' }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2, name: 'p1' }));
  m.add(tf.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', name: 'c2' }));
  m.add(tf.layers.flatten({ name: 'flat' }));
  m.add(tf.layers.dense({ units: 10, name: 'fc' }));
  let a: tf.io.ModelArtifacts | undefined;
  await m.save(tf.io.withSaveHandler(async (x) => { a = x; return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }; }));
  m.dispose();
  mkdirSync(dir, { recursive: true });
  const json = { format: 'layers-model', modelTopology: a!.modelTopology, weightsManifest: [{ paths: ['tiny-import.bin'], weights: a!.weightSpecs }] };
  good = { json: join(dir, 'tiny-import.json'), bin: join(dir, 'tiny-import.bin') };
  writeFileSync(good.json, JSON.stringify(json));
  writeFileSync(good.bin, new Uint8Array(a!.weightData as ArrayBuffer));
  const broken = JSON.parse(JSON.stringify(json));
  broken.modelTopology.config.layers[1].class_name = 'FancyPool';
  bad = join(dir, 'broken', 'tiny-import.json');
  mkdirSync(join(dir, 'broken'), { recursive: true });
  writeFileSync(bad, JSON.stringify(broken));
}

type LabView = { lab: { busy: string | null; error: string | null; imported: { name: string; layerTypes: string[] } | null; summary: { layers: { name: string }[] } | null; report: { layers: { kind: string; sparsity: number }[] } | null } };
const idle = (page: Page) => page.waitForFunction(() => !(window as unknown as LabView).lab.busy, undefined, { timeout: 120_000 });
const state = (page: Page) => page.evaluate(() => { const l = (window as unknown as LabView).lab; return { error: l.error, imported: l.imported, layers: l.summary?.layers.map((x) => x.name) ?? [] }; });

beforeAll(async () => {
  await writeModel();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('import your own model', () => {
  it('by file picker: the model replaces the zoo model and prunes; a broken one is refused by name and the model stays', async () => {
    const { page, errors } = await openLab(browser);
    await page.setInputFiles('[data-testid="import-files"]', [good.json, good.bin]);
    await page.waitForFunction(() => (window as unknown as LabView).lab.imported, undefined, { timeout: 60_000 });
    await idle(page);
    let s = await state(page);
    expect(s.error).toBeNull();
    expect(s.imported!.name).toBe('tiny_import');
    expect(s.layers).toEqual(['c1', 'c2', 'fc']);
    await expect(page.textContent('[data-testid="imported-model"]')).resolves.toMatch(/tiny_import/);
    // It prunes like any model.
    await page.fill('[data-testid="sparsity-slider"]', '50');
    await page.waitForFunction(() => { const l = (window as unknown as LabView).lab; return (l.report?.layers.filter((x) => x.kind === 'conv').every((x) => Math.abs(x.sparsity - 0.5) < 0.01) ?? false) || l.error; }, undefined, { timeout: 60_000 });
    expect((await state(page)).error).toBeNull();

    // A model.json with an unknown layer type: a clear error naming the layer; the imported model stays.
    await page.setInputFiles('[data-testid="import-files"]', [bad, good.bin]);
    await page.waitForFunction(() => (window as unknown as LabView).lab.error, undefined, { timeout: 60_000 });
    s = await state(page);
    expect(s.error).toMatch(/Unsupported layer: 'p1' \(FancyPool\)/);
    expect(s.layers).toEqual(['c1', 'c2', 'fc']);
    expect(s.imported!.name).toBe('tiny_import');
    // A missing shard, too.
    await page.setInputFiles('[data-testid="import-files"]', [good.json]);
    await page.waitForFunction(() => /Missing weight file/.test((window as unknown as LabView).lab.error ?? ''), undefined, { timeout: 60_000 });
    expect((await state(page)).layers).toEqual(['c1', 'c2', 'fc']);
    expect(errors.filter((e) => !e.includes('Importing the model failed'))).toEqual([]);
    await page.close();
  });

  it('by ?model=<url> (shards fetched beside model.json), kept in the link; a dead URL falls back with a notice', async () => {
    const url = `${fixtureUrl}/cors/tiny-import.json`;
    const { page, errors } = await openLab(browser, `?v=2&model=${encodeURIComponent(url)}`);
    await idle(page);
    const s = await state(page);
    expect(s.error).toBeNull();
    expect(s.imported!.name).toBe('tiny_import');
    expect(s.layers).toEqual(['c1', 'c2', 'fc']);
    expect(new URL(page.url()).searchParams.get('model')).toBe(url);
    expect(errors).toEqual([]);
    await page.close();

    const dead = await openLab(browser, `?v=2&model=${encodeURIComponent(`${fixtureUrl}/cors/nothing.json`)}`);
    await idle(dead.page);
    const d = await state(dead.page);
    expect(d.imported).toBeNull();
    expect(d.layers.length).toBe(8); // VGG-S, the default
    await expect(dead.page.textContent('[data-testid="notices"]')).resolves.toMatch(/HTTP 404.*Using vgg-s instead/);
    await dead.page.close();
  });
});
