/** POST /api/stats and the series it feeds, through the whole app: sign-in, roles, audit. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_STATISTICS } from '../../../pipelines/official-stats/demo-statistics.js';
import { createUser, signIn, type SignedIn } from '../../helpers/auth.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

let t: TestServer;
let analyst: SignedIn;
let viewer: SignedIn;

beforeAll(async () => {
  t = await startTestServer();
  await createUser(t.db, 'ann', 'analyst');
  await createUser(t.db, 'vic', 'viewer', ['E10000025']);
  analyst = await signIn(t.baseUrl, 'ann');
  viewer = await signIn(t.baseUrl, 'vic');
}, 60_000);
afterAll(() => t.close());

function post(query: string, body: string, headers: Record<string, string>) {
  return fetch(`${t.baseUrl}/api/stats${query}`, { method: 'POST', headers: { 'content-type': 'text/csv', ...headers }, body });
}

describe('POST /api/stats', () => {
  it('imports an EES file for an analyst: 201 with the import-stats object, audited', async () => {
    const res = await post('?name=cin_factors', readFileSync(DEMO_STATISTICS.path, 'utf8'), { ...analyst.headers, 'x-file-name': DEMO_STATISTICS.fileName });
    expect(res.status).toBe(201);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ ok: true, name: 'cin_factors', rows: 1312 });
    expect(body.indicators).toContain('cin_factors.child_sexual_exploitation');
    const audit = await t.db.withConnection((c) => c.runAndReadAll(`SELECT target FROM audit_log WHERE action = 'stats_imported'`));
    expect(audit.getRowObjectsJS()).toEqual([{ target: 'cin_factors' }]);
  }, 30_000);

  it('answers 422 with the refusal, and stores nothing', async () => {
    const res = await post('?name=broken', 'time_period,time_identifier,geographic_level,country_code,n\n2019,Reporting year,National,,5\n', analyst.headers);
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ ok: false, error_count: 1, errors: [{ line: 2, column: 'country_code', code: 'missing_value' }] });
  });

  it('needs a name, an analyst and a CSV body', async () => {
    expect((await post('', 'x', analyst.headers)).status).toBe(400);
    expect((await post('?name=Bad-Name', 'x', analyst.headers)).status).toBe(400);
    expect((await post('?name=ok', 'x', viewer.headers)).status).toBe(403);
    expect((await post('?name=ok', 'x', {})).status).toBe(401);
    expect((await post('?name=ok', '{}', { ...analyst.headers, 'content-type': 'application/json' })).status).toBe(415);
  });
});

describe('the imported statistics in a signed-in viewer\u2019s series', () => {
  it('gives the rate against England, and refuses areas outside the viewer\u2019s scope', async () => {
    const ok = await fetch(`${t.baseUrl}/api/series?indicator=cin_factors.child_sexual_exploitation&area=E10000025&stat=rate&compare=england`, { headers: viewer.headers });
    expect(ok.status).toBe(200);
    const series = (await ok.json()) as { rows: { area_code: string; period: string }[] };
    expect(series.rows.filter((r) => r.area_code === 'E92000001')).toHaveLength(8);
    const elsewhere = await fetch(`${t.baseUrl}/api/series?indicator=cin_factors.child_sexual_exploitation&area=E08000018`, { headers: viewer.headers });
    expect(elsewhere.status).toBe(403);
    expect((await fetch(`${t.baseUrl}/api/series?indicator=cin_factors.child_sexual_exploitation&area=E10000025`)).status).toBe(401);
  });
});
