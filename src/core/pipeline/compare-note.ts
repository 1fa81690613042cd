/**
 * What a comparison row's note says, as data (so the UI words it in either language) and as the
 * English text the exported tables carry. Pure: no tfjs, so the UI imports it.
 */
import type { KSigmaScope } from '../prune/ksigma-scope.ts';

/**
 * What a row's note says, as data: the UI words it in the page's language (`compareNote` in
 * ui/i18n/compare.ts) while `note`, worded by `noteText`, stays English for the exports.
 * `none`: a row whose method could not run.
 */
export type CompareNote =
  | { kind: 'every-layer' | 'pooled'; target: number }
  | { kind: 'filter-ratio'; p: number }
  | { kind: 'ksigma-all'; k: number }
  | { kind: 'policy'; alpha: number }
  | { kind: 'policy-ksigma'; k: number; scope: KSigmaScope }
  | { kind: 'none' };

/** The English note of `n` (the CompareRow's `note`, which the exported tables carry). */
export function noteText(n: CompareNote): string {
  switch (n.kind) {
    case 'every-layer': return `every layer at ${(100 * n.target).toFixed(1)} %`;
    case 'pooled': return `pooled at ${(100 * n.target).toFixed(1)} %`;
    case 'filter-ratio': return `filter ratio p = ${n.p.toFixed(3)}`;
    case 'ksigma-all': return `k = ${n.k} on every layer`;
    case 'policy': return `searched policy, α = ${(100 * n.alpha).toFixed(0)} %`;
    case 'policy-ksigma': return `searched policy + k = ${n.k} on ${n.scope === 'hidden' ? 'the hidden dense layers (classifier kept)' : 'every dense layer'}`;
    // 'none', or a kind this version does not know (a row from elsewhere): no note rather than a wrong one.
    default: return '';
  }
}
