/**
 * The slow tier's table (test/tiers.ts) names real test files, each with its reason, and Vitest
 * runs each file in exactly one tier: the table is what moves a file, so a misspelt entry would
 * leave a file in `npm test` while the README says otherwise.
 */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { SLOW_TESTS } from '../tiers.ts';

const ROOT = resolve(import.meta.dirname, '../..');

describe('test tiers', () => {
  it('every slow entry is a test file under a project folder, with a reason', () => {
    for (const [file, why] of Object.entries(SLOW_TESTS)) {
      expect(file).toMatch(/^test\/(core|state|docs|browser)\/.+\.test\.ts$/);
      expect(existsSync(resolve(ROOT, file)), file).toBe(true);
      expect(why.length, file).toBeGreaterThan(20);
    }
  });
});
