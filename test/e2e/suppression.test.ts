// Disclosure control as the pages show it: a viewer reads the plain-words note on Overview, Trends
// and the Problem profile; tables and chart descriptions never show a count the API hides, and
// never a published count of 1 to 4.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, openAs, screenshot, visit } from './browser.js';

const baseUrl = inject('baseUrl');
const PATH = '/trends?indicator=referrals.referrals&area=E10000031&breakdown=sex';
const NOTE = 'changed slightly';

async function breakdownFigure(page: Page): Promise<{ rows: string[][]; description: string; text: string }> {
  const figure = page.locator('figure.chart-figure').nth(1);
  await figure.locator('button:has-text("Show as table")').click();
  const rows = await figure.locator('table tbody tr').evaluateAll((trs) =>
    trs.map((r) => [...r.querySelectorAll('th, td')].map((c) => (c.textContent ?? '').trim())));
  return { rows, description: await figure.locator('.chart-description').innerText(), text: await figure.innerText() };
}

describe('disclosure control on the pages', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a viewer sees c where an analyst sees a small count, never a published 1 to 4, and the note in plain words', async () => {
    const tables: Record<string, string[][]> = {};
    for (const role of ['analyst', 'viewer'] as const) {
      const { page, context, errors } = await openAs(browser, baseUrl, role);
      try {
        await visit(page, PATH);
        const figure = await breakdownFigure(page);
        tables[role] = figure.rows;
        if (role === 'viewer') {
          expect(figure.text).toContain(NOTE);
          expect(figure.text).toContain('c: hidden');
          expect(figure.text).not.toContain('It is not zero');
          // The description's latest figures are as the table shows them: never a count of 1 to 4.
          const latest = figure.description.split('Latest period:')[1] ?? '';
          expect(latest).not.toBe('');
          for (const n of latest.match(/\b\d+\b/g) ?? []) expect(['1', '2', '3', '4']).not.toContain(n);
          await screenshot(page, 'viewer-trends-disclosure');
        }
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
      if (j === 0) return;
      const seen = viewer[i]![j]!;
      expect(seen).not.toMatch(/^[1-4]$/);
      if (/^[1-4]$/.test(cell) && seen === 'c') hidden += 1;
    }));
    expect(hidden).toBeGreaterThan(0);
  });

  it('the table shows exactly what the API gives a viewer', async () => {
    const { page, context } = await openAs(browser, baseUrl, 'viewer');
    try {
      await visit(page, PATH);
      const { rows } = await breakdownFigure(page);
      const shown = rows.flatMap((r) => r.slice(1)).filter((c) => c !== 'x');
      const answer = await page.evaluate(async () => {
        const res = await fetch('/api/series?indicator=referrals.referrals&area=E10000031&breakdown=sex&stat=count&period_type=quarter');
        return (await res.json()) as { rows: { area_code: string; breakdown: string | null; numerator: number | null; suppressed: boolean }[] };
      });
      const own = answer.rows.filter((r) => r.area_code === 'E10000031');
      // Every c on the page is a hidden figure in the API, and no hidden figure appears as a number.
      expect(shown.filter((c) => c === 'c').length).toBeLessThanOrEqual(own.filter((r) => r.suppressed).length);
      const published = new Set(own.filter((r) => !r.suppressed).map((r) => String(r.numerator)));
      for (const c of shown.filter((x) => x !== 'c')) expect(published).toContain(c.replace(/,/g, ''));
    } finally {
      await context.close();
    }
  });

  it.each([
    ['overview', '/overview?area=E10000031&period=2016-Q4'],
    ['profile', '/profile?area=E10000031&period=2016-Q4'],
  ])('a viewer reads the note on the %s page', async (name, path) => {
    const { page, context, errors } = await openAs(browser, baseUrl, 'viewer');
    try {
      await visit(page, path);
      expect(await page.textContent('main')).toContain(NOTE);
      expect(await page.textContent('main')).not.toContain('It is not zero');
      await screenshot(page, `viewer-${name}-disclosure`);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
