/**
 * The numeric settings' ranges live once (RANGES in state/url-codec.ts): the URL accepts exactly
 * them, and the Lab's setNumber (what every numeric input calls) refuses the rest with a notice.
 */
import { describe, expect, it } from 'vitest';
import { RANGES, decodeUrl, numberProblem, type NumericKey } from '../../src/state/url-codec.ts';

describe('RANGES', () => {
  it('the URL accepts each range\'s ends and refuses just beyond them (and fractions of integers)', () => {
    for (const key of Object.keys(RANGES) as NumericKey[]) {
      const r: { min: number; max: number; integer?: boolean } = RANGES[key];
      const step = r.integer ? 1 : r.max / 1000;
      // Today's links (v=2): a version-1 link with a k also gets the legacy-scope notice (url-codec.test.ts).
      for (const ok of [r.min, r.max]) expect(decodeUrl(`?v=2&${key}=${ok}`).notices, `${key}=${ok}`).toEqual([]);
      for (const bad of [r.min - step, r.max + step, ...(r.integer ? [r.min + 0.5] : [])]) {
        expect(decodeUrl(`?v=2&${key}=${bad}`).notices, `${key}=${bad}`).toHaveLength(1);
        expect(numberProblem(key, bad), `${key}=${bad}`).toMatch(new RegExp(`^${key} must be an? (integer|number) in \\[`));
      }
      expect(numberProblem(key, r.max)).toBeNull();
      expect(numberProblem(key, NaN)).not.toBeNull();
    }
  });
});
