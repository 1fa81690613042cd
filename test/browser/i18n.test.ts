/**
 * The page in Chinese: every lesson step and the whole page with `?lang=zh` show no English
 * sentence: each visible text, tooltip, aria-label and option is read, names and units (VGG16,
 * CIFAR-10, WASM, MACs, layer names, …) are taken out, and what is left may not hold a word of
 * Latin letters. `<html lang>` follows the language, and switching back gives English again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../scripts/lib/chromium.ts';
import { openLab } from './app.ts';
import { LESSON } from '../../src/ui/lesson-text.ts';
import { englishOnScreen } from './english.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('the page in Chinese', () => {
  it('every lesson step and the whole page: no English outside names and units; <html lang> follows', async () => {
    const { page, errors } = await openLab(browser, '?v=2&backend=wasm&lang=zh');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-Hans');
    const found: Record<string, string[]> = {};
    const look = async (where: string) => { const e = await englishOnScreen(page); if (e.length) found[where] = e; };
    await look('whole page');
    await page.click('[data-testid="lesson-start"]');
    for (const [i, step] of LESSON.entries()) {
      await page.click(`[data-testid="lesson-step-${step.key}"]`);
      await page.waitForFunction((j) => (window as unknown as { lab: { config: { lesson: number } } }).lab.config.lesson === j, i);
      await look(`lesson step ${i + 1} (${step.key})`);
    }
    expect(found).toEqual({});
    await page.selectOption('[data-testid="lang"]', 'en');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await expect(page.textContent('[data-testid="lesson-title"]')).resolves.toMatch(/^Step 6 \/ 6/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a search, its healing and their results, notices and progress included', async () => {
    const { page, errors } = await openLab(browser, '?v=2&backend=wasm&lang=zh&episodes=3&warmup=2&rewardImages=16&recalImages=64&ftEpochs=0.02&ftBatch=16&ftAugment=none');
    const found: Record<string, string[]> = {};
    const look = async (where: string) => { const e = await englishOnScreen(page); if (e.length) found[where] = [...new Set([...(found[where] ?? []), ...e])]; };
    type W = { lab: { busy: string | null; error: string | null; searchStatus: string; heal: { report: { accFineTuned: number | null } | null } } };
    await page.click('[data-testid="search-start"]');
    // While it runs: the status line, the progress and the stats.
    for (let i = 0; i < 3; i++) { await page.waitForTimeout(700); await look('while searching'); }
    await page.waitForFunction(() => { const l = (window as unknown as W).lab; return (l.searchStatus === 'done' && !l.busy) || l.error; }, undefined, { timeout: 300_000 });
    await look('search done');
    await page.click('[data-testid="fine-tune"]');
    await page.waitForTimeout(1500);
    await look('while healing');
    await page.waitForFunction(() => { const l = (window as unknown as W).lab; return (l.heal.report?.accFineTuned != null && !l.busy) || l.error; }, undefined, { timeout: 300_000 });
    await look('healed');
    expect(await page.evaluate(() => (window as unknown as W).lab.error)).toBeNull();
    expect(found).toEqual({});
    expect(errors).toEqual([]);
    await page.close();
  });
});
