import type { Server } from 'node:http';
import express from 'express';
import type { AuthUser, Role } from '../../../server/auth/roles.js';
import type { Database } from '../../../server/db/database.js';
import { DEFAULT_DISCLOSURE, type DisclosurePolicy } from '../../../server/indicators/disclosure-policy.js';
import { setCurrentUser } from '../../../server/http/request-user.js';
import { indicatorRoutes } from '../../../server/http/routes/indicators.js';
import { seriesRoutes } from '../../../server/http/routes/series.js';

/**
 * Hand-worked tests sum England from two or three partnerships: they lower the number of
 * authorities a partnership sum needs to 2 (a "sum" of one is that authority's own figure, never
 * published as such), and test the default rule on its own.
 */
export const HAND_WORKED: DisclosurePolicy = { ...DEFAULT_DISCLOSURE, minContributors: 2 };

export interface SeriesApp {
  url: string;
  close(): Promise<void>;
}

/** Who a test request is: `x-test-role` (default analyst) and `x-test-areas` (comma-separated). */
export function testUser(role: Role = 'analyst', areas: string[] | null = null): Record<string, string> {
  return { 'x-test-role': role, ...(areas ? { 'x-test-areas': areas.join(',') } : {}) };
}

/**
 * The indicator routes behind a stand-in for sign-in that sets the user from test headers, so
 * that suppression and area scope can be tested role by role without passwords.
 */
export async function startSeriesApp(db: Database, disclosure: DisclosurePolicy = HAND_WORKED): Promise<SeriesApp> {
  const app = express();
  app.use((req, _res, next) => {
    const role = (req.get('x-test-role') ?? 'analyst') as Role;
    const areas = req.get('x-test-areas');
    const user: AuthUser = { id: 1, username: `test-${role}`, role, areas: areas ? areas.split(',') : null };
    setCurrentUser(req, user);
    next();
  });
  app.use(indicatorRoutes(db));
  app.use(seriesRoutes(db, disclosure));
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
