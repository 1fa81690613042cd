/**
 * The Content-Security-Policy (vite.config.ts) holds for the whole flow: load, prune, a
 * 3-episode search, the comparison, export, and import of the exported model, with zero
 * `securitypolicyviolation` events in the page and no CSP refusal logged by the page or its
 * workers (a worker's violations reach the console, not the document).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Download, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/lib/chromium.ts';
import { openLab } from './app.ts';
import { contentSecurityPolicy } from '../../vite.config.ts';

type LabView = { lab: Record<string, any> };
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const idle = (page: Page, timeout = 300_000) => page.waitForFunction(() => { const l = (window as unknown as LabView).lab; return !!l.summary && !l.busy; }, undefined, { timeout });

describe('Content-Security-Policy', () => {
  it('is in index.html and in the server\'s headers, and the whole flow runs without one violation', async () => {
    const res = await fetch(inject('baseUrl'));
    expect(res.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
    const html = await res.text();
    expect(html).toContain('http-equiv="Content-Security-Policy"');
    // No inline script: every <script> has a src.
    expect([...html.matchAll(/<script\b[^>]*>/g)].every((m) => /\bsrc=/.test(m[0]))).toBe(true);

    const refusals: string[] = [];
    // Both listeners exist before the app starts, so its start-up is watched too.
    const { page: lab, errors } = await openLab(browser, '?v=2&episodes=3&warmup=1&rewardImages=20&ftEpochs=0', undefined, async (page) => {
      page.on('console', (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) refusals.push(m.text()); });
      await page.addInitScript(() => {
        const w = window as unknown as { cspViolations: string[] };
        w.cspViolations = [];
        document.addEventListener('securitypolicyviolation', (e) => w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
      });
    });
    // Prune.
    await lab.fill('[data-testid="sparsity-slider"]', '60');
    await lab.waitForFunction(() => { const l = (window as unknown as LabView).lab; return l.report && !l.busy; }, undefined, { timeout: 120_000 });
    // Search 3 episodes (the best policy is applied at the end).
    await lab.click('[data-testid="search-start"]');
    await lab.waitForFunction(() => { const l = (window as unknown as LabView).lab; return l.searchStatus === 'done' && l.heal.report && !l.busy; }, undefined, { timeout: 300_000 });
    // The comparison.
    await lab.evaluate(() => { const c = (window as unknown as LabView).lab.compare; c.evalImages = 100; c.recalImages = 0; c.methods = ['uniform', 'rl']; });
    await lab.click('[data-testid="cmp-run"]');
    await lab.waitForFunction(() => { const l = (window as unknown as LabView).lab; return !l.compare.running && l.compare.rows.length === 2 && !l.busy; }, undefined, { timeout: 300_000 });
    // Export, then import what was exported.
    const downloads: Download[] = [];
    lab.on('download', (d) => downloads.push(d));
    await lab.click('[data-testid="export-model"]');
    await expect.poll(() => downloads.length, { timeout: 60_000 }).toBe(2);
    const [json, bin] = await Promise.all(downloads.map(async (d) => (await d.path())!));
    expect(JSON.parse(readFileSync(json, 'utf8')).format).toBe('layers-model');
    await lab.setInputFiles('[data-testid="import-files"]', [
      { name: 'model.json', mimeType: 'application/json', buffer: readFileSync(json) },
      { name: downloads[1].suggestedFilename(), mimeType: 'application/octet-stream', buffer: readFileSync(bin) },
    ]);
    await lab.waitForFunction(() => (window as unknown as LabView).lab.imported, undefined, { timeout: 120_000 });
    await idle(lab);
    expect(await lab.evaluate(() => (window as unknown as LabView).lab.error)).toBeNull();

    expect(await lab.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
    expect(refusals).toEqual([]);
    expect(errors).toEqual([]);
    await lab.close();
  });
});
