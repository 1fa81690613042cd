/**
 * The comparison's method keys and labels, without importing tfjs (the UI and the URL codec use
 * these; the runner is pipeline/compare.ts).
 */
import type { FilterCriterion } from '../prune/filters.ts';

export type CompareMethod = 'uniform' | 'global' | FilterCriterion | 'ksigma-all' | 'rl' | 'combination';

export const COMPARE_METHODS: readonly { key: CompareMethod; label: string }[] = [
  { key: 'uniform', label: 'Uniform magnitude' },
  { key: 'global', label: 'Global magnitude' },
  { key: 'l1', label: 'L1-norm filters (Li17)' },
  { key: 'apoz', label: 'APoZ (Hu16)' },
  { key: 'entropy', label: 'Entropy (Luo17)' },
  { key: 'hrank', label: 'HRank (Lin20)' },
  { key: 'ksigma-all', label: 'k-σ on every layer' },
  { key: 'rl', label: 'RL only (DDPG on conv)' },
  { key: 'combination', label: 'Combination (RL + k-σ FC)' },
];

/** Methods a sparsity sweep can drive (the others have no continuous target). */
export const SWEEP_METHODS: readonly CompareMethod[] = ['uniform', 'global', 'l1', 'apoz', 'entropy', 'hrank'];
