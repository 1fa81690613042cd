/**
 * The only reader and writer of `location`: reads the config once at start, then mirrors every
 * change into the address bar (replaceState, so reload restores the same experiment).
 */
import { decodeConfig, encodeConfig, type Decoded } from './url-codec.ts';
import type { LabConfig } from './config.ts';

/** The config in the current URL, with notices for values that were ignored. */
export function readUrl(): Decoded {
  return decodeConfig(window.location.search);
}

/** Writes `config` into the URL without adding a history entry. */
export function writeUrl(config: LabConfig): void {
  const url = `${window.location.pathname}${encodeConfig(config)}${window.location.hash}`;
  if (url !== `${window.location.pathname}${window.location.search}${window.location.hash}`) {
    window.history.replaceState(null, '', url);
  }
}
