import { describe, expect, it } from 'vitest';
import { maskImage } from '../../../src/core/prune/mask-image.ts';
import { Rng } from '../../../src/core/rng.ts';

/**
 * Reference: the blocks enumerated the other way round, from each cell's row and column range
 * ([ceil(i·n/k), ceil((i+1)·n/k)): the items whose floor(x·k/n) is i), summing the mask inside.
 */
function reference(inputs: number, outputs: number, mask: Uint8Array, side: number): number[] {
  const rows = Math.min(inputs, side), cols = Math.min(outputs, side);
  const out: number[] = [];
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      let on = 0, all = 0;
      for (let r = Math.ceil((i * inputs) / rows); r < Math.ceil(((i + 1) * inputs) / rows); r++) {
        for (let c = Math.ceil((j * outputs) / cols); c < Math.ceil(((j + 1) * outputs) / cols); c++) { on += mask[r * outputs + c]; all++; }
      }
      out.push((255 * on) / all);
    }
  }
  return out;
}

describe('maskImage', () => {
  it('matches the block-range reference on random masks of uneven shapes (within rounding, 0.5 of 255)', () => {
    const rng = new Rng(7);
    for (const [inputs, outputs, side] of [[2048, 256, 64], [256, 10, 64], [100, 37, 16], [5, 3, 64], [513, 129, 32]]) {
      const mask = Uint8Array.from({ length: inputs * outputs }, () => (rng.next() < 0.3 ? 1 : 0));
      const img = maskImage('fc', inputs, outputs, mask, side);
      expect([img.rows, img.cols]).toEqual([Math.min(inputs, side), Math.min(outputs, side)]);
      const ref = reference(inputs, outputs, mask, side);
      for (let i = 0; i < ref.length; i++) expect(Math.abs(img.cells[i] - ref[i])).toBeLessThanOrEqual(0.5);
      expect(img.kept).toBe(mask.reduce((a, b) => a + b, 0));
    }
  });

  it('puts kept rows on top and kept columns on the left where the mask says so', () => {
    // Inputs 0..49 of 100 kept, into 10 rows: the top 5 rows full, the bottom 5 empty.
    const mask = new Uint8Array(100 * 20);
    mask.fill(1, 0, 50 * 20);
    const img = maskImage('fc', 100, 20, mask, 10);
    for (let i = 0; i < 10; i++) for (let j = 0; j < 10; j++) expect(img.cells[i * 10 + j]).toBe(i < 5 ? 255 : 0);
    // Output 0 of 4 kept in every input row: only the first column lights.
    const col = Uint8Array.from({ length: 3 * 4 }, (_, k) => (k % 4 === 0 ? 1 : 0));
    expect(Array.from(maskImage('fc', 3, 4, col).cells)).toEqual([255, 0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0]);
  });

  it('draws an unmasked layer full and refuses a mask of the wrong length, naming the layer', () => {
    const img = maskImage('fc2', 8, 4, undefined);
    expect(Array.from(img.cells).every((v) => v === 255)).toBe(true);
    expect(img.kept).toBe(32);
    expect(() => maskImage('fc2', 8, 4, new Uint8Array(31))).toThrow(/fc2.*31.*32/);
    expect(() => maskImage('fc2', 0, 4, undefined)).toThrow(/fc2/);
  });
});
