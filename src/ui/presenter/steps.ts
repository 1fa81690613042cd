/**
 * The presenter view's steps, in the paper's order (prune → drop → search → heal → compare), and
 * which one is next: the first not done. Pure, so a Node test covers it.
 */

export const PRESENTER_STEPS = ['model', 'prune', 'search', 'heal', 'compare'] as const;
export type PresenterStep = (typeof PRESENTER_STEPS)[number];
export type StepState = 'done' | 'now' | 'todo';

/** The short comparison the presenter runs: the two magnitude baselines beside the combination. */
export const PRESENTER_METHODS = ['uniform', 'global', 'combination'] as const;

/** What has been measured so far, one flag per step. */
export interface StepFacts {
  dense: boolean;
  dropped: boolean;
  searched: boolean;
  healed: boolean;
  compared: boolean;
}

/** Each step's state: done when its figure is on screen; the first step not done is `now`. */
export function stepStates(f: StepFacts): { key: PresenterStep; state: StepState }[] {
  const done: Record<PresenterStep, boolean> = { model: f.dense, prune: f.dropped, search: f.searched, heal: f.healed, compare: f.compared };
  const next = PRESENTER_STEPS.find((k) => !done[k]);
  return PRESENTER_STEPS.map((key) => ({ key, state: done[key] ? 'done' : key === next ? 'now' : 'todo' }));
}
