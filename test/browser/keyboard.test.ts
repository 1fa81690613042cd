/**
 * Keyboard use of the search controls: the preset <select> only acts on Enter (or on leaving
 * it), not on every option the arrow keys pass (one ArrowDown used to apply "Paper" and start
 * loading VGG16); Start → Pause → Start keeps the focus on the button that replaced the pressed one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../scripts/lib/chromium.ts';
import { openLab } from './app.ts';

type W = { lab: { busy: string | null; searchStatus: string; heal: { report: unknown }; config: { model: string; episodes: number } } };

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('keyboard', () => {
  it('the preset select moves with the arrows and applies on Enter', async () => {
    const { page, errors } = await openLab(browser, '?v=2&backend=wasm');
    const state = () => page.evaluate(() => { const l = (window as unknown as W).lab; return { model: l.config.model, episodes: l.config.episodes, busy: l.busy }; });
    const before = await state();
    await page.focus('[data-testid="search-preset"]');
    await page.keyboard.press('ArrowDown');
    expect(await page.inputValue('[data-testid="search-preset"]')).toBe('paper');
    await page.waitForTimeout(500);
    expect(await state()).toEqual(before); // passing "Paper" loaded nothing
    await page.keyboard.press('ArrowDown');
    expect(await page.inputValue('[data-testid="search-preset"]')).toBe('demo');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => { const l = (window as unknown as W).lab; return l.config.episodes === 120 && !l.busy; });
    expect((await state()).model).toBe('vgg-s');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('Start → Pause → Start: the focus follows the button that replaced the pressed one', async () => {
    const { page, errors } = await openLab(browser, '?v=2&backend=wasm&episodes=3&warmup=2&rewardImages=16');
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName);
    await page.focus('[data-testid="search-start"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="search-pause"]');
    expect(await focused()).toBe('search-pause');
    // Done: the search, then its best policy applied and scored (the lab is busy in between).
    await page.waitForFunction(() => { const l = (window as unknown as W).lab; return l.searchStatus === 'done' && !!l.heal.report && !l.busy; }, undefined, { timeout: 300_000 });
    // The page re-renders after the lab is free (the button is enabled then): wait for it.
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'search-start', undefined, { timeout: 10_000 }).catch(() => undefined);
    expect(await focused()).toBe('search-start');
    expect(errors).toEqual([]);
    await page.close();
  });
});
