import { describe, expect, it } from 'vitest';
import { PRESENTER_STEPS, stepStates } from '../../src/ui/presenter/steps.ts';

const none = { dense: false, dropped: false, searched: false, healed: false, compared: false };

describe('the presenter view\'s steps', () => {
  it('go model → prune → search → heal → compare, the first not done being next', () => {
    expect(PRESENTER_STEPS).toEqual(['model', 'prune', 'search', 'heal', 'compare']);
    expect(stepStates(none).map((s) => s.state)).toEqual(['now', 'todo', 'todo', 'todo', 'todo']);
    expect(stepStates({ ...none, dense: true, dropped: true }).map((s) => s.state)).toEqual(['done', 'done', 'now', 'todo', 'todo']);
    // A search from a link (without the drop measured here) leaves the prune step next.
    expect(stepStates({ ...none, dense: true, searched: true }).map((s) => s.state)).toEqual(['done', 'now', 'done', 'todo', 'todo']);
    expect(stepStates({ dense: true, dropped: true, searched: true, healed: true, compared: true }).every((s) => s.state === 'done')).toBe(true);
  });
});
