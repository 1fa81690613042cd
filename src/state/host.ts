/**
 * What a capability's state (compare, heal, …) gets from the Lab: a narrow, structural view, so
 * that no capability imports the Lab and the Lab can import them all without an import cycle.
 * Node tests hand a capability a plain object of this shape.
 */
import type { LabClient } from '../worker/lab-client.svelte.ts';
import type { DatasetRef } from '../worker/protocol.ts';
import type { EvalResult } from '../core/pipeline/evaluate.ts';
import type { PruneReport, PruneSpec } from '../core/pipeline/session.ts';
import type { BestPolicy } from '../core/rl/search.ts';
import type { LabConfig } from './config.ts';

/** The worker client's surface the state uses (LabClient, or a fake in Node tests). */
export type ClientPort = Pick<LabClient, 'request' | 'cancel' | 'lastRequestId'>;

export interface LabHost {
  readonly client: ClientPort;
  readonly config: LabConfig;
  /** Changes with every model load: work started under another value belongs to another model. */
  readonly modelGeneration: number;
  /** What the lab is doing now, or null when idle. */
  readonly busy: string | null;
  /** Runs one busy step, showing `label`; an error becomes the lab's message, a cancel a notice. */
  run<T>(label: string, step: () => Promise<T>): Promise<T | undefined>;
  /** The split of the data in use for a purpose (METHOD §1.6). */
  splitRef(split: 'reward' | 'train' | 'calibration' | 'test'): DatasetRef;
  syncUrl(): void;
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
