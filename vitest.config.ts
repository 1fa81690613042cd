import { defineConfig } from 'vitest/config';

// Two projects: `core` runs pure TypeScript + tfjs (cpu backend) in Node; `browser` drives the
// built app in headless Chromium through playwright-core (see test/browser/setup.ts).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'core',
          include: ['test/core/**/*.test.ts', 'test/state/**/*.test.ts', 'test/docs/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
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
