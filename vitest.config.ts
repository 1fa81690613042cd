import { configDefaults, defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import type { Plugin } from 'vite';
import { compileModule } from 'svelte/compiler';
import { availableParallelism } from 'node:os';
import { SLOW_TESTS } from './test/tiers.ts';

/**
 * Compiles the state's `.svelte.ts` modules for Svelte's client runtime (after the TypeScript
 * transform): vite-plugin-svelte would compile them for the server in a Node project, where
 * $state is a plain value and $effect never runs.
 */
function svelteClientModules(): Plugin {
  return {
    name: 'svelte-client-modules',
    enforce: 'post',
    transform(code, id) {
      if (!/\.svelte\.ts$/.test(id)) return;
      const { js } = compileModule(code, { filename: id, generate: 'client' });
      return { code: js.code, map: js.map };
    },
  };
}

/**
 * The tiers (test/tiers.ts): `vitest run` (npm test) leaves the slow files out, `vitest run --mode
 * slow` (npm run test:slow) runs only them; a project with no slow file is left out of that run.
 */
function tiered(mode: string, projects: TestProjectInlineConfiguration[]): TestProjectInlineConfiguration[] {
  const slow = Object.keys(SLOW_TESTS);
  const under = (p: TestProjectInlineConfiguration) => (p.test?.include ?? []).map((g) => g.slice(0, g.indexOf('**')));
  if (mode !== 'slow') return projects.map((p) => ({ ...p, test: { ...p.test, exclude: [...configDefaults.exclude, ...slow] } }));
  return projects
    .map((p) => ({ ...p, test: { ...p.test, include: slow.filter((f) => under(p).some((dir) => f.startsWith(dir))) } }))
    .filter((p) => p.test.include.length > 0);
}

// Three projects: `core` runs pure TypeScript + tfjs (cpu backend) in Node; `state` runs the
// state modules in Node on fake worker clients; `browser` drives the built app in headless
// Chromium through playwright-core (see test/browser/setup.ts).
export default defineConfig(({ mode }) => ({
  test: {
    // At least two files at a time, browser files included: each launches its own Chromium with
    // a fresh profile, and each writes fixture files under names no other file uses (the two
    // servers are shared). Vitest's default on 2 cores is one worker, every file in a row:
    // 1,807 s here; two workers: 1,251 s, every test passing.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: tiered(mode, [
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
        // Svelte's client runtime in Node, so runes are reactive as in the page.
        plugins: [svelteClientModules()],
        // `svelte` (flushSync, …) resolves to its client build too, in Node's resolver as well.
        resolve: { conditions: ['browser'] },
        ssr: { resolve: { conditions: ['browser'], externalConditions: ['browser'] } },
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
        },
      },
    ]),
  },
}));
