/**
 * The only reader and writer of `location`: reads the experiment once at start, then mirrors every
 * change into the address bar (replaceState, so reload restores the same experiment).
 */
import { decodeUrl, encodeUrl, type Decoded, type LinkExtras } from './url-codec.ts';
import type { LabConfig } from './config.ts';

/** The experiment in the current URL, with notices for values that were ignored. */
export function readUrl(): Decoded {
  return decodeUrl(window.location.search);
}

/** Where the Lab keeps the experiment: the address bar in the app (below), a fake in Node tests. */
export interface UrlPort {
  write(config: LabConfig, extras: LinkExtras): void;
  link(config: LabConfig, extras: LinkExtras): string;
}

/** The shareable link of an experiment (absolute, for "Copy link"). */
export function linkFor(config: LabConfig, extras: LinkExtras = {}): string {
  return `${window.location.origin}${window.location.pathname}${encodeUrl(config, extras)}`;
}

/** Writes the experiment into the URL without adding a history entry. */
export function writeUrl(config: LabConfig, extras: LinkExtras = {}): void {
  const url = `${window.location.pathname}${encodeUrl(config, extras)}${window.location.hash}`;
  if (url !== `${window.location.pathname}${window.location.search}${window.location.hash}`) {
    window.history.replaceState(null, '', url);
  }
}
