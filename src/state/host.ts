/**
 * What a capability's state gets from the Lab: narrow, structural views, so that no capability
 * imports the Lab (or a sibling it would import back) and the Lab can import them all without an
 * import cycle. Node tests hand a capability plain objects of these shapes.
 */
import type { LabClient } from '../worker/lab-client.svelte.ts';
import type { DatasetKey, DatasetRef } from '../worker/protocol.ts';
import type { EvalResult } from '../core/pipeline/evaluate.ts';
import type { ModelSummary, PruneReport, PruneSpec } from '../core/pipeline/session.ts';
import type { BestPolicy } from '../core/rl/search.ts';
import type { LabConfig } from './config.ts';

/** The worker client's surface the state uses (LabClient, or a fake in Node tests). */
export type ClientPort = Pick<LabClient, 'request' | 'cancel' | 'lastRequestId'>;

/** What every capability gets: the config, the worker, busy steps, notices, the model generation. */
export interface LabCore {
  readonly client: ClientPort;
  readonly config: LabConfig;
  /** Changes with every model load: work started under another value belongs to another model. */
  readonly modelGeneration: number;
  /** What the lab is doing now, or null when idle. */
  readonly busy: string | null;
  /** Runs one busy step, showing `label`; an error becomes the lab's message, a cancel a notice. Resolves with the step's value, or undefined when it failed. */
  run<T>(label: string, step: () => Promise<T>): Promise<T | undefined>;
  /** Shows a notice. */
  notify(message: string): void;
  /** Marks the next cancel as the user's (it then gets a notice). */
  userCancel(): void;
}

/** The data in use, as the search, healing and comparison read it. */
export interface DataView {
  readonly key: DatasetKey;
  splitRef(purpose: 'reward' | 'train' | 'calibration' | 'test'): DatasetRef;
}

/** The comparison's and healing's view of the Lab (until the model and prune state are split out). */
export interface LabHost extends LabCore {
  splitRef(purpose: 'reward' | 'train' | 'calibration' | 'test'): DatasetRef;
  // ── the pruning the Prune panel set, and its scores ──
  readonly pruneSpec: PruneSpec;
  dense: EvalResult | null;
  pruned: EvalResult | null;
  report: PruneReport | null;
  applyPruning(): Promise<void>;
  refreshStats(generation: number): Promise<void>;
  // ── the search's result ──
  readonly searchBest: BestPolicy | null;
  readonly searchKey: string;
  readonly searchLabel: string;
}

/** What the search needs beyond LabCore: the model searched, the data, and what follows a search. */
export interface SearchHost {
  readonly model: { readonly summary: ModelSummary | null };
  readonly data: DataView;
  /** The model a shared link named: its policy fits that model only. */
  readonly linkModel: string;
  /** Forgets the healing result (a new search replaces the policy it healed). */
  clearHeal(): void;
  /** After a search ends: apply and score its best policy (`done`), or put the Prune panel's pruning back. */
  afterSearch(done: boolean): Promise<void>;
}
