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

/** Bytes per CIFAR-100 binary record: coarse label, fine label, 3 × 1,024 planar pixels. */
export const CIFAR100_RECORD_BYTES = 2 + 3 * PLANE;

export type CifarVariant = 'cifar10' | 'cifar100';

export interface DecodeOptions {
  variant: CifarVariant;
  /** CIFAR-10 names, or CIFAR-100 fine names. */
  classNames: readonly string[];
  /** CIFAR-100 only: the 20 coarse names. */
  coarseClassNames?: readonly string[];
  /** Dataset name and split for the result, e.g. 'cifar10', 'test'. */
  name: string;
  split: string;
  /** Used in error messages, e.g. the file name. */
  source?: string;
}

/**
 * Decodes official CIFAR binary records (CIFAR-10: 3,073 bytes, label + planes; CIFAR-100:
 * 3,074 bytes, coarse label + fine label + planes) into an NHWC dataset with fresh arrays.
 * CIFAR-100 keeps both label kinds: `labels` are fine, `coarseLabels` coarse.
 * Throws a user-readable Error on a truncated file, a CIFAR-100 file given as CIFAR-10 (and
 * vice versa), or a label out of range. `bytes` is not mutated.
 */
export function decodeCifarBinary(bytes: Uint8Array, opts: DecodeOptions): ImageDataset {
  const count = cifarRecordCount(bytes, opts);
  const images = new Uint8Array(count * PLANE * 3);
  const labels = new Uint8Array(count);
  const coarse = opts.variant === 'cifar100' ? new Uint8Array(count) : undefined;
  decodeCifarBinaryInto(bytes, opts, { images, labels, coarse }, 0);
  const ds: ImageDataset = { name: opts.name, split: opts.split, images, labels, count, height: SIDE, width: SIDE, channels: 3, classNames: [...opts.classNames] };
  if (coarse) {
    ds.coarseLabels = coarse;
    ds.coarseClassNames = [...(opts.coarseClassNames ?? [])];
  }
  return ds;
}

/**
 * The number of records in a CIFAR binary file; throws the user-readable length errors of
 * `decodeCifarBinary` (truncated, or the other variant).
 */
export function cifarRecordCount(bytes: Uint8Array, opts: Pick<DecodeOptions, 'variant' | 'source'>): number {
  const record = opts.variant === 'cifar10' ? CIFAR10_RECORD_BYTES : CIFAR100_RECORD_BYTES;
  const other = opts.variant === 'cifar10' ? CIFAR100_RECORD_BYTES : CIFAR10_RECORD_BYTES;
  const what = opts.source ? `'${opts.source}'` : 'The file';
  const label = opts.variant === 'cifar10' ? 'CIFAR-10' : 'CIFAR-100';
  if (bytes.length === 0 || bytes.length % record !== 0) {
    const hint = bytes.length > 0 && bytes.length % other === 0
      ? ` It looks like ${opts.variant === 'cifar10' ? 'CIFAR-100' : 'CIFAR-10'} (${other}-byte records).`
      : ' It may be truncated or not a CIFAR binary file.';
    throw new Error(`${what} is ${bytes.length} bytes, not a whole number of ${record}-byte ${label} records.${hint}`);
  }
  return bytes.length / record;
}

/**
 * Decodes the records of `bytes` into preallocated NHWC arrays starting at image `at`, so several
 * batch files fill one dataset without an extra copy. Mutates `target`; returns the record count.
 */
