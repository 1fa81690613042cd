/** Cancellation of long work (evaluation, training), without importing tfjs. */

/** The message of the error a cancelled evaluation or training throws; the UI shows it as a notice. */
export const CANCELLED_MESSAGE = 'Cancelled';

/** Throws the cancellation error when `shouldCancel` says so. */
export function throwIfCancelled(shouldCancel?: () => boolean): void {
  if (shouldCancel?.()) throw new Error(CANCELLED_MESSAGE);
}

/**
 * Resolves on the next macrotask. Long loops await it between steps so that messages (a cancel)
 * reach a worker whose awaits would otherwise all resolve as microtasks (WASM's data() does).
 */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
