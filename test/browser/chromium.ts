/**
 * Launches Debian's Chromium headless through playwright-core (never a downloaded browser).
 * WebGPU runs on SwiftShader with --enable-unsafe-webgpu: correct, ~100× slower than WASM.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags needed as root on a machine without network access (see README). */
export const BASE_FLAGS = [
  '--no-sandbox', '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--disable-quic', '--disable-dev-shm-usage',
];
export const WEBGPU_FLAGS = ['--enable-unsafe-webgpu'];

/**
 * Starts a fresh headless Chromium (temporary profile). `webgpu` adds the WebGPU flags; without
 * it the GPU is disabled, so the backend choice is the same on machines with and without one.
 */
export async function launchChromium(opts: { webgpu?: boolean } = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (.ci/run does this)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...BASE_FLAGS, ...(opts.webgpu ? WEBGPU_FLAGS : ['--disable-gpu'])],
  });
}
