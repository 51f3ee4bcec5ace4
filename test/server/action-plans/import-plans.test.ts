/**
 * Importing action plans through POST /api/plans and reading them back in the contract's shapes:
 * the four seed plans, field by field where it matters, the Nottingham RAG history, refusals with
 * their line and column (and nothing stored), and what a re-import does to the status history.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ActionView, PlanDetail, PlanListing } from '../../../server/action-plans/plan-view.js';
import type { DeliveryReport } from '../../../server/action-plans/delivery.js';
import { Database } from '../../../server/db/database.js';
import { fingerprint } from '../../helpers/extract-files.js';
import { postCsv, postJson, startPlanServer, type PlanServer } from './plan-app.js';
import { SEED_PLANS, seedFiles } from './seed-plans.js';

let db: Database;
let server: PlanServer;

/** Every table but the audit log, which records the refusal itself. */
async function stored(): Promise<Record<string, string>> {
  const { audit_log: _refusalRecorded, ...tables } = await db.withConnection(fingerprint);
  return tables;
}

beforeAll(async () => {
  db = await Database.open({ path: ':memory:' });
  server = await startPlanServer(db);
  for (const { slug } of SEED_PLANS) {
    const res = await postJson(server, '/api/plans', seedFiles(slug));
    expect(res.status, slug).toBe(201);
  }
});
afterAll(async () => {
  await server.close();
  db.close();
});

const actionsOf = (plan: string) => server.getJson<ActionView[]>(`/api/plans/${plan}/actions`);
const actionOf = (plan: string, ref: string) =>
  server.getJson<ActionView>(`/api/plans/${plan}/actions/${encodeURIComponent(ref)}`);

describe('the seed plans', () => {
  it('are listed with their areas and action counts', async () => {
    const plans = await server.getJson<PlanListing[]>('/api/plans');
    const bySlug = new Map(plans.map((plan) => [plan.plan, plan]));
    for (const seed of SEED_PLANS) {
      expect(bySlug.get(seed.slug)).toMatchObject({ plan: seed.slug, area_code: seed.area, actions: seed.actions });
    }
    expect(Object.keys(plans[0] ?? {})).toEqual(['plan', 'name', 'area_code', 'actions']);
  });

  it('hold every action: Cherwell 13, Warwickshire 17, Nottingham 26, Stockport 40', async () => {
    for (const seed of SEED_PLANS) expect((await actionsOf(seed.slug)).length, seed.slug).toBe(seed.actions);
  });

  it('keep each plan\'s own strands in its order', async () => {
    const plan = await server.getJson<PlanDetail>('/api/plans/nottingham-cse-2012-14');
    expect(plan.strands).toEqual([
      'Overarching Strategy and Governance', 'Prevention & Response', 'Safeguarding and Protection',
      'Bringing Offenders to Justice', 'Public Confidence',
    ]);
    expect(plan.review_periods).toEqual(['2012-Q3', '2012-Q4', '2013-Q1', '2013-Q2']);
  });
});

