/**
 * GET /api/series over small extracts whose every figure can be worked out by hand: counts, rates
 * and proportions, breakdowns and comparators, part years, formats, and what viewers may see.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestExtract } from '../../../pipelines/ingest.js';
import type { DatasetId } from '../../../pipelines/extract-schema.js';
import { importOfficialStats } from '../../../pipelines/official-stats/import-stats.js';
import { Database } from '../../../server/db/database.js';
import type { SeriesResult } from '../../../server/indicators/series.js';
import type { SeriesRow } from '../../../server/indicators/series-rows.js';
import { proportionEstimate, rateEstimate } from '../../../server/statistics/intervals.js';
import { DEFAULT_DISCLOSURE } from '../../../server/indicators/disclosure-policy.js';
import { startSeriesApp, testUser, type SeriesApp } from './series-app.js';

const OXFORDSHIRE = 'E10000025';
const CHERWELL = 'E07000177';
const OXFORD = 'E07000178';
const STOCKPORT = 'E08000007';
const QUARTERS = ['2015-Q2', '2015-Q3', '2015-Q4', '2016-Q1', '2016-Q2'];

/** Per quarter: Oxfordshire 41 referrals across two districts, Stockport 44. */
const OXFORDSHIRE_ROWS = [
  [CHERWELL, 'female', 'high', 10],
  [CHERWELL, 'female', 'low', 5],
  [CHERWELL, 'male', 'high', 2],
  [CHERWELL, 'male', '', 3],
  [OXFORD, 'female', 'high', 20],
  [OXFORD, 'male', 'low', 1],
] as const;
const STOCKPORT_ROWS = [
  ['female', '13-15', 'high', 30],
  ['female', '16-17', 'medium', 10],
  ['male', '13-15', 'high', 4],
] as const;

let db: Database;
let app: SeriesApp;
let dir: string;
// Two partnerships upload here (Oxfordshire, Stockport): England is published from 2 contributors
// in this file (series-app.ts HAND_WORKED) so that its sums can be checked by hand;
// comparators.test.ts runs the default of 3.

async function population(code: string, year: number, band = '0-17', sex = 'all'): Promise<number> {
  const reader = await db.withConnection((c) =>
    c.runAndReadAll('SELECT population FROM populations WHERE area_code = $code AND year = $year AND age_band = $band AND sex = $sex', { code, year, band, sex }),
  );
  return Number(reader.getRowObjectsJS()[0]!.population);
}

async function load(dataset: DatasetId, name: string, lines: string[]): Promise<void> {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  const c = await db.connect();
  try {
    const result = await ingestExtract(c, { dataset, path, user: 'test' });
    if (!result.ok) throw new Error(JSON.stringify(result.errors.slice(0, 3)));
  } finally {
    c.closeSync();
  }
}

async function get(query: string, headers: Record<string, string> = testUser('analyst')): Promise<Response> {
  return fetch(`${app.url}/api/series?${query}`, { headers });
}

async function series(query: string, headers: Record<string, string> = testUser('analyst')): Promise<SeriesResult> {
  const res = await get(query, headers);
  if (res.status !== 200) throw new Error(`${query}: ${res.status} ${await res.text()}`);
  return (await res.json()) as SeriesResult;
}

