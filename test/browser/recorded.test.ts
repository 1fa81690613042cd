/**
 * A link carries a finished run's recorded figures (`rec=`): a short search + fine-tuning heal
 * gives a link (and address bar) with them; opened in a fresh browser, the Results panel shows
 * them at once, before anything is scored there, labelled as the sender's, in English and in
 * Chinese; "Run it here" runs the same search and heal and shows recorded beside here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { inject } from 'vitest';
import { launchChromium } from '../../scripts/lib/chromium.ts';
import { openLab } from './app.ts';
import type { RecordedRun } from '../../src/state/recorded.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

type LabView = { lab: {
  searchStatus: string; busy: string | null; shareLink: string; backend: { name: string } | null;
  heal: { report: { epochs: unknown[] } | null }; recorded: { local: RecordedRun | null; shown: RecordedRun | null; running: boolean; rows: unknown[] };
} };
// Short: 5 episodes on 40 reward images, a few fine-tuning steps of 16 images.
const QUERY = '?v=2&episodes=5&warmup=2&rewardImages=40&searchSeed=5&ftEpochs=0.0048&ftBatch=16';
const cells = (page: Page, id: string) => page.$$eval(`[data-testid="recorded-run"] [data-testid="${id}"]`, (xs) => xs.map((x) => x.textContent!.trim()));
const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

describe('recorded runs in links', () => {
  it('a finished run\'s link shows its figures at once as the sender\'s; "Run it here" compares them', async () => {
    const sender = await openLab(browser, QUERY);
    await sender.page.click('[data-testid="search-start"]');
    await sender.page.waitForFunction(() => { const l = (window as unknown as LabView).lab; return l.searchStatus === 'done' && l.heal.report && !l.busy; }, undefined, { timeout: 300_000 });
    await sender.page.click('[data-testid="fine-tune"]');
    await sender.page.waitForFunction(() => { const l = (window as unknown as LabView).lab; return l.heal.report?.epochs.length && !l.busy; }, undefined, { timeout: 300_000 });
    const sent = await sender.page.evaluate(() => { const l = (window as unknown as LabView).lab; return { run: l.recorded.local!, link: l.shareLink, backend: l.backend!.name }; });
    expect(sent.run.rewards).toHaveLength(5);
    expect(sent.run.stages.map((s) => s.key)).toEqual(['dense', 'pruned', 'recal', 'epoch']);
    const rec = new URL(sent.link).searchParams.get('rec');
    expect(rec).toMatch(/^[A-Za-z0-9_-]+$/);
    // The address bar holds the same experiment, the recorded run included.
    expect(new URL(sender.page.url()).search).toBe(new URL(sent.link).search);
    expect(sender.errors).toEqual([]);
    await sender.page.close();

    // A fresh browser: the recorded block shows before the model is even loaded.
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    await page.goto(`${inject('baseUrl')}${new URL(sent.link).search}`);
    await page.waitForSelector('[data-testid="recorded-run"]', { timeout: 60_000 });
    expect(await page.evaluate(() => (window as unknown as LabView).lab.heal.report)).toBeNull();
    await expect(page.textContent('[data-testid="recorded-label"]')).resolves.toBe(`Recorded on the sender's machine (${sent.backend}), not computed here`);
    const recorded = sent.run.stages.map((s) => pct(Math.round(s.top1 * 1e4) / 1e4));
    expect(await cells(page, 'recorded-top1')).toEqual(recorded);
    await expect(page.textContent('[data-testid="recorded-best"]')).resolves.toBe(`best reward ${pct(Math.max(...sent.run.rewards))}`);
    expect(await page.$('[data-testid="recorded-reward-chart"]')).not.toBeNull();
    // Once the link's policy is applied and scored here, the sender's figures stay beside it.
    await page.waitForFunction(() => { const l = (window as unknown as LabView).lab; return l.heal.report && !l.busy; }, undefined, { timeout: 300_000 });
    expect(await cells(page, 'recorded-top1')).toEqual(recorded);
    expect(await page.isVisible('[data-testid="res-acc-pruned"]')).toBe(true);

    await page.click('[data-testid="recorded-run-here"]');
    await page.waitForFunction(() => { const r = (window as unknown as LabView).lab.recorded; return !r.running && r.rows.length > 0; }, undefined, { timeout: 300_000 });
    // Same browser, backend and seeds: every stage repeats, up to the link's 0.01 % rounding.
    expect(await cells(page, 'recorded-top1')).toEqual(recorded);
    expect(await cells(page, 'recorded-here')).toEqual(sent.run.stages.map((s) => pct(s.top1)));
    for (const d of await cells(page, 'recorded-diff')) expect(d).toMatch(/^[+−]0\.00 pt$/);
    await expect(page.textContent('[data-testid="recorded-run"]')).resolves.toContain('Recorded vs here');
    // The address bar now carries this machine's run.
    expect(new URL(page.url()).searchParams.get('rec')).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(errors).toEqual([]);
    await page.close();

    // In Chinese: the same figures, worded in Chinese.
    const zh = await browser.newPage();
    await zh.goto(`${inject('baseUrl')}${new URL(sent.link).search}&lang=zh`);
    await zh.waitForSelector('[data-testid="recorded-run"]', { timeout: 60_000 });
    await expect(zh.textContent('[data-testid="recorded-label"]')).resolves.toBe(`发送者机器上记录的结果（${sent.backend} 后端，未在此计算）`);
    await expect(zh.textContent('[data-testid="recorded-run-here"]')).resolves.toBe('在此运行');
    expect(await cells(zh, 'recorded-top1')).toEqual(recorded);
    await expect(zh.textContent('[data-testid="recorded-best"]')).resolves.toBe(`最佳奖励 ${pct(Math.max(...sent.run.rewards))}`);
    await zh.close();
  });
});
