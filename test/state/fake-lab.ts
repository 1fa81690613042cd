/**
 * A whole Lab for the state tests that drive it end to end: a FakeClient answering the requests
 * every Lab makes when it opens (backend, caches, saved runs, the model and the data), an address
 * bar that records each write, and the sessionStorage the Lab keeps its page state in.
 */
import { afterEach, beforeEach } from 'vitest';
import { Lab } from '../../src/state/lab.svelte.ts';
import { decodeUrl } from '../../src/state/url-codec.ts';
import type { LabConfig } from '../../src/state/config.ts';
import type { LabClient } from '../../src/worker/lab-client.svelte.ts';
import { FakeClient } from './fakes.ts';

type Handlers = ConstructorParameters<typeof FakeClient>[0];
type Extras = Record<string, unknown>;

/** A Lab opened on `search` over a model of `layers`; `handlers` add to or replace the opening ones. `link` makes the share link from what the address bar would carry. */
export function fakeLab(search: string, layers: { name: string; kind: string; params: number }[], handlers: Handlers = {}, link: (config: LabConfig, extras: Extras) => string = () => 'link') {
  const client = new FakeClient({
    init: () => ({ name: 'wasm' }), listCached: () => [], listCheckpoints: () => [], getCheckpoint: () => null, getHealCheckpoint: () => null,
    loadModel: (p) => ({ key: p.model, weightsName: `${p.model}-shapes10`, layers }),
    loadDataset: (r) => ({ key: r.dataset, split: r.split, seed: r.seed, count: 2000, classNames: [], ms: 1 }),
    layerStats: ({ layer }) => ({ layer }),
    ...handlers,
  });
  const writes: ({ config: LabConfig } & Extras)[] = [];
  const url = { write: (config: LabConfig, extras: Extras) => { writes.push({ config, ...extras }); }, link };
  const lab = new Lab(decodeUrl(search), client as unknown as LabClient, url, 'https://lab.test/');
  return { lab, client, writes };
}

/** A Map-backed sessionStorage for each test of the file that calls this (Node has none). */
export function useSessionStorage(): void {
  beforeEach(() => {
    const store = new Map<string, string>();
    (globalThis as { sessionStorage?: unknown }).sessionStorage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => store.set(k, v), removeItem: (k: string) => store.delete(k) };
  });
  afterEach(() => {
    delete (globalThis as { sessionStorage?: unknown }).sessionStorage;
  });
}
