/**
 * The committed demo data tells a believable story: rates, who is referred, missing-children
 * patterns, completeness, and the planted shifts, all read back from the files themselves.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findRepoRoot, loadDemoLas, populationIn, type DemoLa } from '../../../pipelines/demo/demo-areas.js';
import { DEMO_QUARTERS, FIRST_DEMO_YEAR, quarterLabel } from '../../../pipelines/demo/demo-quarters.js';
import { FIRST_PUBLISHED_YEAR } from '../../../pipelines/demo/referral-levels.js';
import { PLANTED_SHIFTS, type PlantedShift } from '../../../pipelines/demo/planted-shifts.js';
import type { DatasetId } from '../../../pipelines/extract-schema.js';
import { readCommittedExtracts, type CommittedExtract, type ExtractRow } from './read-extract.js';

let las: DemoLa[];
let extracts: CommittedExtract[];

beforeAll(() => {
  const root = findRepoRoot();
  las = loadDemoLas(root);
  extracts = readCommittedExtracts(
    join(root, 'data/examples/extracts'),
    new Map(las.flatMap((la) => la.areas.map((a) => [a.name, a.code]))),
  );
});

function rowsOf(dataset: DatasetId, filter: (r: ExtractRow, e: CommittedExtract) => boolean = () => true): ExtractRow[] {
  return extracts.filter((e) => e.dataset === dataset).flatMap((e) => e.rows.filter((r) => filter(r, e)));
}

function sum(rows: readonly ExtractRow[], measure: string, where: (r: ExtractRow) => boolean = () => true): number {
  return rows.filter(where).reduce((total, r) => total + (r.measures[measure] ?? 0), 0);
}

const year = (r: ExtractRow): number => Number(r.quarter.slice(0, 4));

function correlation(xs: readonly number[], ys: readonly number[]): number {
  const mean = (v: readonly number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
  const [mx, my] = [mean(xs), mean(ys)];
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const [i, x] of xs.entries()) {
    const y = ys[i] ?? 0;
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
    syy += (y - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

describe('demo referrals', () => {
  it('run at 10 to 40 a year per 10,000 children aged 0-17 in every LA and year to 2016', () => {
    for (const la of las) {
      const codes = new Set(la.areas.map((a) => a.code));
      for (let y = FIRST_DEMO_YEAR; y <= 2016; y++) {
        const count = sum(rowsOf('referrals'), 'referrals', (r) => codes.has(r.areaCode) && year(r) === y);
        const rate = (count / populationIn(la.population, y)) * 10_000;
        expect(rate, `${la.name} ${y}`).toBeGreaterThanOrEqual(10);
        expect(rate, `${la.name} ${y}`).toBeLessThanOrEqual(40);
      }
    }
  });

  it("follow the shape of each LA's published DfE CSE factor counts for the years to March 2018-2025", () => {
    const reportingYear = (r: ExtractRow): number => (r.quarter.endsWith('Q1') ? year(r) : year(r) + 1);
    for (const la of las) {
      const codes = new Set(la.areas.map((a) => a.code));
      const years = [...la.publishedCse.keys()].sort();
      expect(years, la.name).toEqual([2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025]);
      const local = years.map((y) => sum(rowsOf('referrals'), 'referrals', (r) => codes.has(r.areaCode) && reportingYear(r) === y));
      const published = years.map((y) => la.publishedCse.get(y) ?? 0);
      // One scale for every year: each year's ratio sits within Poisson noise of the first year's
      // level (the scale is fixed where the scenario meets DfE's 2018 figure).
      const scale = local.reduce((a, b) => a + b, 0) / published.reduce((a, b) => a + b, 0);
      for (const [i, y] of years.entries()) {
        const expected = scale * published[i]!;
        expect(Math.abs(local[i]! - expected), `${la.name} ${y}: ${local[i]} vs ${expected.toFixed(0)}`).toBeLessThan(
          4 * Math.sqrt(expected) + 2,
        );
      }
      expect(correlation(local, published), la.name).toBeGreaterThan(0.8);
      expect(years[0]).toBe(FIRST_PUBLISHED_YEAR);
    }
  });

  it('are mostly of girls aged 13-17, with a real minority of boys and few under-13s', () => {
    const rows = rowsOf('referrals');
    const girls = sum(rows, 'referrals', (r) => r.dims.sex === 'female');
    const boys = sum(rows, 'referrals', (r) => r.dims.sex === 'male');
    expect(boys / (girls + boys)).toBeGreaterThan(0.08);
    expect(boys / (girls + boys)).toBeLessThan(0.22);

    const knownAge = sum(rows, 'referrals', (r) => r.dims.age_band !== 'unknown');
    const teens = sum(rows, 'referrals', (r) => r.dims.age_band === '13-15' || r.dims.age_band === '16-17');
    const under13 = sum(rows, 'referrals', (r) => r.dims.age_band === '0-9' || r.dims.age_band === '10-12');
    expect(teens / knownAge).toBeGreaterThan(0.75);
    expect(under13 / knownAge).toBeGreaterThan(0.03);
    expect(under13 / knownAge).toBeLessThan(0.2);

    const teenGirls = sum(rows, 'referrals', (r) => r.dims.sex === 'female' && ['13-15', '16-17'].includes(r.dims.age_band ?? ''));
    expect(teenGirls / sum(rows, 'referrals')).toBeGreaterThan(0.6);
  });

  it('come mostly from police, children\'s social care and education', () => {
    const rows = rowsOf('referrals', (r) => r.dims.source !== undefined && r.dims.source !== 'unknown');
    const bySource = new Map<string, number>();
    for (const r of rows) bySource.set(r.dims.source ?? '', (bySource.get(r.dims.source ?? '') ?? 0) + (r.measures.referrals ?? 0));
    const top3 = [...bySource].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([s]) => s);
    expect(new Set(top3)).toEqual(new Set(['police', 'childrens_social_care', 'education']));
  });

  it('often lack a risk level early on, less so later', () => {
    const unknownShare = (y: number): number => {
      const rows = rowsOf('referrals', (r) => year(r) === y);
      return sum(rows, 'referrals', (r) => r.dims.risk_level === 'unknown') / sum(rows, 'referrals');
    };
    expect(unknownShare(2012)).toBeGreaterThan(0.2);
    expect(unknownShare(2012)).toBeLessThan(0.4);
    expect(unknownShare(2016)).toBeLessThan(0.15);
  });
});

describe('demo missing episodes', () => {
  const aggregateRows = (): ExtractRow[] => rowsOf('missing', (_, e) => e.aggregate);

  it('repeat far more for children in care than for children missing from home', () => {
    const rows = aggregateRows();
    const ratio = (from: string): number =>
      sum(rows, 'episodes', (r) => r.dims.missing_from === from) / sum(rows, 'children', (r) => r.dims.missing_from === from);
    expect(ratio('care')).toBeGreaterThan(2 * ratio('home'));
    expect(ratio('home')).toBeGreaterThan(1);
  });

  it('carry a CSE concern in a real share of episodes', () => {
    const rows = aggregateRows();
    const share = sum(rows, 'episodes_with_cse_concern') / sum(rows, 'episodes');
    expect(share).toBeGreaterThan(0.05);
    expect(share).toBeLessThan(0.3);
  });

  it('get more return interviews offered, and sooner, over the years', () => {
    const share = (measure: string, of: string, y: number): number => {
      const rows = aggregateRows().filter((r) => year(r) === y && r.measures.return_interviews_within_72h !== null);
      return sum(rows, measure) / sum(rows, of);
    };
    expect(share('return_interviews_offered', 'episodes', 2016)).toBeGreaterThan(share('return_interviews_offered', 'episodes', 2012) + 0.2);
    expect(share('return_interviews_within_72h', 'return_interviews_offered', 2016)).toBeGreaterThan(
      share('return_interviews_within_72h', 'return_interviews_offered', 2013),
    );
  });

  it('peak in the summer quarter', () => {
    const rows = rowsOf('missing');
    const byQuarter = [1, 2, 3, 4].map((q) => sum(rows, 'episodes', (r) => r.quarter.endsWith(`Q${q}`)));
    const others = (byQuarter[0]! + byQuarter[1]! + byQuarter[3]!) / 3;
    expect(byQuarter[2]!).toBeGreaterThan(1.1 * others);
  });
});

/** The shift's indicator per demo quarter, read from the files. */
function series(shift: PlantedShift, codes: ReadonlySet<string>): number[] {
  const rows = rowsOf(shift.dataset, (r) => codes.has(r.areaCode));
  return DEMO_QUARTERS.map(quarterLabel).map((quarter) => {
    const inQuarter = rows.filter((r) => r.quarter === quarter);
    switch (shift.indicator) {
      case 'referrals':
        return sum(inQuarter, 'referrals');
      case 'male_share': {
        const boys = sum(inQuarter, 'referrals', (r) => r.dims.sex === 'male');
        return boys / (boys + sum(inQuarter, 'referrals', (r) => r.dims.sex === 'female'));
      }
      case 'within_72h_share': {
        const recorded = inQuarter.filter((r) => r.measures.return_interviews_within_72h != null);
        return sum(recorded, 'return_interviews_within_72h') / sum(recorded, 'return_interviews_offered');
      }
      case 'disruption_actions':
        return sum(inQuarter, 'disruption_actions');
    }
  });
}

