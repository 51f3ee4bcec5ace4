// Benchmarks and Trends name what they compare with, on a wide screen and a phone: published
// figures as published, sums of partnerships as such (and not published under 3 authorities),
// neighbours with how many have a value, and a key saying whether higher is better.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, openAs, screenshot, visit } from './browser.js';

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe.each([1366, 390])('comparators at %i px', (width) => {
  async function pageText(path: string, name: string): Promise<{ text: string; overflow: number; errors: string[] }> {
    const { page, context, errors } = await openAs(browser, baseUrl, 'viewer', { width, height: 900 });
    try {
      await visit(page, path);
      await page.waitForSelector('figure.chart-figure[data-rendered="true"]');
      const text = (await page.textContent('main')) ?? '';
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      await screenshot(page, `comparators-${name}-${width}`);
      return { text, overflow, errors };
    } finally {
      await context.close();
    }
  }

  it('Benchmarks: Nottingham against published England and region, and all ten neighbours', async () => {
    const { text, overflow, errors } = await pageText('/benchmarks?indicator=cin_factors.child_sexual_exploitation&area=E06000018&period=2025&stat=rate', 'benchmarks');
    expect(text).toContain('Compared with England (published)');
    expect(text).toContain('Compared with East Midlands (published)');
    expect(text).toContain('Statistical neighbours (median), 10 of 10 have a value');
    expect(text).toContain('Sheffield'); // E08000039 in DfE's neighbour list, E08000019 in its file
    expect(text).toMatch(/Key: Higher \/ Lower: .*neither better nor worse/);
    expect(overflow).toBeLessThanOrEqual(1);
    expect(errors).toEqual([]);
  });

  it('Trends: Stockport’s extract against the partnerships reporting, the North West not published', async () => {
    const { text, overflow, errors } = await pageText(
      '/trends?indicator=referrals.referrals&area=E08000007&stat=rate&view=interval&compare=england,region,neighbours&period_type=financial_year', 'trends');
    expect(text).toMatch(/Partnerships reporting in England, \d of 153 authorities report/);
    expect(text).toContain('Partnerships reporting in the North West: not published, fewer than 3 authorities report (1 of 24 authorities report)');
    expect(text).not.toMatch(/\bNorth West \(published\)/);
    expect(text).toContain('a rise in CSE referrals can mean better identification');
    expect(overflow).toBeLessThanOrEqual(1);
    expect(errors).toEqual([]);
  });
});
