// The pages' other writes and downloads: an analyst records an action's status for a quarter, a
// series downloads as CSV, an admin adds a user and finds it in the audit log.
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, openAs, screenshot, settle, visit } from './browser.js';

const baseUrl = inject('baseUrl');

describe('writes and downloads', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('an analyst records this quarter’s status of an action, and the RAG history shows it', async () => {
    const { page, context, errors } = await openAs(browser, baseUrl, 'analyst');
    try {
      await visit(page, '/actions?plan=warwickshire-wscb-cse-2013-14&action=3.2');
      await page.fill('#status-period', '2014-Q4');
      await page.selectOption('#status-value', 'green');
      await page.fill('#status-note', 'Intelligence system live; e2e note.');
      await page.click('#record-status button[type="submit"]');
      await page.waitForSelector('#record-message .message');
      expect(await page.textContent('#record-message')).toContain('Saved');
      await settle(page);
      const history = await page.locator('tr.selected .rag-history .visually-hidden').allTextContents();
      expect(history).toContain('2014 Q4: Green');
      await screenshot(page, 'analyst-actions-status-recorded');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a viewer cannot record statuses (no form)', async () => {
    const { page, context, errors } = await openAs(browser, baseUrl, 'viewer');
    try {
      await visit(page, '/actions?plan=warwickshire-wscb-cse-2013-14&action=3.2');
      expect(await page.locator('#record-status').count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('any series downloads as CSV from Data and definitions, rounded as shown, with its metadata', async () => {
    const { page, context, errors } = await openAs(browser, baseUrl, 'viewer');
    try {
      await visit(page, '/data?area=E08000007&q=referrals%20known%20victims');
      // The search opens the one entry it leaves.
      const entry = page.locator('details.indicator-entry:not([hidden])');
      expect(await entry.count()).toBe(1);
      expect(await entry.getAttribute('open')).not.toBeNull();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.click('details.indicator-entry[open] button[data-download="referrals.known_victim_share"][data-file="csv"]'),
      ]);
      expect(download.suggestedFilename()).toBe('referrals.known_victim_share-E08000007-proportion.csv');
      const text = readFileSync((await download.path())!, 'utf8');
      const [header, ...lines] = text.trim().split(/\r?\n/);
      expect(header).toBe('period,area_code,area_name,breakdown,numerator,denominator,value,lower95,upper95,suppressed');
      expect(lines.length).toBeGreaterThan(40);
      for (const line of lines) {
        const cells = line.split(',');
        for (const figure of cells.slice(6, 9)) expect(figure, line).toMatch(/^(c|\d+\.\d|)$/);
        for (const count of cells.slice(4, 6)) expect(count, line).toMatch(/^(c|\d+|)$/);
      }
      const [metadata] = await Promise.all([
        page.waitForEvent('download'),
        page.click('details.indicator-entry[open] button[data-download="referrals.known_victim_share"][data-file="metadata"]'),
      ]);
      expect(metadata.suggestedFilename()).toBe('referrals.known_victim_share-E08000007-proportion.metadata.txt');
      const about = readFileSync((await metadata.path())!, 'utf8');
      expect(about).toContain('About referrals.known_victim_share-E08000007-proportion.csv');
      expect(about).toContain('Area: Stockport');
      expect(about).toMatch(/Rounding: counts are whole numbers/);
      expect(about).toMatch(/Last updated: \d+ \w+ \d{4}/);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('an admin adds a user, and the audit log records it', async () => {
    const { page, context, errors } = await openAs(browser, baseUrl, 'admin');
    try {
      await visit(page, '/admin');
      await page.fill('#new-username', 'board.member');
      await page.selectOption('#new-role', 'viewer');
      await page.fill('#new-areas', 'E10000031');
      await page.fill('#new-password', 'a long enough password');
      await page.click('#add-user button[type="submit"]');
      await page.waitForSelector('#users-message .message.success');
      await page.waitForSelector('tr[data-user="board.member"]');
      expect(await page.textContent('tr[data-user="board.member"]')).toContain('E10000031');
      await page.waitForFunction(() => (document.querySelector('#audit-table')?.textContent ?? '').includes('board.member'));
      await screenshot(page, 'admin-admin-user-added');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('chart export', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('downloads a chart as SVG and as PNG with its title and source line', async () => {
    const { page, context, errors } = await openAs(browser, baseUrl, 'analyst');
    try {
      await visit(page, '/trends?indicator=mase.disruption_actions&area=E10000031');
      const figure = page.locator('figure.chart-figure').first();
      const [svg] = await Promise.all([page.waitForEvent('download'), figure.locator('a:has-text("Download chart as SVG")').click()]);
      expect(svg.suggestedFilename()).toBe('disruption-actions-warwickshire.svg');
      const text = readFileSync((await svg.path())!, 'utf8');
      expect(text).toContain('<svg');
      expect(text).toContain('Disruption actions, Warwickshire');
      expect(text).toContain('Source:');
      // Keyboard: focus the PNG link and press Enter.
      await figure.locator('a:has-text("Download chart as PNG")').focus();
      const [png] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
      expect(png.suggestedFilename()).toBe('disruption-actions-warwickshire.png');
      const bytes = readFileSync((await png.path())!);
      expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