const row = (s: SeriesResult, period: string, areaCode: string, breakdown: string | null = null): SeriesRow | undefined =>
  s.rows.find((r) => r.period === period && r.area_code === areaCode && r.breakdown === breakdown);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cse-series-test-'));
  db = await Database.open({ path: ':memory:' });
  await load('referrals', 'oxon.csv', [
    'period,area_code,sex,risk_level,referrals',
    ...QUARTERS.flatMap((q) => OXFORDSHIRE_ROWS.map(([area, sex, risk, n]) => `${q},${area},${sex},${risk},${n}`)),
  ]);
  await load('referrals', 'stockport.csv', [
    'period,area_code,sex,age_band,risk_level,referrals',
    ...QUARTERS.flatMap((q) => STOCKPORT_ROWS.map(([sex, age, risk, n]) => `${q},${STOCKPORT},${sex},${age},${risk},${n}`)),
  ]);
  await load('missing', 'missing.csv', [
    'period,area_code,episodes,return_interviews_offered,return_interviews_within_72h',
    ...QUARTERS.map((q) => `${q},${STOCKPORT},20,15,9`),
  ]);
  const c = await db.connect();
  try {
    const path = join(dir, 'regional.csv');
    writeFileSync(path, [
      'time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,characteristic,cases',
      '201819,Financial year,Regional,E92000001,England,E12000001,North East,Total,100',
      '201819,Financial year,Regional,E92000001,England,E12000001,North East,Girls,70',
      '201819,Financial year,Regional,E92000001,England,E12000001,North East,Boys,30',
      '201819,Financial year,Regional,E92000001,England,E12000002,North West,Total,300',
      '201819,Financial year,Regional,E92000001,England,E12000002,North West,Girls,c',
      '201819,Financial year,Regional,E92000001,England,E12000002,North West,Boys,c',
    ].join('\n'));
    const imported = await importOfficialStats(c, { path, name: 'regional', user: 'test' });
    if (!imported.ok) throw new Error(imported.errors[0]?.message);
  } finally {
    c.closeSync();
  }
  app = await startSeriesApp(db);
}, 60_000);

