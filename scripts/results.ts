/**
 * The committed result files of docs/results/: every figure the README quotes comes from one of
 * them (or from a test that asserts it). Each row carries how it was measured: the date, the
 * commit (with "+changes" when the working tree differed from it), the command, and the machine.
 */
import { execSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, platform, totalmem } from 'node:os';
import { resolve } from 'node:path';

export const RESULTS_DIR = resolve(import.meta.dirname, '../docs/results');

export interface Measured {
  date: string;
  commit: string;
  command: string;
  machine: string;
  /** What else a reader should know, e.g. that other work shared the CPU during the run. */
  note?: string;
}

export interface ResultRow {
  name: string;
  value: number;
  unit: string;
  backend: string;
  model: string;
  measured: Measured;
}

function git(args: string): string {
  try {
    return execSync(`git ${args}`, { cwd: RESULTS_DIR, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

/** How a run made now is described: today, HEAD (+changes when the code differs from it), this machine. */
export function measuredNow(command: string): Measured {
  const head = git('rev-parse --short HEAD') || 'unknown';
  // The result files themselves do not count: an earlier part of the same bench session writes them.
  const dirty = git("status --porcelain --untracked-files=no -- ':(top)' ':(top,exclude)docs/results'") !== '';
  const cpu = cpus();
  return {
    date: new Date().toISOString().slice(0, 10),
    commit: dirty ? `${head}+changes` : head,
    command,
    machine: `${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(totalmem() / 2 ** 30)} GiB, ${platform()}`,
  };
}

const rowId = (r: Pick<ResultRow, 'name' | 'model' | 'backend'>) => `${r.name} ${r.model} ${r.backend}`;

/** A result file of docs/results/ parsed, or null when it was never written. */
export function readResultFile<T>(file: string): T | null {
  const path = resolve(RESULTS_DIR, file);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as T) : null;
}

export function readResults(file: string): ResultRow[] {
  return readResultFile<ResultRow[]>(file) ?? [];
}

/** Replaces the rows of `file` that `rows` measure again (same name, model, backend), keeps the rest. */
export function mergeResults(file: string, rows: ResultRow[]): string {
  const fresh = new Set(rows.map(rowId));
  const kept = readResults(file).filter((r) => !fresh.has(rowId(r)));
  const path = resolve(RESULTS_DIR, file);
  writeFileSync(path, `${JSON.stringify([...kept, ...rows], null, 1)}\n`);
  return path;
}
