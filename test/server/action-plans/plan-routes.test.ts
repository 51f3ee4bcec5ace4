/**
 * The plan routes end to end: sign-in and area scope, the filters of the actions list, quarterly
 * status updates (JSON and CSV, audited), delivery, and impact computed from an extract loaded for
 * the purpose, with the caveat that a change after an action is evidence, not proof.
 */
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { importActionPlans } from '../../../pipelines/action-plans/import-plan.js';
import { ingestExtract } from '../../../pipelines/ingest.js';
import type { DeliveryReport } from '../../../server/action-plans/delivery.js';
import type { LinkImpact } from '../../../server/action-plans/impact.js';
import type { RedRedAction } from '../../../server/action-plans/red-red.js';
import { linkableIndicatorIds } from '../../../server/action-plans/linkable-indicators.js';
import type { ActionView } from '../../../server/action-plans/plan-view.js';
import { readAudit } from '../../../server/audit.js';
import { Database } from '../../../server/db/database.js';
import { csvFile } from '../../helpers/extract-files.js';
import { postCsv, postJson, startPlanServer, type PlanServer } from './plan-app.js';
import { seedFiles } from './seed-plans.js';

const STOCKPORT = 'E08000007';

/**
 * Stockport referrals, 2013-Q1 to 2017-Q1: about 100 a quarter, about 180 from 2015-Q2 (after
 * action A, complete at the 2015-Q1 review), about 110 again from 2016-Q2 (while B is late).
 */
const REFERRALS = (() => {
  const wobble = [4, -3, 6, -5, 2, -2, 5, -4];
  const rows = ['period,area_code,referrals'];
  for (let i = 0; i < 17; i++) {
    const year = 2013 + Math.floor(i / 4);
    const level = i < 9 ? 100 : i < 13 ? 180 : 110;
    rows.push(`${year}-Q${(i % 4) + 1},${STOCKPORT},${level + (wobble[i % wobble.length] ?? 0)}`);
  }
  return rows.join('\n');
})();

const IMPACT_PLAN = {
  actions: [
    'plan,plan_name,area_code,ref,strand,action,due,indicators',
    `impact-test,Impact test plan,${STOCKPORT},A,Prevent,Awareness campaign,March 2015,referrals.referrals:up`,
    ',,,B,Prevent,Schools programme,March 2016,referrals.referrals:up; missing.return_interview_72h_share:up',
    ',,,C,Protect,Late training,September 2016,referrals.referrals:up',
  ].map((line) => (line.startsWith(',') ? `impact-test${line}` : line)).join('\n'),
  status: [
    'plan,ref,period,status,note',
    'impact-test,A,2015-Q1,complete,',
    'impact-test,B,2016-Q3,red,',
    'impact-test,B,2017-Q1,red,',
    'impact-test,C,2016-Q4,complete,',
  ].join('\n'),
};

let db: Database;
let server: PlanServer;

beforeAll(async () => {
  db = await Database.open({ path: ':memory:' });
  server = await startPlanServer(db);
  const connection = await db.connect();
  try {
    const loaded = await ingestExtract(connection, { dataset: 'referrals', path: csvFile(REFERRALS), user: 'test' });
    expect(loaded.ok).toBe(true);
    const indicatorIds = await linkableIndicatorIds(connection);
    for (const upload of [IMPACT_PLAN, seedFiles('nottingham-cse-2012-14'), seedFiles('cherwell-csp-cse-prevention')]) {
      expect((await importActionPlans(connection, { ...upload, indicatorIds, user: 'test' })).ok).toBe(true);
    }
  } finally {
    connection.closeSync();
  }
});
afterAll(async () => {
  await server.close();
  db.close();
});

