/**
 * The plan routes on a server of their own, with a stand-in for sign-in: a request names its user
 * in `x-test-user` (`analyst`, `viewer`, `analyst@E08000007`), or sends none and is not signed in.
 * The real authentication is tested with the session routes; here it is the plan routes' own
 * checks (sign-in required, roles, area scope) that are under test.
 */
import type { AddressInfo } from 'node:net';

import express, { type ErrorRequestHandler } from 'express';

import { ROLES, type Role } from '../../../server/auth/roles.js';
import type { Database } from '../../../server/db/database.js';
import { setCurrentUser } from '../../../server/http/request-user.js';
import { planMeasureRoutes } from '../../../server/http/routes/plan-measures.js';
import { planRoutes } from '../../../server/http/routes/plans.js';

export interface PlanServer {
  url: string;
  close(): Promise<void>;
  /** fetch as the given user (`null`: signed out). */
  request(path: string, user: string | null, init?: RequestInit): Promise<Response>;
  getJson<T>(path: string, user?: string): Promise<T>;
}

export async function startPlanServer(db: Database): Promise<PlanServer> {
  const app = express();
  app.use((req, _res, next) => {
    const header = req.get('x-test-user');
    if (header !== undefined) {
      const [role = '', areas] = header.split('@');
      if (!(ROLES as readonly string[]).includes(role)) throw new Error(`unknown test role ${role}`);
      setCurrentUser(req, { id: 1, username: `test-${role}`, role: role as Role, areas: areas === undefined ? null : areas.split(',') });
    }
    next();
  });
  app.use(planRoutes(db));
  app.use(planMeasureRoutes(db));
  const errors: ErrorRequestHandler = (error: { status?: number; code?: string; type?: string }, _req, res, _next) => {
    const status = typeof error.status === 'number' ? error.status : 500;
    res.status(status).json({ error: error.code ?? error.type ?? 'internal_error' });
  };
  app.use(errors);
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const request = (path: string, user: string | null, init: RequestInit = {}) =>
    fetch(`${url}${path}`, { ...init, headers: { ...(user === null ? {} : { 'x-test-user': user }), ...(init.headers ?? {}) } });
  return {
    url,
    close: () => new Promise((resolve) => server.close(() => resolve())),
    request,
    async getJson<T>(path: string, user = 'viewer') {
      const res = await request(path, user);
      if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
  };
}

/** POSTs a CSV body as the user. */
export function postCsv(server: PlanServer, path: string, csv: string, user = 'analyst'): Promise<Response> {
  return server.request(path, user, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv });
}

export function postJson(server: PlanServer, path: string, body: unknown, user = 'analyst'): Promise<Response> {
  return server.request(path, user, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}
