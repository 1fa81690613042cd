import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { serveDist } from '../../scripts/lib/dist-server.ts';
import { startFixtureServer } from '../../scripts/lib/fixture-server.ts';

declare module 'vitest' {
  export interface ProvidedContext { baseUrl: string; fixtureUrl: string; fixtureDir: string }
}

/**
 * Serves dist/ for the whole browser project, and a fixture server for data files that tests
 * write into a temporary folder; tests read the URLs with inject().
 */
export default async function setup(project: TestProject) {
  const { server, url } = await serveDist();
  const fixtureDir = mkdtempSync(join(tmpdir(), 'lab-fixtures-'));
  const fixtures = await startFixtureServer(fixtureDir);
  project.provide('baseUrl', url);
  project.provide('fixtureUrl', fixtures.url);
  project.provide('fixtureDir', fixtureDir);
  return async () => {
    await server.close();
    await new Promise((resolve) => fixtures.server.close(resolve));
    rmSync(fixtureDir, { recursive: true, force: true });
  };
}