describe('reading plans', () => {
  it('needs sign-in on every route', async () => {
    for (const path of ['/api/plans', '/api/plans/impact-test', '/api/plans/impact-test/actions', '/api/plans/impact-test/actions/A',
      '/api/plans/impact-test/delivery', '/api/plans/impact-test/impact', '/api/plans/impact-test/actions/A/impact',
      '/api/plans/impact-test/export', `/api/indicators/referrals.referrals/impact?area=${STOCKPORT}`]) {
      expect((await server.request(path, null)).status, path).toBe(401);
    }
  });

  it('shows a plan only to users who may read its area', async () => {
    const listed = async (user: string) =>
      ((await (await server.request('/api/plans', user)).json()) as { plan: string }[]).map((p) => p.plan).sort();
    expect(await listed('viewer')).toEqual(['cherwell-csp-cse-prevention', 'impact-test', 'nottingham-cse-2012-14']);
    expect(await listed(`viewer@${STOCKPORT}`)).toEqual(['impact-test']);
    // A county user sees the plans of its districts (Cherwell lies in Oxfordshire).
    expect(await listed('viewer@E10000025')).toEqual(['cherwell-csp-cse-prevention']);
    expect((await server.request('/api/plans/nottingham-cse-2012-14/actions', `viewer@${STOCKPORT}`)).status).toBe(403);
    expect((await server.request('/api/plans/no-such-plan', 'viewer')).status).toBe(404);
    expect((await server.request('/api/plans/impact-test/actions/Z', 'viewer')).status).toBe(404);
  });

  it('filters actions by strand, status, overdue and indicator', async () => {
    const refs = async (query: string) =>
      (await server.getJson<ActionView[]>(`/api/plans/nottingham-cse-2012-14/actions?${query}`)).map((a) => a.ref);
    expect(await refs('strand=bringing%20offenders%20to%20justice')).toEqual(['3.1', '3.2']);
    expect(await refs('status=red')).toEqual(['1.5', '2.2', '2.4']);
    expect(await refs('status=green&strand=Public%20Confidence')).toEqual(['4.2']);
    expect(await refs('status=none')).toEqual(['1.2', '2.1', '2.3']);
    expect(await refs('overdue=1&today=2013-07-15&status=amber')).toEqual(['1.2(a)', '1.2(b)', '1.2(c)', '1.2(d)', '3.2']);
    expect(await refs('indicator=mase.perpetrators_identified')).toEqual(['3.2']);
    expect((await server.request('/api/plans/nottingham-cse-2012-14/actions?overdue=maybe', 'viewer')).status).toBe(400);
    expect((await server.request('/api/plans/nottingham-cse-2012-14/delivery?today=2013-02-30', 'viewer')).status).toBe(400);
  });

  it('answers CSV (the import format) and Arrow when asked', async () => {
    const csv = await server.request('/api/plans/nottingham-cse-2012-14/actions?strand=Public%20Confidence', 'viewer', { headers: { accept: 'text/csv' } });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('plan,plan_name,area_code,ref,parent_ref,strand,objective,action,lead,due,output,cost_gbp,budget_source,references,priority,indicators');
    expect(lines.filter((line) => line.startsWith('nottingham-cse-2012-14,'))).toHaveLength(2);

    const arrow = await server.request('/api/plans/nottingham-cse-2012-14/actions', 'viewer', { headers: { accept: 'application/vnd.apache.arrow.stream' } });
    const table = tableFromIPC(new Uint8Array(await arrow.arrayBuffer()));
    expect(table.numRows).toBe(26);
    const first = table.get(0)?.toJSON() as { ref: string; lead: { toArray(): string[] }; statuses: { length: number } };
    expect(first.ref).toBe('a');
    expect([...first.lead.toArray()]).toEqual(['CSECAG']);
    expect(first.statuses.length).toBe(4);

    const plans = await server.request('/api/plans', 'viewer', { headers: { accept: 'text/csv' } });
    expect((await plans.text()).split('\r\n')[0]).toBe('plan,name,area_code,actions');
  });

  it('reports Cherwell\'s cost against its budget', async () => {
    const report = await server.getJson<DeliveryReport>('/api/plans/cherwell-csp-cse-prevention/delivery?today=2014-06-30');
    expect(report.cost).toMatchObject({ total_cost_gbp: 41000, total_budget_gbp: 85000, over_budget: false, costed: 9 });
    expect(report.latest_review).toBeNull();
    expect(report.overdue.map((a) => a.ref)).toContain('6.A');
  });
});

