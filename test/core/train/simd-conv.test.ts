/**
 * The lab's WebAssembly SIMD kernels: the committed module is what `npm run build:kernels` makes
 * of conv.wat (so the readable source is what runs). Their numerics against float64 loops are
 * checked through the wasm backend in kernels.test.ts, for every conv shape of the zoo.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { kernelModuleText, TS_PATH, WAT_PATH } from '../../../scripts/build-kernels.ts';

describe('SIMD convolution kernels', () => {
  it('conv-wasm.ts is conv.wat compiled', async () => {
    expect(readFileSync(TS_PATH, 'utf8')).toBe(await kernelModuleText(readFileSync(WAT_PATH, 'utf8')));
  });
});
