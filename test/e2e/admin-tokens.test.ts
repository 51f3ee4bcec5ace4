// The Admin page's API token list: every live token with its owner, at desktop and phone widths,
// and revoking one from the page ends it.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { join } from 'node:path';
import { ARTIFACTS, launchBrowser, openAs, screenshot, seriousViolations, visit } from './browser.js';
import { apiSignIn, USER_PASSWORD } from './server-process.js';

const baseUrl = inject('baseUrl');

async function makeToken(username: string, name: string): Promise<string> {
  const { cookie, csrf } = await apiSignIn(baseUrl, username, USER_PASSWORD);
  const res = await fetch(`${baseUrl}/api/tokens`, {
    method: 'POST',
    headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  if (res.status !== 201) throw new Error(`token for ${username}: ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

describe('Admin page: API tokens', () => {
  let browser: Browser;
  let nightly: string;
  beforeAll(async () => {
    browser = await launchBrowser();
    nightly = await makeToken('analyst', 'nightly extract upload');
    await makeToken('viewer', 'board pack refresh');
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const width of [1366, 390]) {
    it(`lists live tokens with their owners at ${width} px`, async () => {
      const { page, context, errors } = await openAs(browser, baseUrl, 'admin', { width, height: 900 });
      try {
        await visit(page, '/admin');
        await page.waitForSelector('#tokens table');
        const rows = await page.locator('#tokens tbody tr').allTextContents();
        expect(rows.some((r) => r.includes('analyst') && r.includes('nightly extract upload'))).toBe(true);
        expect(rows.some((r) => r.includes('viewer') && r.includes('board pack refresh'))).toBe(true);
        await screenshot(page, `admin-tokens-${width}`);
        await page.locator('section[aria-labelledby="tokens-heading"]').screenshot({ path: join(ARTIFACTS, `admin-tokens-section-${width}.png`) });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow).toBeLessThanOrEqual(1);
        expect(await seriousViolations(page)).toEqual([]);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }

  it('revokes a token from the page, and the token stops working', async () => {
    expect((await fetch(`${baseUrl}/api/session`, { headers: { authorization: `Bearer ${nightly}` } })).status).toBe(200);
    const { page, context, errors } = await openAs(browser, baseUrl, 'admin');
    try {
      await visit(page, '/admin');
      const row = page.locator('#tokens tbody tr', { hasText: 'nightly extract upload' });
      await row.getByRole('button', { name: /Revoke/ }).click();
      await page.waitForSelector('#tokens-message .message');
      expect(await page.textContent('#tokens-message')).toContain('Revoked nightly extract upload of analyst');
      await expect.poll(() => page.locator('#tokens tbody tr', { hasText: 'nightly extract upload' }).count()).toBe(0);
      expect((await fetch(`${baseUrl}/api/session`, { headers: { authorization: `Bearer ${nightly}` } })).status).toBe(401);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