function beforeAfter(shift: PlantedShift, values: readonly number[]): { before: number; after: number } {
  const at = DEMO_QUARTERS.map(quarterLabel).indexOf(shift.from);
  const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  return { before: mean(values.slice(at - 4, at)), after: mean(values.slice(at, at + 4)) };
}

/** The change in the shift's areas, and the same change over every other demo area with the measure. */
function changes(shift: PlantedShift): { planted: number; elsewhere: number } {
  const own = new Set(shift.areaCodes);
  const others = new Set(
    rowsOf(shift.dataset, (r, e) => !own.has(r.areaCode) && (shift.indicator !== 'within_72h_share' || e.aggregate)).map(
      (r) => r.areaCode,
    ),
  );
  const change = (codes: ReadonlySet<string>): number => {
    const { before, after } = beforeAfter(shift, series(shift, codes));
    return shift.effect.kind === 'factor' ? after / before : after - before;
  };
  return { planted: change(own), elsewhere: change(others) };
}

describe('planted shifts', () => {
  it.each(PLANTED_SHIFTS.map((s) => [s.id, s] as const))('%s shows in the 4 quarters after vs before', (_, shift) => {
    const { planted, elsewhere } = changes(shift);
    if (shift.effect.kind === 'factor') {
      expect(planted).toBeGreaterThan(1 + (shift.effect.factor - 1) / 2);
      expect(planted).toBeGreaterThan(elsewhere + 0.25);
    } else {
      const size = shift.effect.after - shift.effect.before;
      expect(planted).toBeGreaterThan(size / 2);
      expect(planted).toBeGreaterThan(elsewhere + size / 2);
      const { before, after } = beforeAfter(shift, series(shift, new Set(shift.areaCodes)));
      expect(Math.abs(before - shift.effect.before)).toBeLessThan(0.08);
      expect(Math.abs(after - shift.effect.after)).toBeLessThan(0.08);
    }
  });
});
