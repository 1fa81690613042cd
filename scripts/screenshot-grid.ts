/**
 * The README's screenshots of the grid of verdicts (`npx tsx scripts/screenshot-grid.ts`, after
 * `npm run build`; Chinese needs fonts-noto-cjk): VGG-S / Shapes-10, 90 % uniform magnitude on the
 * convs, Evaluate (dense and pruned columns), then "Heal this pruning" (BN recalibration on 1,280
 * images and 0.2 epoch at batch 64: the healed column), in English and in Chinese. Writes
 * docs/screenshot-grid-en.png and docs/screenshot-grid-zh.png.
 */
import { resolve } from 'node:path';
import { launchChromium } from './lib/chromium.ts';
import { ROOT, serveDist } from './lib/dist-server.ts';

type W = { lab: { busy: string | null; error: string | null; grid: { view: { predicted: Record<string, unknown> } | null }; heal: { report: { accFineTuned: number | null } | null } } };

const { server, url } = await serveDist();
const browser = await launchChromium();
try {
  for (const lang of ['en', 'zh']) {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${url}?v=2&backend=wasm&lang=${lang}&method=uniform&sparsity=0.9&recalImages=1280&ftEpochs=0.2&ftBatch=64`);
    await page.waitForFunction(() => { const l = (window as unknown as Partial<W>).lab; return !!l && !l.busy; }, undefined, { timeout: 180_000 });
    await page.click('[data-testid="evaluate"]');
    await page.waitForFunction(() => { const v = (window as unknown as W).lab.grid.view; return !!v?.predicted.dense && !!v.predicted.pruned; }, undefined, { timeout: 300_000 });
    await page.click('[data-testid="heal-pruning"]');
    await page.waitForFunction(() => { const l = (window as unknown as W).lab; return (l.heal.report?.accFineTuned != null && !l.busy && !!l.grid.view?.predicted.healed) || !!l.error; }, undefined, { timeout: 600_000 });
    const out = resolve(ROOT, `docs/screenshot-grid-${lang}.png`);
    await page.locator('[data-testid="prediction-grid"]').screenshot({ path: out });
    console.log(`wrote ${out}`);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
