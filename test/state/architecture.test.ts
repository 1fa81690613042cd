/**
 * The dependency rules of ARCHITECTURE.md, checked on the source: core/ stays free of DOM,
 * Svelte, worker, state and UI; only core/backend.ts imports tfjs backends; Chart.js only under
 * ui/charts/; the UI and state reach tfjs only through the worker.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.(ts|svelte)$/.test(name) ? [path] : [];
  });
}

const sources = files(SRC).map((path) => ({ path: relative(SRC, path), text: readFileSync(path, 'utf8') }));
const SOURCE_PATHS = new Set(sources.map((s) => s.path));
/** Every relative import of a source, type-only ones included, as a path relative to src/. */
function localImports(path: string, text: string): string[] {
  const specs = [...text.matchAll(/^\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?from\s+)?['"](\.[^'"]+)['"]/gm), ...text.matchAll(/import\(\s*['"](\.[^'"]+)['"]\s*\)/g)].map((m) => m[1]);
  return specs.flatMap((spec) => {
    const target = relative(SRC, resolve(SRC, path, '..', spec.replace(/\?.*$/, '')));
    if (/\.(css|wasm|json|png)$/.test(target)) return []; // assets, not modules
    return [[target, `${target}.ts`].find((t) => SOURCE_PATHS.has(t)) ?? target];
  });
}

/** The import cycles among `paths` (each as the list of modules around it), found by depth-first search. */
export function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return found;
}

/** Runtime import specifiers (type-only imports are erased and allowed). */
function runtimeImports(text: string): string[] {
  return [...text.matchAll(/^\s*import\s+(?!type\b)(?:[^'"]*from\s+)?['"]([^'"]+)['"]/gm), ...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]);
}

describe('architecture rules', () => {
  it('finds the sources', () => {
    expect(sources.length).toBeGreaterThan(30);
  });

  it('core/ imports no worker/, state/, ui/ or svelte, and touches no window, document or self', () => {
    for (const { path, text } of sources.filter((s) => s.path.startsWith('core/'))) {
      for (const spec of runtimeImports(text)) expect(spec, `${path} imports ${spec}`).not.toMatch(/\/(worker|state|ui)\/|^svelte/);
      const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      expect(code, path).not.toMatch(/\b(window|document|self)\s*[.[]/);
    }
  });

  it('only core/backend.ts imports tfjs backends', () => {
    for (const { path, text } of sources) {
      const backends = runtimeImports(text).filter((s) => /tfjs-backend-/.test(s) && !s.endsWith('?url'));
      if (path === 'core/backend.ts') expect(backends.length).toBeGreaterThan(0);
      else expect(backends, path).toEqual([]);
    }
  });

  it('Chart.js only under ui/charts/', () => {
    for (const { path, text } of sources) {
      if (runtimeImports(text).some((s) => s.startsWith('chart'))) expect(path).toMatch(/^ui\/charts\//);
    }
  });

  it('no import cycle among src files, type-only imports included', () => {
    const graph = new Map(sources.map((s) => [s.path, localImports(s.path, s.text)]));
    const known = new Set(graph.keys());
    for (const [path, deps] of graph) for (const d of deps) expect(known.has(d), `${path} imports ${d}, which is not a source file`).toBe(true);
    expect(cycles(graph).map((c) => c.join(' → '))).toEqual([]);
  });

  it('the cycle finder finds direct and longer cycles', () => {
    expect(cycles(new Map([['a', ['b']], ['b', ['a']]]))).toEqual([['a', 'b', 'a']]);
    expect(cycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]))).toEqual([['a', 'b', 'c', 'a']]);
    expect(cycles(new Map([['a', ['b', 'c']], ['b', ['c']], ['c', []]]))).toEqual([]);
  });

  it('the tools\' handlers (bench and test requests) are loaded only on demand, never by a static import', () => {
    for (const { path, text } of sources) {
      for (const spec of runtimeImports(text).filter((x) => /tools-handlers/.test(x))) {
        expect(path, `${path} imports ${spec}`).toBe('worker/lab.worker.ts');
        expect(text, path).toMatch(/import\(\s*['"]\.\/tools-handlers\.ts['"]\s*\)/);
        expect(text, path).not.toMatch(/^\s*import\s[^(]*tools-handlers/m);
      }
    }
  });

  it('files stay small: none over 400 lines, the Lab and the worker loop at most 250', () => {
    for (const { path, text } of sources) {
      const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
      expect(lines, path).toBeLessThanOrEqual(path === 'state/lab.svelte.ts' || path === 'worker/lab.worker.ts' ? 250 : 400);
    }
  });

  it('state/, ui/ and main.ts never import tfjs or tfjs-importing modules at run time', () => {
    const tfjsModules = new Set(sources.filter((s) => runtimeImports(s.text).some((i) => i.startsWith('@tensorflow/'))).map((s) => s.path.replace(/\.ts$/, '')));
    for (const { path, text } of sources.filter((s) => /^(state|ui)\/|^main\.ts$/.test(s.path))) {
      for (const spec of runtimeImports(text)) {
        expect(spec, path).not.toMatch(/^@tensorflow\//);
        const target = relative(SRC, resolve(SRC, path, '..', spec)).replace(/\.ts$/, '');
        expect(tfjsModules.has(target), `${path} imports ${spec}, which imports tfjs`).toBe(false);
      }
    }
  });
});
