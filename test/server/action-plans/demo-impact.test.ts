/**
 * The demo database judged as it was planted (pipelines/demo/planted-shifts.ts): every planted
 * shift is linked to the action it follows and judged moved as intended, and where nothing was
 * planted nothing is claimed; a viewer gets the same verdicts as an analyst; Stockport's referrals
 * on Trends show a phase of their own after the shift. Written against the planted-shift list, not
 * against demo numbers, so that it holds when the demo data are regenerated or extended.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { PLANTED_SHIFTS, type ShiftIndicator } from '../../../pipelines/demo/planted-shifts.js';
import { planImpact, type LinkImpact } from '../../../server/action-plans/impact.js';
import { indicatorSeries } from '../../../server/action-plans/impact-series.js';
import { listPlans, readPlanActions } from '../../../server/action-plans/plan-store.js';
import type { AuthUser } from '../../../server/auth/roles.js';
import { Database } from '../../../server/db/database.js';
import { buildDemoDatabase } from '../../../server/demo-database.js';
import { areaIndexOf, type AreaIndex } from '../../../server/indicators/area-index.js';
import { findIndicator } from '../../../server/indicators/load-catalogue.js';
import { quarterIndex } from '../../../server/indicators/periods.js';
import { buildSeries } from '../../../server/indicators/series.js';
import { resolveSeriesRequest } from '../../../server/indicators/series-request.js';

/** The indicator each kind of planted shift moves. */
const INDICATOR: Record<ShiftIndicator, string> = {
  referrals: 'referrals.referrals',
  male_share: 'referrals.boys_share',
  within_72h_share: 'missing.return_interview_72h_share',
  disruption_actions: 'mase.disruption_actions',
};
const VIEWER: AuthUser = { id: 1, username: 'viewer', role: 'viewer', areas: null };
const ANALYST: AuthUser = { id: 2, username: 'analyst', role: 'analyst', areas: null };
const TODAY = '2026-12-01';

let dir: string;
let db: Database;
let areas: AreaIndex;
/** Every link of every demo plan, as a viewer and as an analyst get it, with the plan's area. */
const judged: { area: string; viewer: LinkImpact; analyst: LinkImpact }[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cse-demo-impact-'));
  const path = join(dir, 'demo.duckdb');
  await buildDemoDatabase(path);
  db = await Database.open({ path });
  areas = await areaIndexOf(db);
  await db.withConnection(async (c) => {
    for (const plan of await listPlans(c)) {
      const actions = await readPlanActions(c, plan.plan);
      const ids = actions.flatMap((a) => a.indicator_links.map((l) => l.id));
      const asViewer = planImpact(actions, await indicatorSeries(c, ids, plan.area_code, areas, VIEWER), TODAY);
      const asAnalyst = planImpact(actions, await indicatorSeries(c, ids, plan.area_code, areas, ANALYST), TODAY);
      asViewer.forEach((viewer, i) => judged.push({ area: plan.area_code, viewer, analyst: asAnalyst[i]! }));
    }
  });
}, 120_000);

