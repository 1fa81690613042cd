/**
 * Which dense layers the k-σ rule prunes (METHOD §2, "the scope"), and the layers it empties.
 *
 * - `hidden`: every dense layer except the classifier (the one that outputs the classes, found
 *   from the model's graph: models/introspect.ts `classifierLayer`). LAB default: on a small
 *   classifier 3σ leaves fewer weights than classes, and with fixed masks no fine-tuning brings
 *   them back (VGG-S: fc2 keeps 2 of 2,560; keeping it dense heals to 96.3 % in one epoch).
 * - `all`: every dense layer, the classifier included: the paper's wording for VGG16.
 *
 * A dense layer that keeps fewer weights than it has outputs cannot carry its outputs: at least
 * one output reads no input at all. `emptiedDense` names such layers so the UI can say so before
 * healing (METHOD §2, "Warn when a layer is emptied"). Pure: no tfjs, so the UI imports it.
 */
import { expectedGaussianRemoved, kSigmaMask } from './ksigma.ts';

/** The scopes, their labels in both languages, and the one default. */
export const KSIGMA_SCOPES = [
  {
    value: 'hidden',
    label: { en: 'hidden dense layers (the classifier stays dense)', zh: '隐藏全连接层（分类层保持不剪）' },
  },
  {
    value: 'all',
    label: { en: 'every dense layer, the classifier included (the paper’s VGG16 reading)', zh: '所有全连接层，包括分类层（论文 VGG16 的做法）' },
  },
] as const;

export type KSigmaScope = (typeof KSIGMA_SCOPES)[number]['value'];

/** LAB default (METHOD §2): keep the classifier dense. */
export const KSIGMA_SCOPE_DEFAULT: KSigmaScope = 'hidden';

/**
 * A dense spec's scope: a spec without one was made before the scope existed, when the rule
 * pruned every dense layer (METHOD §2), so it reads as `all`. Null when k-σ is off.
 */
export function scopeOf(dense: { k: number | null; scope?: KSigmaScope }): KSigmaScope | null {
  return dense.k === null ? null : dense.scope ?? 'all';
}

/** The dense half of a pruning spec: the scope only when the rule is on (k off masks nothing, whatever the scope). */
export function denseSpec(k: number | null, scope: KSigmaScope): { k: number | null; scope?: KSigmaScope } {
  return k === null ? { k: null } : { k, scope };
}

/** What the scope decision reads of a layer. */
export interface ScopedLayer {
  name: string;
  kind: 'conv' | 'dense';
  classifier: boolean;
}

/** True when the k-σ rule under `scope` prunes `layer` (dense layers only; `hidden` skips the classifier). */
export function inKSigmaScope(layer: ScopedLayer, scope: KSigmaScope): boolean {
  return layer.kind === 'dense' && (scope === 'all' || !layer.classifier);
}

/** Statistics of one layer the k-σ rule pruned, beside what a Gaussian layer would lose. */
export interface KSigmaInfo {
  k: number;
  mean: number;
  std: number;
  removedFraction: number;
  gaussianRemovedFraction: number;
}

/**
 * k-σ masks of the layers in scope, computed from their original kernels (`original(name)`).
 * Layers out of scope get no mask (they stay dense). k null: no masks.
 *
 * @returns kernel masks by layer name, and each pruned layer's statistics.
 */
export function kSigmaScopeMasks(layers: readonly ScopedLayer[], original: (name: string) => Float32Array, k: number | null, scope: KSigmaScope | 'every-layer'): { masks: Map<string, Uint8Array>; info: Map<string, KSigmaInfo> } {
  const masks = new Map<string, Uint8Array>();
  const info = new Map<string, KSigmaInfo>();
  if (k === null) return { masks, info };
  for (const l of layers) {
    if (scope !== 'every-layer' && !inKSigmaScope(l, scope)) continue;
    const r = kSigmaMask(original(l.name), k);
    masks.set(l.name, r.mask);
    info.set(l.name, { k: r.k, mean: r.mean, std: r.std, removedFraction: r.removedFraction, gaussianRemovedFraction: expectedGaussianRemoved(r.k) });
  }
  return { masks, info };
}

/** What `emptiedDense` reads of a layer row. */
export interface KeptRow extends ScopedLayer {
  kept: number;
  params: number;
  outChannels: number;
}

/** A dense layer that keeps fewer weights than it has outputs. */
export interface EmptiedLayer {
  name: string;
  kept: number;
  params: number;
  outputs: number;
  classifier: boolean;
}

/** The dense layers of `rows` that keep fewer weights than they have outputs, in forward order. */
export function emptiedDense(rows: readonly KeptRow[]): EmptiedLayer[] {
  return rows
    .filter((r) => r.kind === 'dense' && r.kept < r.outChannels)
    .map((r) => ({ name: r.name, kept: r.kept, params: r.params, outputs: r.outChannels, classifier: r.classifier }));
}

/** The convolutions of `rows` left with no weight at all (a conv's other way of being emptied: its whole ratio reached 100 %). */
export function emptiedConvs(rows: readonly KeptRow[]): string[] {
  return rows.filter((r) => r.kind === 'conv' && r.kept === 0).map((r) => r.name);
}
