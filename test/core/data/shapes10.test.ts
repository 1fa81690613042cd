import { describe, it, expect } from 'vitest';
import {
  generateShapes10,
  shapes10GlyphCoverage,
  SHAPES10_CLASSES,
  SHAPES10_SPLITS,
  type Shapes10Split,
} from '../../../src/core/data/shapes10';
import type { ImageDataset } from '../../../src/core/data/dataset';

const IMG = 32 * 32 * 3;
const SPLITS: Shapes10Split[] = ['train', 'validation', 'test'];

// Full splits are reused across tests (generating all three takes ~2 s).
const cache = new Map<Shapes10Split, ImageDataset>();
function full(split: Shapes10Split): ImageDataset {
  let ds = cache.get(split);
  if (!ds) {
    ds = generateShapes10(split);
    cache.set(split, ds);
  }
  return ds;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;
}

describe('Shapes-10 determinism', () => {
  it('same seed gives byte-identical images and labels', () => {
    const a = generateShapes10('test', { seed: 99, count: 60 });
    const b = generateShapes10('test', { seed: 99, count: 60 });
    expect(equalBytes(a.images, b.images)).toBe(true);
    expect(equalBytes(a.labels, b.labels)).toBe(true);
  });

  it('a different seed gives different images and labels', () => {
    const a = generateShapes10('test', { seed: 1, count: 60 });
    const b = generateShapes10('test', { seed: 2, count: 60 });
    expect(equalBytes(a.images, b.images)).toBe(false);
    expect(equalBytes(a.labels, b.labels)).toBe(false);
  });

  it('a sub-range equals the same slice of the full split', () => {
    const all = full('test');
    for (const [start, count] of [
      [0, 7],
      [777, 31],
      [1990, 10],
    ]) {
      const part = generateShapes10('test', { start, count });
      expect(part.count).toBe(count);
      expect(equalBytes(part.images, all.images.subarray(start * IMG, (start + count) * IMG))).toBe(true);
      expect(equalBytes(part.labels, all.labels.subarray(start, start + count))).toBe(true);
    }
  });

  it('count defaults to the rest of the split and ranges outside it throw', () => {
    expect(generateShapes10('validation', { start: 1995 }).count).toBe(5);
    expect(() => generateShapes10('test', { start: 1990, count: 11 })).toThrow(RangeError);
    expect(() => generateShapes10('test', { start: -1, count: 1 })).toThrow(RangeError);
  });

  it('reports progress and fills the dataset fields', () => {
    const seen: Array<[number, number]> = [];
    const ds = generateShapes10('validation', { count: 600, onProgress: (d, t) => seen.push([d, t]) });
    expect(seen).toEqual([
      [250, 600],
      [500, 600],
      [600, 600],
    ]);
    expect(ds).toMatchObject({ name: 'shapes10', split: 'validation', count: 600, height: 32, width: 32, channels: 3 });
    expect(ds.classNames).toEqual(SHAPES10_CLASSES);
    expect(ds.images.length).toBe(600 * IMG);
  });
});

describe('Shapes-10 splits and labels', () => {
  it('has 10 distinct classes and the documented split sizes', () => {
    expect(new Set(SHAPES10_CLASSES).size).toBe(10);
    expect(SHAPES10_SPLITS).toEqual({ train: 10000, validation: 2000, test: 2000 });
  });

  it('balances classes exactly (N/10 each) with labels in 0..9', () => {
    for (const split of SPLITS) {
      const ds = full(split);
      expect(ds.count).toBe(SHAPES10_SPLITS[split]);
      const counts = new Array<number>(10).fill(0);
      for (const l of ds.labels) {
        expect(l).toBeLessThan(10);
        counts[l]++;
      }
      expect(counts).toEqual(new Array<number>(10).fill(ds.count / 10));
    }
  });

  it('splits differ from each other', () => {
    const t = full('test');
    const v = full('validation');
    const tr = full('train');
    expect(equalBytes(t.images, v.images)).toBe(false);
    expect(equalBytes(t.labels, v.labels)).toBe(false);
    expect(equalBytes(t.images.subarray(0, 100 * IMG), tr.images.subarray(0, 100 * IMG))).toBe(false);
    // Not just shifted: no test image reappears among the first validation images.
    const firstVal = new Set<string>();
    for (let i = 0; i < 200; i++) firstVal.add(Buffer.from(v.images.subarray(i * IMG, (i + 1) * IMG)).toString('base64'));
    for (let i = 0; i < 200; i++) expect(firstVal.has(Buffer.from(t.images.subarray(i * IMG, (i + 1) * IMG)).toString('base64'))).toBe(false);
  });
});

