// Selections live in the URL: a view survives a reload, and choosing in the page updates the URL.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, openAs, settle, visit } from './browser.js';

const baseUrl = inject('baseUrl');

describe('selections in the URL', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('trends: indicator, area, chart, breakdown and comparators survive a reload', async () => {
    const { page, context, errors } = await openAs(browser, baseUrl, 'analyst');
    try {
      const path = '/trends?indicator=referrals.referrals&area=E07000177&stat=rate&view=interval&breakdown=sex&compare=england';
      await visit(page, path);
      const check = async () => {
        expect(await page.inputValue('select[name="indicator"]')).toBe('referrals.referrals');
        expect(await page.inputValue('select[name="area"]')).toBe('E07000177');
        expect(await page.inputValue('select[name="stat"]')).toBe('rate');
        expect(await page.inputValue('select[name="view"]')).toBe('interval');
        expect(await page.inputValue('select[name="breakdown"]')).toBe('sex');
        expect(await page.isChecked('input[name="compare"][value="england"]')).toBe(true);
        expect(await page.textContent('h1')).toContain('Cherwell');
        expect(await page.locator('figure.chart-figure[data-rendered="true"]').count()).toBe(2);
      };
      await check();
      await page.reload();
      await settle(page);
      await check();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('choosing in the page writes the URL, which a new visit restores', async () => {
    const { page, context, errors } = await openAs(browser, baseUrl, 'viewer');
    try {
      await visit(page, '/overview?area=E10000031&period=2016-Q4');
      await page.selectOption('select[name="area"]', 'E08000007');
      await settle(page);
      await page.selectOption('select[name="period"]', '2015-Q3');
      await settle(page);
      const url = new URL(page.url());
      expect(url.searchParams.get('area')).toBe('E08000007');
      expect(url.searchParams.get('period')).toBe('2015-Q3');
      await page.goto(url.pathname + url.search);
      await settle(page);
      expect(await page.textContent('h1')).toBe('Overview: Stockport, 2015 Q3');
      expect(await page.inputValue('select[name="period"]')).toBe('2015-Q3');
      // The shared selections follow the user to another page.
      await page.click('#site-nav a:has-text("Problem profile")');
      await settle(page);
      expect(new URL(page.url()).searchParams.get('area')).toBe('E08000007');
      // The profile shows the 12 months ending with the shared quarter.
      expect(await page.textContent('h1')).toBe('Problem profile: Stockport, 12 months to Sep 2015');
      expect(new URL(page.url()).searchParams.get('period_type')).toBe('rolling_12m');
      // Back returns to the overview as it was.
      await page.goBack();
      await settle(page);
      expect(await page.textContent('h1')).toBe('Overview: Stockport, 2015 Q3');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
