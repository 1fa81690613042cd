/**
 * The types a prune request and its report are made of: what to prune (PruneSpec), the per-layer
 * rows and accounting the session reports, and the model summary. Types only (LabSession in
 * session.ts computes them), so the state and the UI import them without tfjs.
 */
import type { ModelKey } from '../models/registry.ts';
import type { PrunableLayer } from '../models/introspect.ts';
import type { KSigmaInfo, KSigmaScope } from '../prune/ksigma-scope.ts';
import type { accountParams } from '../prune/accounting.ts';

export type { KSigmaInfo } from '../prune/ksigma-scope.ts';

export type ConvMethod = 'none' | 'uniform' | 'global' | 'policy' | 'filters' | 'ksigma' | 'layer';

export interface PruneSpec {
  /**
   * How conv kernels are pruned:
   * - 'uniform' / 'global': magnitude pruning at `sparsity` (0..1); with `includeDense` the dense
   *   kernels join the same scope (then `dense.k` must be null).
   * - 'policy': prunes `counts[t]` weights (the smallest |w|) of the t-th conv layer in forward
   *   order — a searched per-layer policy; `sparsity` only labels the overall target.
   * - 'filters': removes the filters `keep[layer]` marks 0 (one channel mask per prunable conv, see
   *   `filterGroups`), with their bias and BN γ/β and every kernel row reading them (METHOD §3);
   *   `sparsity` only labels the target.
   * - 'ksigma': the k-σ rule with `k` on every conv kernel too ("3σ-all").
   * - 'layer': magnitude pruning of the one kernel `layer` (conv or dense) at `sparsity`, the rest
   *   dense (the sensitivity analysis).
   */
  conv: {
    method: ConvMethod;
    sparsity: number;
    counts?: readonly number[];
    includeDense?: boolean;
    keep?: Readonly<Record<string, Uint8Array>>;
    k?: number;
    layer?: string;
  };
  /**
   * k-σ rule on the dense kernels of `scope` (METHOD §2: 'hidden' keeps the classifier dense;
   * omitted: 'all', every dense kernel); k null leaves dense layers intact (except rows 'filters' removes).
   */
  dense: { k: number | null; scope?: KSigmaScope };
}

export interface LayerRow extends PrunableLayer {
  kept: number;
  /** Fraction of this kernel's weights pruned, 0..1. */
  sparsity: number;
  /**
   * Set for dense layers pruned by the k-σ rule: the measured statistics, and the fraction a
   * Gaussian layer would lose at this k (for comparison; METHOD §2).
   */
  kSigma?: KSigmaInfo;
}

export type Accounting = ReturnType<typeof accountParams>;

export interface PruneReport {
  spec: PruneSpec;
  layers: LayerRow[];
  accounting: Accounting;
  /** Time to compute and apply the masks (ms). */
  ms: number;
}

export interface ModelSummary {
  key: ModelKey | 'custom';
  numClasses: number;
  seed: number;
  /** Where the weights came from: seeded initialization, or a shipped trained model. */
  weights: 'random' | 'trained';
  /** The shipped model's name (public/models/<name>/) when weights are trained. */
  weightsName?: string;
  layers: LayerRow[];
  accounting: Accounting;
  countParams: number;
}
