/**
 * Shapes-10's background painter and difficulty knobs: base colour, gradient, one texture and
 * scratches (the glyph itself is drawn in shapes10.ts). Split out only for size; the order of
 * random draws is part of the dataset's bytes, so nothing here may be reordered.
 */
import type { Rng } from '../rng';

export const SIZE = 32;
export const CH = 3;
export const PIXELS = SIZE * SIZE;
/** Samples per axis for pixels on a glyph edge (SUB² samples each). */
export const SUB = 4;

/**
 * Difficulty knobs. The hard end of each range (small radius, strong texture, low contrast,
 * strong noise) is what makes a pruned small CNN lose accuracy; the easy end keeps it learnable.
 * Calibrated offline (PyTorch, seed 1234, 30 epochs, flip + 2-px-crop augmentation): VGG-S
 * reaches ~98% test accuracy, the same net at 1/4 width ~93%, and VGG-S magnitude-pruned to
 * 98% sparsity ~78% after 3 fine-tuning epochs. Changing a knob changes every image's bytes.
 */
export const KNOBS = {
  /** Glyph circumradius in pixels, uniform in [min, max). */
  radiusMin: 5,
  radiusMax: 12,
  /** Independent x/y stretch of the glyph, 1 ± this (kept small so circle ≠ ellipse). */
  aspectJitter: 0.08,
  /** Glyph centre stays at least this × radius away from the image border (<1: tips may clip). */
  borderMargin: 0.75,
  /** Peak-to-peak amplitude of the background's linear gradient, [0, max). */
  gradientAmpMax: 50,
  /** Peak-to-peak amplitude of the background texture (stripes / checker / waves). */
  textureAmpMin: 10,
  textureAmpMax: 90,
  /** Chroma (distance from grey) of background and glyph colours, uniform in [0, max). */
  chromaMax: 110,
  /** Minimum RGB distance glyph ↔ mean local background: base + perTexture × texture amplitude. */
  contrastBase: 40,
  contrastPerTexture: 0.4,
  /** Thin background scratches (lines under the glyph): count in [0, max], width 0.8..1.8 px. */
  scratchesMax: 3,
  /** Peak-to-peak brightness ramp across the glyph, [0, max). */
  shadingMax: 30,
  /** Gaussian pixel-noise sigma on the 0..255 scale, uniform in [0, max). */
  noiseSigmaMax: 14,
} as const;

// Scratch buffers reused across images: generation is synchronous, so sharing them is safe and
// keeps the hot loops free of allocations.
export const bg = new Float32Array(PIXELS * CH);
export const colour = new Float64Array(3);

/**
 * Fills `bg` with a base colour + linear gradient + one texture + scratches. Consumes draws from
 * `rng`; returns the texture's peak-to-peak amplitude (the glyph contrast rule scales with it).
 */
export function paintBackground(rng: Rng): number {
  randomColour(rng, colour);
  const base0 = colour[0];
  const base1 = colour[1];
  const base2 = colour[2];

  // Gradient and texture each run along a random RGB direction, so contrast is partly chromatic.
  const gAmp = rng.uniform(0, KNOBS.gradientAmpMax);
  const gAng = rng.uniform(0, 2 * Math.PI);
  const gdx = Math.cos(gAng) / SIZE;
  const gdy = Math.sin(gAng) / SIZE;
  const [g0, g1, g2] = randomDirection(rng, gAmp);

  const kind = rng.int(4); // 0 flat, 1 stripes, 2 checker, 3 waves
  const tAmp = kind === 0 ? 0 : rng.uniform(KNOBS.textureAmpMin, KNOBS.textureAmpMax);
  const [t0, t1, t2] = randomDirection(rng, tAmp);
  const ang = rng.uniform(0, Math.PI);
  const ca = Math.cos(ang);
  const sa = Math.sin(ang);
  const phase = rng.uniform(0, 2 * Math.PI);
  // Stripes: 3..12 px period; checker: 2.5..7 px cells; waves: 3 sinusoids of 8..32 px period.
  const stripeK = (2 * Math.PI) / rng.uniform(3, 12);
  const cellK = Math.PI / rng.uniform(2.5, 7);
  const wave = new Float64Array(9);
  for (let w = 0; w < 3; w++) {
    const a = rng.uniform(0, 2 * Math.PI);
    const k = (2 * Math.PI) / rng.uniform(8, 32);
    wave[w * 3] = k * Math.cos(a);
    wave[w * 3 + 1] = k * Math.sin(a);
    wave[w * 3 + 2] = rng.uniform(0, 2 * Math.PI);
  }

  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const px = x + 0.5 - SIZE / 2;
      const py = y + 0.5 - SIZE / 2;
      const gt = px * gdx + py * gdy; // ≈ −0.5..0.5 across the image
      let tt = 0;
      if (kind === 1) {
        tt = 0.5 * Math.sin(stripeK * (px * ca + py * sa) + phase);
      } else if (kind === 2) {
        const s = Math.sin(cellK * (px * ca + py * sa) + phase) * Math.sin(cellK * (py * ca - px * sa));
        tt = s >= 0 ? 0.5 : -0.5;
      } else if (kind === 3) {
        tt =
          (Math.sin(wave[0] * px + wave[1] * py + wave[2]) +
            Math.sin(wave[3] * px + wave[4] * py + wave[5]) +
            Math.sin(wave[6] * px + wave[7] * py + wave[8])) /
          3;
      }
      const o = (y * SIZE + x) * CH;
      bg[o] = base0 + gt * g0 + tt * t0;
      bg[o + 1] = base1 + gt * g1 + tt * t1;
      bg[o + 2] = base2 + gt * g2 + tt * t2;
    }
  }
  paintScratches(rng);
  return tAmp;
}

