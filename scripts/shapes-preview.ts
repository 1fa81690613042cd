/**
 * Visual check of Shapes-10: writes a grid (one row per class, N samples per row, upscaled)
 * as PNG (built-in encoder over node:zlib) or PPM (by the output's extension).
 *
 *   npx tsx scripts/shapes-preview.ts OUT.png [--split test] [--seed 1234] [--per-class 10] [--scale 3]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { deflateSync } from 'node:zlib';
import { generateShapes10, SHAPES10_CLASSES, type Shapes10Split } from '../src/core/data/shapes10';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const body = Buffer.concat([head.subarray(4), Buffer.from(data)]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body), 0);
  return Buffer.concat([head.subarray(0, 4), body, crc]);
}

/** Encodes an RGB image (row-major, 3 bytes per pixel) as a PNG file. Returns the bytes. */
export function encodePng(rgb: Uint8Array, width: number, height: number): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 3 + 1)] = 0; // filter: none
    raw.set(rgb.subarray(y * width * 3, (y + 1) * width * 3), y * (width * 3 + 1) + 1);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type RGB
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([sig, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array(0))]);
}

/** Encodes an RGB image as binary PPM (P6). Returns the bytes. */
export function encodePpm(rgb: Uint8Array, width: number, height: number): Buffer {
  return Buffer.concat([Buffer.from(`P6\n${width} ${height}\n255\n`, 'ascii'), Buffer.from(rgb)]);
}

function main(argv: string[]): void {
  const out = argv.find((a, i) => !a.startsWith('--') && (i === 0 || !argv[i - 1].startsWith('--')));
  if (!out) {
    console.error('usage: tsx scripts/shapes-preview.ts OUT.(png|ppm) [--split test] [--seed N] [--per-class N] [--scale N]');
    process.exit(2);
  }
  const opt = (name: string, dflt: string): string => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : dflt;
  };
  const split = opt('split', 'test') as Shapes10Split;
  const seed = Number(opt('seed', '1234'));
  const perClass = Number(opt('per-class', '10'));
  const scale = Number(opt('scale', '3'));

  const ds = generateShapes10(split, { seed });
  const k = SHAPES10_CLASSES.length;
  const cell = 32 * scale + 2; // 2 px gutter
  const W = perClass * cell;
  const H = k * cell;
  const rgb = new Uint8Array(W * H * 3).fill(255);
  const filled = new Array<number>(k).fill(0);
  for (let i = 0; i < ds.count; i++) {
    const c = ds.labels[i];
    if (filled[c] >= perClass) continue;
    const gx = filled[c]++ * cell;
    const gy = c * cell;
    for (let y = 0; y < 32 * scale; y++) {
      for (let x = 0; x < 32 * scale; x++) {
        const src = (i * 1024 + Math.floor(y / scale) * 32 + Math.floor(x / scale)) * 3;
        const dst = ((gy + y) * W + gx + x) * 3;
        rgb[dst] = ds.images[src];
        rgb[dst + 1] = ds.images[src + 1];
        rgb[dst + 2] = ds.images[src + 2];
      }
    }
  }
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, out.toLowerCase().endsWith('.ppm') ? encodePpm(rgb, W, H) : encodePng(rgb, W, H));
  console.log(`wrote ${out}: ${k} rows (${SHAPES10_CLASSES.join(', ')}) × ${perClass} samples, ${W}×${H} px`);
}

main(process.argv.slice(2));
