/**
 * The README's screenshots of the presenter view and of the network picture, from the built app
 * (`npx tsx scripts/screenshot-presenter.ts`, after `npm run build`; Chinese needs fonts-noto-cjk).
 * Presenter: the whole class demo at 1280×720, one click per step (model → prune → search → heal
 * → compare), in Chinese and in English; each step's time is printed, and in Chinese every step's
 * screen is checked for English words (test/browser/english.ts). Network: VGG-S / Shapes-10 at
 * 80 % uniform magnitude and 3σ on every dense layer (the classifier emptied), both languages.
 * Writes docs/screenshot-presenter-{en,zh}.png and docs/screenshot-network-{en,zh}.png
 * (`--only=network`: the network pictures alone).
 */
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from './lib/chromium.ts';
import { ROOT, serveDist } from './lib/dist-server.ts';
import { englishOnScreen } from '../test/browser/english.ts';

const idle = (page: Page) => page.waitForFunction(() => {
  const l = (window as unknown as { lab?: { summary: unknown; busy: unknown; error: unknown; search: { active: boolean }; heal: { active: boolean }; compare: { running: unknown } } }).lab;
  return !!l && ((!!l.summary && !l.busy && !l.search.active && !l.heal.active && !l.compare.running) || !!l.error);
}, undefined, { timeout: 1_800_000 });

const { server, url } = await serveDist();
const browser = await launchChromium();
try {
  const networkOnly = process.argv.includes('--only=network');
  for (const lang of ['zh', 'en']) {
    if (!networkOnly) await presenter(lang);
    const net = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await net.goto(`${url}?v=2&backend=wasm&lang=${lang}&method=uniform&sparsity=0.8&k=3&kScope=all`);
    await idle(net);
    await net.waitForSelector('[data-layer="fc2"] canvas');
    await net.locator('[data-testid="network-panel"]').screenshot({ path: resolve(ROOT, `docs/screenshot-network-${lang}.png`) });
    await net.close();
  }
} finally {
  await browser.close();
  await server.close();
}

/** The whole class demo from the presenter view, step by step, with the screenshot after the heal. */
async function presenter(lang: string): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  // tsx keeps function names with a helper the page does not have (englishOnScreen's callbacks).
  await page.addInitScript('window.__name = (f) => f');
  await page.goto(`${url}?v=2&backend=wasm&lang=${lang}&present=1`);
  await idle(page);
  for (const step of ['model', 'prune', 'search', 'heal', 'compare']) {
    const t = performance.now();
    await page.click(`[data-testid="present-go-${step}"]`);
    await page.waitForTimeout(200);
    await idle(page);
    const error = await page.evaluate(() => (window as unknown as { lab: { error: string | null } }).lab.error);
    const english = lang === 'zh' ? await englishOnScreen(page) : [];
    console.log(`${lang} ${step}: ${((performance.now() - t) / 1000).toFixed(1)} s${error ? ` — error: ${error}` : ''}${english.length ? ` — English on screen: ${english.join(' | ')}` : ''}`);
    if (step === 'heal') {
      await page.locator('[data-testid="present-search"] [data-testid="present-search-progress"]').scrollIntoViewIfNeeded();
      await page.evaluate(() => window.scrollBy(0, 120));
      await page.screenshot({ path: resolve(ROOT, `docs/screenshot-presenter-${lang}.png`) });
    }
  }
  await page.close();
}
