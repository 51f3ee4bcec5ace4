/**
 * Findings 1–3 of issue 10: an analyst limited to Stockport may write only Stockport. Uploads,
 * dry runs, official statistics, plans and plan statuses are checked against the user's scope
 * before anything is stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn, type SignedIn } from '../../helpers/auth.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

const STOCKPORT = 'E08000007';
const NOTTINGHAM = 'E06000018';
const ASHFIELD = 'E07000170';
const TRAFFORD = 'E08000009';

let t: TestServer;
let admin: SignedIn;
let scoped: SignedIn;
let wide: SignedIn;

beforeAll(async () => {
  t = await startTestServer();
  await createUser(t.db, 'root', 'admin');
  await createUser(t.db, 'sam', 'analyst', [STOCKPORT]);
  await createUser(t.db, 'wanda', 'analyst');
  admin = await signIn(t.baseUrl, 'root');
  scoped = await signIn(t.baseUrl, 'sam');
  wide = await signIn(t.baseUrl, 'wanda');
  // Nottingham's and Ashfield's figures, loaded by an admin.
  const seed = await upload(admin, `period,area_code,referrals\n2016-Q4,${NOTTINGHAM},43\n2016-Q4,${ASHFIELD},2\n`);
  expect(seed.status).toBe(201);
}, 60_000);
afterAll(() => t.close());

function upload(who: SignedIn, body: string, query = '') {
  return fetch(`${t.baseUrl}/api/uploads/referrals${query}`, { method: 'POST', headers: { 'content-type': 'text/csv', ...who.headers }, body });
}

async function storedReferrals(area: string): Promise<number> {
  const reader = await t.db.withConnection((c) =>
    c.runAndReadAll('SELECT coalesce(sum(referrals), 0) AS n FROM referrals_facts WHERE area_code = $area', { area }));
  return Number(reader.getRowObjectsJS()[0]!.n);
}

describe('uploads by an area-scoped analyst (finding 1)', () => {
  it("refuses another area's rows with area_not_allowed, line and column, and stores nothing", async () => {
    const res = await upload(scoped, `period,area_code,referrals\n2016-Q4,${STOCKPORT},5\n2016-Q4,${NOTTINGHAM},1\n`);
    expect(res.status).toBe(422);
    const body = (await res.json()) as { errors: { line: number; column: string; code: string; message: string }[]; error_count: number };
    expect(body.error_count).toBe(1);
    expect(body.errors[0]).toMatchObject({ line: 3, column: 'area_code', code: 'area_not_allowed' });
    expect(body.errors[0]!.message).toContain('Nottingham');
    expect(await storedReferrals(NOTTINGHAM)).toBe(43);
    expect(await storedReferrals(STOCKPORT)).toBe(0);
  });

  it('refuses an area given by name, England and a region alike', async () => {
    for (const [header, value] of [['area_name', 'Nottingham'], ['area_code', 'E92000001'], ['area_code', 'E12000002']] as const) {
      const res = await upload(scoped, `period,${header},referrals\n2016-Q4,${value},1\n`);
      expect(res.status, value).toBe(422);
      expect(((await res.json()) as { errors: { code: string; column: string }[] }).errors[0]).toMatchObject({ code: 'area_not_allowed', column: header });
    }
  });

  it('still loads their own area, and an unscoped analyst loads any', async () => {
    expect((await upload(scoped, `period,area_code,referrals\n2016-Q4,${STOCKPORT},5\n`)).status).toBe(201);
    expect(await storedReferrals(STOCKPORT)).toBe(5);
    expect((await upload(wide, `period,area_code,referrals\n2016-Q4,${TRAFFORD},7\n`)).status).toBe(201);
    expect(await storedReferrals(TRAFFORD)).toBe(7);
  });
});

describe('dry runs (finding 2)', () => {
  it("never return another area's previous totals", async () => {
    const res = await upload(scoped, `period,area_code,referrals\n2016-Q4,${NOTTINGHAM},1\n2016-Q4,${ASHFIELD},1\n`, '?dry_run=1');
    expect(res.status).toBe(422);
    const text = await res.text();
    expect(text).not.toContain('previous_totals');
    expect(text).not.toMatch(/\b43\b/);
    expect(JSON.parse(text)).toMatchObject({ ok: false, error_count: 2 });
  });
});

describe('benchmarks and plans everyone reads (finding 3)', () => {
  const stats = 'time_period,time_identifier,geographic_level,country_code,country_name,n\n2019,Reporting year,National,E92000001,England,5\n';
  const postStats = (who: SignedIn) =>
    fetch(`${t.baseUrl}/api/stats?name=planted`, { method: 'POST', headers: { 'content-type': 'text/csv', ...who.headers }, body: stats });

  it('refuses official statistics from an area-scoped analyst, and stores nothing', async () => {
    const res = await postStats(scoped);
    expect(res.status).toBe(403);
    const stored = await t.db.withConnection((c) => c.runAndReadAll("SELECT count(*) AS n FROM stats_imports WHERE name = 'planted'"));
    expect(Number(stored.getRowObjectsJS()[0]!.n)).toBe(0);
    expect((await postStats(wide)).status).toBe(201);
  });

  const plan = (slug: string, area: string) =>
    `plan,plan_name,area_code,ref,strand,action\n${slug},A plan,${area},1,Prevention,Do something\n`;
  const postPlan = (who: SignedIn, body: string) =>
    fetch(`${t.baseUrl}/api/plans`, { method: 'POST', headers: { 'content-type': 'text/csv', ...who.headers }, body });

  it('refuses region- and England-level plans from an area-scoped analyst', async () => {
    for (const area of ['E12000008', 'E92000001']) {
      const res = await postPlan(scoped, plan(`p-${area.toLowerCase()}`, area));
      expect(res.status, area).toBe(422);
      expect(((await res.json()) as { errors: { code: string }[] }).errors.map((e) => e.code)).toContain('area_not_allowed');
    }
    expect((await postPlan(scoped, plan('own-plan', STOCKPORT))).status).toBe(201);
    expect((await postPlan(wide, plan('region-plan', 'E12000002'))).status).toBe(201);
  });

  it("refuses a scoped analyst's status update to a region's plan they can read", async () => {
    const res = await fetch(`${t.baseUrl}/api/plans/region-plan/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...scoped.headers },
      body: JSON.stringify({ ref: '1', period: '2016-Q4', status: 'complete' }),
    });
    expect(res.status).toBe(403);
  });
});
