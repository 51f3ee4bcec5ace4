// Signing in through the page: a deep link asks for sign-in and then opens where it pointed.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, openAs, screenshot, seriousViolations, settle } from './browser.js';
import { USER_PASSWORD } from './server-process.js';

const baseUrl = inject('baseUrl');

describe('sign-in page', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('sends a signed-out visitor to sign in, then to the page they asked for', async () => {
    const { page, context, errors } = await openAs(browser, baseUrl, null);
    try {
      await page.goto('/trends?indicator=missing.episodes&area=E06000018');
      await settle(page);
      expect(new URL(page.url()).pathname).toBe('/sign-in');
      expect(await page.textContent('h1')).toBe('Sign in');
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, 'signed-out-sign-in');

      await page.fill('#username', 'analyst');
      await page.fill('#password', 'not the password');
      await page.click('button[type="submit"]');
      await page.waitForSelector('.error-summary');
      expect(await page.textContent('.error-summary')).toContain('not right');

      await page.fill('#password', USER_PASSWORD);
      await page.click('button[type="submit"]');
      await page.waitForURL((u) => u.pathname === '/trends');
      await settle(page);
      expect(await page.inputValue('select[name="indicator"]')).toBe('missing.episodes');
      expect(await page.textContent('h1')).toContain('Nottingham');
      expect(await page.textContent('.account')).toContain('analyst');

      // A session that ends mid-use (here: the cookie is gone) leads back to sign-in, then to the view.
      await context.clearCookies();
      await page.selectOption('select[name="area"]', 'E08000007');
      await page.waitForURL((u) => u.pathname === '/sign-in');
      expect(new URL(page.url()).searchParams.get('next')).toContain('area=E08000007');
      await page.fill('#username', 'analyst');
      await page.fill('#password', USER_PASSWORD);
      await page.click('button[type="submit"]');
      await page.waitForURL((u) => u.pathname === '/trends');
      await settle(page);
      expect(await page.textContent('h1')).toContain('Stockport');

      await page.click('#sign-out');
      await page.waitForURL((u) => u.pathname === '/sign-in');
      // Only the expected refusals: the session check before sign-in, the wrong password.
      expect(errors.filter((e) => !/status of (401|400)/.test(e))).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
