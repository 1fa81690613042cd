import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { exportShapes10 } from '../../../scripts/export-shapes';
import { decodeCifar10Binary } from '../../../src/core/data/cifar-binary';
import { generateShapes10, SHAPES10_CLASSES } from '../../../src/core/data/shapes10';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'shapes10-export-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('scripts/export-shapes', () => {
  it('writes the three splits in CIFAR-10 binary, the class list and a README', () => {
    const lines: string[] = [];
    const out = join(tmp, 'nested', 'dir'); // created on demand
    const files = exportShapes10(out, 1234, (l) => lines.push(l));
    expect(files.map((f) => [f.file, f.count])).toEqual([
      ['data_batch_1.bin', 10000],
      ['validation_batch.bin', 2000],
      ['test_batch.bin', 2000],
    ]);
    for (const f of files) expect(statSync(join(out, f.file)).size).toBe(f.count * 3073);
    expect(lines.length).toBe(5);
    expect(lines[0]).toMatch(/data_batch_1\.bin: 10000 train images/);

    const meta = readFileSync(join(out, 'batches.meta.txt'), 'utf8');
    expect(meta.endsWith('\n')).toBe(true);
    expect(meta.trimEnd().split('\n')).toEqual(SHAPES10_CLASSES);
    const readme = readFileSync(join(out, 'README.txt'), 'utf8');
    expect(readme).toContain('1234');
    expect(readme).toContain('3073');
    expect(readme).toContain('validation_batch.bin');

    const test = decodeCifar10Binary(new Uint8Array(readFileSync(join(out, 'test_batch.bin'))), SHAPES10_CLASSES, 'shapes10', 'test');
    const ref = generateShapes10('test');
    expect(Buffer.from(test.images).equals(Buffer.from(ref.images))).toBe(true);
    expect(Buffer.from(test.labels).equals(Buffer.from(ref.labels))).toBe(true);
  });

  it('as a CLI: exits non-zero with a usage message when OUT_DIR is missing', () => {
    const r = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'scripts', 'export-shapes.ts')], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/usage: .*OUT_DIR/);
  });
});
