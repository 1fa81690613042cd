/**
 * The official CIFAR-10 binary layout (data_batch_N.bin / test_batch.bin): records of 3,073
 * bytes = 1 label byte, then the 1,024-byte R, G and B planes of a 32×32 image (each plane
 * row-major). The lab keeps images NHWC, so encoding transposes to planar and decoding back.
 */
import type { ImageDataset } from './dataset';

const SIDE = 32;
const PLANE = SIDE * SIDE;
/** Bytes per CIFAR-10 binary record: 1 label + 3 × 1,024 planar pixels. */
export const CIFAR10_RECORD_BYTES = 1 + 3 * PLANE;

/**
 * Encodes a dataset of 32×32×3 images in the CIFAR-10 binary layout.
 * Returns a new Uint8Array of `ds.count × 3,073` bytes; `ds` is not mutated.
 * Throws if the images are not 32×32×3 or a label does not fit in a byte.
 */
export function encodeCifar10Binary(ds: ImageDataset): Uint8Array {
  if (ds.height !== SIDE || ds.width !== SIDE || ds.channels !== 3) {
    throw new Error(`encodeCifar10Binary: images must be 32×32×3, got ${ds.height}×${ds.width}×${ds.channels}`);
  }
  if (ds.images.length !== ds.count * PLANE * 3 || ds.labels.length !== ds.count) {
    throw new Error(`encodeCifar10Binary: ${ds.count} images need ${ds.count * PLANE * 3} pixel bytes and ${ds.count} labels`);
  }
  const out = new Uint8Array(ds.count * CIFAR10_RECORD_BYTES);
  for (let i = 0; i < ds.count; i++) {
    const rec = i * CIFAR10_RECORD_BYTES;
    const src = i * PLANE * 3;
    out[rec] = ds.labels[i];
    for (let p = 0; p < PLANE; p++) {
      out[rec + 1 + p] = ds.images[src + p * 3];
      out[rec + 1 + PLANE + p] = ds.images[src + p * 3 + 1];
      out[rec + 1 + 2 * PLANE + p] = ds.images[src + p * 3 + 2];
    }
  }
  return out;
}

/**
 * Decodes CIFAR-10 binary records into an NHWC dataset (fresh arrays; `bytes` is not mutated).
 * Throws an Error when the length is not a multiple of 3,073 or a label is ≥ classNames.length.
 */
export function decodeCifar10Binary(bytes: Uint8Array, classNames: string[], name: string, split: string): ImageDataset {
  if (bytes.length % CIFAR10_RECORD_BYTES !== 0) {
    throw new Error(
      `decodeCifar10Binary: ${bytes.length} bytes is not a whole number of 3073-byte records (truncated or not CIFAR-10 binary?)`,
    );
  }
  const count = bytes.length / CIFAR10_RECORD_BYTES;
  const images = new Uint8Array(count * PLANE * 3);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const rec = i * CIFAR10_RECORD_BYTES;
    const label = bytes[rec];
    if (label >= classNames.length) {
      throw new Error(`decodeCifar10Binary: record ${i} has label ${label}, but there are only ${classNames.length} classes`);
    }
    labels[i] = label;
    const dst = i * PLANE * 3;
    for (let p = 0; p < PLANE; p++) {
      images[dst + p * 3] = bytes[rec + 1 + p];
      images[dst + p * 3 + 1] = bytes[rec + 1 + PLANE + p];
      images[dst + p * 3 + 2] = bytes[rec + 1 + 2 * PLANE + p];
    }
  }
  return { name, split, images, labels, count, height: SIDE, width: SIDE, channels: 3, classNames: [...classNames] };
}
