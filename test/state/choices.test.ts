/**
 * The fixed-choice settings' options live once (CHOICES in state/config.ts): the URL accepts
 * exactly their values, names them all when it refuses one, and encodes each as itself.
 */
import { describe, expect, it } from 'vitest';
import { CHOICES, DEFAULT_CONFIG, type ChoiceKey, type LabConfig } from '../../src/state/config.ts';
import { decodeUrl, encodeUrl } from '../../src/state/url-codec.ts';

describe('CHOICES', () => {
  it('every option round-trips through the URL; a value outside them falls back with a notice naming them', () => {
    for (const key of Object.keys(CHOICES) as ChoiceKey[]) {
      const values = CHOICES[key].map((o) => o.value);
      expect(new Set(values).size, key).toBe(values.length);
      for (const value of values) {
        const config = { ...DEFAULT_CONFIG, [key]: value } as LabConfig;
        const back = decodeUrl(encodeUrl(config));
        expect(back.notices, `${key}=${value}`).toEqual([]);
        expect(back.config[key], `${key}=${value}`).toBe(value);
      }
      const bad = decodeUrl(`?${key}=nope`);
      expect(bad.config[key], key).toBe(DEFAULT_CONFIG[key]);
      expect(bad.notices, key).toHaveLength(1);
      for (const value of values) expect(bad.notices[0], key).toContain(value);
    }
  });
});
