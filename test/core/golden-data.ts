/**
 * The one place that decides which tests the data and tools on this machine let run (CIFAR-10 here;
 * dataCase for any other need, e.g. PyTorch for the snippet test). A case whose data
 * is missing stays in its list and is registered as skipped, its title saying why, so the runner's
 * count shows what did not run; in CI (`CI` set: .ci/run exports it) the same case is registered
 * and fails with that reason instead, because a CI pass must mean every case ran.
 *
 * Two needs: any copy (checks on real images; `npm run data:cifar10` puts the official one in the
 * user cache), or the copy the shipped models' cards and the PyTorch goldens were computed on
 * (../shared/data's, told apart by test_batch.bin's SHA-256: the official archive differs in
 * pixels and order, so the goldens cannot pass on it).
 *
 * LAB_NO_SHARED_DATA=1 makes ../shared/data invisible (scripts/local-env.ts, for preflight and
 * the file readers too), so that a checkout beside it can count what a clone without it runs and
 * check that CI fails there.
 */
import { it, type TestOptions } from 'vitest';
import { CIFAR10_NEEDED, findCifar10, isGoldenCopy } from '../../scripts/local-env.ts';

type Env = Record<string, string | undefined>;
type Fn = () => unknown;
/** Registers one case, as `it` does: (name, fn) or (name, options, fn). */
export interface CaseIt {
  (name: string, fn: Fn): void;
  (name: string, options: TestOptions, fn: Fn): void;
}
export type DataNeed = 'cifar10' | 'golden-cifar10';

/** Why `need` is not met on this machine, or null when it is. */
export function missingData(need: DataNeed, env: Env = process.env): string | null {
  const dir = findCifar10(CIFAR10_NEEDED, env);
  const shared = `../shared/data${env.LAB_NO_SHARED_DATA ? ' (hidden by LAB_NO_SHARED_DATA)' : ''}`;
  const fix = need === 'cifar10' ? 'run `npm run data:cifar10`' : "run with ../shared/data's copy";
  if (!dir) return `no CIFAR-10 in CIFAR10_DIR, ${shared} or the user cache — ${fix}, see README Tests`;
  if (need === 'golden-cifar10' && !isGoldenCopy(dir)) return `CIFAR-10 in ${dir} is not ../shared/data's copy, which the goldens were computed on — ${fix}, see README Tests`;
  return null;
}

/** `it` for a case that cannot run when `missing` is a reason: a skip that names it, or in CI a failure that names it. */
export function dataCase(missing: string | null, ci = !!process.env.CI): CaseIt {
  return (name: string, a: TestOptions | Fn, b?: Fn) => {
    const options = typeof a === 'function' ? {} : a;
    const fn = (typeof a === 'function' ? a : b)!;
    if (missing === null) it(name, options, fn);
    else if (!ci) it.skip(`${name} (skipped: ${missing})`, options, fn);
    else it(name, options, () => {
      throw new Error(`${missing}; in CI a case without its data fails instead of skipping`);
    });
  };
}

const found = new Map<DataNeed, string | null>();
const missingHere = (need: DataNeed) => {
  if (!found.has(need)) found.set(need, missingData(need));
  return found.get(need)!;
};

/** `it` for a case that needs ../shared/data's CIFAR-10 when `needed` (else plain `it`). */
export const goldenCase = (needed = true): CaseIt => dataCase(needed ? missingHere('golden-cifar10') : null);
/** `it` for a case that needs real CIFAR-10 images, any copy, when `needed` (else plain `it`). */
export const cifar10Case = (needed = true): CaseIt => dataCase(needed ? missingHere('cifar10') : null);
