/**
 * GET /api/overview over a small store worked out by hand: Stockport's referrals for the DfE years
 * 2018-2020, DfE's published CIN factors, and a plan whose overdue actions depend on the quarter.
 */
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importActionPlans } from '../../../pipelines/action-plans/import-plan.js';
import { ingestExtract } from '../../../pipelines/ingest.js';
import { importDemoStatistics } from '../../../pipelines/official-stats/demo-statistics.js';
import { readMeasureHistory } from '../../../pipelines/action-plans/measure-tables.js';
import { linkableIndicatorIds } from '../../../server/action-plans/linkable-indicators.js';
import { measureSummaries } from '../../../server/action-plans/measure-view.js';
import type { AuthUser, Role } from '../../../server/auth/roles.js';
import { Database } from '../../../server/db/database.js';
import { setCurrentUser } from '../../../server/http/request-user.js';
import { overviewRoutes } from '../../../server/http/routes/overview.js';
import { areaIndexOf } from '../../../server/indicators/area-index.js';
import { findIndicator } from '../../../server/indicators/load-catalogue.js';
import { buildSeries } from '../../../server/indicators/series.js';
import { resolveSeriesRequest } from '../../../server/indicators/series-request.js';
import type { OverviewAnswer } from '../../../server/overview/overview.js';
import { csvFile } from '../../helpers/extract-files.js';

const STOCKPORT = 'E08000007';
const WIGAN = 'E08000010';

/**
 * Per quarter by DfE year (April to March): 2018 25 a quarter (100 against DfE's 97), 2019 10
 * (40 against 61: local short), 2020 60 (240 against 90: local beyond); 3 in 2020-Q2, which a
 * viewer must not see.
 */
const REFERRALS = (() => {
  const rows = ['period,area_code,referrals'];
  const quarters = ['2017-Q2', '2017-Q3', '2017-Q4', '2018-Q1', '2018-Q2', '2018-Q3', '2018-Q4', '2019-Q1', '2019-Q2', '2019-Q3', '2019-Q4', '2020-Q1', '2020-Q2'];
  quarters.forEach((q, i) => rows.push(`${q},${STOCKPORT},${i === 12 ? 3 : i < 4 ? 25 : i < 8 ? 10 : 60}`));
  return rows.join('\n');
})();

const PLAN = {
  actions: [
    'plan,plan_name,area_code,ref,strand,action,due,indicators',
    `overview-test,Overview test plan,${STOCKPORT},A,Prevent,Training for licensed premises,March 2019,referrals.referrals:up`,
    `overview-test,,,B,Protect,Return interviews,June 2019,`,
  ].join('\n'),
  status: ['plan,ref,period,status,note', 'overview-test,A,2018-Q4,green,', 'overview-test,B,2019-Q2,complete,'].join('\n'),
  // A count of children: 3 in 2019-Q4, which a viewer must not see.
  measures: [
    'plan,measure,name,unit,polarity,refs,counts_children,period,value,target,note',
    'overview-test,mentored,Young people with mentors,count,up,A,yes,2019-Q3,12,10,',
    'overview-test,mentored,,,,,,2019-Q4,3,10,',
  ].join('\n'),
};

let db: Database;
let server: Server;
let url: string;

beforeAll(async () => {
  db = await Database.open({ path: ':memory:' });
  const c = await db.connect();
  try {
    const loaded = await ingestExtract(c, { dataset: 'referrals', path: csvFile(REFERRALS), user: 'test' });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors.slice(0, 2)));
    await importDemoStatistics(c);
    const planned = await importActionPlans(c, { ...PLAN, indicatorIds: await linkableIndicatorIds(c), user: 'test' });
    if (!planned.ok) throw new Error(JSON.stringify(planned.errors.slice(0, 2)));
  } finally {
    c.closeSync();
  }
  const app = express();
  app.use((req, _res, next) => {
    const role = (req.get('x-test-role') ?? 'analyst') as Role;
    const areas = req.get('x-test-areas');
    setCurrentUser(req, { id: 1, username: `test-${role}`, role, areas: areas ? areas.split(',') : null });
    next();
  });
  app.use(overviewRoutes(db));
  server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  db.close();
});

type Answer = { status: number; body: OverviewAnswer & { error?: string } };
const asked = new Map<string, Promise<Answer>>();

