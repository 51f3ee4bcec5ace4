/**
 * The plan routes inside the real app: a browser session (cookie and CSRF token) uploads a plan as
 * a CSV body, a script with a bearer token records a status, and a viewer reads them back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ActionView, PlanListing } from '../../../server/action-plans/plan-view.js';
import { bearerHeaders, createUser, signIn, type SignedIn } from '../../helpers/auth.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { seedFiles } from './seed-plans.js';

let t: TestServer;
let analyst: SignedIn;
let viewer: SignedIn;

beforeAll(async () => {
  t = await startTestServer();
  await createUser(t.db, 'ann', 'analyst');
  await createUser(t.db, 'vera', 'viewer');
  analyst = await signIn(t.baseUrl, 'ann');
  viewer = await signIn(t.baseUrl, 'vera');
});
afterAll(() => t.close());

describe('plans in the app', () => {
  it('takes a CSV upload from a signed-in analyst with the CSRF token, and not without it', async () => {
    const { actions } = seedFiles('warwickshire-wscb-cse-2013-14');
    const post = (headers: Record<string, string>) =>
      fetch(`${t.baseUrl}/api/plans`, { method: 'POST', headers: { ...headers, 'content-type': 'text/csv' }, body: actions });
    expect((await post({ cookie: analyst.cookie })).status).toBe(403);
    const res = await post(analyst.headers);
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ ok: true, actions: 17, plans: [{ plan: 'warwickshire-wscb-cse-2013-14' }] });
  });

  it('records a status sent by a script with a token, and shows it to a viewer', async () => {
    const bearer = await bearerHeaders(t.baseUrl, 'ann');
    const res = await fetch(`${t.baseUrl}/api/plans/warwickshire-wscb-cse-2013-14/status`, {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'application/json' },
      body: JSON.stringify({ ref: '3.4', period: '2015-Q1', status: 'complete', note: 'Needs analysis delivered' }),
    });
    expect(res.status).toBe(201);
    const get = (path: string) => fetch(`${t.baseUrl}${path}`, { headers: { cookie: viewer.cookie } });
    const plans = (await (await get('/api/plans')).json()) as PlanListing[];
    expect(plans).toEqual([{ plan: 'warwickshire-wscb-cse-2013-14', name: 'WSCB Child Sexual Exploitation Sub Group – 2013-14 Action Plan', area_code: 'E10000031', actions: 17 }]);
    const action = (await (await get('/api/plans/warwickshire-wscb-cse-2013-14/actions/3.4')).json()) as ActionView;
    expect(action).toMatchObject({ status: 'complete', statuses: [{ period: '2015-Q1', status: 'complete', note: 'Needs analysis delivered', recorded_by: 'ann' }] });
  });
});
