/**
 * ModelState in Node on a fake worker: a forced backend that cannot start falls back with a
 * notice; the shipped weights are asked for by URL; a model.json URL that fails falls back to
 * the default model; a layer the model lacks is reset with a notice; a stale load is dropped.
 */
import { describe, expect, it } from 'vitest';
import { ModelState } from '../../src/state/model.svelte.ts';
import { FakeClient, fakeCore } from './fakes.ts';

const summary = (key: string, weightsName?: string) => ({ key, weightsName, layers: [{ name: 'conv1', kind: 'conv', params: 10 }, { name: 'fc', kind: 'dense', params: 5 }] });
const host = () => ({ data: { key: 'shapes10' as const, refreshInfo: async () => true }, baseUri: 'https://lab.test/app/' });

describe('ModelState', () => {
  it('a forced backend that cannot start falls back to the automatic choice, with a notice', async () => {
    const client = new FakeClient({ init: (p) => { if (p.backend) throw new Error('webgpu is not available'); return { name: 'wasm' }; } });
    const core = fakeCore(client, { backend: 'webgpu' });
    const m = new ModelState(core, host());
    expect(await m.startBackend()).toBe(true);
    expect([m.backend?.name, core.config.backend, core.notices]).toEqual(['wasm', null, ['webgpu is not available. Using the automatic choice instead.']]);
  });

  it('loads the shipped trained weights from the page\'s models/ folder; random weights ask for none', async () => {
    const client = new FakeClient({ loadModel: (p) => summary(p.model, p.weights?.name) });
    const core = fakeCore(client);
    const m = new ModelState(core, host());
    await m.load(0);
    const asked = client.of('loadModel')[0] as { model: string; numClasses: number; weights: { name: string; url: string } };
    expect([asked.model, asked.numClasses, asked.weights.url]).toEqual(['vgg-s', 10, `https://lab.test/app/models/${asked.weights.name}/`]);
    expect(m.summary?.weightsName).toBe(asked.weights.name);
    core.config.weights = 'random';
    await m.load(0);
    expect((client.of('loadModel')[1] as { weights?: unknown }).weights).toBeUndefined();
  });

  it('a model.json URL that fails falls back to the default model with the reason', async () => {
    const client = new FakeClient({ importModel: () => { throw new Error('HTTP 404'); }, loadModel: (p) => summary(p.model) });
    const core = fakeCore(client, { model: 'https://x.test/model.json' });
    const m = new ModelState(core, host());
    await m.load(0);
    expect([core.config.model, m.summary?.key, m.imported]).toEqual(['vgg-s', 'vgg-s', null]);
    expect(core.notices).toEqual(['HTTP 404. Using vgg-s instead.']);
  });

  it('a layer the model lacks is reset with a notice; a load overtaken by a newer one is dropped', async () => {
    const client = new FakeClient({ loadModel: (p) => summary(p.model) });
    const core = fakeCore(client, { layer: 'conv9' });
    const m = new ModelState(core, host());
    await m.load(0);
    expect([core.config.layer, m.selectedLayer]).toEqual(['', 'conv1']);
    expect(core.notices).toEqual(["Layer 'conv9' is not in vgg-s; showing conv1."]);
    const stale = new ModelState(core, host());
    const p = stale.load(0);
    core.modelGeneration = 1;
    await p;
    expect(stale.summary).toBeNull();
  });
});