describe('actions in the API shape', () => {
  it('Cherwell 6.A: four leads, due text beside its date, cost and budget source, two links', async () => {
    const action = await actionOf('cherwell-csp-cse-prevention', '6.A');
    expect(action).toMatchObject({
      ref: '6.A',
      parent_ref: null,
      strand: 'Training',
      lead: ['CSP SPOC', 'Linda Ludlow', 'NWG', 'Training coordinator'],
      due_text: 'January 2014 To deliver training',
      due_date: '2014-01-31',
      milestones: ['2014-01-31'],
      status: null,
      statuses: [],
      indicators: ['referrals.referrals:up', 'mase.locations_identified:up'],
      cost_text: '£7K',
      cost_gbp: 7000,
      budget_source: 'CSP £55K (Positive Futures)',
    });
    expect(action.action).toMatch(/^CSCP to identify key organisations to facilitate 'Say Something if you see Something'/);
  });

  it('Warwickshire 1.3: an academic year as its last day, complete at the 2014-Q3 review', async () => {
    const action = await actionOf('warwickshire-wscb-cse-2013-14', '1.3');
    expect(action).toMatchObject({
      lead: ['Schools Learning & Education Sub-committee'],
      due_text: 'Academic year 2013 – 14.',
      due_date: '2014-07-31',
      status: 'complete',
      rag: 'done',
    });
    expect(action.statuses.map(({ period, status }) => [period, status])).toEqual([['2014-Q3', 'complete']]);
    expect(action.statuses[0]?.note).toMatch(/^Completed but now for review in light of scoping exercise results\n/);
  });

  it('Warwickshire 2.4b: a child action with its own lead and timescale', async () => {
    expect(await actionOf('warwickshire-wscb-cse-2013-14', '2.4b')).toMatchObject({
      parent_ref: '2.4',
      action: 'Health provision determined and met.',
      lead: ['Health sub-group member'],
      due_text: 'Oct 2014',
      due_date: '2014-10-31',
      status: 'on_track',
      statuses: [{ period: '2014-Q3', status: 'on_track', note: 'Level of provision being determined.' }],
    });
  });

  it('Warwickshire milestones: every date kept, the last is the due date', async () => {
    const actions = await actionsOf('warwickshire-wscb-cse-2013-14');
    const withMilestones = actions.filter((action) => action.milestones.length > 1);
    expect(withMilestones.length).toBeGreaterThan(0);
    for (const action of withMilestones) expect(action.due_date).toBe(action.milestones.at(-1));
    expect(actions.find((action) => action.due_text === 'June 2014 Jan 2015')?.milestones).toEqual(['2014-06-30', '2015-01-31']);
  });

  it('Stockport 2.1a: a link without a direction, a review challenge as its reference', async () => {
    expect(await actionOf('stockport-sscb-cse-2014-16', '2.1a')).toMatchObject({
      strand: 'Protection',
      lead: ['CSE practitioner Forum', 'DACSE team'],
      due_text: 'March 2015',
      due_date: '2015-03-31',
      references: '5',
      indicators: ['referrals.high_risk_share'],
      indicator_links: [{ id: 'referrals.high_risk_share', direction: null, target: null }],
    });
  });

  it('Stockport 1.1a: HTML reduced to safe text with its list kept, and no due date', async () => {
    const action = await actionOf('stockport-sscb-cse-2014-16', '1.1a');
    expect(action.action).not.toMatch(/</);
    expect(action.action).toContain('\n• Mapping - primary and secondary provision');
    expect(action).toMatchObject({ due_text: null, due_date: null, milestones: [] });
  });
});

describe('the Nottingham RAG history', () => {
  it('gives each action its four reviews, J O J A = 2012-Q3 to 2013-Q2', async () => {
    const actions = await actionsOf('nottingham-cse-2012-14');
    const history = (ref: string) =>
      actions.find((action) => action.ref === ref)?.statuses.map(({ period, status }) => `${period} ${status}`);
    expect(history('1.1')).toEqual(['2012-Q3 red', '2012-Q4 red', '2013-Q1 amber', '2013-Q2 green']);
    expect(history('2.1(a)')).toEqual(['2012-Q3 amber', '2012-Q4 amber', '2013-Q1 amber', '2013-Q2 green']);
    expect(history('1.4')).toEqual(['2012-Q4 red', '2013-Q1 red', '2013-Q2 amber']);
    expect(history('1.2')).toEqual([]);
    expect(actions.reduce((n, action) => n + action.statuses.length, 0)).toBe(90);
  });

  it('counts red, amber and green at each review (delivery)', async () => {
    const report = await server.getJson<DeliveryReport>('/api/plans/nottingham-cse-2012-14/delivery?today=2013-06-30');
    expect(report.rag_by_review.map(({ period, total }) => [period, total.red, total.amber, total.green, total.none])).toEqual([
      ['2012-Q3', 6, 10, 5, 2],
      ['2012-Q4', 7, 11, 5, 0],
      ['2013-Q1', 5, 12, 6, 0],
      ['2013-Q2', 3, 12, 8, 0],
    ]);
  });
});