/** Each question is asked once and its answer shared between tests: the machine is small. */
function overview(query: string, role: Role = 'analyst', areas?: string): Promise<Answer> {
  const key = `${role}|${areas ?? ''}|${query}`;
  if (!asked.has(key)) {
    asked.set(key, (async () => {
      const res = await fetch(`${url}/api/overview?${query}`, { headers: { 'x-test-role': role, ...(areas ? { 'x-test-areas': areas } : {}) } });
      return { status: res.status, body: (await res.json()) as Answer['body'] };
    })());
  }
  return asked.get(key)!;
}

describe('GET /api/overview', () => {
  it('keeps local and published figures apart, each with its own period', async () => {
    const { status, body } = await overview(`area=${STOCKPORT}&period=2019-Q4`);
    expect(status).toBe(200);
    expect(body.local.period).toBe('2019-Q4');
    expect(body.as_at).toBe('2019-12-31');
    // The latest DfE year ending by 31 December 2019 is the year to March 2019.
    expect(body.published.period).toBe('2019');
    expect(body.local.headlines.map((h) => h.indicator.id)).toContain('referrals.referrals');
    expect(body.local.headlines.every((h) => !h.indicator.id.startsWith('cin_factors.'))).toBe(true);
    expect(body.published.headlines.map((h) => h.indicator.id)).toEqual(['cin_factors.child_sexual_exploitation', 'cin_factors.going_missing']);
    const cse = body.published.headlines[0]!;
    expect(cse.indicator.name).toBe('Child sexual exploitation');
    expect(cse.row?.period).toBe('2019');
    expect(cse.row?.numerator).toBe(61);
    expect(Object.keys(cse.verdicts ?? {}).sort()).toEqual(['england', 'neighbours', 'region']);
    const referrals = body.local.headlines.find((h) => h.indicator.id === 'referrals.referrals')!;
    expect(referrals.row?.period).toBe('2019-Q4');
    expect(referrals.history.at(-1)?.period).toBe('2019-Q4');
    expect(referrals.history.length).toBeLessThanOrEqual(12);
  });

  it('reconciles every year both sources have, saying which way a large gap points', async () => {
    const { body } = await overview(`area=${STOCKPORT}&period=2019-Q4`);
    expect(body.reconciliation.lines.map((l) => [l.year, l.local, l.published, l.reading])).toEqual([
      ['2018', 100, 97, 'consistent'],
      ['2019', 40, 61, 'local_short'],
      ['2020', 240, 90, 'local_beyond'],
    ]);
    expect(body.reconciliation.lines[1]!.message).toMatch(/under-recorded locally/);
  });

  it('has no reconciliation for an area DfE does not publish (a region)', async () => {
    const { body } = await overview('area=E12000002&period=2019-Q4');
    expect(body.reconciliation.lines).toEqual([]);
  });

  it('judges overdue as at the end of the chosen quarter, not today, and explains Green beside Overdue', async () => {
    const early = await overview(`area=${STOCKPORT}&period=2018-Q4`);
    expect(early.body.plan?.delivery.today).toBe('2018-12-31');
    expect(early.body.plan?.delivery.overdue).toEqual([]);
    const later = await overview(`area=${STOCKPORT}&period=2019-Q3`);
    expect(later.body.plan?.delivery.overdue.map((o) => [o.ref, o.status])).toEqual([['A', 'green']]);
    expect(later.body.plan?.overdue_notes.A).toMatch(/^Green at its last review \(2018 Q4\), before it fell due on 31 March 2019: on track then/);
    expect(later.body.plan?.overdue_notes.A).toContain('as at 30 September 2019');
    // B was due in June 2019 and reported complete in 2019-Q2: never overdue.
    expect(later.body.plan?.delivery.overdue.some((o) => o.ref === 'B')).toBe(false);
    expect(later.body.plan?.indicator_names['referrals.referrals']).toBe('Referrals');
  });

  it('gives a viewer exactly the protected figures /api/series gives them', async () => {
    const viewer = await overview(`area=${STOCKPORT}&period=2020-Q2`, 'viewer');
    const analyst = await overview(`area=${STOCKPORT}&period=2020-Q2`, 'analyst');
    const seen = (body: OverviewAnswer) => body.local.headlines.find((h) => h.indicator.id === 'referrals.referrals')!;
    expect(seen(analyst.body).row?.numerator).toBe(3);
    expect(seen(analyst.body).row?.protection).toBe('none');
    // A true 3 is published within 2 of itself and never as a count from 1 to 4: so it is `c`, or 5.
    const shown = seen(viewer.body).row!;
    expect(shown.protection).not.toBe('none');
    if (shown.suppressed) {
      expect([shown.numerator, shown.value]).toEqual([null, null]);
      expect(seen(viewer.body).history.at(-1)).toEqual({ period: '2020-Q2', value: null });
    } else {
      expect(shown.numerator).toBe(5);
    }
    expect(JSON.stringify(viewer.body)).not.toMatch(/"numerator":[1-4][,}]/);
    const user: AuthUser = { id: 1, username: 'test-viewer', role: 'viewer', areas: null };
    const areas = await areaIndexOf(db);
    const fromSeries = await db.withConnection(async (c) => {
      const request = resolveSeriesRequest(
        { indicator: 'referrals.referrals', area: STOCKPORT, stat: 'rate', breakdown: null, compare: null, periodType: 'quarter', filters: new Map() },
        await findIndicator(c, 'referrals.referrals'),
        areas,
      );
      if (!request.ok) throw new Error(request.message);
      return buildSeries(c, request.value, areas, user);
    });
    expect(seen(viewer.body).row).toEqual(fromSeries.rows.find((r) => r.period === '2020-Q2' && r.area_code === STOCKPORT));
  });

  it('refuses an area outside the user scope, and bad questions with a clear message', async () => {
    expect((await overview(`area=${STOCKPORT}&period=2019-Q4`, 'viewer', WIGAN)).status).toBe(403);
    for (const [query, message] of [
      [`area=${STOCKPORT}&period=2019`, /a quarter such as/],
      ['area=E99999999&period=2019-Q4', /unknown area/],
      ['area=E99999999', /unknown area/],
      [`area=${STOCKPORT}&period=2019-Q4&indicator=x`, /nothing else/],
      [`area=${STOCKPORT}&area=${WIGAN}&period=2019-Q4`, /once each/],
    ] as const) {
      const { status, body } = await overview(query);
      expect(status, query).toBe(400);
      expect((body as unknown as { message: string }).message, query).toMatch(message);
    }
  });

  it('starts, asked for no area or quarter, from the first area with data and its latest quarter', async () => {
    for (const query of ['', `area=${STOCKPORT}`, 'period=2020-Q2']) {
      const { status, body } = await overview(query);
      expect(status, query).toBe(200);
      expect([body.area.code, body.period], query).toEqual([STOCKPORT, '2020-Q2']);
    }
    expect((await overview('period=2019-Q4')).body.local.period).toBe('2019-Q4');
  });

  it('carries what the pickers offer: readable areas with data and their quarters, nothing of other partnerships', async () => {
    const { body } = await overview('');
    expect(body.choices.areas).toEqual([{ code: STOCKPORT, name: 'Stockport', kind: 'la' }]);
    expect(body.choices.quarters[0]).toBe('2020-Q2');
    expect(body.choices.quarters.at(-1)).toBe('2017-Q2');
    expect(body.choices.quarters).toHaveLength(13);
    // A Wigan viewer starts on Wigan, and learns neither that Stockport has data nor which quarters it has.
    const wigan = await overview('period=2019-Q4', 'viewer', WIGAN);
    expect(wigan.status).toBe(200);
    expect(wigan.body.area.code).toBe(WIGAN);
    expect(wigan.body.choices).toEqual({ areas: [], quarters: [] });
    // With no quarter of their own to start from, there is no Overview to draw.
    const none = await overview('', 'viewer', WIGAN);
    expect(none.status).toBe(404);
    expect(none.body.error).toBe('no_data');
  });

  it('carries the plan\'s measures of success as their own route gives them to the same user', async () => {
    for (const role of ['analyst', 'viewer'] as const) {
      const { body } = await overview(`area=${STOCKPORT}&period=2019-Q4`, role);
      const user: AuthUser = { id: 1, username: `test-${role}`, role, areas: null };
      const expected = await db.withConnection(async (c) => measureSummaries('overview-test', await readMeasureHistory(c, 'overview-test'), user));
      expect(body.plan?.measures, role).toEqual(expected);
      expect(body.plan?.measures?.[0]?.values.map((v) => v.value), role).toEqual(role === 'viewer' ? [12, null] : [12, 3]);
    }
  });
});
