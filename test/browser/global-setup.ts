import type { TestProject } from 'vitest/node';
import { serveDist } from './server.ts';

declare module 'vitest' {
  export interface ProvidedContext { baseUrl: string }
}

/** Serves dist/ for the whole browser project; tests read the URL with inject('baseUrl'). */
export default async function setup(project: TestProject) {
  const { server, url } = await serveDist();
  project.provide('baseUrl', url);
  return async () => {
    await server.close();
  };
}
