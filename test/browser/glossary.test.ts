/**
 * The glossary: each term a teacher meets before a search (α, episode, warm-up, reward, k-σ, BN
 * recalibration, fine-tuning, thop-style, MACs) explains itself on keyboard focus and on hover,
 * in the page's language; Tab reaches it, Escape hides it; a screen reader gets it as the term's
 * description.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/lib/chromium.ts';
import { openLab } from './app.ts';
import { en, zh } from '../../src/ui/i18n/glossary.ts';

const TERMS = ['alpha', 'episode', 'warmup', 'reward', 'ksigma', 'bnRecal', 'fineTune', 'thop', 'macs'] as const;

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** The visible tooltip text of the first term `key` on the page, or null when it is hidden. */
const tip = (page: Page, key: string) => page.evaluate((k) => {
  const b = document.querySelector(`[data-testid="term-${k}"] button`)!;
  const t = document.getElementById(b.getAttribute('aria-describedby')!)!;
  return getComputedStyle(t).display === 'none' ? null : t.textContent;
}, key);

describe('the glossary', () => {
  it('every term: focus or hover shows its entry, Escape hides it, Tab reaches it; Chinese with lang=zh', async () => {
    for (const [lang, words] of [['en', en], ['zh', zh]] as const) {
      const { page, errors } = await openLab(browser, `?v=2&backend=wasm&lang=${lang}`);
      for (const key of TERMS) {
        const button = `[data-testid="term-${key}"] >> nth=0 >> button`;
        expect(await tip(page, key), key).toBeNull();
        await page.focus(button);
        expect(await tip(page, key), key).toBe(words.glossary[key]);
        await page.keyboard.press('Escape');
        expect(await tip(page, key), `${key} after Escape`).toBeNull();
        await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
        await page.hover(button);
        expect(await tip(page, key), `${key} on hover`).toBe(words.glossary[key]);
        await page.mouse.move(0, 0);
      }
      // Tab from the top of the page reaches the first term (no tabindex keeps it out).
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      let reached = false;
      for (let i = 0; i < 300 && !reached; i++) {
        await page.keyboard.press('Tab');
        reached = await page.evaluate(() => !!document.activeElement?.closest('[data-testid="term-alpha"]'));
      }
      expect(reached).toBe(true);
      expect(await tip(page, 'alpha')).toBe(words.glossary.alpha);
      expect(errors).toEqual([]);
      await page.close();
    }
  });
});
