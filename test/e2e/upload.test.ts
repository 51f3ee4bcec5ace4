// Uploading through the page: the worker's header check stops a file that does not match the
// dictionary; the server's refusal report (and its CSV) for a bad file; the summary, with
// replaced partitions and their previous totals, for a good one.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, openAs, screenshot, seriousViolations, visit } from './browser.js';

const baseUrl = inject('baseUrl');

const csv = (lines: string[]) => Buffer.from(`${lines.join('\r\n')}\r\n`);
const GOOD = csv(['period,area_code,sex,referrals', '2011-Q4,E07000218,female,7', '2011-Q4,E07000218,male,2']);
const GOOD_AGAIN = csv(['period,area_code,sex,referrals', '2011-Q4,E07000218,female,9', '2011-Q4,E07000218,male,3']);
const BAD_VALUES = csv(['period,area_code,sex,referrals', '2011-Q4,E07000218,female,-3', '2011-Q4,E99999999,male,2', '2011-Q4,E07000218,boy,1']);
const BAD_HEADER = csv(['period,area_code,gender,referals', '2011-Q4,E07000218,female,1']);

async function choose(page: Page, name: string, buffer: Buffer): Promise<void> {
  await page.setInputFiles('#upload-file', { name, mimeType: 'text/csv', buffer });
  await page.waitForSelector('#preview table.preview, #preview .error-summary, #preview .message.error');
}

async function send(page: Page): Promise<void> {
  await page.click('#upload-send');
  await page.waitForSelector('#upload-outcome', { timeout: 60_000 });
}

describe('upload page', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('checks the header in the browser before anything is sent', async () => {
    const { page, context, errors } = await openAs(browser, baseUrl, 'analyst');
    try {
      await visit(page, '/upload?dataset=referrals');
      await choose(page, 'wrong-header.csv', BAD_HEADER);
      const summary = await page.textContent('#preview .error-summary');
      expect(summary).toContain('“gender” is not a column');
      expect(summary).toContain('Did you mean “referrals”?');
      expect(await page.isDisabled('#upload-send')).toBe(true);
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, 'analyst-upload-header-check');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows the refusal report for a bad file, downloadable as CSV', async () => {
    const { page, context, errors } = await openAs(browser, baseUrl, 'analyst');
    try {
      await visit(page, '/upload');
      await choose(page, 'bad-values.csv', BAD_VALUES);
      expect(await page.textContent('#preview')).toContain('The header matches');
      expect(await page.locator('#preview table.preview tbody tr').count()).toBe(3);
      await send(page);
      expect(await page.textContent('#upload-outcome')).toContain('nothing was stored');
      const rows = await page.locator('table.refusal tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent?.trim() ?? '')));
      expect(rows.length).toBeGreaterThanOrEqual(3);
      expect(rows.map((r) => r[0])).toEqual(expect.arrayContaining(['2', '3', '4']));
      expect(rows.map((r) => r[1])).toEqual(expect.arrayContaining(['referrals', 'area_code', 'sex']));
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#refusal-csv')]);
      expect(download.suggestedFilename()).toBe('bad-values-refusal.csv');
      const text = readFileSync((await download.path())!, 'utf8');
      expect(text.split('\r\n')[0]).toBe('Line,Column,Rule,What is wrong');
      expect(text.split('\r\n').filter(Boolean).length).toBe(rows.length + 1);
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, 'analyst-upload-refused');
      expect(errors.filter((e) => !e.includes('status of 422'))).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows the summary for a good file, then the replaced partition with its previous totals', async () => {
    const { page, context, errors } = await openAs(browser, baseUrl, 'analyst');
    try {
      await visit(page, '/upload');
      await choose(page, 'good.csv', GOOD);
      await send(page);
      expect(await page.textContent('#upload-outcome')).toContain('Upload accepted');
      let partition = await page.textContent('#outcome table tbody tr');
      expect(partition).toContain('North Warwickshire');
      expect(partition).toContain('2011 Q4');
      expect(partition).toContain('No, new');
      expect(partition).toContain('Referrals 9');

      await choose(page, 'good-corrected.csv', GOOD_AGAIN);
      await send(page);
      partition = await page.textContent('#outcome table tbody tr');
      expect(partition).toContain('Yes');
      expect(partition).toMatch(/Referrals 9.*Referrals 12/s);
      await page.waitForFunction(() => (document.querySelector('#history')?.textContent ?? '').includes('good-corrected.csv'));
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, 'analyst-upload-accepted');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