afterAll(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The plan area holds the shift's area: the same code, or the county over its districts. */
const covers = (planArea: string, shiftAreas: readonly string[]) =>
  shiftAreas.includes(planArea) || shiftAreas.every((code) => areas.authorityOf(code)?.code === planArea);

describe('the demo\'s planted shifts', () => {
  it.each(PLANTED_SHIFTS.map((s) => [s.id, s] as const))('%s is linked to the action it follows and judged moved as intended', (_id, shift) => {
    const from = quarterIndex(shift.from)!;
    // The action it follows: its quarter is the one just before the shift, or the shift's own first quarter.
    const following = judged.filter(({ area, analyst }) =>
      analyst.indicator === INDICATOR[shift.indicator] && covers(area, shift.areaCodes) &&
      analyst.transition_period !== null && [from - 1, from].includes(quarterIndex(analyst.transition_period)!));
    expect(following.length, `no action of the demo plans is linked to ${shift.id}`).toBeGreaterThan(0);
    for (const { analyst } of following) {
      expect([analyst.ref, analyst.verdict]).toEqual([analyst.ref, 'moved_as_intended']);
      expect(analyst.model!.step.lower95).toBeGreaterThan(0);
    }
  });

  it('Stockport 1.6a: the boys\' share and the referral rate moved as intended', () => {
    const links = judged.filter(({ analyst }) => analyst.ref === '1.6a' && analyst.transition_period === '2015-Q2');
    expect(links.map(({ analyst }) => [analyst.indicator, analyst.verdict]).sort()).toEqual([
      ['referrals.boys_share', 'moved_as_intended'],
      ['referrals.referrals', 'moved_as_intended'],
    ]);
  });

  it('where no shift was planted, no change is claimed: referrals in the areas without one', () => {
    const unplanted = judged.filter(({ area, analyst }) =>
      analyst.indicator === 'referrals.referrals' &&
      !PLANTED_SHIFTS.some((s) => s.indicator === 'referrals' && covers(area, s.areaCodes)));
    expect(unplanted.length).toBeGreaterThan(5);
    for (const { analyst } of unplanted) expect(['no_signal_yet', 'too_early', 'no_data', 'no_date']).toContain(analyst.verdict);
  });
});

describe('one verdict for every role', () => {
  it('a viewer gets the analyst\'s verdicts, though fewer figures and a model of the published ones', () => {
    for (const { viewer, analyst } of judged) {
      expect([viewer.ref, viewer.indicator, viewer.verdict]).toEqual([analyst.ref, analyst.indicator, analyst.verdict]);
      if (viewer.model && analyst.model) expect(viewer.model.too_little_data).toBe(analyst.model.too_little_data);
    }
    // The model's own figures a viewer sees are fitted on published counts, never the full ones: a
    // Poisson fit's counterfactual adds up to the observed count, which would give exact sums away.
    const modelled = judged.filter(({ viewer, analyst }) => viewer.model && analyst.model);
    expect(modelled.length).toBeGreaterThan(0);
    expect(modelled.some(({ viewer, analyst }) => viewer.model!.step.estimate !== analyst.model!.step.estimate)).toBe(true);
    for (const { viewer } of modelled) {
      const shown = viewer.series.filter((p) => p.counterfactual !== null);
      expect(shown.length).toBeGreaterThan(0);
    }
    // The test means something: some of what the viewer is shown is withheld.
    const withheld = judged.flatMap(({ viewer }) => viewer.series.filter((p) => p.suppressed));
    expect(withheld.length).toBeGreaterThan(0);
    expect(withheld.every((p) => p.value === null)).toBe(true);
  });
});

describe('SPC on Trends', () => {
  it('re-bases Stockport\'s referrals after the planted shift, a phase with its own limits', async () => {
    const shift = PLANTED_SHIFTS.find((s) => s.id === 'stockport-referrals')!;
    const series = await db.withConnection(async (c) => {
      const indicator = await findIndicator(c, 'referrals.referrals');
      const request = resolveSeriesRequest(
        { indicator: 'referrals.referrals', area: shift.areaCodes[0]!, stat: 'rate', breakdown: null, compare: null, periodType: 'quarter', filters: new Map(), spcChanges: [shift.from, '2013-Q3'] },
        indicator, areas);
      if (!request.ok) throw new Error(request.message);
      const unphased = await buildSeries(c, { ...request.value, spcChanges: [] }, areas, VIEWER);
      return { phased: await buildSeries(c, request.value, areas, VIEWER), unphased };
    });
    const means = (rows: typeof series.phased.rows) => [...new Set(rows.filter((r) => r.spc).map((r) => r.spc!.mean))];
    // 2013-Q3 had no shift after it: no phase there. The shift: a phase of its own, higher.
    expect(means(series.phased.rows)).toHaveLength(2);
    const at = (period: string) => series.phased.rows.find((r) => r.period === period)!.spc!.mean;
    expect(at(shift.from)).toBeGreaterThan(at('2013-Q3'));
    // Counted to 2017-Q1: from April 2017 the demo follows DfE's published shape, whose own rises
    // and falls are special causes that no re-basing at 2015 should remove.
    const special = (rows: typeof series.phased.rows) => rows.filter((r) => r.period <= '2017-Q1' && r.spc && r.spc.rule !== 'none').length;
    expect(special(series.phased.rows)).toBeLessThan(special(series.unphased.rows) / 2);
    expect(means(series.unphased.rows)).toHaveLength(1);
  });
});
