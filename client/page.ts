/** What every page module offers the router, and what the router gives each page. */
import type { Role, Session } from './api-types.js';
import type { Selection } from './url-state.js';
import { markScrollRegions } from './scroll-regions.js';

export interface PageContext {
  main: HTMLElement;
  session: Session;
  selection: Selection;
  /** True while this page is still the one shown (the user may navigate away mid-load). */
  isCurrent(): boolean;
  navigate(href: string, mode?: 'push' | 'replace'): void;
}

export interface PageModule {
  render(ctx: PageContext): Promise<void>;
}

export interface Route {
  path: string;
  title: string;
  nav: string;
  roles?: readonly Role[];
  load: () => Promise<PageModule>;
}

export const ROUTES: readonly Route[] = [
  { path: '/overview', title: 'Overview', nav: 'Overview', load: () => import('./pages/overview.js') },
  { path: '/trends', title: 'Trends', nav: 'Trends', load: () => import('./pages/trends.js') },
  { path: '/profile', title: 'Problem profile', nav: 'Problem profile', load: () => import('./pages/profile.js') },
  { path: '/benchmarks', title: 'Benchmarks', nav: 'Benchmarks', load: () => import('./pages/benchmarks.js') },
  { path: '/actions', title: 'Action plan', nav: 'Actions', load: () => import('./pages/actions.js') },
  {
    path: '/upload', title: 'Upload data', nav: 'Upload', roles: ['analyst', 'admin'],
    load: () => import('./pages/upload.js'),
  },
  { path: '/data', title: 'Data and definitions', nav: 'Data and definitions', load: () => import('./pages/definitions.js') },
  { path: '/admin', title: 'Users and audit log', nav: 'Admin', roles: ['admin'], load: () => import('./pages/admin.js') },
];

export function mayOpen(route: Route, session: Session): boolean {
  return !route.roles || route.roles.includes(session.role);
}

/**
 * Runs a page's (re)load of its results, marking the main region busy meanwhile; a newer reload
 * makes an older one's output irrelevant (`isLatest` turns false).
 */
export function reloader(main: HTMLElement, load: (isLatest: () => boolean) => Promise<void>): () => Promise<void> {
  let token = 0;
  return async () => {
    const mine = ++token;
    main.dataset.state = 'loading';
    main.setAttribute('aria-busy', 'true');
    try {
      await load(() => mine === token);
    } finally {
      if (mine === token) {
        markScrollRegions(main);
        main.removeAttribute('aria-busy');
        main.dataset.state = 'ready';
      }
    }
  };
}
