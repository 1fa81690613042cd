/**
 * The page's language: the link's choice (`lang=`), else the browser's (Chinese for any zh-*),
 * else English. The Lab owns the choice; every panel, the lesson and `<html lang>` follow it.
 */
import type { ChoiceValue } from './config.ts';

export type Lang = ChoiceValue<'lang'>;

export function pickLang(choice: '' | Lang, browserLanguages: readonly string[]): Lang {
  if (choice) return choice;
  for (const l of browserLanguages) {
    if (/^zh\b/i.test(l)) return 'zh';
    if (/^en\b/i.test(l)) return 'en';
  }
  return 'en';
}

/** The browser's languages, in its order of preference ([] outside a browser). */
export function browserLanguages(): readonly string[] {
  return typeof navigator === 'undefined' ? [] : navigator.languages ?? [navigator.language];
}

/** The BCP 47 tag for `<html lang>`: Simplified Chinese, as the catalog is written. */
export const HTML_LANG: Record<Lang, string> = { en: 'en', zh: 'zh-Hans' };
