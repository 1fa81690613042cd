/**
 * Shapes-10: a deterministic synthetic stand-in for CIFAR-10 (32×32×3 uint8, 10 classes).
 *
 * Each image is one anti-aliased geometric glyph on a textured background with pixel noise.
 * Every random choice of image i comes from its own generator seeded with
 * `deriveSeed(seed, 'shapes10', split, i)`, so any sub-range of a split is byte-identical to
 * the same slice of the whole split, and generation can be chunked or parallelised freely.
 *
 * Pure TypeScript, no DOM: the same bytes come out in Node and in a Web Worker (the maths
 * functions used — sin, cos, log, sqrt, atan2 — are the fdlibm ports every major engine ships).
 */
import { deriveSeed, Rng } from '../rng';
import type { ImageDataset } from './dataset';
import { insideGlyph } from './shapes10-glyphs';
import { bg, CH, colour, KNOBS, paintBackground, PIXELS, randomColour, SIZE, SUB } from './shapes10-background';

/**
 * Class names, index = label. Every glyph stays distinct from the others under any rotation
 * (no square/diamond pair); hexagon was left out on purpose because at radius 5 px its corners
 * stick out less than a pixel beyond the circle's outline, which would cap attainable accuracy.
 */
export const SHAPES10_CLASSES: string[] = [
  'circle',
  'ring',
  'triangle',
  'square',
  'ellipse',
  'star',
  'cross',
  'crescent',
  'arrow',
  'heart',
];

/** Image count of each split; each is a multiple of 10 so classes balance exactly. */
export const SHAPES10_SPLITS = { train: 10000, validation: 2000, test: 2000 } as const;

/** A split key of Shapes-10. */
export type Shapes10Split = keyof typeof SHAPES10_SPLITS;

/** Options of `generateShapes10`. */
export interface Shapes10Options {
  /** Base seed (default 1234). */
  seed?: number;
  /** How many images to make (default: the rest of the split from `start`). */
  count?: number;
  /** Index of the first image within the split (default 0). */
  start?: number;
  /** Called every 250 images and at the end with (images done, images asked for). */
  onProgress?: (done: number, total: number) => void;
}

// Scratch buffers of the glyph pass, reused across images (generation is synchronous).
const alpha = new Float32Array(PIXELS);
const corners = new Uint8Array((SIZE + 1) * (SIZE + 1));
const scratchImage = new Uint8Array(PIXELS * CH);

/**
 * Renders one image of class `label` into `out` at byte `offset` (3,072 bytes, HWC).
 * Mutates `out` and the module scratch buffers; all randomness comes from `rng`.
 */
function renderImage(rng: Rng, label: number, out: Uint8Array, offset: number): void {
  const texAmp = paintBackground(rng);

  // Glyph pose.
  const R = rng.uniform(KNOBS.radiusMin, KNOBS.radiusMax);
  const ax = 1 + rng.uniform(-KNOBS.aspectJitter, KNOBS.aspectJitter);
  const ay = 1 + rng.uniform(-KNOBS.aspectJitter, KNOBS.aspectJitter);
  const margin = R * KNOBS.borderMargin;
  const cx = rng.uniform(margin, SIZE - margin);
  const cy = rng.uniform(margin, SIZE - margin);
  const rot = rng.uniform(0, 2 * Math.PI);
  const cr = Math.cos(rot);
  const sr = Math.sin(rot);
  // Image point (px, py) → glyph units: u = A dx + B dy, v = C dx + D dy.
  const A = cr / (R * ax);
  const B = sr / (R * ax);
  const C = -sr / (R * ay);
  const D = cr / (R * ay);

  // Bounding box (every glyph fits the unit disc, plus a pixel for safety).
  const ext = R * Math.max(ax, ay) + 1;
  const x0 = Math.max(0, Math.floor(cx - ext));
  const x1 = Math.min(SIZE, Math.ceil(cx + ext));
  const y0 = Math.max(0, Math.floor(cy - ext));
  const y1 = Math.min(SIZE, Math.ceil(cy + ext));
  const bw = x1 - x0 + 1;

  // Coverage: test the pixel-corner lattice once; only pixels whose four corners disagree
  // (the edge band) get SUB×SUB supersampling, which is ~10× cheaper than sampling all.
  for (let y = y0; y <= y1; y++) {
    const dy = y - cy;
    for (let x = x0; x <= x1; x++) {
      const dx = x - cx;
      corners[(y - y0) * bw + (x - x0)] = insideGlyph(label, A * dx + B * dy, C * dx + D * dy) ? 1 : 0;
    }
  }
  alpha.fill(0);
  const inv = 1 / (SUB * SUB);
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const c = (y - y0) * bw + (x - x0);
      const sum = corners[c] + corners[c + 1] + corners[c + bw] + corners[c + bw + 1];
      let a: number;
      if (sum === 0) a = 0;
      else if (sum === 4) a = 1;
      else {
        let hits = 0;
        for (let sy = 0; sy < SUB; sy++) {
          const dy = y + (sy + 0.5) / SUB - cy;
          for (let sx = 0; sx < SUB; sx++) {
            const dx = x + (sx + 0.5) / SUB - cx;
            if (insideGlyph(label, A * dx + B * dy, C * dx + D * dy)) hits++;
          }
        }
        a = hits * inv;
      }
      alpha[y * SIZE + x] = a;
    }
  }

  // Glyph colour: must stand out from the local background by more than the texture does.
  let m0 = 0;
  let m1 = 0;
  let m2 = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const o = (y * SIZE + x) * CH;
      m0 += bg[o];
      m1 += bg[o + 1];
      m2 += bg[o + 2];
    }
  }
  const nBox = Math.max(1, (x1 - x0) * (y1 - y0));
  m0 /= nBox;
  m1 /= nBox;
  m2 /= nBox;
  const minDist = KNOBS.contrastBase + KNOBS.contrastPerTexture * texAmp;
  let c0 = 0;
  let c1 = 0;
  let c2 = 0;
  let found = false;
  for (let tries = 0; tries < 24 && !found; tries++) {
    randomColour(rng, colour);
    c0 = colour[0];
    c1 = colour[1];
    c2 = colour[2];
    const d0 = c0 - m0;
    const d1 = c1 - m1;
    const d2 = c2 - m2;
    found = d0 * d0 + d1 * d1 + d2 * d2 >= minDist * minDist;
  }
  if (!found) {
    // Rare (mid-grey backgrounds): the per-channel extreme farthest from the mean always works.
    c0 = m0 < 128 ? 255 : 0;
    c1 = m1 < 128 ? 255 : 0;
    c2 = m2 < 128 ? 255 : 0;
  }
  const shade = rng.uniform(0, KNOBS.shadingMax);
  const shAng = rng.uniform(0, 2 * Math.PI);
  const shx = (Math.cos(shAng) * shade) / (2 * R);
  const shy = (Math.sin(shAng) * shade) / (2 * R);

  // Composite, add noise, quantise. Box–Muller yields two normals per pair of uniforms.
  const sigma = rng.uniform(0, KNOBS.noiseSigmaMax);
  let spare = 0;
  let haveSpare = false;
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const p = y * SIZE + x;
      const a = alpha[p];
      const b = 1 - a;
      const s = a > 0 ? (x + 0.5 - cx) * shx + (y + 0.5 - cy) * shy : 0;
      const o = p * CH;
      for (let c = 0; c < CH; c++) {
        let n: number;
        if (haveSpare) {
          n = spare;
          haveSpare = false;
        } else {
          let u1 = rng.next();
          while (u1 === 0) u1 = rng.next();
          const mag = Math.sqrt(-2 * Math.log(u1));
          const th = 2 * Math.PI * rng.next();
          n = mag * Math.cos(th);
          spare = mag * Math.sin(th);
          haveSpare = true;
        }
        const g = (c === 0 ? c0 : c === 1 ? c1 : c2) + s;
        let val = bg[o + c] * b + g * a + sigma * n;
        if (val < 0) val = 0;
        else if (val > 255) val = 255;
        out[offset + o + c] = (val + 0.5) | 0;
      }
    }
  }
}

