// The client keeps answers with their entity tags: coming back to the Overview (one page-level
// answer, /api/overview), it asks with If-None-Match and the server answers 304 without computing anything; the page is the same.
// A cold Overview (and so its printed board paper) asks the server twice: who is signed in, and its one answer.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, openAs, screenshot, settle, visit } from './browser.js';

const baseUrl = inject('baseUrl');

describe('answers revalidated by entity tag', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const path of ['/overview', '/overview?area=E10000031&period=2024-Q4']) {
    it(`a cold Overview (${path}) makes two API requests: the session and the page's one answer`, async () => {
      const { page, context, errors } = await openAs(browser, baseUrl, 'viewer');
      try {
        const api: string[] = [];
        page.on('request', (request) => {
          const url = new URL(request.url());
          if (url.pathname.startsWith('/api/')) api.push(url.pathname);
        });
        await visit(page, path);
        expect(await page.getAttribute('main', 'data-state')).toBe('ready');
        expect(api.sort()).toEqual(['/api/overview', '/api/session']);
        // Drawn from that answer: the figures, and pickers offering areas and quarters.
        expect(await page.locator('table.headlines').count()).toBeGreaterThan(0);
        expect(await page.locator('select[name="area"] option').count()).toBeGreaterThan(1);
        expect(await page.locator('select[name="period"] option').count()).toBeGreaterThan(1);
        const url = new URL(page.url());
        expect(url.searchParams.get('area')).toMatch(/^E\d{8}$/);
        expect(url.searchParams.get('period')).toMatch(/^\d{4}-Q[1-4]$/);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }

  it('returning to the Overview revalidates its answers (304) and draws the same page', async () => {
    const { page, context, errors } = await openAs(browser, baseUrl, 'viewer');
    try {
      const statuses: { url: string; status: number; conditional: boolean }[] = [];
      page.on('response', (response) => {
        const url = new URL(response.url());
        if (url.pathname === '/api/overview') {
          statuses.push({ url: url.pathname + url.search, status: response.status(), conditional: Boolean(response.request().headers()['if-none-match']) });
        }
      });
      await visit(page, '/overview?area=E08000007&period=2016-Q4');
      const first = await page.textContent('main');
      const firstRound = statuses.splice(0);
      expect(firstRound.length).toBeGreaterThan(0);
      expect(firstRound.every((r) => r.status === 200)).toBe(true);
      await page.click('#site-nav a:has-text("Trends")');
      await settle(page);
      await page.goBack();
      await settle(page);
      const again = statuses.filter((r) => firstRound.some((f) => f.url === r.url));
      expect(again.length).toBeGreaterThan(0);
      expect(again.every((r) => r.conditional && r.status === 304)).toBe(true);
      expect(await page.textContent('main')).toBe(first);
      await screenshot(page, 'overview-revalidated');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
