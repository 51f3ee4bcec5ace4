// Every page, as every role: it loads with no console errors (CSP violations included), its
// charts are drawn as SVG with ARIA labels, an axe scan finds nothing serious or critical, and a
// screenshot is saved under test/artifacts/ for a person to look at.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, openAs, screenshot, seriousViolations, visit, type RoleName } from './browser.js';

const baseUrl = inject('baseUrl');

interface PageCase {
  name: string;
  path: string;
  roles?: RoleName[];
  /** Vega charts expected on the page (at least this many). */
  charts?: number;
  /** Hand-drawn SVG sparklines expected. */
  sparklines?: number;
}

export const PAGES: PageCase[] = [
  { name: 'overview', path: '/overview?area=E10000031&period=2016-Q4', sparklines: 5 },
  { name: 'trends', path: '/trends?indicator=mase.disruption_actions&area=E10000031', charts: 1 },
  { name: 'trends-interval', path: '/trends?indicator=cin_factors.child_sexual_exploitation&area=E10000031&view=interval&stat=rate', charts: 1 },
  { name: 'trends-breakdown', path: '/trends?indicator=referrals.referrals&area=E10000031&breakdown=age_band', charts: 2 },
  { name: 'profile', path: '/profile?area=E10000031&period=2016-Q4', charts: 6 },
  { name: 'benchmarks', path: '/benchmarks?area=E10000031&indicator=cin_factors.child_sexual_exploitation', charts: 4 },
  { name: 'actions', path: '/actions?plan=warwickshire-wscb-cse-2013-14&action=3.2', charts: 1 },
  { name: 'upload', path: '/upload', roles: ['analyst', 'admin'] },
  { name: 'data', path: '/data' },
  { name: 'admin', path: '/admin', roles: ['admin'] },
];

const ROLES: RoleName[] = ['viewer', 'analyst', 'admin'];

describe.each(ROLES)('as %s', (role) => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const p of PAGES) {
    const allowed = !p.roles || p.roles.includes(role);
    it(`${p.name}: ${allowed ? 'loads, draws its charts and passes axe' : 'is refused politely'}`, async () => {
      const { page, context, errors } = await openAs(browser, baseUrl, role);
      try {
        await visit(page, p.path);
        expect(await page.getAttribute('main', 'data-state')).toBe('ready');
        const h1 = await page.textContent('h1');
        expect(h1?.trim().length).toBeGreaterThan(0);
        if (!allowed) {
          expect(await page.textContent('main')).toContain('cannot use this page');
          expect(await page.locator(`#site-nav a[href^="${p.path.split('?')[0]}"]`).count()).toBe(0);
        } else {
          if (p.charts) {
            // Vega labels the chart's wrapper (role graphics-document) with the description, and each mark in the SVG.
            const drawn = page.locator('figure.chart-figure[data-rendered="true"] .chart-host [role="graphics-document"][aria-label]:has(svg)');
            expect(await drawn.count()).toBeGreaterThanOrEqual(p.charts);
            expect(await page.locator('figure.chart-figure .chart-host svg [role="graphics-symbol"][aria-label]').count()).toBeGreaterThan(0);
            const label = await drawn.first().getAttribute('aria-label');
            expect(label?.length).toBeGreaterThan(20);
          }
          if (p.sparklines) {
            expect(await page.locator('svg.sparkline[role="img"][aria-label]').count()).toBeGreaterThanOrEqual(p.sparklines);
          }
        }
        expect(await seriousViolations(page)).toEqual([]);
        await screenshot(page, `${role}-${p.name}`);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }

  it('at tablet width (810 px) the overview still fits without sideways scrolling', async () => {
    const { page, context, errors } = await openAs(browser, baseUrl, role, { width: 810, height: 1080 });
    try {
      await visit(page, '/overview?area=E10000031&period=2016-Q4');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(1);
      await screenshot(page, `${role}-overview-tablet`);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
