/**
 * A quarter's value of a measure recorded in the app (POST /api/plans/:plan/measures), audited,
 * within the user's scope; and GET /api/plans/:plan/measures, whose small counts of children a
 * viewer never sees.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { MeasureSummary } from '../../../server/action-plans/measure-view.js';
import { readAudit } from '../../../server/audit.js';
import { Database } from '../../../server/db/database.js';
import { postJson, startPlanServer, type PlanServer } from './plan-app.js';

let db: Database;
let server: PlanServer;

const ACTIONS = [
  'plan,plan_name,area_code,ref,parent_ref,strand,objective,action,lead,due',
  'rplan,Recorded plan,E08000007,1,,Training,,Train staff,,Jan 15',
  'rplan,,,2,,Mentoring,,Mentor young people,,Mar 15',
].join('\n');
const MEASURES = [
  'plan,measure,name,unit,polarity,refs,counts_children,period,value,target,note',
  'rplan,attendees,Attendees at training,count,up,1,,2014-Q1,3,50,',
  'rplan,mentored,Young people with mentors,count,up,2,yes,2014-Q1,12,10,',
  'rplan,mentored,,,,,,2014-Q2,3,10,',
  'rplan,risk,Risk score at exit,score,down,2,,2014-Q2,4.5,4,',
  'rplan,trained_share,Schools trained,percent,,1,,2014-Q2,60,,',
].join('\n');

beforeAll(async () => {
  db = await Database.open({ path: ':memory:' });
  server = await startPlanServer(db);
  expect((await postJson(server, '/api/plans', { actions: ACTIONS, measures: MEASURES })).status).toBe(201);
});
afterAll(async () => {
  await server.close();
  db.close();
});

const measures = (user: string) => server.getJson<MeasureSummary[]>('/api/plans/rplan/measures', user);

describe('GET /api/plans/:plan/measures', () => {
  it('gives each measure with its refs and latest quarter against its target', async () => {
    const list = await measures('analyst');
    expect(list.map(({ measure, name, unit, polarity, refs, latest }) => ({ measure, name, unit, polarity, refs, latest }))).toEqual([
      { measure: 'attendees', name: 'Attendees at training', unit: 'count', polarity: 'up', refs: ['1'],
        latest: { period: '2014-Q1', value: 3, target: 50, suppressed: false, status: 'off_target' } },
      { measure: 'mentored', name: 'Young people with mentors', unit: 'count', polarity: 'up', refs: ['2'],
        latest: { period: '2014-Q2', value: 3, target: 10, suppressed: false, status: 'off_target' } },
      { measure: 'risk', name: 'Risk score at exit', unit: 'score', polarity: 'down', refs: ['2'],
        latest: { period: '2014-Q2', value: 4.5, target: 4, suppressed: false, status: 'off_target' } },
      { measure: 'trained_share', name: 'Schools trained', unit: 'percent', polarity: null, refs: ['1'],
        latest: { period: '2014-Q2', value: 60, target: null, suppressed: false, status: 'no_target' } },
    ]);
    expect(list[1]!.values.map((v) => [v.period, v.value, v.status])).toEqual([['2014-Q1', 12, 'on_target'], ['2014-Q2', 3, 'off_target']]);
    expect(list[1]!.indicator).toBe('plan.rplan.mentored');
  });

  it('never shows a viewer a small count of children, but shows other small figures', async () => {
    const list = await measures('viewer');
    const mentored = list.find((m) => m.measure === 'mentored')!;
    expect(mentored.latest).toEqual({ period: '2014-Q2', value: null, target: 10, suppressed: true, status: 'off_target' });
    expect(mentored.values[0]).toMatchObject({ value: 12, suppressed: false });
    expect(JSON.stringify(mentored)).not.toMatch(/"value":3\b/);
    // Attendees are not children counted by the plan: 3 is shown.
    expect(list.find((m) => m.measure === 'attendees')!.latest).toMatchObject({ value: 3, suppressed: false });
  });

  it('is for users who may read the plan\'s area', async () => {
    expect((await server.request('/api/plans/rplan/measures', 'viewer@E10000031')).status).toBe(403);
    expect((await server.request('/api/plans/rplan/measures', null)).status).toBe(401);
    expect((await server.request('/api/plans/none/measures', 'viewer')).status).toBe(404);
  });
});

describe('recording a quarter of a measure', () => {
  it('records a value and target, replaces the quarter it names, and is audited without the figures', async () => {
    const first = await postJson(server, '/api/plans/rplan/measures', { measure: 'attendees', period: '2014-Q2', value: 48, target: 50 });
    expect(first.status).toBe(201);
    const second = await postJson(server, '/api/plans/rplan/measures', [{ measure: 'attendees', period: 'Q2 2014', value: 52, target: 50, note: 'Late returns counted' }]);
    expect(await second.json()).toMatchObject({
      ok: true, values: [{ measure: 'attendees', period: '2014-Q2', value: 52, target: 50, source: 'app', recorded_by: 'test-analyst', previous: { value: 48, target: 50 } }],
    });
    const attendees = (await measures('viewer')).find((m) => m.measure === 'attendees')!;
    expect(attendees.latest).toEqual({ period: '2014-Q2', value: 52, target: 50, suppressed: false, status: 'on_target' });
    const [entry] = await readAudit(db, { limit: 1, action: 'plan_measure' });
    expect(entry).toMatchObject({ username: 'test-analyst', target: 'rplan', details: { values: [{ measure: 'attendees', period: '2014-Q2', replaced: true }] } });
    expect(JSON.stringify(entry?.details)).not.toMatch(/52|Late/);
  });

  it('refuses, with the entry they are in, every rule of measures.csv, and stores nothing', async () => {
    const res = await postJson(server, '/api/plans/rplan/measures', [
      { measure: 'attendees', period: '2014-Q3', value: 55 },
      { measure: 'attendees', period: 'Autumn', value: 12.5 },
      { measure: 'unknown_one', period: '2014-Q3', value: 1 },
      { measure: 'trained_share', period: '2014-Q3', value: 120, target: 'all' },
      { measure: 'risk', period: '2014-Q3', value: { score: 3 } },
      { measure: 'attendees', period: '2014-Q3', value: 56 },
    ]);
    expect(res.status).toBe(422);
    const body = (await res.json()) as { errors: { line: number; column: string; code: string }[] };
    expect(body.errors.map(({ line, column, code }) => [line, column, code])).toEqual([
      [2, 'period', 'unreadable_period'],
      [2, 'value', 'unreadable_value'],
      [3, 'measure', 'unknown_measure'],
      [4, 'target', 'unreadable_target'],
      [4, 'value', 'unreadable_value'],
      [5, 'value', 'missing_value'],
      [6, 'period', 'duplicate_measure_period'],
    ]);
    const attendees = (await measures('analyst')).find((m) => m.measure === 'attendees')!;
    expect(attendees.latest?.period).toBe('2014-Q2');
    const [entry] = await readAudit(db, { limit: 1, action: 'plan_measure_refused' });
    expect(entry).toMatchObject({ target: 'rplan', details: { error_count: 7 } });
  });

  it('is for analysts and admins within the plan\'s area', async () => {
    const entry = { measure: 'attendees', period: '2014-Q3', value: 60 };
    expect((await postJson(server, '/api/plans/rplan/measures', entry, 'viewer')).status).toBe(403);
    expect((await postJson(server, '/api/plans/rplan/measures', entry, 'analyst@E10000031')).status).toBe(403);
    expect((await postJson(server, '/api/plans/rplan/measures', entry, 'analyst@E08000007')).status).toBe(201);
    expect((await postJson(server, '/api/plans/rplan/measures', [], 'admin')).status).toBe(400);
    const text = await server.request('/api/plans/rplan/measures', 'analyst', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' });
    expect(text.status).toBe(400);
  });
});
