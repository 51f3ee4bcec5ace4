// Headless Chromium for the e2e tests: signed-in pages per role, console-error capture, axe
// scans and screenshots under test/artifacts/.
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ADMIN_PASSWORD, USER_PASSWORD } from './server-process.js';

export type RoleName = 'viewer' | 'analyst' | 'admin';

export const ARTIFACTS = join(process.cwd(), 'test', 'artifacts');

/**
 * Endpoints the client asks for that the server may not offer yet (proposed extensions of the
 * contract). Their 404s are reported by `pending`, not counted as console errors.
 */
export const OPTIONAL_ENDPOINTS: string[] = [];

/** Debian's Chromium; `chromium.launch` gives every launch a fresh temporary profile. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** Console errors and uncaught exceptions since the page opened (or since `errors.length = 0`). */
  errors: string[];
  /** Optional endpoints that answered 404. */
  pending: Set<string>;
}

export async function openAs(browser: Browser, baseUrl: string, role: RoleName | null, viewport = { width: 1280, height: 900 }): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport, baseURL: baseUrl, acceptDownloads: true });
  if (role) {
    const res = await context.request.post('/api/session', { data: { username: role, password: role === 'admin' ? ADMIN_PASSWORD : USER_PASSWORD } });
    if (res.status() !== 200) throw new Error(`sign-in as ${role}: ${res.status()} ${await res.text()}`);
  }
  const page = await context.newPage();
  const errors: string[] = [];
  const pending = new Set<string>();
  const optional404 = new Set<string>();
  page.on('response', (r) => {
    const path = new URL(r.url()).pathname;
    if (r.status() === 404 && OPTIONAL_ENDPOINTS.includes(path)) {
      optional404.add(r.url());
      pending.add(path);
    }
  });
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const url = msg.location().url;
    if (optional404.has(url) || OPTIONAL_ENDPOINTS.some((p) => url.includes(p) && msg.text().includes('404'))) return;
    errors.push(`${msg.text()} ${url}`);
  });
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  return { page, context, errors, pending };
}

/** Opens a path and waits until the page says it is ready (charts drawn) or failed. */
export async function visit(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await settle(page);
}

export async function settle(page: Page): Promise<void> {
  await page.waitForSelector('main[data-state="ready"], main[data-state="error"]', { timeout: 60_000 });
  await page.waitForFunction(() => !document.querySelector('main[aria-busy="true"]') && document.querySelector('main')?.dataset.state !== 'loading', null, { timeout: 60_000 });
}

export async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