export function decodeCifarBinaryInto(bytes: Uint8Array, opts: DecodeOptions, target: { images: Uint8Array; labels: Uint8Array; coarse?: Uint8Array }, at: number): number {
  const count = cifarRecordCount(bytes, opts);
  const record = opts.variant === 'cifar10' ? CIFAR10_RECORD_BYTES : CIFAR100_RECORD_BYTES;
  const what = opts.source ? `'${opts.source}'` : 'The file';
  const label = opts.variant === 'cifar10' ? 'CIFAR-10' : 'CIFAR-100';
  const offset = record - 3 * PLANE; // label bytes before the pixels
  const { images, labels, coarse } = target;
  const numCoarse = opts.coarseClassNames?.length ?? 20;
  for (let j = 0; j < count; j++) {
    const i = at + j;
    const rec = j * record;
    const fine = bytes[rec + offset - 1];
    if (fine >= opts.classNames.length) {
      throw new Error(`${what}: record ${j} has label ${fine}, but ${label} has ${opts.classNames.length} classes — is this really ${label}?`);
    }
    labels[i] = fine;
    if (coarse) {
      const c = bytes[rec];
      if (c >= numCoarse) throw new Error(`${what}: record ${j} has coarse label ${c}, but CIFAR-100 has ${numCoarse} superclasses`);
      coarse[i] = c;
    }
    const dst = i * PLANE * 3;
    const r = rec + offset;
    for (let p = 0; p < PLANE; p++) {
      images[dst + p * 3] = bytes[r + p];
      images[dst + p * 3 + 1] = bytes[r + PLANE + p];
      images[dst + p * 3 + 2] = bytes[r + 2 * PLANE + p];
    }
  }
  return count;
}

/**
 * Decodes CIFAR-10 binary records into an NHWC dataset (fresh arrays; `bytes` is not mutated).
 * Throws an Error when the length is not a multiple of 3,073 or a label is ≥ classNames.length.
 */
export function decodeCifar10Binary(bytes: Uint8Array, classNames: string[], name: string, split: string): ImageDataset {
  return decodeCifarBinary(bytes, { variant: 'cifar10', classNames, name, split });
}

/** Writes CIFAR-100 binary records (coarse, fine, planes) — for tests and tools. */
export function encodeCifar100Binary(ds: ImageDataset): Uint8Array {
  if (!ds.coarseLabels) throw new Error('encodeCifar100Binary: the dataset has no coarse labels');
  const ten = encodeCifar10Binary(ds);
  const out = new Uint8Array(ds.count * CIFAR100_RECORD_BYTES);
  for (let i = 0; i < ds.count; i++) {
    out[i * CIFAR100_RECORD_BYTES] = ds.coarseLabels[i];
    out.set(ten.subarray(i * CIFAR10_RECORD_BYTES, (i + 1) * CIFAR10_RECORD_BYTES), i * CIFAR100_RECORD_BYTES + 1);
  }
  return out;
}

/**
 * Concatenates datasets of the same shape and classes (e.g. data_batch_1..5) into new arrays.
 * Throws when shapes or class lists differ.
 */
export function concatDatasets(parts: readonly ImageDataset[], split: string): ImageDataset {
  if (parts.length === 0) throw new Error('concatDatasets: nothing to concatenate');
  const first = parts[0];
  for (const p of parts) {
    if (p.height !== first.height || p.width !== first.width || p.channels !== first.channels || p.classNames.join() !== first.classNames.join() || !!p.coarseLabels !== !!first.coarseLabels) {
      throw new Error(`concatDatasets: '${p.split}' does not match '${first.split}' (shape or classes differ)`);
    }
  }
  if (parts.length === 1) return { ...first, split };
  const count = parts.reduce((a, p) => a + p.count, 0);
  const images = new Uint8Array(parts.reduce((a, p) => a + p.images.length, 0));
  const labels = new Uint8Array(count);
  const coarse = first.coarseLabels ? new Uint8Array(count) : undefined;
  let i = 0;
  let px = 0;
  for (const p of parts) {
    images.set(p.images, px);
    labels.set(p.labels, i);
    if (coarse) coarse.set(p.coarseLabels!, i);
    px += p.images.length;
    i += p.count;
  }
  return { ...first, split, images, labels, count, ...(coarse ? { coarseLabels: coarse } : {}) };
}