describe('recording a quarterly status', () => {
  it('takes JSON, replaces the quarter it names, and is audited without its note', async () => {
    const first = await postJson(server, '/api/plans/impact-test/status', { ref: 'C', period: '2016-Q3', status: 'amber', note: 'Trainer booked' });
    expect(first.status).toBe(201);
    const second = await postJson(server, '/api/plans/impact-test/status', [{ ref: 'C', period: '2016 Q3', status: 'G', note: 'Trainer confirmed' }]);
    expect(second.status).toBe(201);
    expect(await second.json()).toMatchObject({
      ok: true,
      statuses: [{ ref: 'C', period: '2016-Q3', status: 'green', rag: 'green', source: 'app', previous: { status: 'amber', note: 'Trainer booked' } }],
    });
    const action = await server.getJson<ActionView>('/api/plans/impact-test/actions/C');
    expect(action.statuses.map((s) => [s.period, s.status, s.note, s.source])).toEqual([
      ['2016-Q3', 'green', 'Trainer confirmed', 'app'],
      ['2016-Q4', 'complete', null, 'import'],
    ]);
    const [entry] = await readAudit(db, { limit: 1, action: 'plan_status' });
    expect(entry).toMatchObject({ username: 'test-analyst', target: 'impact-test' });
    expect(JSON.stringify(entry?.details)).not.toContain('Trainer');
  });

  it('takes a status.csv', async () => {
    const res = await postCsv(server, '/api/plans/impact-test/status', 'plan,ref,period,status,note\nimpact-test,A,2015-Q2,blue,Embedded\n');
    expect(res.status).toBe(201);
  });

  it('refuses an unknown action, an unreadable period or status, with the entry they are in', async () => {
    const res = await postJson(server, '/api/plans/impact-test/status', [
      { ref: 'A', period: '2016-Q1', status: 'green' },
      { ref: 'Z', period: 'Spring', status: 'purple', note: 'Two\nlines' },
      { ref: 'B', period: '2016-Q1', status: 7 },
    ]);
    expect(res.status).toBe(422);
    const body = (await res.json()) as { errors: { line: number; column: string; code: string }[] };
    expect(body.errors.map(({ line, column, code }) => [line, column, code])).toEqual([
      [2, 'period', 'unreadable_period'],
      [2, 'ref', 'unknown_action'],
      [2, 'status', 'unreadable_status'],
      [3, 'status', 'unreadable_status'],
    ]);
    const action = await server.getJson<ActionView>('/api/plans/impact-test/actions/A');
    expect(action.statuses.map((s) => s.period)).toEqual(['2015-Q1', '2015-Q2']);
  });

  it('is for analysts and admins of the plan\'s area', async () => {
    const entry = { ref: 'A', period: '2016-Q1', status: 'green' };
    expect((await postJson(server, '/api/plans/impact-test/status', entry, 'viewer')).status).toBe(403);
    expect((await postJson(server, '/api/plans/impact-test/status', entry, 'analyst@E06000018')).status).toBe(403);
    expect((await postJson(server, '/api/plans/impact-test/status', entry, null as unknown as string)).status).toBe(401);
  });
});

describe('impact', () => {
  interface PlanImpactBody {
    caveat: string;
    method: string;
    links: LinkImpact[];
    red_red: RedRedAction[];
  }
  const verdicts = (links: LinkImpact[]) => links.map((link) => [link.ref, link.indicator, link.verdict]);

  it('judges each link from the area\'s series, and says that it is evidence, not proof', async () => {
    const body = await server.getJson<PlanImpactBody>('/api/plans/impact-test/impact?today=2017-03-31');
    expect(body.caveat).toMatch(/evidence, not proof/);
    expect(verdicts(body.links)).toEqual([
      ['A', 'referrals.referrals', 'moved_as_intended'],
      ['B', 'referrals.referrals', 'moved_against_intention'],
      ['B', 'missing.return_interview_72h_share', 'no_data'],
      ['C', 'referrals.referrals', 'too_early'],
    ]);
    const a = body.links[0];
    expect(a?.timing).toEqual({ date: '2015-03-31', basis: 'completed', completed: true });
    expect(a?.transition_period).toBe('2015-Q1');
    expect(a?.model).toMatchObject({ method: 'quasi_poisson', unit: 'rate_per_10000', before_n: 8, after_n: 8, first_period: '2013-Q1', last_period: '2017-Q1' });
    expect(a?.model?.step.lower95).toBeGreaterThan(0);
    expect(a?.series.at(-1)?.period).toBe('2017-Q1');
  });

  it('lists B as red-red: late and red while referrals fall', async () => {
    const body = await server.getJson<PlanImpactBody>('/api/plans/impact-test/impact?today=2017-03-31');
    expect(body.red_red.map(({ ref, behind, worsening }) => [ref, behind, worsening.map((w) => w.indicator)])).toEqual([
      ['B', ['overdue', 'red'], ['referrals.referrals']],
    ]);
  });

  it('for one action, and for one indicator across the area\'s plans', async () => {
    const one = await server.getJson<PlanImpactBody>('/api/plans/impact-test/actions/A/impact?today=2017-03-31');
    expect(verdicts(one.links)).toEqual([['A', 'referrals.referrals', 'moved_as_intended']]);
    expect(one.caveat).toMatch(/evidence, not proof/);
    const byIndicator = await server.getJson<PlanImpactBody & { links: (LinkImpact & { plan: string })[] }>(
      `/api/indicators/referrals.referrals/impact?area=${STOCKPORT}&today=2017-03-31`);
    expect(byIndicator.links.map((link) => [link.plan, link.ref, link.verdict])).toEqual([
      ['impact-test', 'A', 'moved_as_intended'],
      ['impact-test', 'B', 'moved_against_intention'],
      ['impact-test', 'C', 'too_early'],
    ]);
    expect(byIndicator.caveat).toMatch(/evidence, not proof/);
    expect((await server.request('/api/indicators/referrals.referrals/impact', 'viewer')).status).toBe(400);
    expect((await server.request(`/api/indicators/no.such/impact?area=${STOCKPORT}`, 'viewer')).status).toBe(404);
    expect((await server.request('/api/indicators/referrals.referrals/impact?area=E06000018', `viewer@${STOCKPORT}`)).status).toBe(403);
  });
});