describe('refused uploads', () => {
  const HEADER = 'plan,plan_name,area_code,ref,parent_ref,strand,action,indicators';
  const FIRST = 'test-plan,Test plan,E08000007,1,,Prevent,Train staff,referrals.referrals:up';

  async function refusal(body: { actions: string; status?: string }) {
    const before = await stored();
    const res = await postJson(server, '/api/plans', body);
    expect(res.status).toBe(422);
    expect(await stored()).toEqual(before);
    return (await res.json()) as { ok: false; errors: { file: string; line: number; column: string | null; code: string }[]; error_count: number };
  }

  it('a missing ref, with its line and column', async () => {
    const result = await refusal({ actions: [HEADER, FIRST, 'test-plan,,,,,Prevent,Talk to schools,'].join('\n') });
    expect(result.errors).toEqual([expect.objectContaining({ file: 'actions', line: 3, column: 'ref', code: 'missing_ref' })]);
    expect(result.error_count).toBe(1);
  });

  it('a duplicate ref, on the line of the second use', async () => {
    const result = await refusal({ actions: [HEADER, FIRST, 'test-plan,,,2,,Prevent,"Talk to\nschools",', 'test-plan,,,1,,Protect,Again,'].join('\n') });
    expect(result.errors).toEqual([expect.objectContaining({ line: 5, column: 'ref', code: 'duplicate_ref' })]);
  });

  it('an unknown indicator id', async () => {
    const result = await refusal({ actions: [HEADER, 'test-plan,Test plan,E08000007,1,,Prevent,Train staff,referrals.rate:up'].join('\n') });
    expect(result.errors).toEqual([expect.objectContaining({ line: 2, column: 'indicators', code: 'unknown_indicator' })]);
  });

  it('a status for an action the plan does not have, and an unreadable status', async () => {
    const result = await refusal({
      actions: [HEADER, FIRST].join('\n'),
      status: ['plan,ref,period,status,note', 'test-plan,9,2015-Q1,red,', 'test-plan,1,2015-Q2,purple,'].join('\n'),
    });
    expect(result.errors).toEqual([
      expect.objectContaining({ file: 'status', line: 2, column: 'ref', code: 'unknown_action' }),
      expect.objectContaining({ file: 'status', line: 3, column: 'status', code: 'unreadable_status' }),
    ]);
  });

  it('an area the reference data does not know', async () => {
    const result = await refusal({ actions: [HEADER, 'test-plan,Test plan,E99999999,1,,Prevent,Train staff,'].join('\n') });
    expect(result.errors).toEqual([expect.objectContaining({ line: 2, column: 'area_code', code: 'unknown_area' })]);
  });

  it('a plan of an area outside the analyst\'s scope', async () => {
    const before = await stored();
    const res = await postCsv(server, '/api/plans', [HEADER, 'test-plan,Test plan,E06000018,1,,Prevent,Train,'].join('\n'), 'analyst@E08000007');
    expect(res.status).toBe(422);
    expect(((await res.json()) as { errors: { code: string }[] }).errors.map((e) => e.code)).toEqual(['area_not_allowed']);
    expect(await stored()).toEqual(before);
  });

  it('from viewers and signed-out users', async () => {
    expect((await postCsv(server, '/api/plans', [HEADER, FIRST].join('\n'), 'viewer')).status).toBe(403);
    expect((await server.request('/api/plans', null, { method: 'POST', body: 'x' })).status).toBe(401);
    expect((await server.request('/api/plans', null)).status).toBe(401);
  });
});

describe('a re-import', () => {
  const HEADER = 'plan,plan_name,area_code,ref,strand,action';
  const plan = (...refs: string[]) =>
    [HEADER, ...refs.map((ref, i) => `reimport,${i === 0 ? 'Re-import plan,E08000007' : ','},${ref},Prevent,Action ${ref}`)].join('\n');
  const STATUS = ['plan,ref,period,status,note', 'reimport,1,2015-Q1,amber,From the file', 'reimport,2,2015-Q1,red,'].join('\n');

  it('replaces the actions and keeps the history of refs that survive', async () => {
    expect((await postJson(server, '/api/plans', { actions: plan('1', '2', '3'), status: STATUS })).status).toBe(201);
    const recorded = await postJson(server, '/api/plans/reimport/status', { ref: '3', period: '2015-Q2', status: 'green', note: 'Recorded in the app' });
    expect(recorded.status).toBe(201);

    // Without a status file: actions replaced (2 gone, 4 new); statuses of 1 and 3 kept, 2's dropped.
    const res = await postCsv(server, '/api/plans', plan('1', '3', '4'));
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ ok: true, plans: [{ plan: 'reimport', replaced: true, actions: 3, statuses: 2, statuses_kept: 2, statuses_dropped: 1 }] });
    const actions = await actionsOf('reimport');
    expect(actions.map((action) => [action.ref, action.status])).toEqual([['1', 'amber'], ['3', 'green'], ['4', null]]);
    expect(actions[1]?.statuses[0]).toMatchObject({ source: 'app', recorded_by: 'test-analyst', note: 'Recorded in the app' });
  });

  it('with a status file, replaces the imported history and keeps what was recorded in the app', async () => {
    const status = ['plan,ref,period,status,note', 'reimport,1,2015-Q2,green,Done'].join('\n');
    const res = await postJson(server, '/api/plans', { actions: plan('1', '3', '4'), status });
    expect(res.status).toBe(201);
    const actions = await actionsOf('reimport');
    expect(actions.map((action) => [action.ref, action.statuses.map((s) => `${s.period} ${s.status} ${s.source}`)])).toEqual([
      ['1', ['2015-Q2 green import']],
      ['3', ['2015-Q2 green app']],
      ['4', []],
    ]);
  });
});
