// Uploading through the page: the worker's header check (the server's rules and wording) reports
// a header that does not match the dictionary without stopping the upload; the server's refusal
// report (by rule, and its CSV) for a bad file, every problem in one answer; the summary, with
// replaced partitions and their previous totals, for a good one; a workbook; the templates.
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, openAs, screenshot, seriousViolations, visit } from './browser.js';

const baseUrl = inject('baseUrl');

const csv = (lines: string[]) => Buffer.from(`${lines.join('\r\n')}\r\n`);
const GOOD = csv(['period,area_code,sex,referrals', '2011-Q4,E07000218,female,7', '2011-Q4,E07000218,male,2']);
const GOOD_AGAIN = csv(['period,area_code,sex,referrals', '2011-Q4,E07000218,female,9', '2011-Q4,E07000218,male,3']);
const BAD_VALUES = csv(['period,area_code,sex,referrals', '2011-Q4,E07000218,female,-3', '2011-Q4,E99999999,male,2', '2011-Q4,E07000218,boy,1']);
const BAD_HEADER = csv(['period,area_code,gender,referals', '2011-Q4,E07000218,female,1']);
const THREE_MISTAKES = csv(['period,area_name,DOB,sex,referrals', '2017-Q2,North Warwickshire,2005-01-02,female,2', '2017-Q2,Nowhere Town,2006-03-04,male,1', '2017-Q2,Rugby,2004-05-06,female,-2']);

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
      expect(summary).toContain('unknown_column: Column "gender" is not part of the referrals data dictionary.');
      expect(summary).toContain('Did you mean "referrals"?');
      // The server checks every row too and stores nothing while there are problems.
      expect(await page.isDisabled('#upload-send')).toBe(false);
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#preview-csv')]);
      expect(download.suggestedFilename()).toBe('wrong-header-header-check.csv');
      expect(readFileSync((await download.path())!, 'utf8')).toMatch(/^Line,Column,Rule,What is wrong\r\n1,gender,unknown_column,/);
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
  it('reports a date-of-birth column, an unknown area and a negative count in one answer, and lists the refusal in the history', async () => {
    const { page, context, errors } = await openAs(browser, baseUrl, 'analyst', { width: 1366, height: 900 });
    try {
      await visit(page, '/upload?dataset=referrals');
      await choose(page, 'three-mistakes.csv', THREE_MISTAKES);
      expect(await page.textContent('#preview .error-summary')).toContain('Column "DOB" looks like a date of birth');
      await send(page);
      const rules = await page.locator('ul.rule-summary li code').allTextContents();
      expect(rules).toEqual(['personal_data_column', 'unknown_area', 'negative_count']);
      const rows = await page.locator('table.refusal tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent?.trim() ?? '')));
      expect(rows.map((r) => [r[0], r[2]])).toEqual([['1', 'personal_data_column'], ['3', 'unknown_area'], ['4', 'negative_count']]);
      expect(await page.textContent('#outcome')).not.toContain('2005-01-02');
      await page.waitForFunction(() => (document.querySelector('#history')?.textContent ?? '').includes('three-mistakes.csv'));
      const refused = await page.locator('#history tr', { hasText: 'three-mistakes.csv' }).first().textContent();
      expect(refused).toMatch(/Refused.*North Warwickshire.*negative_count 1/s);
      await page.selectOption('#history-area', 'E07000220');
      await page.waitForFunction(() => !(document.querySelector('#history')?.textContent ?? '').includes('good.csv'));
      expect(await page.textContent('#history')).toContain('three-mistakes.csv');
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, 'analyst-upload-three-mistakes-1366');
      await page.setViewportSize({ width: 390, height: 844 });
      await screenshot(page, 'analyst-upload-three-mistakes-390');
      expect(errors.filter((e) => !e.includes('status of 422'))).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('uploads an Excel workbook, and downloads the templates', async () => {
    const { page, context, errors } = await openAs(browser, baseUrl, 'analyst', { width: 390, height: 844 });
    try {
      await visit(page, '/upload?dataset=referrals');
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Q3');
      for (const row of [['period', 'area_code', 'age_band', 'referrals'], [new Date('2011-08-01T00:00:00Z'), 'E07000219', '10-12', 4], ['2011-Q3', 'E07000219', '13-15', 6.000000000000001]]) ws.addRow(row);
      await page.setInputFiles('#upload-file', { name: 'nuneaton.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(await wb.xlsx.writeBuffer()) });
      await page.waitForSelector('#sheet-field:not([hidden])');
      expect(await page.textContent('#preview')).toContain('an Excel workbook');
      await page.fill('#upload-sheet', 'Q3');
      await send(page);
      expect(await page.textContent('#upload-outcome')).toContain('Upload accepted');
      expect(await page.textContent('#outcome')).toContain('Referrals 10');
      await screenshot(page, 'analyst-upload-xlsx-390');

      await page.click('summary:has-text("CSE referrals")');
      const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('a[href="/api/templates/referrals.xlsx"]')]);
      expect(xlsx.suggestedFilename()).toBe('referrals-template.xlsx');
      const template = new ExcelJS.Workbook();
      await template.xlsx.readFile((await xlsx.path())!);
      const sheet = template.getWorksheet('referrals')!;
      expect(sheet.getColumn(3).numFmt).toBe('@');
      expect(sheet.getCell('D2').dataValidation).toMatchObject({ type: 'list' });
      const [csvTemplate] = await Promise.all([page.waitForEvent('download'), page.click('a[href="/api/templates/referrals.csv"]')]);
      expect(readFileSync((await csvTemplate.path())!, 'utf8')).toMatch(/^period,area_code,age_band,sex,/);
      expect(await seriousViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
