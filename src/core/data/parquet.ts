/**
 * CIFAR in the Hugging Face parquet layout, read with hyparquet: `uoft-cs/cifar10`
 * (`img` = struct of PNG `bytes` and `path`, `label`) and `uoft-cs/cifar100` (`img`,
 * `fine_label`, `coarse_label`). PNG decoding is injected (the worker uses createImageBitmap,
 * Node tests a pure-JS decoder), so this module stays DOM-free.
 */
import { parquetMetadata, parquetReadObjects, parquetSchema } from 'hyparquet';
import type { ImageDataset } from './dataset.ts';
import type { CifarVariant } from './cifar-binary.ts';
import { CIFAR100_COARSE_CLASSES, CIFAR100_FINE_CLASSES, CIFAR10_CLASSES } from './cifar-names.ts';
import { throwIfCancelled } from '../cancel.ts';

/** A decoded image: RGBA bytes, row-major. */
export interface DecodedImage { width: number; height: number; rgba: Uint8Array | Uint8ClampedArray }
export type PngDecoder = (png: Uint8Array) => Promise<DecodedImage>;

/** PNGs decoded concurrently. */
const DECODE_GROUP = 64;

export interface ParquetOptions {
  decodePng: PngDecoder;
  split: string;
  /** Used in error messages, e.g. the file name. */
  source?: string;
  /** Rows decoded per chunk (memory bound: only one chunk of PNG rows is held at a time). */
  chunkRows?: number;
  onProgress?: (done: number, total: number) => void;
  shouldCancel?: () => boolean;
}

/** Which layout a parquet file has, from its top-level column names; undefined if neither. */
export function parquetVariant(columns: readonly string[]): CifarVariant | undefined {
  if (!columns.includes('img')) return undefined;
  if (columns.includes('fine_label') && columns.includes('coarse_label')) return 'cifar100';
  if (columns.includes('label')) return 'cifar10';
  return undefined;
}

/**
 * Reads a CIFAR parquet file into an NHWC uint8 dataset. Throws a clear Error for a file that is
 * not parquet, lacks the expected columns, or holds an image that does not decode to 32×32.
 */
