/**
 * Measures of success as indicators: `plan.<plan>.<measure>` in GET /api/indicators for users who
 * may read the plan, and GET /api/series with `stat=value`, a target on each row and SPC, small
 * counts of children hidden from viewers (and from the SPC limits), in JSON, CSV and Arrow.
 */
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { MeasureSeriesResult } from '../../../server/action-plans/measure-series.js';
import { createUser, signIn, type SignedIn } from '../../helpers/auth.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

let t: TestServer;
let analyst: SignedIn;
let viewer: SignedIn;
let elsewhere: SignedIn;

const ACTIONS = [
  'plan,plan_name,area_code,ref,parent_ref,strand,objective,action,lead,due',
  'splan,Series plan,E08000007,1,,Mentoring,,Mentor young people,,Mar 15',
].join('\n');
const QUARTERS = ['2014-Q1', '2014-Q2', '2014-Q3', '2014-Q4', '2015-Q1', '2015-Q2'];
const MENTORED = [12, 3, 15, 18, 1, 20];
const MEASURES = [
  'plan,measure,name,unit,polarity,refs,counts_children,period,value,target,note',
  ...QUARTERS.map((q, i) => `splan,mentored,${i === 0 ? 'Young people with mentors,count,up,1,yes' : ',,,,'},${q},${MENTORED[i]},${i < 3 ? 10 : 15},`),
  'splan,risk,Risk score at exit,score,down,1,,2014-Q1,2,,',
  'splan,risk,,,,,,2014-Q3,1.5,1.75,',
].join('\n');

beforeAll(async () => {
  t = await startTestServer();
  await createUser(t.db, 'ann', 'analyst');
  await createUser(t.db, 'vera', 'viewer');
  await createUser(t.db, 'walt', 'viewer', ['E10000031']);
  analyst = await signIn(t.baseUrl, 'ann');
  viewer = await signIn(t.baseUrl, 'vera');
  elsewhere = await signIn(t.baseUrl, 'walt');
  const res = await fetch(`${t.baseUrl}/api/plans`, {
    method: 'POST', headers: { ...analyst.headers, 'content-type': 'application/json' }, body: JSON.stringify({ actions: ACTIONS, measures: MEASURES }),
  });
  expect(res.status).toBe(201);
});
afterAll(() => t.close());

const get = (path: string, who: SignedIn, accept = 'application/json') => fetch(`${t.baseUrl}${path}`, { headers: { cookie: who.cookie, accept } });
const series = async (who: SignedIn, query = 'indicator=plan.splan.mentored&area=E08000007') => {
  const res = await get(`/api/series?${query}`, who);
  expect(res.status).toBe(200);
  return (await res.json()) as MeasureSeriesResult;
};

describe('measures as indicators', () => {
  it('lists each measure of the plans the user may read', async () => {
    const list = (await (await get('/api/indicators', viewer)).json()) as { id: string; kind: string; stats: string[]; periods: string[]; polarity: string; unit: string }[];
    const measures = list.filter((i) => i.kind === 'plan');
    expect(measures.map((m) => [m.id, m.unit, m.polarity, m.stats, m.periods.length])).toEqual([
      ['plan.splan.mentored', 'count', 'high_is_good', ['value'], 6],
      ['plan.splan.risk', 'value', 'low_is_good', ['value'], 2],
    ]);
    const theirs = (await (await get('/api/indicators', elsewhere)).json()) as { id: string }[];
    expect(theirs.some((i) => i.id.startsWith('plan.'))).toBe(false);
  });

  it('gives the quarterly series with its target on each row and SPC', async () => {
    const result = await series(analyst);
    expect(result).toMatchObject({ indicator: 'plan.splan.mentored', area: 'E08000007', stat: 'value', period_type: 'quarter' });
    expect(result.rows.map((r) => [r.period, r.value, r.target, r.suppressed])).toEqual(
      QUARTERS.map((q, i) => [q, MENTORED[i], i < 3 ? 10 : 15, false]),
    );
    expect(result.rows.every((r) => r.spc !== null && r.spc.trial)).toBe(true);
    const mean = MENTORED.reduce((a, b) => a + b, 0) / MENTORED.length;
    expect(result.rows[0]!.spc!.mean).toBeCloseTo(mean, 9);
    const risk = await series(analyst, 'indicator=plan.splan.risk&area=E08000007&stat=value');
    expect(risk.rows.map((r) => [r.period, r.value, r.target])).toEqual([['2014-Q1', 2, null], ['2014-Q3', 1.5, 1.75]]);
  });

  it('never gives a viewer a count of children below the threshold, nor limits computed from one', async () => {
    const result = await series(viewer);
    expect(result.rows.map((r) => [r.period, r.value, r.numerator, r.suppressed])).toEqual(
      QUARTERS.map((q, i) => (MENTORED[i]! <= 4 ? [q, null, null, true] : [q, MENTORED[i], MENTORED[i], false])),
    );
    const shown = MENTORED.filter((v) => v > 4);
    expect(result.rows[0]!.spc!.mean).toBeCloseTo(shown.reduce((a, b) => a + b, 0) / shown.length, 9);
    const csv = await (await get('/api/series?indicator=plan.splan.mentored&area=E08000007', viewer, 'text/csv')).text();
    const lines = csv.trim().split('\r\n');
    expect(lines[0]!.endsWith(',target')).toBe(true);
    expect(lines[2]).toMatch(/^2014-Q2,E08000007,,c,,c,c,c,c,c,true,.*,10$/);
    const arrow = tableFromIPC(new Uint8Array(await (await get('/api/series?indicator=plan.splan.mentored&area=E08000007', viewer, 'application/vnd.apache.arrow.stream')).arrayBuffer()));
    expect(arrow.getChild('value')!.get(1)).toBeNull();
    expect(arrow.getChild('suppressed')!.get(1)).toBe(true);
    expect([...arrow.getChild('target')!]).toEqual([10, 10, 10, 15, 15, 15]);
  });

  it('refuses another area, another stat, a breakdown or comparators, and plans out of scope', async () => {
    const status = async (query: string, who = analyst) => (await get(`/api/series?${query}`, who)).status;
    expect(await status('indicator=plan.splan.mentored&area=E10000031')).toBe(400);
    expect(await status('indicator=plan.splan.mentored&area=E08000007&stat=rate')).toBe(400);
    expect(await status('indicator=plan.splan.mentored&area=E08000007&breakdown=sex')).toBe(400);
    expect(await status('indicator=plan.splan.mentored&area=E08000007&compare=england')).toBe(400);
    expect(await status('indicator=plan.splan.mentored&area=E08000007&period_type=year')).toBe(400);
    expect(await status('indicator=plan.splan.nothing&area=E08000007')).toBe(400);
    expect(await status('indicator=plan.splan.mentored&area=E08000007&spc_rebase=2014-Q3')).toBe(400);
    // The area scope turns away a user of another area before the plan is looked up.
    expect(await status('indicator=plan.splan.mentored&area=E08000007', elsewhere)).toBe(403);
  });
});
