/**
 * Fakes for the state modules' Node tests: a worker client answering from a table of handlers
 * (recording every request), and a LabCore with the Lab's run/notice semantics.
 */
import { DEFAULT_CONFIG, type LabConfig } from '../../src/state/config.ts';
import { numberProblem, type NumericKey } from '../../src/state/url-codec.ts';
import type { ClientPort, LabCore, LabHost, PrunedStage } from '../../src/state/host.ts';
import type { EvalResult } from '../../src/core/pipeline/evaluate.ts';
import type { PruneReport } from '../../src/core/pipeline/prune-spec.ts';
import type { BestPolicy } from '../../src/core/rl/search.ts';
import type { DatasetRef } from '../../src/worker/protocol.ts';
import { WORDS } from '../../src/state/words.ts';

// The fakes read whatever parameters their request takes; the tests assert on them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Fake = (params: any, onProgress?: (p: any) => void) => unknown;

export class FakeClient {
  readonly calls: { type: string; params: unknown }[] = [];
  lastRequestId = 0;
  constructor(readonly handlers: Record<string, Fake> = {}) {}

  request(type: string, params: unknown, onProgress?: (p: unknown) => void): Promise<unknown> {
    this.lastRequestId += 1;
    this.calls.push({ type, params });
    const h = this.handlers[type];
    if (!h) return Promise.reject(new Error(`no fake for '${type}'`));
    return Promise.resolve().then(() => h(params, onProgress));
  }

  cancel(upTo = this.lastRequestId): Promise<boolean> {
    this.calls.push({ type: 'cancel', params: { upTo } });
    return Promise.resolve(true);
  }

  /** The requests of one type, in order. */
  of(type: string): unknown[] {
    return this.calls.filter((c) => c.type === type).map((c) => c.params);
  }

  get port(): ClientPort {
    return this as unknown as ClientPort;
  }
}

export interface FakeCore extends LabCore {
  config: LabConfig;
  modelGeneration: number;
  notices: string[];
  errors: string[];
  cancels: number;
}

/** A LabCore: run() turns an error into `errors` (as the Lab shows it) and resolves undefined. */
export function fakeCore(client: FakeClient, config: Partial<LabConfig> = {}): FakeCore {
  const core: FakeCore = {
    client: client.port, config: { ...structuredClone(DEFAULT_CONFIG), ...config }, modelGeneration: 0, busy: null,
    notices: [], errors: [], cancels: 0, words: WORDS.en,
    async run<T>(label: string, step: () => Promise<T>) {
      try {
        return await step();
      } catch (err) {
        core.errors.push(`${label} failed: ${err instanceof Error ? err.message : String(err)}`);
        return undefined;
      }
    },
    notify(message: string) { core.notices.push(message); },
    userCancel() { core.cancels += 1; },
  };
  return core;
}

/** A LabHost (the heal and compare state's view of the Lab) over a fake core. */
export function fakeHost(client: FakeClient, config: Partial<LabConfig> = {}, searchBest: BestPolicy | null = null) {
  const core = fakeCore(client, config);
  const calls = { applyPruning: 0, refreshStats: 0 };
  const prune = {
    spec: { conv: { method: 'uniform' as const, sparsity: 0.5 }, dense: { k: 1 } },
    dense: null as EvalResult | null, pruned: null as EvalResult | null, prunedStage: 'pruned' as PrunedStage, report: null as PruneReport | null,
    async apply() { calls.applyPruning += 1; },
    async refreshStats() { calls.refreshStats += 1; },
  };
  const data = {
    key: 'shapes10' as const,
    splitRef: (purpose: 'reward' | 'train' | 'calibration' | 'test'): DatasetRef => ({ dataset: 'shapes10', split: purpose === 'reward' ? 'validation' : purpose === 'test' ? 'test' : 'train', seed: 1234 }),
  };
  const setNumber = (key: NumericKey, value: number) => {
    const problem = numberProblem(key, value);
    if (problem) core.notify(problem);
    else (core.config as Record<NumericKey, number | null>)[key] = value;
    return !problem;
  };
  const host = Object.assign(core, { data, prune, setNumber, search: { best: searchBest, key: 'search-key', label: 'VGG-S · shapes10' } }) satisfies LabHost;
  return { host, calls };
}
