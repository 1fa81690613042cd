import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

/**
 * WASM threads need SharedArrayBuffer, which needs a cross-origin isolated page: every response
 * carries COOP/COEP (dev and preview). A static host must send the same two headers.
 */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  // Relative base: the static build works from any sub-path.
  base: './',
  plugins: [svelte()],
  server: { headers: ISOLATION_HEADERS },
  preview: { headers: ISOLATION_HEADERS },
  worker: { format: 'es', rolldownOptions: { output: { minify: { compress: false, mangle: true } } } },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    rolldownOptions: {
      // Full minification breaks tfjs-wasm's pthread worker (setBackend('wasm') hangs);
      // mangling alone is safe.
      output: { minify: { compress: false, mangle: true } },
    },
  },
});