/**
 * Labels of a whole split: a seeded shuffle of [0..9] repeated N/10 times, so each class has
 * exactly N/10 images. Returns a new Uint8Array of length N.
 */
function splitLabels(seed: number, split: Shapes10Split): Uint8Array {
  const n = SHAPES10_SPLITS[split];
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) labels[i] = i % SHAPES10_CLASSES.length;
  return new Rng(deriveSeed(seed, 'shapes10', split, 'labels')).shuffle(labels);
}

/** Throws a RangeError unless [start, start + count) lies inside the split. */
function checkRange(split: Shapes10Split, start: number, count: number): void {
  const total = SHAPES10_SPLITS[split];
  if (total === undefined) throw new RangeError(`shapes10: unknown split '${String(split)}'`);
  if (!Number.isInteger(start) || !Number.isInteger(count) || start < 0 || count < 0 || start + count > total) {
    throw new RangeError(`shapes10: range [${start}, ${start + count}) is outside the ${split} split (0..${total})`);
  }
}

/**
 * Generates images [start, start + count) of a Shapes-10 split.
 *
 * Returns a fresh `ImageDataset` (`name: 'shapes10'`, NHWC uint8 images of shape
 * [count, 32, 32, 3], labels of length count). Byte-identical for the same (seed, split, index)
 * whatever `start`/`count` are. Throws a RangeError when the range leaves the split.
 * Speed: about 0.15 ms per image (2,000 in ~0.3 s) on one core (Node 20).
 */
export function generateShapes10(split: Shapes10Split, options: Shapes10Options = {}): ImageDataset {
  const seed = options.seed ?? 1234;
  const start = options.start ?? 0;
  const count = options.count ?? (SHAPES10_SPLITS[split] ?? 0) - start;
  checkRange(split, start, count);
  const allLabels = splitLabels(seed, split);
  const labels = allLabels.slice(start, start + count);
  const images = new Uint8Array(count * PIXELS * CH);
  for (let i = 0; i < count; i++) {
    const index = start + i;
    const rng = new Rng(deriveSeed(seed, 'shapes10', split, index));
    renderImage(rng, labels[i], images, i * PIXELS * CH);
    if (options.onProgress && ((i + 1) % 250 === 0 || i + 1 === count)) options.onProgress(i + 1, count);
  }
  if (count === 0) options.onProgress?.(0, 0);
  return {
    name: 'shapes10',
    split,
    images,
    labels,
    count,
    height: SIZE,
    width: SIZE,
    channels: CH,
    classNames: [...SHAPES10_CLASSES],
  };
}

/**
 * The glyph coverage (anti-aliased alpha, 0..1) of image `index` of a split, as a new
 * Float32Array of 32×32 (row-major) — the ground-truth mask behind `generateShapes10`'s pixels,
 * for tests and saliency overlays. Re-renders that one image (~0.2 ms).
 */
export function shapes10GlyphCoverage(split: Shapes10Split, index: number, seed = 1234): Float32Array {
  checkRange(split, index, 1);
  const label = splitLabels(seed, split)[index];
  renderImage(new Rng(deriveSeed(seed, 'shapes10', split, index)), label, scratchImage, 0);
  return alpha.slice();
}
