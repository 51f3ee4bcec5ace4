/**
 * The application shell: finds who is signed in, draws the header and navigation, and loads the
 * page for the current path on demand (each page is its own chunk; Vega loads only with charts).
 */
import { ApiError, currentSession, loadSession, onSessionChange, signOut } from './api.js';
import type { Session } from './api-types.js';
import { errorMessage } from './controls.js';
import { html, setHtml } from './html.js';
import { ROUTES, mayOpen, type PageContext, type Route } from './page.js';
import { markScrollRegions, watchScrollRegions } from './scroll-regions.js';
import { SELECTION_EVENT, pageHref, readSelection } from './url-state.js';

const main = document.getElementById('main')!;
const nav = document.getElementById('site-nav')!;
const account = document.getElementById('account')!;
const announcer = document.getElementById('route-announcer')!;

let routeToken = 0;
let firstRoute = true;

function drawHeader(session: Session | null): void {
  const path = location.pathname;
  nav.hidden = !session;
  if (!session) {
    nav.replaceChildren();
    account.replaceChildren();
    return;
  }
  const links = ROUTES.filter((r) => mayOpen(r, session)).map((r) => {
    const current = path === r.path || (path === '/' && r.path === '/overview');
    return html`<li><a href="${pageHref(r.path)}" ${current ? html`aria-current="page"` : ''}>${r.nav}</a></li>`;
  });
  setHtml(nav, html`<ul>${links}</ul>`);
  setHtml(account, html`<span class="who">Signed in as <strong>${session.user}</strong> (${session.role})</span>
    <button type="button" class="link-button" id="sign-out">Sign out</button>`);
  account.querySelector('#sign-out')!.addEventListener('click', () => {
    void signOut(); // the session listener below then opens the sign-in page
  });
}

/** To another view; `replace` for moves the user should not come Back to (sign-in and out of it). */
export function navigate(href: string, mode: 'push' | 'replace' = 'push'): void {
  if (mode === 'replace') history.replaceState(null, '', href);
  else history.pushState(null, '', href);
  watchScrollRegions();
void route();
}

function routeFor(path: string): Route | null {
  if (path === '/' || path === '/index.html') return ROUTES[0]!;
  return ROUTES.find((r) => r.path === path) ?? null;
}

async function route(): Promise<void> {
  const token = ++routeToken;
  const path = location.pathname;
  main.dataset.state = 'loading';
  main.removeAttribute('aria-busy');
  // Fetch the page's code while the session is checked, not after.
  const early = path === '/sign-in' ? null : routeFor(path)?.load().catch(() => null);
  let session: Session | null = null;
  try {
    session = await loadSession();
  } catch (error) {
    setHtml(main, html`<h1 tabindex="-1">CSE Profile</h1>${errorMessage(error)}`);
    main.dataset.state = 'error';
    return;
  }
  if (token !== routeToken) return;

  if (path === '/sign-in' || !session) {
    if (path !== '/sign-in') {
      history.replaceState(null, '', `/sign-in?next=${encodeURIComponent(path + location.search)}`);
    }
    drawHeader(null);
    const page = await import('./pages/sign-in.js');
    if (token !== routeToken) return;
    await show(token, 'Sign in', (ctx) => page.render(ctx), session);
    return;
  }

  drawHeader(session);
  const r = routeFor(path);
  if (!r) {
    await show(token, 'Page not found', async ({ main: m }) => {
      setHtml(m, html`<h1 tabindex="-1">Page not found</h1><p>There is no page at this address. <a href="/overview">Go to the overview</a>.</p>`);
    }, session);
    return;
  }
  if (!mayOpen(r, session)) {
    await show(token, r.title, async ({ main: m }) => {
      setHtml(m, html`<h1 tabindex="-1">${r.title}</h1><p>Your role (${session.role}) cannot use this page. Ask an administrator if you need to.</p>`);
    }, session);
    return;
  }
  const page = (await early) ?? (await r.load());
  if (token !== routeToken) return;
  await show(token, r.title, (ctx) => page.render(ctx), session);
}

async function show(token: number, title: string, render: (ctx: PageContext) => Promise<void>, session: Session | null): Promise<void> {
  document.title = `${title} – CSE Profile`;
  main.replaceChildren();
  delete main.dataset.focus;
  main.setAttribute('aria-busy', 'true');
  const ctx: PageContext = {
    main,
    session: session ?? { user: '', role: 'viewer', csrfToken: '' },
    selection: readSelection(),
    isCurrent: () => token === routeToken,
    navigate,
  };
  try {
    await render(ctx);
    if (token !== routeToken) return;
    markScrollRegions(main);
    main.dataset.state = 'ready';
    // For bench/page-load.ts: when this view's figures and charts were drawn.
    performance.mark(`cse:ready:${location.pathname}`);
  } catch (error) {
    if (token !== routeToken) return;
    if (error instanceof ApiError && error.status === 401 && !currentSession()) {
      navigate(`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`, 'replace');
      return;
    }
    main.append(document.createRange().createContextualFragment(errorMessage(error).text));
    main.dataset.state = 'error';
  } finally {
    if (token === routeToken) main.removeAttribute('aria-busy');
  }
  if (!firstRoute || main.dataset.focus) {
    const target = (main.dataset.focus && main.querySelector<HTMLElement>(main.dataset.focus)) || main.querySelector<HTMLElement>('h1');
    target?.setAttribute('tabindex', '-1');
    target?.focus();
    if (target && target.tagName !== 'H1') target.scrollIntoView({ block: 'start' });
    announcer.textContent = `${title} page`;
  }
  firstRoute = false;
}

/** Same-origin links move between pages without reloading. */
document.addEventListener('click', (event) => {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const a = (event.target as Element | null)?.closest?.('a');
  if (!a || a.target || a.hasAttribute('download') || a.origin !== location.origin) return;
  if (a.pathname.startsWith('/api/') || a.pathname.startsWith('/assets/')) return;
  if (a.pathname === location.pathname && a.hash && a.search === location.search) return;
  event.preventDefault();
  navigate(a.pathname + a.search + a.hash);
});

window.addEventListener('popstate', () => void route());
window.addEventListener(SELECTION_EVENT, () => drawHeader(currentSession()));
// A session that ends (expiry, sign-out elsewhere: the server answers 401) sends the user to sign
// in, and back to this view afterwards.
onSessionChange((s) => {
  if (s || location.pathname === '/sign-in') return;
  drawHeader(null);
  navigate(`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`, 'replace');
});

watchScrollRegions();
void route();
