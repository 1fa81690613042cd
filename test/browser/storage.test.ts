/**
 * When the browser refuses to store (IndexedDB's put throws QuotaExceededError, stubbed in the
 * lab's worker), the lab says what it will not keep and goes on: the search runs to the end
 * unsaved, and a loaded dataset works uncached.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../scripts/lib/chromium.ts';
import { openLab } from './app.ts';
import { fakeCifar10Binary } from '../../scripts/lib/cifar-fixtures.ts';

type LabView = { lab: { busy: string | null; error: string | null; dataKey: string; searchStatus: string; searchLog: unknown[]; client: { notices: string[] }; heal: { report: unknown } } };
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('storage refused', () => {
  it('a full quota: the search finishes unsaved and the data works uncached, each said once', async () => {
    const { page, errors } = await openLab(browser, '?v=2&episodes=3&warmup=1&rewardImages=20&ftEpochs=0');
    const worker = page.workers().find((w) => /lab\.worker/.test(w.url()));
    expect(worker, 'the lab worker').toBeDefined();
    await worker!.evaluate(() => {
      IDBObjectStore.prototype.put = function put() { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };
    });
    const notices = () => page.evaluate(() => (window as unknown as LabView).lab.client.notices);

    await page.click('[data-testid="search-start"]');
    await page.waitForFunction(() => { const l = (window as unknown as LabView).lab; return (l.searchStatus === 'done' && l.heal.report && !l.busy) || l.error; }, undefined, { timeout: 300_000 });
    expect(await page.evaluate(() => (window as unknown as LabView).lab.error)).toBeNull();
    expect(await page.evaluate(() => (window as unknown as LabView).lab.searchLog.length)).toBe(3);
    expect((await notices()).filter((n) => n.startsWith('Search checkpoints are off'))).toEqual([
      'Search checkpoints are off: the search goes on, but a reload cannot resume it (the browser\'s storage quota for this site is full (free it under Cached datasets or in the browser\'s site settings)).',
    ]);

    mkdirSync(join(inject('fixtureDir'), 'quota'), { recursive: true });
    const file = join(inject('fixtureDir'), 'quota', 'test_batch.bin');
    writeFileSync(file, fakeCifar10Binary(200, 7));
    await page.setInputFiles('[data-testid="data-files"]', file);
    await page.waitForFunction(() => { const l = (window as unknown as LabView).lab; return (l.dataKey === 'cifar10' && !l.busy) || l.error; }, undefined, { timeout: 120_000 });
    expect(await page.evaluate(() => (window as unknown as LabView).lab.error)).toBeNull();
    expect((await notices()).filter((n) => n.startsWith('This dataset was not saved'))).toHaveLength(1);
    expect(errors).toEqual([]);
    await page.close();
  });
});