afterAll(async () => {
  await app.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('counts and rates', () => {
  it('adds a county\u2019s districts into the county, quarter by quarter', async () => {
    const s = await series(`indicator=referrals.referrals&area=${OXFORDSHIRE}`);
    expect(s).toMatchObject({ indicator: 'referrals.referrals', area: OXFORDSHIRE, stat: 'count', period_type: 'quarter' });
    expect(s.rows.map((r) => [r.period, r.numerator, r.value])).toEqual(QUARTERS.map((q) => [q, 41, 41]));
    const expected = rateEstimate(41, 1, 1);
    expect(row(s, '2015-Q2', OXFORDSHIRE)).toMatchObject({ lower95: expected.lower95, upper95: expected.upper95, denominator: null });
  });

  it('gives a rate per 10,000 children over the population of the quarter\u2019s year', async () => {
    const s = await series(`indicator=referrals.referrals&area=${OXFORDSHIRE}&stat=rate`);
    const pop2016 = await population(OXFORDSHIRE, 2016);
    const r = row(s, '2016-Q1', OXFORDSHIRE)!;
    const expected = rateEstimate(41, pop2016);
    expect(r).toMatchObject({ numerator: 41, denominator: pop2016 });
    expect(r.value).toBeCloseTo(expected.value!, 12);
    expect(r.upper998).toBeCloseTo(expected.upper998!, 12);
  });

  it('gives a financial year only when all four quarters are in, and says which are not', async () => {
    const s = await series(`indicator=referrals.referrals&area=${OXFORDSHIRE}&stat=rate&period_type=financial_year`);
    expect(s.rows.map((r) => r.period)).toEqual(['2015/16']);
    const r = row(s, '2015/16', OXFORDSHIRE)!;
    expect(r.numerator).toBe(164);
    expect(r.denominator).toBe(await population(OXFORDSHIRE, 2015));
    expect(s.incomplete_periods).toEqual([{ period: '2016/17', quarters: 1 }]);
  });

  it('reads a reporting year as the year to 31 March, labelled by its end', async () => {
    const s = await series(`indicator=referrals.referrals&area=${OXFORDSHIRE}&period_type=year`);
    expect(s.rows.map((r) => [r.period, r.numerator])).toEqual([['2016', 164]]);
  });

  it('rolls 12 months at each quarter from the fourth on', async () => {
    const s = await series(`indicator=referrals.referrals&area=${OXFORDSHIRE}&period_type=rolling_12m`);
    expect(s.rows.map((r) => [r.period, r.numerator])).toEqual([['2016-Q1', 164], ['2016-Q2', 164]]);
    expect(s.incomplete_periods.map((p) => p.period)).toEqual(['2015-Q2', '2015-Q3', '2015-Q4', '2016-Q3', '2016-Q4', '2017-Q1']);
    // Overlapping windows are not independent points: no SPC on them.
    expect(s.rows.every((r) => r.spc === null)).toBe(true);
  });

  it('divides each age band by its own population', async () => {
    const s = await series(`indicator=referrals.referrals&area=${STOCKPORT}&stat=rate&breakdown=age_band`);
    const r = row(s, '2015-Q3', STOCKPORT, '13-15')!;
    expect(r.numerator).toBe(34);
    expect(r.denominator).toBeCloseTo(await population(STOCKPORT, 2015, '13-15'), 9);
    expect(row(s, '2015-Q3', STOCKPORT, '16-17')!.numerator).toBe(10);
  });

  it('keeps the count of a cell without a population, with no rate', async () => {
    const s = await series(`indicator=referrals.referrals&area=${OXFORDSHIRE}&stat=rate&breakdown=age_band`);
    expect(row(s, '2015-Q2', OXFORDSHIRE, 'not_broken_down')).toMatchObject({ numerator: 41, denominator: null, value: null });
  });

  it('lists every value of a breakdown in every period, 0 where no record had it, for every role', async () => {
    // Stockport records sex and risk level but has no male medium, no other or unknown sex, no blanks.
    const all = ['female', 'male', 'not_broken_down', 'other', 'unknown'];
    for (const role of ['analyst', 'viewer'] as const) {
      const s = await series(`indicator=referrals.referrals&area=${STOCKPORT}&breakdown=sex`, testUser(role));
      for (const q of QUARTERS) expect(s.rows.filter((r) => r.period === q && r.area_code === STOCKPORT).map((r) => r.breakdown).sort()).toEqual(all);
      // A value held nowhere is 0 for everyone: the published layer leaves a cell with no records at 0.
      expect(row(s, '2015-Q2', STOCKPORT, 'other')).toMatchObject({ numerator: 0, suppressed: false });
    }
    const analyst = await series(`indicator=referrals.referrals&area=${STOCKPORT}&breakdown=sex`);
    expect(row(analyst, '2015-Q2', STOCKPORT, 'female')?.numerator).toBe(40);
  });

  it('marks cells of uploads not broken down by the dimension', async () => {
    const s = await series(`indicator=referrals.referrals&area=${OXFORDSHIRE}&breakdown=age_band`);
    expect(s.rows.map((r) => r.breakdown)).toEqual(QUARTERS.map(() => 'not_broken_down'));
  });
});

describe('proportions', () => {
  it('gives a derived share with Wilson intervals, as a percentage', async () => {
    const s = await series(`indicator=referrals.high_risk_share&area=${OXFORDSHIRE}`);
    const r = row(s, '2015-Q2', OXFORDSHIRE)!;
    // High risk 10 + 2 + 20 of 38 with a recorded risk level (the 3 unknown are left out).
    const p = proportionEstimate(32, 38);
    expect(r).toMatchObject({ numerator: 32, denominator: 38 });
    expect(r.value).toBeCloseTo(p.value! * 100, 12);
    expect(r.lower95).toBeCloseTo(p.lower95! * 100, 12);
  });

  it('breaks a share down by another dimension', async () => {
    const s = await series(`indicator=referrals.high_risk_share&area=${OXFORDSHIRE}&breakdown=sex`);
    expect(row(s, '2015-Q2', OXFORDSHIRE, 'female')).toMatchObject({ numerator: 30, denominator: 35 });
    expect(row(s, '2015-Q2', OXFORDSHIRE, 'male')).toMatchObject({ numerator: 2, denominator: 3 });
  });

  it('gives each cell\u2019s part of the whole for a measure broken down', async () => {
    const s = await series(`indicator=referrals.referrals&area=${OXFORDSHIRE}&stat=proportion&breakdown=sex`);
    expect(row(s, '2015-Q2', OXFORDSHIRE, 'female')).toMatchObject({ numerator: 35, denominator: 41 });
  });

  it('measures completeness: the share not recorded', async () => {
    const s = await series(`indicator=referrals.completeness.risk_level&area=${OXFORDSHIRE}`);
    expect(row(s, '2015-Q2', OXFORDSHIRE)).toMatchObject({ numerator: 3, denominator: 41 });
  });

  it('takes one measure as a share of another', async () => {
    const s = await series(`indicator=missing.return_interview_72h_share&area=${STOCKPORT}`);
    expect(row(s, '2015-Q2', STOCKPORT)).toMatchObject({ numerator: 9, denominator: 15, value: 60 });
  });
});

describe('comparators', () => {
  it('adds England up from the authorities with data, over their populations', async () => {
    const s = await series(`indicator=referrals.referrals&area=${OXFORDSHIRE}&stat=rate&compare=england`);
    const england = row(s, '2015-Q2', 'E92000001')!;
    expect(england.numerator).toBe(41 + 44);
    expect(england.denominator).toBeCloseTo((await population(OXFORDSHIRE, 2015)) + (await population(STOCKPORT, 2015)), 6);
    const own = row(s, '2015-Q2', OXFORDSHIRE)!;
    expect(own.benchmark).toBe('lower');
    expect(england.benchmark).toBeNull();
    expect(s.comparators).toEqual([{ code: 'E92000001', kind: 'england', label: 'Partnerships reporting in England', contributors: 2, expected: 153 }]);
  });

  it('does not publish a region that is one partnership: Stockport alone is not the North West', async () => {
    const s = await series(`indicator=referrals.referrals&area=${STOCKPORT}&stat=rate&compare=region`);
    expect(s.rows.filter((r) => r.area_code === 'E12000002')).toEqual([]);
    expect(s.rows.filter((r) => r.area_code === STOCKPORT).every((r) => r.benchmark === null)).toBe(true);
    expect(s.comparators).toEqual([{
      code: 'E12000002', kind: 'region', label: 'Partnerships reporting in the North West (not published: fewer than 2 authorities report)', contributors: 1, expected: 24,
    }]);
    expect((await series('indicator=referrals.referrals&area=E12000002')).rows).toEqual([]);
  });

  it('puts the area\u2019s own rows first with SPC, trial limits under 13 points', async () => {
    const s = await series(`indicator=referrals.referrals&area=${OXFORDSHIRE}&compare=england`);
    expect(s.rows.slice(0, 5).every((r) => r.area_code === OXFORDSHIRE)).toBe(true);
    expect(row(s, '2015-Q2', OXFORDSHIRE)!.spc).toEqual({ mean: 41, lower: 41, upper: 41, rule: 'none', type: 'common_cause', trial: true });
    expect(row(s, '2015-Q2', 'E92000001')!.spc).toBeNull();
  });

  it('sums regions for England where an official file has no National row', async () => {
    const s = await series('indicator=regional.cases&area=E12000001&stat=count&compare=england&breakdown=characteristic');
    expect(s.period_type).toBe('financial_year');
    expect(row(s, '2018/19', 'E12000001', 'Girls')!.numerator).toBe(70);
    expect(row(s, '2018/19', 'E92000001', 'Total')!.numerator).toBe(400);
    // A sum with a suppressed part is no sum at all.
    expect(row(s, '2018/19', 'E92000001', 'Girls')!.value).toBeNull();
    expect(s.comparators).toEqual([{ code: 'E92000001', kind: 'england', label: 'England (sum of published regional figures)', contributors: 0, expected: 153 }]);
  });
});

describe('disclosure control', () => {
  it('shows analysts every count', async () => {
    const s = await series(`indicator=referrals.referrals&area=${STOCKPORT}&breakdown=sex`);
    expect(row(s, '2015-Q2', STOCKPORT, 'male')).toMatchObject({ numerator: 4, suppressed: false });
  });

  it('shows viewers published counts: every one within max_change of the truth, breakdowns adding up to the total', async () => {
    const cells = await series(`indicator=referrals.referrals&area=${STOCKPORT}&breakdown=sex`, testUser('viewer'));
    const total = await series(`indicator=referrals.referrals&area=${STOCKPORT}`, testUser('viewer'));
    expect(total.disclosure).toEqual({ method: 'perturbed', threshold: 5, max_change: 2 });
    for (const q of QUARTERS) {
      const t = row(total, q, STOCKPORT)!;
      expect(t.protection).toBe('perturbed');
      expect(Math.abs(t.numerator! - 44)).toBeLessThanOrEqual(t.max_change);
      const female = row(cells, q, STOCKPORT, 'female')!;
      const male = row(cells, q, STOCKPORT, 'male')!;
      expect(Math.abs(female.numerator! - 40)).toBeLessThanOrEqual(2);
      // Male is 4: published 2 to 6, so either hidden as c or shown as 5 or 6, never as a small count.
      if (male.suppressed) expect(male).toMatchObject({ numerator: null, value: null, lower95: null, protection: 'suppressed' });
      else {
        expect(male.numerator).toBeGreaterThanOrEqual(5);
        expect(female.numerator! + male.numerator!).toBe(t.numerator);
      }
    }
  });

  it('gives a window exactly the sum of its published quarters, so a hidden quarter cannot be worked out from it', async () => {
    const quarters = await series(`indicator=referrals.referrals&area=${OXFORD}&breakdown=sex&period_type=quarter`, testUser('viewer'));
    const rolling = await series(`indicator=referrals.referrals&area=${OXFORD}&breakdown=sex&period_type=rolling_12m`, testUser('viewer'));
    const analyst = await series(`indicator=referrals.referrals&area=${OXFORD}&breakdown=sex&period_type=rolling_12m`);
    for (const sex of ['female', 'male']) {
      const year = row(rolling, '2016-Q1', OXFORD, sex)!;
      const parts = ['2015-Q2', '2015-Q3', '2015-Q4', '2016-Q1'].map((q) => row(quarters, q, OXFORD, sex)!);
      if (!year.suppressed && parts.every((p) => !p.suppressed)) expect(parts.reduce((a, p) => a + p.numerator!, 0)).toBe(year.numerator);
      if (!year.suppressed) expect(Math.abs(year.numerator! - row(analyst, '2016-Q1', OXFORD, sex)!.numerator!)).toBeLessThanOrEqual(2);
    }
    // Oxford's one boy a quarter: five quarters publish 5 ± 2 in all, none above 3, so at least one is hidden.
    expect(QUARTERS.some((q) => row(quarters, q, OXFORD, 'male')?.suppressed)).toBe(true);
  });

  it('adds a county up from its districts\' published figures, with a bound for each', async () => {
    const county = await series(`indicator=referrals.referrals&area=${OXFORDSHIRE}`, testUser('viewer'));
    const districts = await Promise.all([CHERWELL, OXFORD].map((d) => series(`indicator=referrals.referrals&area=${d}`, testUser('viewer'))));
    for (const q of QUARTERS) {
      const c = row(county, q, OXFORDSHIRE)!;
      expect(c.max_change).toBe(2 * 2); // two districts' series, each off by at most 2
      expect(Math.abs(c.numerator! - 41)).toBeLessThanOrEqual(c.max_change);
      const parts = districts.map((d, i) => row(d, q, [CHERWELL, OXFORD][i]!)!);
      if (parts.every((p) => !p.suppressed)) expect(parts.reduce((a, p) => a + p.numerator!, 0)).toBe(c.numerator);
    }
  });

  it('does not publish a share broken down by another dimension to viewers: that cross has no published form', async () => {
    const res = await get(`indicator=referrals.high_risk_share&area=${OXFORDSHIRE}&breakdown=sex`, testUser('viewer'));
    expect(res.status).toBe(403);
    const body = (await res.json()) as { error: string; message: string };
    expect(body).toMatchObject({ error: 'not_published' });
    expect(body.message).toContain('not published');
    expect((await get(`indicator=referrals.high_risk_share&area=${OXFORDSHIRE}&breakdown=sex`)).status).toBe(200);
  });

  it('writes c for suppressed figures in CSV, with each row\'s protection', async () => {
    const query = `indicator=referrals.referrals&area=${OXFORD}&breakdown=sex`;
    const json = await series(query, testUser('viewer'));
    const res = await get(query, { ...testUser('viewer'), accept: 'text/csv' });
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const parsed = Papa.parse<Record<string, string>>(await res.text(), { header: true, skipEmptyLines: true }).data;
    const hidden = json.rows.filter((r) => r.suppressed);
    expect(hidden.length).toBeGreaterThan(0);
    for (const h of hidden) {
      const line = parsed.find((r) => r.period === h.period && r.breakdown === h.breakdown)!;
      expect(line).toMatchObject({ numerator: 'c', value: 'c', lower95: 'c', suppressed: 'true', denominator: '', protection: 'suppressed', max_change: '2' });
    }
    for (const r of json.rows.filter((x) => !x.suppressed)) {
      expect(parsed.find((x) => x.period === r.period && x.breakdown === r.breakdown)!.numerator).toBe(String(r.numerator));
    }
  });

  it('keeps a viewer to their own areas, with England and regions open to all', async () => {
    const scoped = testUser('viewer', [OXFORDSHIRE]);
    expect((await get(`indicator=referrals.referrals&area=${STOCKPORT}`, scoped)).status).toBe(403);
    expect((await get(`indicator=referrals.referrals&area=${CHERWELL}`, scoped)).status).toBe(200);
    expect((await get('indicator=referrals.referrals&area=E12000002', scoped)).status).toBe(200);
    const s = await series(`indicator=referrals.referrals&area=${OXFORDSHIRE}&compare=england`, scoped);
    const england = row(s, '2015-Q2', 'E92000001')!;
    expect(england.protection).toBe('perturbed');
    expect(Math.abs(england.numerator! - 85)).toBeLessThanOrEqual(england.max_change);
  });

  it('gives a scoped analyst raw figures in scope and published ones for England, which includes others', async () => {
    const scoped = testUser('analyst', [STOCKPORT]);
    const s = await series(`indicator=referrals.referrals&area=${STOCKPORT}&compare=england&breakdown=sex`, scoped);
    expect(row(s, '2015-Q2', STOCKPORT, 'male')).toMatchObject({ numerator: 4, protection: 'none', max_change: 0 });
    expect(row(s, '2015-Q2', 'E92000001', 'male')!.protection).not.toBe('none');
    expect(s.disclosure.method).toBe('perturbed');
    const oxon = await series(`indicator=referrals.referrals&area=${OXFORDSHIRE}`, testUser('analyst', [OXFORDSHIRE]));
    expect(row(oxon, '2015-Q2', OXFORDSHIRE)).toMatchObject({ numerator: 41, protection: 'none' });
    expect(oxon.disclosure).toEqual({ method: 'none', threshold: 5, max_change: 0 });
  });

  it('publishes a sum of partnerships only when at least three authorities report in it, for anyone', async () => {
    const strict = await startSeriesApp(db, DEFAULT_DISCLOSURE);
    try {
      const res = await fetch(`${strict.url}/api/series?indicator=referrals.referrals&area=${STOCKPORT}&compare=region`, { headers: testUser('admin') });
      const s = (await res.json()) as SeriesResult;
      expect(s.rows.filter((r) => r.area_code === 'E12000002')).toEqual([]);
      expect(s.rows.some((r) => r.area_code === STOCKPORT)).toBe(true);
      const england = (await (await fetch(`${strict.url}/api/series?indicator=referrals.referrals&area=E92000001`, { headers: testUser('viewer') })).json()) as SeriesResult;
      expect(england.rows).toEqual([]);
    } finally {
      await strict.close();
    }
  });
});

describe('formats', () => {
  it('answers an Arrow IPC stream with the same rows and the same published values', async () => {
    const query = `indicator=referrals.referrals&area=${STOCKPORT}&breakdown=sex&stat=rate&compare=england`;
    const json = await series(query, testUser('viewer'));
    const res = await get(query, { ...testUser('viewer'), accept: 'application/vnd.apache.arrow.stream' });
    expect(res.headers.get('content-type')).toBe('application/vnd.apache.arrow.stream');
    const table = tableFromIPC(new Uint8Array(await res.arrayBuffer()));
    expect(table.numRows).toBe(json.rows.length);
    expect(table.schema.fields.map((f) => f.name)).toEqual([
      'period', 'area_code', 'breakdown', 'numerator', 'denominator', 'value', 'lower95', 'upper95', 'lower998', 'upper998',
      'suppressed', 'protection', 'max_change', 'benchmark', 'spc',
    ]);
    const back = table.toArray().map((r) => r.toJSON() as Record<string, unknown>);
    for (const r of json.rows) {
      const same = back.find((b) => b.period === r.period && b.breakdown === r.breakdown && b.area_code === r.area_code)!;
      expect(same).toMatchObject({ numerator: r.numerator, value: r.value, suppressed: r.suppressed, protection: r.protection, max_change: r.max_change });
    }
    expect(JSON.parse(table.schema.metadata.get('disclosure')!)).toEqual(json.disclosure);
    const england = back.find((r) => r.period === '2015-Q2' && r.breakdown === 'female' && r.area_code === 'E92000001')!;
    expect(england.value).toBeCloseTo(row(json, '2015-Q2', 'E92000001', 'female')!.value!, 12);
    expect(table.schema.metadata.get('indicator')).toBe('referrals.referrals');
  });

  it('answers JSON rows in exactly the contract\u2019s shape', async () => {
    const s = await series(`indicator=referrals.referrals&area=${OXFORDSHIRE}&stat=rate&compare=england`);
    for (const r of s.rows) {
      expect(Object.keys(r)).toEqual([
        'period', 'area_code', 'breakdown', 'numerator', 'denominator', 'value', 'lower95', 'upper95', 'lower998', 'upper998',
        'suppressed', 'protection', 'max_change', 'benchmark', 'spc',
      ]);
    }
  });
});

describe('bad parameters', () => {
  it.each([
    ['', 'indicator is required'],
    ['indicator=referrals.referrals', 'area is required'],
    ['indicator=nope&area=E10000025', 'unknown indicator'],
    ['indicator=referrals.referrals&area=E99999999', 'unknown area'],
    ['indicator=referrals.referrals&area=E10000025&stat=proportion', 'needs a breakdown'],
    ['indicator=referrals.high_risk_share&area=E10000025&stat=rate', 'stat "rate" is not offered'],
    ['indicator=referrals.referrals&area=E10000025&breakdown=colour', 'cannot be broken down by "colour"'],
    ['indicator=referrals.high_risk_share&area=E10000025&breakdown=risk_level', 'cannot be broken down'],
    ['indicator=referrals.referrals&area=E10000025&compare=world', 'compare must be one of'],
    ['indicator=referrals.referrals&area=E92000001&compare=region', 'has no region'],
    ['indicator=referrals.referrals&area=E10000025&period_type=decade', 'period_type "decade"'],
    ['indicator=regional.cases&area=E12000001&period_type=quarter', 'period_type "quarter" is not available'],
    ['indicator=referrals.referrals&area=E10000025&area=E08000007', 'more than once'],
    ['indicator=referrals.referrals&area=E10000025&colour=red', 'unknown parameter "colour"'],
    ['indicator=regional.cases&area=E12000001&filter=characteristic:Aliens', 'not a value of characteristic'],
    ['indicator=referrals.referrals&area=E10000025&spc_rebase=2015-Q2,DROP TABLE', 'spc_rebase "DROP TABLE" is not a period'],
    ['indicator=referrals.referrals&area=E10000025&spc_rebase=2015-Q5', 'spc_rebase "2015-Q5" is not a period'],
    [`indicator=referrals.referrals&area=E10000025&spc_rebase=${Array.from({ length: 25 }, (_, i) => `${2000 + i}-Q1`).join(',')}`, 'at most 24'],
  ])('%s → 400', async (query, message) => {
    const res = await get(query);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; message: string };
    expect(body.error).toBe('bad_request');
    expect(body.message).toContain(message);
  });
});

describe('cached comparators', () => {
  it('are summed again once an upload changes the dataset', async () => {
    const query = `indicator=referrals.referrals&area=${OXFORDSHIRE}&compare=england`;
    expect(row(await series(query), '2015-Q2', 'E92000001')!.numerator).toBe(85);
    await load('referrals', 'nottingham.csv', ['period,area_code,referrals', '2015-Q2,E06000018,7']);
    expect(row(await series(query), '2015-Q2', 'E92000001')!.numerator).toBe(92);
  });
});
