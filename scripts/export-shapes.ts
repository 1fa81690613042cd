/**
 * Exports Shapes-10 in the CIFAR-10 binary layout, so offline trainers that read CIFAR-10 can
 * train on it unchanged.
 *
 *   npm run data:shapes -- OUT_DIR [--seed N]
 *
 * Writes data_batch_1.bin (train), validation_batch.bin, test_batch.bin, batches.meta.txt and
 * README.txt into OUT_DIR (created if missing).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CIFAR10_RECORD_BYTES, encodeCifar10Binary } from '../src/core/data/cifar-binary';
import { generateShapes10, SHAPES10_CLASSES, SHAPES10_SPLITS, type Shapes10Split } from '../src/core/data/shapes10';

/** One written data file. */
export interface ExportedFile {
  file: string;
  split: Shapes10Split;
  count: number;
  bytes: number;
  ms: number;
}

const FILES: ReadonlyArray<[string, Shapes10Split]> = [
  ['data_batch_1.bin', 'train'],
  ['validation_batch.bin', 'validation'],
  ['test_batch.bin', 'test'],
];

function readme(seed: number): string {
  const lines = [
    'Shapes-10: synthetic 32x32 RGB glyph images in 10 classes, made by the pruning lab',
    '(src/core/data/shapes10.ts), stored in the CIFAR-10 binary layout.',
    '',
    `Seed: ${seed}   (regenerate: npm run data:shapes -- OUT_DIR --seed ${seed})`,
    '',
    'Files:',
    ...FILES.map(([f, s]) => `  ${f.padEnd(22)} ${s} split, ${SHAPES10_SPLITS[s]} images`),
    '  batches.meta.txt       class names, one per line; line k is label k',
    '',
    `Record layout (${CIFAR10_RECORD_BYTES} bytes per image, records back to back, no header):`,
    '  byte  0            label, 0..9 (line label+1 of batches.meta.txt)',
    '  bytes 1..1024      red plane, 32x32, row-major (row 0 = top)',
    '  bytes 1025..2048   green plane',
    '  bytes 2049..3072   blue plane',
    '',
    'Classes are exactly balanced in each split (N/10 images per class).',
    '',
  ];
  return lines.join('\n');
}

/**
 * Generates every Shapes-10 split with `seed` and writes the files into `outDir` (created if
 * missing; existing files are overwritten). Calls `log` once per file. Returns what was written.
 */
export function exportShapes10(outDir: string, seed = 1234, log: (line: string) => void = () => {}): ExportedFile[] {
  mkdirSync(outDir, { recursive: true });
  const written: ExportedFile[] = [];
  for (const [file, split] of FILES) {
    const t0 = performance.now();
    const ds = generateShapes10(split, { seed });
    const bytes = encodeCifar10Binary(ds);
    writeFileSync(join(outDir, file), bytes);
    const ms = performance.now() - t0;
    written.push({ file, split, count: ds.count, bytes: bytes.length, ms });
    log(`${file}: ${ds.count} ${split} images, ${bytes.length} bytes, ${(ms / 1000).toFixed(2)} s`);
  }
  writeFileSync(join(outDir, 'batches.meta.txt'), SHAPES10_CLASSES.join('\n') + '\n');
  log(`batches.meta.txt: ${SHAPES10_CLASSES.length} class names`);
  writeFileSync(join(outDir, 'README.txt'), readme(seed));
  log('README.txt');
  return written;
}

const USAGE = 'usage: npm run data:shapes -- OUT_DIR [--seed N]';

function main(argv: string[]): number {
  let outDir: string | undefined;
  let seed = 1234;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--seed') {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v)) {
        console.error(`--seed needs an integer\n${USAGE}`);
        return 2;
      }
      seed = v;
    } else if (a === '--help' || a === '-h') {
      console.log(USAGE);
      return 0;
    } else if (a.startsWith('--') || outDir !== undefined) {
      console.error(`unexpected argument '${a}'\n${USAGE}`);
      return 2;
    } else {
      outDir = a;
    }
  }
  if (outDir === undefined) {
    console.error(USAGE);
    return 2;
  }
  // `npm run` moves to the package root; INIT_CWD is where the user typed the command.
  const dir = resolve(process.env.INIT_CWD ?? process.cwd(), outDir);
  const t0 = performance.now();
  exportShapes10(dir, seed, (line) => console.log(line));
  console.log(`done in ${((performance.now() - t0) / 1000).toFixed(2)} s (seed ${seed}) → ${dir}`);
  return 0;
}

// Run only as a script, not when a test imports exportShapes10.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
