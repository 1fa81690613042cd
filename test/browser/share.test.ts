/**
 * Links: `_hide` keys hide controls and panels; "Copy link" after a search gives a link
 * that shows the finished policy without searching, in a fresh browser (no saved search), and
 * whose re-run reproduces the sender's episodes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../scripts/lib/chromium.ts';
import { openLab } from './app.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

interface Ep { episode: number; reward: number; sparsities: number[]; raw: number[] }
type LabView = { lab: { searchLog: Ep[]; searchStatus: string; searchBest: { prunedCounts: number[]; sparsities: number[] } | null; busy: string | null; policySource: string; shareLink: string; heal: { report: { accPruned: number; report: { layers: { kind: string; sparsity: number }[] } } | null } } };
const QUERY = '?v=2&episodes=12&warmup=4&rewardImages=40&searchSeed=9';

describe('shared links', () => {
  it('_hide keys hide those controls and panels, and nothing else', async () => {
    const { page, errors } = await openLab(browser, '?alpha_hide=1&episodes_hide=1&comparePanel_hide=1&model_hide=1');
    expect(await page.isVisible('[data-testid="search-alpha"]')).toBe(false);
    expect(await page.isVisible('[data-testid="search-episodes"]')).toBe(false);
    expect(await page.isVisible('[data-testid="model-select"]')).toBe(false);
    expect(await page.$('[data-testid="compare-panel"]')).toBeNull();
    // The rest is there.
    expect(await page.isVisible('[data-testid="search-warmup"]')).toBe(true);
    expect(await page.isVisible('[data-testid="search-start"]')).toBe(true);
    expect(await page.isVisible('[data-testid="weights-select"]')).toBe(true);
    // The hides stay in the address bar, so a reload (or a copied link) keeps them.
    expect(new URL(page.url()).searchParams.get('alpha_hide')).toBe('1');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a copied link shows the finished policy without a search, and its re-run reproduces the episodes', async () => {
    const sender = await openLab(browser, QUERY);
    await sender.page.click('[data-testid="search-start"]');
    await sender.page.waitForFunction(() => { const l = (window as unknown as LabView).lab; return l.searchStatus === 'done' && l.heal.report && !l.busy; }, undefined, { timeout: 300_000 });
    const sent = await sender.page.evaluate(() => { const l = (window as unknown as LabView).lab; return { log: l.searchLog, best: l.searchBest!, link: l.shareLink, acc: l.heal.report!.accPruned }; });
    await sender.page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await sender.page.click('[data-testid="copy-link"]');
    await expect.poll(() => sender.page.textContent('[data-testid="copy-status"]'), { timeout: 10_000 }).toMatch(/copied, with the search's policy/);
    expect(await sender.page.evaluate(() => navigator.clipboard.readText())).toBe(sent.link);
    expect(new URL(sent.link).searchParams.get('policy')).toMatch(/^[A-Za-z0-9_-]+$/);
    // The address bar holds the same experiment, the policy included: pasting it works as the copied link.
    expect(new URL(sender.page.url()).search).toBe(new URL(sent.link).search);
    expect(sender.errors).toEqual([]);
    await sender.page.close();

    // A fresh browser context: no saved search, so what it shows comes from the link alone.
    const { page, errors } = await openLab(browser, new URL(sent.link).search);
    await page.waitForFunction(() => { const l = (window as unknown as LabView).lab; return l.heal.report && !l.busy; }, undefined, { timeout: 300_000 });
    const shown = await page.evaluate(() => { const l = (window as unknown as LabView).lab; return { log: l.searchLog.length, source: l.policySource, best: l.searchBest!, acc: l.heal.report!.accPruned, conv: l.heal.report!.report.layers.filter((x) => x.kind === 'conv').map((x) => x.sparsity) }; });
    expect(shown.log).toBe(0);
    expect(shown.source).toBe('link');
    expect(shown.best.prunedCounts).toEqual(sent.best.prunedCounts);
    for (let i = 0; i < shown.conv.length; i++) expect(shown.conv[i]).toBeCloseTo(sent.best.sparsities[i], 12);
    expect(shown.acc).toBe(sent.acc);
    expect(await page.isVisible('[data-testid="linked-policy"]')).toBe(true);
    expect(await page.$('[data-testid="policy-chart"]')).not.toBeNull();
    await expect(page.textContent('[data-testid="res-acc-pruned"]')).resolves.toMatch(/%/);

    // "Re-run": the same search with the same seed gives the same episodes, all 12 of them.
    await page.click('[data-testid="search-start"]');
    await page.waitForFunction(() => (window as unknown as LabView).lab.searchStatus === 'done' && (window as unknown as LabView).lab.searchLog.length === 12, undefined, { timeout: 300_000 });
    const rerun = await page.evaluate(() => (window as unknown as LabView).lab.searchLog);
    const pick = (l: Ep[]) => l.map((e) => ({ episode: e.episode, reward: e.reward, sparsities: e.sparsities, raw: e.raw }));
    expect(rerun).toHaveLength(12);
    expect(pick(rerun)).toEqual(pick(sent.log));
    // The address bar holds the re-run's policy, the same as the link's (the same episodes).
    expect(new URL(page.url()).searchParams.get('policy')).toBe(new URL(sent.link).searchParams.get('policy'));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a policy that does not fit the model is ignored with a notice', async () => {
    // Three layers: VGG-S has six convs.
    const { packPolicy } = await import('../../src/state/url-codec.ts');
    const { page, errors } = await openLab(browser, `?policy=${packPolicy({ prunedCounts: [1, 2, 3] })}`);
    await page.waitForFunction(() => !(window as unknown as LabView).lab.busy, undefined, { timeout: 120_000 });
    const notices = await page.textContent('[data-testid="notices"]');
    expect(notices).toMatch(/policy has 3 layers that do not fit/);
    expect(await page.evaluate(() => (window as unknown as LabView).lab.searchBest)).toBeNull();
    expect(errors).toEqual([]);
    await page.close();
  });
});



describe('lesson mode', () => {
  it('steps through Model → … → Compare showing each step\'s panels, in Chinese or English', async () => {
    const { page, errors } = await openLab(browser, '?lesson=0&lang=zh');
    const visiblePanels = () => page.evaluate(() => [...document.querySelectorAll('main section.panel')].map((s) => s.getAttribute('data-testid')));
    await expect(page.textContent('[data-testid="lesson-title"]')).resolves.toMatch(/模型/);
    expect(await visiblePanels()).toEqual(['model-panel', 'data-panel', 'layer-table']);
    await page.click('[data-testid="lesson-next"]');
    await expect(page.textContent('[data-testid="lesson-title"]')).resolves.toMatch(/基线/);
    expect(await visiblePanels()).toEqual(['prune-panel', 'eval-panel', 'network-panel', 'histogram-panel']);
    expect(new URL(page.url()).searchParams.get('lesson')).toBe('1');
    await page.selectOption('[data-testid="lang"]', 'en');
    await expect(page.textContent('[data-testid="lesson-title"]')).resolves.toBe('Step 2 / 6: Baseline');
    await page.click('[data-testid="lesson-step-compare"]');
    expect(await visiblePanels()).toEqual(['compare-panel', 'export-panel']);
    expect(await page.isDisabled('[data-testid="lesson-next"]')).toBe(true);
    // Keyboard: the steps are buttons.
    await page.focus('[data-testid="lesson-step-search"]');
    await page.keyboard.press('Enter');
    expect(await visiblePanels()).toEqual(['search-panel']);
    // The FC 3σ step is about a dense layer's band: its histogram opens on one (fc1 of VGG-S).
    expect(await page.inputValue('[data-testid="layer-select"]').catch(() => null)).not.toBe('fc1');
    await page.click('[data-testid="lesson-step-ksigma"]');
    await page.waitForFunction(() => (document.querySelector('[data-testid="layer-select"]') as HTMLSelectElement | null)?.value === 'fc1');
    await page.click('[data-testid="lesson-exit"]');
    expect((await visiblePanels()).length).toBeGreaterThanOrEqual(9);
    expect(await page.$('[data-testid="lesson"]')).toBeNull();
    expect(new URL(page.url()).searchParams.get('lesson')).toBeNull();
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('export', () => {
  it('downloads the pruned model (zeros where the masks are), its sizes, the policy and the results', async () => {
    const { readFileSync } = await import('node:fs');
    const { page, errors } = await openLab(browser, '?sparsity=0.8&k=3&method=global');
    const removed = await page.evaluate(() => (window as unknown as { lab: { report: { accounting: { weights: { removed: number } } } } }).lab.report.accounting.weights.removed);
    const downloads: import('playwright-core').Download[] = [];
    page.on('download', (d) => downloads.push(d));
    await page.click('[data-testid="export-model"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="export-sizes"]'), undefined, { timeout: 60_000 });
    await expect.poll(() => downloads.length, { timeout: 10_000 }).toBe(2);
    expect(downloads.map((d) => d.suggestedFilename())).toEqual(['model.json', 'weights.bin']);
    const json = JSON.parse(readFileSync((await downloads[0].path())!, 'utf8'));
    const bin = readFileSync((await downloads[1].path())!);
    const specs = json.weightsManifest[0].weights as { name: string; shape: number[] }[];
    expect(bin.byteLength).toBe(4 * specs.reduce((s, w) => s + w.shape.reduce((a, b) => a * b, 1), 0));
    // Zeros in the kernels = what the masks removed (the trained kernels hold no exact zeros).
    const f = new Float32Array(bin.buffer, bin.byteOffset, bin.byteLength / 4);
    let at = 0;
    let zeros = 0;
    for (const w of specs) {
      const n = w.shape.reduce((a, b) => a * b, 1);
      if (w.name.endsWith('/kernel')) for (let i = at; i < at + n; i++) if (f[i] === 0) zeros += 1;
      at += n;
    }
    expect(zeros).toBe(removed);
    await expect(page.textContent('[data-testid="export-gzip"]')).resolves.toMatch(/MB/);
    const text = async (id: string) => {
      const [d] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid="${id}"]`)]);
      return readFileSync((await d.path())!, 'utf8');
    };
    const policy = JSON.parse(await text('export-policy'));
    expect(policy.layers.reduce((s: number, l: { pruned: number }) => s + l.pruned, 0)).toBe(removed);
    expect(await text('export-pytorch')).toContain('prune.l1_unstructured(modules["conv1"], "weight", amount=');
    const results = JSON.parse(await text('export-results-json'));
    expect(results.removedPercent.weights).toBeGreaterThan(80);
    expect(new URL(results.link).searchParams.get('sparsity')).toBe('0.8');
    expect((await text('export-results-csv')).trim().split('\r\n')).toHaveLength(1 + policy.layers.length);
    expect(errors).toEqual([]);
    await page.close();
  });
});
