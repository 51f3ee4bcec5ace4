/**
 * Finding 9 of issue 10: bidirectional controls are not stored, the catalogue routes tell a
 * scoped user nothing of other areas, API answers are never cached, and the server listens on
 * loopback unless told otherwise.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../../server/config.js';
import { uploadFileName } from '../../../server/http/upload-spool.js';
import { toSafeText } from '../../../pipelines/action-plans/safe-text.js';
import { createUser, signIn, type SignedIn } from '../../helpers/auth.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

let t: TestServer;
let admin: SignedIn;
let scoped: SignedIn;

beforeAll(async () => {
  t = await startTestServer();
  await createUser(t.db, 'root', 'admin');
  await createUser(t.db, 'sam', 'viewer', ['E08000007']);
  admin = await signIn(t.baseUrl, 'root');
  scoped = await signIn(t.baseUrl, 'sam');
  const load = (body: string) =>
    fetch(`${t.baseUrl}/api/uploads/referrals`, { method: 'POST', headers: { 'content-type': 'text/csv', ...admin.headers }, body });
  // Nottingham reported in 2014; Stockport only from 2016.
  expect((await load('period,area_code,referrals\n2014-Q1,E06000018,43\n2014-Q2,E06000018,40\n')).status).toBe(201);
  expect((await load('period,area_code,referrals\n2016-Q1,E08000007,5\n')).status).toBe(201);
}, 60_000);
afterAll(() => t.close());

const get = (path: string, who: SignedIn) => fetch(`${t.baseUrl}${path}`, { headers: who.headers });

describe('bidirectional controls', () => {
  it('are dropped from plan text and upload file names', async () => {
    expect(toSafeText('Review \u202Eeulav\u202C by \u2066Q2\u2069\u200F\u061C')).toBe('Review eulav by Q2');
    expect(uploadFileName('invoice\u202Egpj.csv', undefined)).toBe('invoicegpj.csv');
    const res = await fetch(`${t.baseUrl}/api/plans`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', ...admin.headers },
      body: 'plan,plan_name,area_code,ref,strand,action\nbidi,Plan \u202Eeman,E08000007,1,Prevent,Do \u202Esiht\n',
    });
    expect(res.status).toBe(201);
    const text = await (await get('/api/plans/bidi/actions', admin)).text();
    expect(text).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/);
  });
});

describe('catalogue routes for a scoped user', () => {
  it("/api/datasets counts rows and periods of the user's areas only", async () => {
    const datasets = (await (await get('/api/datasets', scoped)).json()) as { dataset: string; rows: number; periods: string[] }[];
    const referrals = datasets.find((d) => d.dataset === 'referrals')!;
    expect(referrals.periods).toEqual(['2016-Q1']);
    expect(referrals.rows).toBe(1);
    const all = (await (await get('/api/datasets', admin)).json()) as { dataset: string; rows: number; periods: string[] }[];
    expect(all.find((d) => d.dataset === 'referrals')!.periods).toEqual(['2014-Q1', '2014-Q2', '2016-Q1']);
  });

  it("/api/indicators lists the periods of the user's areas only", async () => {
    const list = (await (await get('/api/indicators', scoped)).json()) as { id: string; periods: string[] }[];
    expect(list.find((i) => i.id === 'referrals.referrals')!.periods).toEqual(['2016-Q1']);
    const csv = await (await fetch(`${t.baseUrl}/api/indicators`, { headers: { ...scoped.headers, accept: 'text/csv' } })).text();
    expect(csv).not.toContain('2014-Q1');
  });
});

describe('caching', () => {
  it('marks every API answer no-store, signed in or not', async () => {
    for (const res of [await get('/api/datasets', scoped), await fetch(`${t.baseUrl}/api/health`), await fetch(`${t.baseUrl}/api/datasets`)]) {
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });
});

describe('listening address', () => {
  it('is loopback unless CSE_PROFILE_HOST says otherwise', () => {
    expect(readConfig({}).host).toBe('127.0.0.1');
    expect(readConfig({ CSE_PROFILE_HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });
});
