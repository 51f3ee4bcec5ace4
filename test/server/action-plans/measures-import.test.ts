/**
 * measures.csv through POST /api/plans: stored in the plan's transaction or not at all, exported
 * back unchanged, and kept or replaced on re-import by the rules statuses follow.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Database } from '../../../server/db/database.js';
import { postJson, startPlanServer, type PlanServer } from './plan-app.js';

let db: Database;
let server: PlanServer;

beforeAll(async () => {
  db = await Database.open({ path: ':memory:' });
  server = await startPlanServer(db);
});
afterAll(async () => {
  await server.close();
  db.close();
});

const ACTIONS = [
  'plan,plan_name,area_code,ref,parent_ref,strand,objective,action,lead,due,output',
  'mplan,"Measured plan, with ""quotes""",E08000007,1,,Training,,Train staff,,Jan 15,"Attendees, by agency"',
  'mplan,,,2,,Mentoring,,Mentor young people,,Mar 15,',
  'mplan,,,3,,Mentoring,,Engage businesses,,Mar 15,',
].join('\n');
const MEASURES = [
  'plan,measure,name,unit,polarity,refs,counts_children,period,value,target,note',
  'mplan,attendees,"Attendees at training, all agencies",count,up,1,,2014-Q1,40,50,"First <b>two</b> sessions; ""full"""',
  'mplan,attendees,,,,,,2014-Q2,65,50,',
  'mplan,mentored,Young people working with mentors,count,up,2,yes,2014-Q1,3,10,',
  'mplan,mentored,,,,,,2014-Q2,12,10,',
  'mplan,risk,Risk score at exit,score,down,2;3,,2014-Q2,4.25,,',
].join('\r\n') + '\r\n';

async function exportMeasures(user = 'analyst'): Promise<Response> {
  return server.request('/api/plans/mplan/export?file=measures', user);
}

async function heldValues(): Promise<Record<string, unknown>[]> {
  return db.withConnection(async (c) => (await c.runAndReadAll(
    `SELECT measure, period, value, target, source, recorded_by FROM plan_measure_values WHERE plan = 'mplan' ORDER BY measure, period`,
  )).getRowObjectsJS());
}

describe('measures.csv in a plan upload', () => {
  it('refuses the whole upload, storing nothing, when the measures file has a problem', async () => {
    const bad = MEASURES.replace('2014-Q2,65,50', '2014-Q2,sixty,50');
    const res = await postJson(server, '/api/plans', { actions: ACTIONS, measures: bad });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ ok: false, errors: [{ file: 'measures', line: 3, column: 'value', code: 'unreadable_value' }] });
    expect((await server.request('/api/plans/mplan', 'viewer')).status).toBe(404);
    expect(await heldValues()).toEqual([]);
  });

  it('refuses measures that are not CSV text', async () => {
    const res = await postJson(server, '/api/plans', { actions: ACTIONS, measures: { attendees: 40 } });
    expect(res.status).toBe(400);
  });

  it('stores the measures with the plan and gives the file back exactly as sent', async () => {
    const res = await postJson(server, '/api/plans', { actions: ACTIONS, measures: MEASURES });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({
      ok: true, measure_values: 5, plans: [{ plan: 'mplan', measures: 3, measure_values: 5, measure_values_kept: 0, measure_values_dropped: 0 }],
    });
    const exported = await exportMeasures();
    expect(exported.headers.get('content-disposition')).toContain('mplan.measures.csv');
    // The note's tags are reduced to text on the way in; the rest is the file as sent.
    expect(await exported.text()).toBe(MEASURES.replace('First <b>two</b> sessions', 'First two sessions'));
  });

  it('does not give viewers the file of unsuppressed values', async () => {
    expect((await exportMeasures('viewer')).status).toBe(403);
  });

  it('round trip: importing the export changes nothing, not even who recorded each value', async () => {
    const before = await heldValues();
    const files = {
      actions: await (await server.request('/api/plans/mplan/export', 'analyst')).text(),
      measures: await (await exportMeasures()).text(),
    };
    const res = await postJson(server, '/api/plans', files, 'admin');
    expect(await res.json()).toMatchObject({ ok: true, plans: [{ measure_values: 5, measure_values_kept: 5, measure_values_dropped: 0 }] });
    expect(await heldValues()).toEqual(before);
    expect(await (await exportMeasures()).text()).toBe(files.measures);
  });

  it('keeps measures and values when the plan comes again without a measures file, dropping refs to actions gone', async () => {
    const withoutAction3 = ACTIONS.split('\n').slice(0, 3).join('\n');
    const res = await postJson(server, '/api/plans', { actions: withoutAction3 });
    expect(await res.json()).toMatchObject({ ok: true, plans: [{ measures: 3, measure_values: 5, measure_values_kept: 5 }] });
    const exported = await (await exportMeasures()).text();
    expect(exported).toContain('mplan,risk,Risk score at exit,score,down,2,,2014-Q2,4.25,,');
    expect((await postJson(server, '/api/plans', { actions: ACTIONS })).status).toBe(201);
  });

  it('with a measures file: replaces imported values, keeps values recorded in the app unless the file gives the quarter', async () => {
    const recorded = await postJson(server, '/api/plans/mplan/measures', [
      { measure: 'attendees', period: '2014-Q3', value: 80, target: 60 },
      { measure: 'mentored', period: '2014-Q3', value: 14 },
      { measure: 'risk', period: '2014-Q3', value: 3.5 },
    ]);
    expect(recorded.status).toBe(201);
    const next = [
      'plan,measure,name,unit,polarity,refs,counts_children,period,value,target,note',
      'mplan,attendees,Attendees at training,count,up,1,,2014-Q1,41,50,corrected',
      'mplan,mentored,Young people working with mentors,count,up,2,yes,2014-Q3,15,10,',
    ].join('\n');
    const res = await postJson(server, '/api/plans', { actions: ACTIONS, measures: next });
    // Dropped: risk's 2014-Q2 (imported) and 2014-Q3 (app), whose measure the file no longer has.
    expect(await res.json()).toMatchObject({ ok: true, plans: [{ measures: 2, measure_values: 3, measure_values_kept: 1, measure_values_dropped: 2 }] });
    expect(await heldValues()).toEqual([
      { measure: 'attendees', period: '2014-Q1', value: 41, target: 50, source: 'import', recorded_by: 'test-analyst' },
      { measure: 'attendees', period: '2014-Q3', value: 80, target: 60, source: 'app', recorded_by: 'test-analyst' },
      { measure: 'mentored', period: '2014-Q3', value: 15, target: 10, source: 'import', recorded_by: 'test-analyst' },
    ]);
  });
});
