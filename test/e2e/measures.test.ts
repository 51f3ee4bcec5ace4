// Measures of success in the browser: the Cherwell plan page lists its measures with their targets
// and sparklines, a viewer sees `c` for a small count of mentored young people, an analyst records
// a quarter on the action page, Trends draws a measure with its target line, and the Overview's
// panel lists the measures off target. Screenshots at 1366 and 390 px go to test/artifacts/.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, openAs, screenshot, seriousViolations, settle, visit } from './browser.js';

const baseUrl = inject('baseUrl');
const PLAN = '/actions?plan=cherwell-csp-cse-prevention';
const TRENDS = '/trends?indicator=plan.cherwell-csp-cse-prevention.training_attendees&area=E07000177';
const WIDTHS = [1366, 390] as const;

describe('measures of success', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.each(WIDTHS)('the Cherwell plan page shows its measures with targets (%i px)', async (width) => {
    const { page, context, errors } = await openAs(browser, baseUrl, 'viewer', { width, height: 900 });
    try {
      await visit(page, PLAN);
      const rows = page.locator('table.measures-table tbody tr');
      expect(await rows.count()).toBe(4);
      const text = (await page.locator('section.measures').textContent()) ?? '';
      expect(text).toContain('Attendees at CSE training and awareness events');
      expect(text).toContain('44 against a target of 50');
      expect(text).toContain('Young people working with mentors');
      expect(text).toContain('Off target');
      expect(await page.locator('table.measures-table svg.sparkline').count()).toBe(4);
      // Each action shows its own measures; action 2's is the mentoring measure.
      const action2 = page.locator('table.actions-table tr', { has: page.locator('th a', { hasText: /^2$/ }) });
      expect(await action2.locator('.action-measures').textContent()).toContain('Young people working with mentors');
      expect(await seriousViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
      await screenshot(page, `measures-plan-${width}`);
    } finally {
      await context.close();
    }
  });

  it('hides a small count of children from a viewer, not from an analyst', async () => {
    const seen: Record<string, string[]> = {};
    for (const role of ['viewer', 'analyst'] as const) {
      const { page, context, errors } = await openAs(browser, baseUrl, role);
      try {
        await visit(page, `${PLAN}&action=2`);
        const block = page.locator('.measure-block', { hasText: 'Young people working with mentors' });
        seen[role] = await block.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => (tr.children[1]?.textContent ?? '').trim()));
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    }
    // Oldest last: 2014-Q1 had 3 young people with mentors.
    expect(seen.analyst!.at(-1)).toBe('3');
    expect(seen.viewer!.at(-1)).toBe('c');
    expect(seen.viewer!.slice(0, -1)).toEqual(seen.analyst!.slice(0, -1));
  });

  it('an analyst records a quarter on the action page and sees it', async () => {
    const { page, context, errors } = await openAs(browser, baseUrl, 'analyst', { width: 1366, height: 900 });
    try {
      await visit(page, `${PLAN}&action=6.B`);
      const form = page.locator('#record-measure');
      await form.locator('select[name="measure"]').selectOption('training_attendees');
      await form.locator('input[name="period"]').fill('2015-Q2');
      await form.locator('input[name="value"]').fill('sixty');
      await form.locator('button[type="submit"]').click();
      await expect.poll(() => page.locator('#measure-message').textContent()).toContain('"sixty" is not a whole number of 0 or more');
      // The browser logs the refusal's 422; that one is expected.
      expect(errors).toEqual([expect.stringContaining('422')]);
      errors.length = 0;
      await form.locator('input[name="value"]').fill('57');
      await form.locator('input[name="target"]').fill('50');
      await form.locator('button[type="submit"]').click();
      await page.waitForSelector('#measure-message .message.success');
      await settle(page);
      expect(await page.locator('#measure-message').textContent()).toContain('Saved: Attendees at CSE training and awareness events is 57 at 2015-Q2.');
      const latest = await page.locator('.measure-block', { hasText: 'Attendees at CSE training' }).locator('tbody tr').first().textContent();
      expect(latest?.replace(/\s+/g, ' ')).toContain('57');
      expect(await page.locator('section.measures').textContent()).toContain('57 against a target of 50');
      await screenshot(page, 'measures-recorded-1366');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it.each(WIDTHS)('Trends draws a measure with its target (%i px)', async (width) => {
    const { page, context, errors } = await openAs(browser, baseUrl, 'viewer', { width, height: 900 });
    try {
      await visit(page, TRENDS);
      const chart = page.locator('figure.chart-figure[data-rendered="true"] .chart-host [role="graphics-document"][aria-label]:has(svg)');
      expect(await chart.count()).toBe(1);
      expect(await chart.getAttribute('aria-label')).toMatch(/The plan's target, drawn as a solid blue line: 50 in 20\d\d Q\d/);
      const figure = page.locator('figure.chart-figure').first();
      await figure.locator('button:has-text("Show as table")').click();
      const header = await figure.locator('table thead').textContent();
      expect(header).toContain('Target');
      expect(await page.locator('#linked-heading').textContent()).toContain('Actions this measure belongs to');
      // Nothing to break down or compare: those controls are not offered.
      expect(await page.locator('fieldset.compare').isVisible()).toBe(false);
      expect(await page.locator('select[name="breakdown"]').isVisible()).toBe(false);
      expect(await page.locator('fieldset.rebase').isVisible()).toBe(false);
      expect(await page.locator('section[aria-labelledby="linked-heading"] a').allTextContents()).toEqual(['5', '6.A', '6.B']);
      expect(await seriousViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
      await screenshot(page, `measures-trends-${width}`);
    } finally {
      await context.close();
    }
  });

  it('the Overview (board paper) lists the measures off target', async () => {
    const { page, context, errors } = await openAs(browser, baseUrl, 'viewer', { width: 1366, height: 900 });
    try {
      await visit(page, '/overview?area=E07000177');
      const panel = page.locator('section.measures-panel');
      expect(await panel.locator('h2').textContent()).toMatch(/Measures of success off target \(\d+ of 4 with a target\)/);
      expect(await panel.textContent()).toContain('Local businesses in the customer care programme');
      await page.emulateMedia({ media: 'print' });
      expect(await panel.isVisible()).toBe(true);
      await screenshot(page, 'measures-overview-print-1366');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
