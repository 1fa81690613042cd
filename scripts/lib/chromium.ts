/**
 * Launches the machine's Chromium (or Chrome/Edge) headless through playwright-core, never a
 * downloaded browser.
 * WebGPU runs on SwiftShader with --enable-unsafe-webgpu: correct, ~100× slower than WASM.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { BROWSER_HINT, findBrowser } from '../local-env.ts';

/** CHROMIUM_PATH, else the first Chromium, Chrome or Edge at its usual path (scripts/local-env.ts). */
export const CHROMIUM = findBrowser() ?? '/usr/bin/chromium';

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
  if (!existsSync(CHROMIUM)) throw new Error(`No browser at ${CHROMIUM}: ${BROWSER_HINT}`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...BASE_FLAGS, ...(opts.webgpu ? WEBGPU_FLAGS : ['--disable-gpu'])],
  });
}
