import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { resolve } from 'node:path';
import { SW_ENTRY, SW_FILE, serviceWorker } from './scripts/vite-service-worker.ts';

/**
 * WASM threads need SharedArrayBuffer, which needs a cross-origin isolated page: every response
 * carries COOP/COEP (dev and preview). A static host must send the same two headers.
 */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * The lab's Content-Security-Policy, as a <meta> in index.html (any static host) and as a header
 * of the dev and preview servers. No inline or eval'd script; WebAssembly may compile.
 * connect-src is open to http(s) because users load data and models from any URL they give (the
 * URL codec accepts nothing else); the dev server adds ws: for hot reload.
 */
export function contentSecurityPolicy(dev = false): string {
  return [
    "default-src 'self'",
    // blob:: tfjs-wasm starts its pthread workers from blob: URLs, and each imports the
    // emscripten glue from another blob: URL (importScripts obeys script-src). Only the page's
    // own code can mint those URLs.
    "script-src 'self' 'wasm-unsafe-eval' blob:",
    "worker-src 'self' blob:",
    `connect-src 'self' http: https: blob:${dev ? ' ws:' : ''}`,
    "img-src 'self' data: blob:",
    // Svelte and Chart.js set inline styles; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
  ].join('; ');
}

function cspMeta(): Plugin {
  let dev = false;
  return {
    name: 'lab-csp-meta',
    configResolved(config) { dev = config.command === 'serve'; },
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicy(dev) }, injectTo: 'head-prepend' }],
  };
}

export default defineConfig({
  // Relative base: the static build works from any sub-path.
  base: './',
  plugins: [svelte(), cspMeta(), serviceWorker()],
  server: { headers: { ...ISOLATION_HEADERS, 'Content-Security-Policy': contentSecurityPolicy(true) } },
  preview: { headers: { ...ISOLATION_HEADERS, 'Content-Security-Policy': contentSecurityPolicy() } },
  worker: { format: 'es', rolldownOptions: { output: { minify: { compress: false, mangle: true } } } },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    rolldownOptions: {
      // The service worker is a second entry, at the root so that its scope is the whole app.
      input: { index: resolve(import.meta.dirname, 'index.html'), sw: SW_ENTRY },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'sw' ? SW_FILE : 'assets/[name]-[hash].js'),
        // Full minification breaks tfjs-wasm's pthread worker (setBackend('wasm') hangs);
        // mangling alone is safe.
        minify: { compress: false, mangle: true },
      },
    },
  },
});