describe('Shapes-10 images are not trivial', () => {
  it('every image has pixel variation', () => {
    const ds = full('test');
    for (let i = 0; i < ds.count; i++) {
      const im = ds.images.subarray(i * IMG, (i + 1) * IMG);
      let m = 0;
      for (const v of im) m += v;
      m /= IMG;
      let v2 = 0;
      for (const v of im) v2 += (v - m) ** 2;
      expect(Math.sqrt(v2 / IMG)).toBeGreaterThan(4);
    }
  });

  it('the glyph is present and stands out from its surroundings', () => {
    const ds = full('test');
    const contrasts: number[] = [];
    for (let i = 0; i < 400; i++) {
      const im = ds.images.subarray(i * IMG, (i + 1) * IMG);
      const a = shapes10GlyphCoverage('test', i);
      let area = 0;
      let x0 = 32, x1 = -1, y0 = 32, y1 = -1;
      for (let y = 0; y < 32; y++) {
        for (let x = 0; x < 32; x++) {
          const al = a[y * 32 + x];
          area += al;
          if (al > 0) {
            x0 = Math.min(x0, x); x1 = Math.max(x1, x);
            y0 = Math.min(y0, y); y1 = Math.max(y1, y);
          }
        }
      }
      expect(area).toBeGreaterThan(12); // at least mostly inside the frame
      // Mean colour of fully covered pixels vs uncovered pixels in a 2-px band around the glyph.
      const g = [0, 0, 0];
      const b = [0, 0, 0];
      let ng = 0;
      let nb = 0;
      for (let y = Math.max(0, y0 - 2); y <= Math.min(31, y1 + 2); y++) {
        for (let x = Math.max(0, x0 - 2); x <= Math.min(31, x1 + 2); x++) {
          const al = a[y * 32 + x];
          const o = (y * 32 + x) * 3;
          if (al >= 0.999) { ng++; for (let c = 0; c < 3; c++) g[c] += im[o + c]; }
          else if (al === 0) { nb++; for (let c = 0; c < 3; c++) b[c] += im[o + c]; }
        }
      }
      expect(ng).toBeGreaterThan(0);
      expect(nb).toBeGreaterThan(0);
      contrasts.push(Math.hypot(g[0] / ng - b[0] / nb, g[1] / ng - b[1] / nb, g[2] / ng - b[2] / nb));
    }
    contrasts.sort((p, q) => p - q);
    expect(contrasts[0]).toBeGreaterThan(25);
    expect(contrasts[contrasts.length >> 1]).toBeGreaterThan(80);
  });

  it('glyph masks have class structure: a circle is solid at its centroid, a ring is hollow', () => {
    const ds = full('test');
    let circles = 0;
    let rings = 0;
    for (let i = 0; i < 600; i++) {
      const label = ds.labels[i];
      if (label > 1) continue;
      const a = shapes10GlyphCoverage('test', i);
      let area = 0, sx = 0, sy = 0;
      for (let p = 0; p < 1024; p++) { area += a[p]; sx += a[p] * ((p % 32) + 0.5); sy += a[p] * (Math.floor(p / 32) + 0.5); }
      const centre = a[Math.floor(sy / area) * 32 + Math.floor(sx / area)];
      if (label === 0) { circles++; expect(centre).toBe(1); }
      else { rings++; expect(centre).toBe(0); }
    }
    expect(circles).toBeGreaterThan(30);
    expect(rings).toBeGreaterThan(30);
  });

  it('class-mean radial coverage profiles differ between every pair of classes', () => {
    // Rotation/translation/scale-invariant view of the masks: mean coverage in 6 rings around
    // the glyph centroid, radius normalized by the glyph's extent.
    const B = 6;
    const ds = full('test');
    const prof = Array.from({ length: 10 }, () => new Float64Array(B));
    const n = new Array<number>(10).fill(0);
    for (let i = 0; i < 600; i++) {
      const a = shapes10GlyphCoverage('test', i);
      let area = 0, sx = 0, sy = 0;
      for (let p = 0; p < 1024; p++) { area += a[p]; sx += a[p] * ((p % 32) + 0.5); sy += a[p] * (Math.floor(p / 32) + 0.5); }
      const cx = sx / area;
      const cy = sy / area;
      const dist = (p: number): number => Math.hypot((p % 32) + 0.5 - cx, Math.floor(p / 32) + 0.5 - cy);
      let rmax = 0;
      for (let p = 0; p < 1024; p++) if (a[p] > 0.5) rmax = Math.max(rmax, dist(p));
      const cov = new Float64Array(B);
      const cnt = new Float64Array(B);
      for (let p = 0; p < 1024; p++) {
        const bin = Math.floor((dist(p) / rmax) * B);
        if (bin < B) { cov[bin] += a[p]; cnt[bin]++; }
      }
      const l = ds.labels[i];
      n[l]++;
      for (let b = 0; b < B; b++) prof[l][b] += cnt[b] ? cov[b] / cnt[b] : 0;
    }
    for (let a = 0; a < 10; a++) {
      for (let b = a + 1; b < 10; b++) {
        let d = 0;
        for (let j = 0; j < B; j++) d += Math.abs(prof[a][j] / n[a] - prof[b][j] / n[b]);
        expect(d, `${SHAPES10_CLASSES[a]} vs ${SHAPES10_CLASSES[b]}`).toBeGreaterThan(0.08);
      }
    }
  });

  it('the 10 class mean images differ', () => {
    const ds = full('train');
    const means = Array.from({ length: 10 }, () => new Float64Array(IMG));
    const n = new Array<number>(10).fill(0);
    for (let i = 0; i < ds.count; i++) {
      const m = means[ds.labels[i]];
      n[ds.labels[i]]++;
      const o = i * IMG;
      for (let p = 0; p < IMG; p++) m[p] += ds.images[o + p];
    }
    for (let k = 0; k < 10; k++) for (let p = 0; p < IMG; p++) means[k][p] /= n[k];
    for (let a = 0; a < 10; a++) {
      for (let b = a + 1; b < 10; b++) {
        let d = 0;
        for (let p = 0; p < IMG; p++) d += Math.abs(means[a][p] - means[b][p]);
        expect(d / IMG, `${SHAPES10_CLASSES[a]} vs ${SHAPES10_CLASSES[b]}`).toBeGreaterThan(0.5);
      }
    }
  });
});
