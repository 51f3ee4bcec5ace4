// Disclosure control as the pages show it: a viewer sees `c` where an analyst sees a small count,
// and never a 0 in its place.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, openAs, visit } from './browser.js';

const baseUrl = inject('baseUrl');
const PATH = '/trends?indicator=referrals.referrals&area=E10000031&breakdown=sex';

async function breakdownTable(page: Page): Promise<string[][]> {
  const figure = page.locator('figure.chart-figure').nth(1);
  await figure.locator('button:has-text("Show as table")').click();
  return figure.locator('table tbody tr').evaluateAll((rows) =>
    rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => (c.textContent ?? '').trim())));
}

describe('suppression', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a viewer sees c where an analyst sees a count of 1 to 4', async () => {
    const tables: Record<string, string[][]> = {};
    for (const role of ['analyst', 'viewer'] as const) {
      const { page, context, errors } = await openAs(browser, baseUrl, role);
      try {
        await visit(page, PATH);
        tables[role] = await breakdownTable(page);
        if (role === 'viewer') expect(await page.textContent('main')).toContain('c: suppressed');
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    }
    const analyst = tables.analyst!;
    const viewer = tables.viewer!;
    expect(viewer.length).toBe(analyst.length);
    let hidden = 0;
    analyst.forEach((row, i) => row.forEach((cell, j) => {
      const seen = viewer[i]![j]!;
      if (/^[1-4]$/.test(cell)) {
        expect(seen).toBe('c');
        hidden += 1;
      }
      if (seen === 'c') expect(cell).not.toBe('0');
    }));
    expect(hidden).toBeGreaterThan(0);
  });
});
