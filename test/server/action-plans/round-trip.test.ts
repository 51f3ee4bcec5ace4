/**
 * Export a plan (GET /api/plans/:plan/export, actions.csv and status.csv), import it again, and
 * nothing the API shows has changed: the seed plans, a status recorded in the app, and text that
 * tries hard to be read differently the second time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ActionView, PlanListing } from '../../../server/action-plans/plan-view.js';
import { Database } from '../../../server/db/database.js';
import { postJson, startPlanServer, type PlanServer } from './plan-app.js';
import { SEED_PLANS, seedFiles } from './seed-plans.js';

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

async function exported(plan: string, file: 'actions' | 'status' | 'measures'): Promise<string> {
  const res = await server.request(`/api/plans/${plan}/export?file=${file}`, file === 'measures' ? 'analyst' : 'viewer');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
  expect(res.headers.get('content-disposition')).toContain(`${plan}.${file}.csv`);
  return res.text();
}

async function apiView(plan: string): Promise<{ listing: PlanListing | undefined; actions: ActionView[]; measures: unknown }> {
  const plans = await server.getJson<PlanListing[]>('/api/plans');
  return {
    listing: plans.find((p) => p.plan === plan),
    actions: await server.getJson<ActionView[]>(`/api/plans/${plan}/actions`),
    measures: await server.getJson(`/api/plans/${plan}/measures`, 'analyst'),
  };
}

/** Re-imports the export; `warnings` are the codes the plan's own import gave (unreadable text stays so). */
async function roundTrip(plan: string, warnings: string[] = []): Promise<void> {
  const before = await apiView(plan);
  const files = { actions: await exported(plan, 'actions'), status: await exported(plan, 'status'), measures: await exported(plan, 'measures') };
  const res = await postJson(server, '/api/plans', files);
  expect(res.status).toBe(201);
  const result = (await res.json()) as { ok: boolean; plans: unknown[]; warnings: { code: string }[] };
  expect(result).toMatchObject({ ok: true, plans: [{ plan, replaced: true, statuses_dropped: 0 }] });
  expect(result.warnings.map((w) => w.code)).toEqual(warnings);
  expect(await apiView(plan)).toEqual(before);
  expect(await exported(plan, 'actions')).toBe(files.actions);
  expect(await exported(plan, 'status')).toBe(files.status);
  expect(await exported(plan, 'measures')).toBe(files.measures);
}

describe('export then import changes nothing', () => {
  it.each(SEED_PLANS.map((seed) => seed.slug))('%s', async (slug) => {
    const files = seedFiles(slug);
    expect((await postJson(server, '/api/plans', files)).status).toBe(201);
    // The demo's measures files are written as the export writes them.
    expect(await exported(slug, 'measures')).toBe(files.measures?.replaceAll('\n', '\r\n'));
    await roundTrip(slug);
  });

  it('keeps a status recorded in the app, with who recorded it and when', async () => {
    const recorded = await postJson(server, '/api/plans/warwickshire-wscb-cse-2013-14/status', {
      ref: '2.4b', period: '2014-Q4', status: 'complete', note: 'Health provision agreed; see the minutes of 3/12/14.',
    });
    expect(recorded.status).toBe(201);
    await roundTrip('warwickshire-wscb-cse-2013-14');
    const action = await server.getJson<ActionView>('/api/plans/warwickshire-wscb-cse-2013-14/actions/2.4b');
    expect(action.statuses.at(-1)).toMatchObject({ period: '2014-Q4', status: 'complete', source: 'app', recorded_by: 'test-analyst' });
  });

  it('keeps text with quotes, commas, semicolons, line breaks, HTML and entities', async () => {
    const actions = [
      'plan,plan_name,area_code,ref,parent_ref,strand,objective,action,lead,due,output,cost_gbp,budget_source,references,priority,indicators',
      'tricky,"A ""tricky"" plan, with commas",E08000007,1,,Prevent,"<p>One</p><ul><li>Two &amp; three</li></ul>",' +
        '"Say ""no"", then; write &amp;amp; as it is\nSecond line",Police; Health / Care ,April 2014 Dec 2014,,"£1,500",Board £30k,2 & 5,yes,' +
        '"mase.disruption_actions:up:25; referrals.high_risk_share::30"',
      'tricky,,,1.1,1,Prevent,,"a < b, but <b>bold</b> &lt;i&gt;",,Ongoing,,tbc,,,,',
    ].join('\n');
    const status = ['plan,ref,period,status,note', 'tricky,1,2014/15 Q1,On track,"Note with ""quotes""\n\nand a blank line"', 'tricky,1.1,Q3 2014,B,'].join('\n');
    const res = await postJson(server, '/api/plans', { actions, status });
    expect(res.status).toBe(201);
    const [first, second] = await server.getJson<ActionView[]>('/api/plans/tricky/actions');
    expect(first).toMatchObject({
      objective: 'One\n• Two & three',
      action: 'Say "no", then; write &amp; as it is\nSecond line',
      lead: ['Police', 'Health / Care'],
      milestones: ['2014-04-30', '2014-12-31'],
      cost_gbp: 1500,
      references: '2 & 5',
      priority: true,
      indicators: ['mase.disruption_actions:up:25', 'referrals.high_risk_share::30'],
      statuses: [expect.objectContaining({ period: '2014-Q2', status: 'on_track', note: 'Note with "quotes"\n\nand a blank line' })],
    });
    expect(second).toMatchObject({ action: 'a < b, but bold < i>', due_text: 'Ongoing', due_date: null, cost_text: 'tbc', cost_gbp: null });
    await roundTrip('tricky', ['unreadable_cost', 'unreadable_due']);
  });
});
