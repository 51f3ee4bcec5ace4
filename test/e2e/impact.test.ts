// The impact chart and the re-based SPC chart in a real browser: Stockport's action 1.6a shows its
// verdict in words with the step and its interval and draws the counterfactual band; a viewer
// reads the same verdict as an analyst, with the model's figures only where the published
// (protected) figures support one (boys' quarterly counts are small, so there they do not); Trends re-bases Stockport's referrals after the shift and
// shows one set of limits when the user switches re-basing off.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, openAs, screenshot, visit } from './browser.js';

const baseUrl = inject('baseUrl');
const drawn = 'figure.chart-figure[data-rendered="true"] .chart-host [role="graphics-document"][aria-label]:has(svg)';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('impact of an action', () => {
  it.each(['viewer', 'analyst'] as const)('Stockport 1.6a as %s: moved as intended; the analyst reads the step with its interval and the counterfactual drawn', async (role) => {
    const { page, context, errors } = await openAs(browser, baseUrl, role);
    try {
      await visit(page, '/actions?plan=stockport-sscb-cse-2014-16&action=1.6a');
      const boys = page.locator('.linked-indicator', { hasText: 'boys' });
      await expect.poll(() => boys.locator(drawn).count()).toBe(1);
      const text = await boys.innerText();
      expect(text).toContain('Moved as intended');
      expect(await page.locator('#linked-indicators').innerText()).toContain('evidence, not proof');
      if (role === 'analyst') {
        expect(text).toMatch(/Step in 2015 Q3: \+[\d.]+ percentage points \(95% interval \+[\d.]+ to \+[\d.]+\)/);
        expect(await boys.locator(drawn).getAttribute('aria-label')).toMatch(/counterfactual/);
      } else {
        // No model of the full figures reaches a viewer (its counterfactual would give exact sums
        // away): the step shown is fitted on the published figures, or, where too few quarters are
        // published (each database draws its own perturbation), the page says so.
        expect(text).toMatch(/Step in 2015 Q3: [+-][\d.]+ percentage points|the figures you can see are protected and too few to show a model of them/);
      }
      expect(text).not.toMatch(/No signal/);
      await screenshot(page, `impact-1.6a-${role}`);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('SPC re-basing on Trends', () => {
  it('re-bases Stockport\'s referrals at the shift, and not when switched off', async () => {
    const { page, context, errors } = await openAs(browser, baseUrl, 'viewer', { width: 390, height: 900 });
    try {
      await visit(page, '/trends?indicator=referrals.referrals&area=E08000007&stat=rate&view=spc');
      await expect.poll(() => page.locator(drawn).count()).toBe(1);
      expect(await page.locator(drawn).getAttribute('aria-label')).toMatch(/Limits re-based from 2015 Q[12]/);
      await screenshot(page, 'trends-rebased-390');
      await page.locator('input[name=rebase]').uncheck();
      await expect.poll(() => page.url()).toContain('rebase=off');
      await expect.poll(async () => page.locator(drawn).getAttribute('aria-label')).not.toMatch(/re-based/);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