export async function readCifarParquet(file: ArrayBuffer, opts: ParquetOptions): Promise<ImageDataset> {
  const what = opts.source ? `'${opts.source}'` : 'The parquet file';
  let metadata;
  try {
    metadata = parquetMetadata(file);
  } catch (err) {
    throw new Error(`${what} is not a readable parquet file (${err instanceof Error ? err.message : String(err)})`);
  }
  const tree = parquetSchema(metadata);
  // Every column chunk must name a column of the schema: hyparquet starts reading the chunks
  // before it finds one that does not, and that read's failure would then go unobserved.
  const leaves = new Set<string>();
  const walk = (node: typeof tree, path: string[]) => { if (!node.children.length) leaves.add(path.join('.')); for (const c of node.children) walk(c, [...path, c.element.name]); };
  walk(tree, []);
  for (const group of metadata.row_groups) {
    for (const chunk of group.columns) {
      const path = chunk.meta_data?.path_in_schema?.join('.') ?? '';
      if (!leaves.has(path)) throw new Error(`${what} is damaged: a row group holds column '${path.slice(0, 60)}', which its schema lacks`);
    }
  }
  const top = tree.children;
  const columns = top.map((c) => c.element.name);
  const variant = parquetVariant(columns);
  const img = top.find((c) => c.element.name === 'img');
  if (!variant || !img?.children.some((c) => c.element.name === 'bytes')) {
    throw new Error(`${what} lacks the expected columns: CIFAR-10 needs img{bytes} and label, CIFAR-100 img{bytes}, fine_label and coarse_label; found ${columns.join(', ') || 'none'}`);
  }
  const count = Number(metadata.num_rows);
  // The footer's row count sizes the buffers below: a damaged one must not ask for gigabytes.
  if (!Number.isSafeInteger(count) || count < 0 || count > file.byteLength) throw new Error(`${what} is damaged: it declares ${String(metadata.num_rows)} rows in ${file.byteLength} bytes`);
  const images = new Uint8Array(count * 3072);
  const labels = new Uint8Array(count);
  const coarse = variant === 'cifar100' ? new Uint8Array(count) : undefined;
  const classNames = variant === 'cifar10' ? CIFAR10_CLASSES : CIFAR100_FINE_CLASSES;
  const labelColumn = variant === 'cifar10' ? 'label' : 'fine_label';
  const chunk = opts.chunkRows ?? 2000;
  for (let start = 0; start < count; start += chunk) {
    throwIfCancelled(opts.shouldCancel);
    const end = Math.min(count, start + chunk);
    let rows: Record<string, unknown>[];
    try {
      rows = await parquetReadObjects({
        file, rowStart: start, rowEnd: end, utf8: false,
        columns: variant === 'cifar10' ? ['img', 'label'] : ['img', 'fine_label', 'coarse_label'],
      });
    } catch (err) {
      throw new Error(`${what} is damaged: rows ${start}–${end - 1} cannot be read (${err instanceof Error ? err.message : String(err)})`);
    }
    // Decodes overlap (createImageBitmap is asynchronous): a group of PNGs is in flight at once.
    const decodedRows: Promise<DecodedImage>[] = [];
    const decodeRow = async (r: number): Promise<DecodedImage> => {
      const png = ((rows[r] as Record<string, unknown>).img as { bytes?: unknown } | null)?.bytes;
      if (!(png instanceof Uint8Array)) throw new Error(`${what}: row ${start + r} has no image bytes`);
      try {
        return await opts.decodePng(png);
      } catch (err) {
        throw new Error(`${what}: the PNG of row ${start + r} does not decode (${err instanceof Error ? err.message : String(err)})`);
      }
    };
    for (let r = 0; r < rows.length; r++) {
      if (r % DECODE_GROUP === 0) {
        for (let q = r; q < Math.min(rows.length, r + DECODE_GROUP); q++) decodedRows[q] = decodeRow(q);
        // Settle the whole group before reading it, so no rejection goes unhandled.
        await Promise.allSettled(decodedRows.slice(r, r + DECODE_GROUP));
      }
      const i = start + r;
      const row = rows[r] as Record<string, unknown>;
      const label = row[labelColumn] == null ? NaN : Number(row[labelColumn]);
      if (!Number.isInteger(label) || label < 0 || label >= classNames.length) throw new Error(`${what}: row ${i} has ${labelColumn} ${String(row[labelColumn])}, outside 0..${classNames.length - 1}`);
      labels[i] = label;
      if (coarse) {
        const c = row.coarse_label == null ? NaN : Number(row.coarse_label);
        if (!Number.isInteger(c) || c < 0 || c >= 20) throw new Error(`${what}: row ${i} has coarse_label ${String(row.coarse_label)}, outside 0..19`);
        coarse[i] = c;
      }
      const decoded = await decodedRows[r];
      if (decoded.width !== 32 || decoded.height !== 32) throw new Error(`${what}: row ${i} is ${decoded.width}×${decoded.height}, expected 32×32`);
      const dst = i * 3072;
      for (let p = 0; p < 1024; p++) {
        images[dst + p * 3] = decoded.rgba[p * 4];
        images[dst + p * 3 + 1] = decoded.rgba[p * 4 + 1];
        images[dst + p * 3 + 2] = decoded.rgba[p * 4 + 2];
      }
    }
    opts.onProgress?.(end, count);
  }
  const ds: ImageDataset = { name: variant, split: opts.split, images, labels, count, height: 32, width: 32, channels: 3, classNames: [...classNames] };
  if (coarse) {
    ds.coarseLabels = coarse;
    ds.coarseClassNames = [...CIFAR100_COARSE_CLASSES];
  }
  return ds;
}
