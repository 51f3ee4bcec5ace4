// Board pages at desk and phone widths: no page scrolls sideways, no console error anywhere (the
// sign-in page included), Back walks back through selections, keyboard browsing of a select does
// not reload at every key, and the Overview's reconciliation line for every demo partnership.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, openAs, screenshot, settle, visit } from './browser.js';
import { USER_PASSWORD } from './server-process.js';

const baseUrl = inject('baseUrl');

const PAGES = [
  '/overview?area=E10000025&period=2024-Q4',
  '/trends?indicator=mase.disruption_actions&area=E10000031',
  '/profile?area=E10000031&period=2024-Q4',
  '/benchmarks?area=E10000031&indicator=cin_factors.child_sexual_exploitation',
  '/actions?plan=warwickshire-wscb-cse-2013-14&action=3.2',
  '/upload',
  '/data',
  '/admin',
];

/** The demo's partnerships: children's services LAs the DfE publishes for. */
const DEMO_LAS = { E10000025: 'Oxfordshire', E10000031: 'Warwickshire', E06000018: 'Nottingham', E10000024: 'Nottinghamshire', E08000007: 'Stockport' };

async function sidewaysScroll(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

describe('board pages', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const width of [1366, 390]) {
    it(`at ${width} px no page scrolls sideways or logs an error, the sign-in page included`, async () => {
      const signedOut = await openAs(browser, baseUrl, null, { width, height: 900 });
      try {
        await visit(signedOut.page, '/sign-in');
        expect(await signedOut.page.textContent('h1')).toBe('Sign in');
        expect(await sidewaysScroll(signedOut.page)).toBe(0);
        expect(signedOut.errors).toEqual([]);
      } finally {
        await signedOut.context.close();
      }
      const { page, context, errors } = await openAs(browser, baseUrl, 'admin', { width, height: 900 });
      try {
        for (const path of PAGES) {
          await visit(page, path);
          expect(await page.getAttribute('main', 'data-state'), path).toBe('ready');
          expect({ path, overflow: await sidewaysScroll(page) }).toEqual({ path, overflow: 0 });
          if (path.startsWith('/overview') || path.startsWith('/data') || path.startsWith('/actions')) {
            await screenshot(page, `board-${path.slice(1).split('?')[0]}-${width}`);
          }
        }
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }

  it('Back restores the previous selection twice over, and never returns to sign-in', async () => {
    const { page, context, errors } = await openAs(browser, baseUrl, null);
    try {
      await visit(page, '/trends?indicator=referrals.referrals&area=E10000031');
      // Signed out: the page asks for sign-in, then comes back to the view asked for.
      expect(new URL(page.url()).pathname).toBe('/sign-in');
      await page.fill('#username', 'analyst');
      await page.fill('#password', USER_PASSWORD);
      await page.click('button[type="submit"]');
      await page.waitForURL((u) => u.pathname === '/trends');
      await settle(page);
      const shown = async () => [await page.inputValue('select[name="indicator"]'), await page.inputValue('select[name="area"]')];
      expect(await shown()).toEqual(['referrals.referrals', 'E10000031']);
      await page.selectOption('select[name="area"]', 'E08000007');
      await settle(page);
      await page.selectOption('select[name="indicator"]', 'missing.episodes');
      await settle(page);
      expect(await shown()).toEqual(['missing.episodes', 'E08000007']);
      await page.goBack();
      await settle(page);
      expect(await shown()).toEqual(['referrals.referrals', 'E08000007']);
      await page.goBack();
      await settle(page);
      expect(await shown()).toEqual(['referrals.referrals', 'E10000031']);
      expect(new URL(page.url()).pathname).toBe('/trends');
      await page.goForward();
      await settle(page);
      expect(await shown()).toEqual(['referrals.referrals', 'E08000007']);

      // The same on the Overview, whose quarter and area are both selections.
      await visit(page, '/overview?area=E10000031&period=2024-Q4');
      await page.selectOption('select[name="period"]', '2023-Q4');
      await settle(page);
      await page.selectOption('select[name="area"]', 'E08000007');
      await settle(page);
      await page.goBack();
      await settle(page);
      expect(await page.textContent('h1')).toBe('Overview: Warwickshire, 2023 Q4');
      await page.goBack();
      await settle(page);
      expect(await page.textContent('h1')).toBe('Overview: Warwickshire, 2024 Q4');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a select browsed with the arrow keys applies once, when the keys stop, not at every key', async () => {
    const { page, context, errors } = await openAs(browser, baseUrl, 'viewer');
    try {
      await visit(page, '/overview?area=E10000031&period=2024-Q4');
      const overviewRequests: string[] = [];
      page.on('request', (r) => {
        if (new URL(r.url()).pathname === '/api/overview') overviewRequests.push(r.url());
      });
      const before = await page.evaluate(() => history.length);
      await page.focus('select[name="period"]');
      for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowDown');
      await page.waitForTimeout(1500);
      await settle(page);
      expect(overviewRequests).toHaveLength(1);
      expect(new URL(overviewRequests[0]!).searchParams.get('period')).toBe('2023-Q4');
      expect(await page.evaluate(() => history.length)).toBe(before + 1);
      expect(await page.textContent('h1')).toBe('Overview: Warwickshire, 2023 Q4');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows the reconciliation line for each demo partnership and every year both sources have', async () => {
    const dfe = Papa.parse<Record<string, string>>(
      readFileSync(join(process.cwd(), 'data/reference/dfe-cin-factors/c3_factors_identified_at_end_of_assessment_2018_to_2025.csv'), 'utf8'),
      { header: true, skipEmptyLines: true },
    ).data;
    const { page, context, errors } = await openAs(browser, baseUrl, 'viewer');
    try {
      for (const [code, name] of Object.entries(DEMO_LAS)) {
        await visit(page, `/overview?area=${code}&period=2025-Q4`);
        const rows = await page.$$eval('.reconciliation-table tbody tr', (trs) =>
          trs.map((tr) => [tr.getAttribute('data-year'), ...[...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')]));
        const published = dfe.filter((r) => r.new_la_code === code && r.geographic_level === 'Local authority');
        expect(rows.map((r) => r[0]), name).toEqual(['2018', '2019', '2020', '2021', '2022', '2023', '2024', '2025']);
        for (const [year, local, count, ratio, reading] of rows) {
          const official = published.find((r) => r.time_period === year)!.Child_sexual_exploitation;
          expect(count, `${name} ${year}`).toBe(Number(official).toLocaleString('en-GB'));
          expect(Number(local!.replaceAll(',', '')), `${name} ${year}`).toBeGreaterThan(0);
          expect(Number(ratio)).toBeCloseTo(Number(local!.replaceAll(',', '')) / Number(official), 2);
          expect(reading).toMatch(/^(Consistent|Local figure low|Local figure high)$/);
        }
        const line = await page.textContent('p.reconciliation');
        expect(line, name).toMatch(/April 2024 to March 2025: \d+ CSE referrals recorded locally against \d+ DfE assessments recording CSE/);
        expect(await page.getAttribute('p.reconciliation', 'data-year')).toBe('2025');
      }
      // Nottingham's demo referrals run well below DfE's count: the page says which way that points.
      await visit(page, '/overview?area=E06000018&period=2025-Q4');
      expect(await page.textContent('p.reconciliation')).toMatch(/under-recorded locally/);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
