/**
 * Turns a set of named files (from an archive, a file picker or downloads) into CIFAR datasets:
 * CIFAR-10 `data_batch_N.bin` / `test_batch.bin` / `batches.meta.txt`, or CIFAR-100
 * `train.bin` / `test.bin` / `fine_label_names.txt` / `coarse_label_names.txt`.
 */
import type { ImageDataset } from './dataset.ts';
import type { ArchiveFile } from './archive.ts';
import { cifarRecordCount, decodeCifarBinaryInto, CIFAR10_RECORD_BYTES, CIFAR100_RECORD_BYTES, type CifarVariant, type DecodeOptions } from './cifar-binary.ts';
import { CIFAR100_COARSE_CLASSES, CIFAR100_FINE_CLASSES, CIFAR10_CLASSES, parseNames } from './cifar-names.ts';

export interface CifarBundle {
  variant: CifarVariant;
  /** Training images (all data_batch files, or train.bin), if present. */
  train?: ImageDataset;
  /** The official test set, if present. */
  test?: ImageDataset;
  /** Names of the files that were used. */
  used: string[];
}

const baseName = (path: string) => path.split('/').pop() ?? path;
const TEN_TRAIN = /^data_batch_(\d+)\.bin$/;

/** Which variant a loose .bin file is, from its name or else its size; undefined when unknown. */
function variantOf(name: string, size: number): CifarVariant | undefined {
  if (TEN_TRAIN.test(name) || name === 'test_batch.bin') return 'cifar10';
  if (name === 'train.bin' || name === 'test.bin') return 'cifar100';
  const ten = size % CIFAR10_RECORD_BYTES === 0;
  const hundred = size % CIFAR100_RECORD_BYTES === 0;
  return ten && !hundred ? 'cifar10' : hundred && !ten ? 'cifar100' : undefined;
}

/**
 * Builds CIFAR datasets from files. `expect` forces the variant (a CIFAR-100 file given as
 * CIFAR-10 then fails with a clear message). Throws when no batch file is found, files mix
 * variants, or a file does not decode. Copies pixel data (the inputs can be dropped after).
 */
export function cifarFromFiles(files: readonly ArchiveFile[], opts: { expect?: CifarVariant; name?: string } = {}): CifarBundle {
  const bins = files.filter((f) => baseName(f.name).endsWith('.bin') && !baseName(f.name).startsWith('._'));
  if (bins.length === 0) {
    const listed = files.slice(0, 6).map((f) => baseName(f.name)).join(', ');
    throw new Error(`No CIFAR batch files found (expected data_batch_N.bin / test_batch.bin, or train.bin / test.bin)${listed ? `; got ${listed}` : ''}`);
  }
  const variants = new Set(bins.map((f) => opts.expect ?? variantOf(baseName(f.name), f.data.length)));
  const misfit = bins.find((f) => !opts.expect && f.data.length % CIFAR10_RECORD_BYTES !== 0 && f.data.length % CIFAR100_RECORD_BYTES !== 0 && !variantOf(baseName(f.name), -1));
  if (misfit) throw new Error(`'${baseName(misfit.name)}' is ${misfit.data.length} bytes: not a whole number of 3073-byte CIFAR-10 or 3074-byte CIFAR-100 records (truncated?)`);
  if (variants.has(undefined)) throw new Error(`Cannot tell whether ${bins.map((f) => `'${baseName(f.name)}'`).join(', ')} is CIFAR-10 or CIFAR-100; choose the dataset type`);
  if (variants.size > 1) throw new Error('The files mix CIFAR-10 and CIFAR-100 batches');
  const variant = [...variants][0] as CifarVariant;
  const text = (file: string) => {
    const f = files.find((x) => baseName(x.name) === file);
    return f ? parseNames(new TextDecoder().decode(f.data)) : undefined;
  };
  const classNames = variant === 'cifar10' ? (text('batches.meta.txt') ?? [...CIFAR10_CLASSES]) : (text('fine_label_names.txt') ?? [...CIFAR100_FINE_CLASSES]);
  const coarseClassNames = variant === 'cifar100' ? (text('coarse_label_names.txt') ?? [...CIFAR100_COARSE_CLASSES]) : undefined;
  const name = opts.name ?? variant;
  const options = (f: ArchiveFile, split: string): DecodeOptions => ({ variant, classNames, coarseClassNames, name, split, source: baseName(f.name) });
  /** Decodes the split's files straight into one set of arrays (no per-file copies to join). */
  const decode = (parts: ArchiveFile[], split: string): ImageDataset => {
    const count = parts.reduce((a, f) => a + cifarRecordCount(f.data, options(f, split)), 0);
    const target = { images: new Uint8Array(count * 3072), labels: new Uint8Array(count), coarse: variant === 'cifar100' ? new Uint8Array(count) : undefined };
    let at = 0;
    for (const f of parts) at += decodeCifarBinaryInto(f.data, options(f, split), target, at);
    const ds: ImageDataset = { name, split, images: target.images, labels: target.labels, count, height: 32, width: 32, channels: 3, classNames: [...classNames] };
    if (target.coarse) {
      ds.coarseLabels = target.coarse;
      ds.coarseClassNames = [...coarseClassNames!];
    }
    return ds;
  };

  const isTest = (f: ArchiveFile) => /^test(_batch)?\.bin$/.test(baseName(f.name));
  const trainFiles = bins.filter((f) => !isTest(f)).sort((a, b) => batchIndex(a) - batchIndex(b));
  const testFiles = bins.filter(isTest);
  const bundle: CifarBundle = { variant, used: bins.map((f) => f.name) };
  if (trainFiles.length) bundle.train = decode(trainFiles, 'train');
  if (testFiles.length) bundle.test = decode(testFiles, 'test');
  return bundle;
}

function batchIndex(f: ArchiveFile): number {
  const m = TEN_TRAIN.exec(baseName(f.name));
  return m ? Number(m[1]) : 0;
}