/**
 * Draws 0..scratchesMax thin anti-aliased lines into `bg`: clutter with edges, but no closed
 * outline, so it cannot pass for any glyph class. Mutates `bg`.
 */
function paintScratches(rng: Rng): void {
  const n = rng.int(KNOBS.scratchesMax + 1);
  for (let k = 0; k < n; k++) {
    const ax = rng.uniform(-4, SIZE + 4);
    const ay = rng.uniform(-4, SIZE + 4);
    const ang = rng.uniform(0, Math.PI);
    const len = rng.uniform(8, 40);
    const dx = Math.cos(ang);
    const dy = Math.sin(ang);
    const half = rng.uniform(0.4, 0.9);
    const strength = rng.uniform(0.25, 0.8);
    randomColour(rng, colour);
    for (let y = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++) {
        const px = x + 0.5 - ax;
        const py = y + 0.5 - ay;
        // Distance to the segment [0, len] along (dx, dy); coverage ramps over one pixel.
        let t = px * dx + py * dy;
        t = t < 0 ? 0 : t > len ? len : t;
        const ex = px - t * dx;
        const ey = py - t * dy;
        let cov = half + 0.5 - Math.sqrt(ex * ex + ey * ey);
        if (cov <= 0) continue;
        if (cov > 1) cov = 1;
        const w = cov * strength;
        const o = (y * SIZE + x) * CH;
        bg[o] += (colour[0] - bg[o]) * w;
        bg[o + 1] += (colour[1] - bg[o + 1]) * w;
        bg[o + 2] += (colour[2] - bg[o + 2]) * w;
      }
    }
  }
}

/**
 * A random colour as grey level + chroma, written into `dst`. Uniform RGB would make most
 * colours fully saturated and contrast almost always trivially chromatic.
 */
export function randomColour(rng: Rng, dst: Float64Array): void {
  const lum = rng.uniform(0, 256);
  const [d0, d1, d2] = randomDirection(rng, rng.uniform(0, KNOBS.chromaMax));
  // Remove the direction's grey component so chroma does not shift brightness.
  const g = (d0 + d1 + d2) / 3;
  // Clamped so the contrast test sees the colour that will actually be drawn.
  dst[0] = clamp255(lum + d0 - g);
  dst[1] = clamp255(lum + d1 - g);
  dst[2] = clamp255(lum + d2 - g);
}

function clamp255(x: number): number {
  return x < 0 ? 0 : x > 255 ? 255 : x;
}

/** A random RGB direction of length `amp` (a fresh 3-tuple: a few per image, never per pixel). */
function randomDirection(rng: Rng, amp: number): [number, number, number] {
  const x = rng.normal();
  const y = rng.normal();
  const z = rng.normal();
  const n = Math.sqrt(x * x + y * y + z * z) || 1;
  return [(x / n) * amp, (y / n) * amp, (z / n) * amp];
}
