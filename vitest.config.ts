import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// Three projects: `core` runs pure TypeScript + tfjs (cpu backend) in Node; `state` runs the
// state modules in Node on fake worker clients; `browser` drives the built app in headless
// Chromium through playwright-core (see test/browser/setup.ts).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'core',
          include: ['test/core/**/*.test.ts', 'test/docs/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        // The state's .svelte.ts modules compile with Svelte's client runtime, so runes work in Node.
        plugins: [svelte()],
        resolve: { conditions: ['browser'] },
        test: {
          name: 'state',
          include: ['test/state/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/browser/global-setup.ts'],
          testTimeout: 600_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
