/**
 * The README's screenshot of the lab in Chinese (`npx tsx scripts/screenshot-zh.ts`, after
 * `npm run build`; needs fonts-noto-cjk): lesson step 4 (FC 3σ) of the built app at 1440 × 900,
 * after a 12-episode search (4 warm-up, 100 reward images, seed 1) and its best policy applied
 * with 3σ on the hidden dense layer; the glossary entry of α open. Writes docs/screenshot-zh.png.
 */
import { resolve } from 'node:path';
import { launchChromium } from './lib/chromium.ts';
import { ROOT, serveDist } from './lib/dist-server.ts';

type W = { lab: { searchStatus: string; busy: string | null; error: string | null; heal: { report: unknown } } };

const { server, url } = await serveDist();
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`${url}?v=2&backend=wasm&lang=zh&episodes=12&warmup=4&rewardImages=100&lesson=3`);
  await page.waitForFunction(() => { const l = (window as unknown as Partial<W>).lab; return !!l && !l.busy; }, undefined, { timeout: 180_000 });
  await page.click('[data-testid="search-start"]');
  await page.waitForFunction(() => { const l = (window as unknown as W).lab; return (l.searchStatus === 'done' && !!l.heal.report && !l.busy) || !!l.error; }, undefined, { timeout: 600_000 });
  await page.focus('[data-testid="term-alpha"] button');
  await page.screenshot({ path: resolve(ROOT, 'docs/screenshot-zh.png') });
  console.log('wrote docs/screenshot-zh.png');
} finally {
  await browser.close();
  await server.close();
}
