/**
 * What a capability's state gets from the Lab: narrow, structural views, so that no capability
 * imports the Lab (or a sibling it would import back) and the Lab can import them all without an
 * import cycle. Node tests hand a capability plain objects of these shapes.
 */
import type { LabClient } from '../worker/lab-client.svelte.ts';
import type { DatasetKey, DatasetRef } from '../worker/protocol.ts';
import type { EvalResult } from '../core/pipeline/evaluate.ts';
import type { ModelSummary, PruneReport, PruneSpec } from '../core/pipeline/prune-spec.ts';
import type { BestPolicy } from '../core/rl/search.ts';
import type { LabConfig } from './config.ts';
import type { NumericKey } from './url-codec.ts';
import type { Words } from './words.ts';

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
  /** The state's own words in the page's language. */
  readonly words: Words;
  /** Marks the next cancel as the user's (it then gets a notice). */
  userCancel(): void;
}

/** The data in use, as the search, healing and comparison read it. */
export interface DataView {
  readonly key: DatasetKey;
  splitRef(purpose: 'reward' | 'train' | 'calibration' | 'test'): DatasetRef;
}

/** What the pruned net's score is of: the masks alone, or the net healed after them. */
export type PrunedStage = 'pruned' | 'recal' | 'fine-tuned';

/** The Prune panel's pruning and its scores (PruneState), as healing and the comparison use them. */
export interface PruneView {
  readonly spec: PruneSpec;
  dense: EvalResult | null;
  pruned: EvalResult | null;
  prunedStage: PrunedStage;
  report: PruneReport | null;
  apply(): Promise<void>;
  refreshStats(generation: number): Promise<void>;
}

/** The search's result (SearchState): the one place a policy lives. */
export interface PolicyView {
  readonly best: BestPolicy | null;
  /** Names the search's experiment (model, weights, data, search settings). */
  readonly key: string;
  readonly label: string;
}

/** Healing's and the comparison's view of the Lab: the core, and their sibling capabilities. */
export interface LabHost extends LabCore {
  readonly data: DataView;
  /** Sets a numeric setting if it is in its range (the config's one writer); false, with a notice, if not. */
  setNumber(key: NumericKey, value: number): boolean;
  readonly prune: PruneView;
  readonly search: PolicyView;
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
