/**
 * Training augmentation (METHOD §4): zero-pad 4, random 32×32 crop, random horizontal flip, then
 * the per-channel normalization. Seeded: the same generator state gives the same batch.
 */
import { CIFAR_MEAN, CIFAR_STD, type ImageDataset } from './dataset.ts';
import type { Rng } from '../rng.ts';

export const PAD = 4;

/**
 * Augmented, normalized floats for the images at `indices`: Float32Array [n, H, W, C] (NHWC).
 * Padding pixels are black (raw 0) before normalization, as torchvision's RandomCrop(padding=4).
 * Draws three numbers per image from `rng` (dy, dx, flip), in that order. Mutates `rng` only.
 */
export function augmentToFloat(ds: ImageDataset, indices: ArrayLike<number>, rng: Rng, mean: readonly number[] = CIFAR_MEAN, std: readonly number[] = CIFAR_STD): Float32Array {
  const { height: H, width: W, channels: C } = ds;
  const per = H * W * C;
  const out = new Float32Array(indices.length * per);
  const scale = Array.from({ length: C }, (_, c) => 1 / (255 * std[c]));
  const shift = Array.from({ length: C }, (_, c) => -mean[c] / std[c]);
  for (let j = 0; j < indices.length; j++) {
    const src = indices[j] * per;
    const dy = rng.int(2 * PAD + 1) - PAD;
    const dx = rng.int(2 * PAD + 1) - PAD;
    const flip = rng.next() < 0.5;
    for (let y = 0; y < H; y++) {
      const sy = y + dy;
      for (let x = 0; x < W; x++) {
        const sx = (flip ? W - 1 - x : x) + dx;
        const o = j * per + (y * W + x) * C;
        const inside = sy >= 0 && sy < H && sx >= 0 && sx < W;
        for (let c = 0; c < C; c++) {
          const raw = inside ? ds.images[src + (sy * W + sx) * C + c] : 0;
          out[o + c] = raw * scale[c] + shift[c];
        }
      }
    }
  }
  return out;
}
