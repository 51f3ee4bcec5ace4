/**
 * The DfE children in need factors file through the whole product (import, catalogue, series
 * API), checked against rates worked out here straight from the published CSVs: CSE count for
 * reporting year T over the ONS mid-year 0–17 estimate for T−1, as DfE computes them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importOfficialStats } from '../../../pipelines/official-stats/import-stats.js';
import { REFERENCE_DIR } from '../../../pipelines/project-paths.js';
import { Database } from '../../../server/db/database.js';
import type { SeriesResult } from '../../../server/indicators/series.js';
import { startSeriesApp, testUser, type SeriesApp } from './series-app.js';

const CIN = join(REFERENCE_DIR, 'dfe-cin-factors', 'c3_factors_identified_at_end_of_assessment_2018_to_2025.csv');
const POPULATION = join(REFERENCE_DIR, 'ons-population-0-17', 'ons_mid-year_population_estimates_2012_to_2024.csv');
const SYMBOLS = new Set(['c', 'x', 'z', 'u', 'low', 'k']);

type Row = Record<string, string>;
const parse = (path: string) => Papa.parse<Row>(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;

const cin = parse(CIN);
const populations = new Map<string, number>();
for (const p of parse(POPULATION)) {
  const code = p.geographic_level === 'National' ? p.country_code : p.geographic_level === 'Regional' ? p.region_code : p.new_la_code;
  const n = Number(p.population_estimate);
  if (Number.isFinite(n) && p.population_estimate !== '') populations.set(`${code}|${p.time_period}`, n);
}

/** The independent rate: null where the count is a symbol or the population is missing. */
function expectedRate(code: string, year: string, cell: string): number | null {
  if (SYMBOLS.has(cell)) return null;
  const population = populations.get(`${code}|${Number(year) - 1}`);
  return population === undefined ? null : (Number(cell) / population) * 10_000;
}

const laRows = cin.filter((r) => r.geographic_level === 'Local authority');
const laCodes = [...new Set(laRows.map((r) => r.new_la_code!))].sort();

let db: Database;
let app: SeriesApp;
const seriesByArea = new Map<string, SeriesResult>();

async function series(query: string): Promise<SeriesResult> {
  const res = await fetch(`${app.url}/api/series?${query}`, { headers: testUser('viewer') });
  if (res.status !== 200) throw new Error(`${query}: ${res.status} ${await res.text()}`);
  return (await res.json()) as SeriesResult;
}

function value(s: SeriesResult, period: string, areaCode = s.area): number | null | undefined {
  return s.rows.find((r) => r.period === period && r.area_code === areaCode)?.value;
}

beforeAll(async () => {
  db = await Database.open({ path: ':memory:' });
  const c = await db.connect();
  try {
    const result = await importOfficialStats(c, { path: CIN, name: 'cin_factors', user: 'test' });
    if (!result.ok) throw new Error(result.errors[0]?.message);
  } finally {
    c.closeSync();
  }
  app = await startSeriesApp(db);
  for (const code of laCodes) {
    seriesByArea.set(code, await series(`indicator=cin_factors.child_sexual_exploitation&area=${code}&stat=rate`));
  }
}, 180_000);

afterAll(async () => {
  await app.close();
  db.close();
});

describe('CSE rate per 10,000 children for every local authority and year', () => {
  it('matches the rate worked out from the raw files, row by row', () => {
    expect(laRows.length).toBeGreaterThan(1200);
    let compared = 0;
    for (const r of laRows) {
      const expected = expectedRate(r.new_la_code!, r.time_period!, r.Child_sexual_exploitation!);
      const got = value(seriesByArea.get(r.new_la_code!)!, r.time_period!);
      if (expected === null) expect(got ?? null, `${r.la_name} ${r.time_period}`).toBeNull();
      else expect(got, `${r.la_name} ${r.time_period}`).toBeCloseTo(expected, 9);
      compared += 1;
    }
    expect(compared).toBe(laRows.length);
  });

  it('uses the previous mid-year as the denominator (reporting year 2025 ↔ mid-2024)', () => {
    const rotherham = seriesByArea.get('E08000018')!.rows.find((r) => r.period === '2025')!;
    expect(rotherham.numerator).toBe(76);
    expect(rotherham.denominator).toBe(populations.get('E08000018|2024'));
  });

  it('keeps symbols as symbols: c suppressed, u, x and z not available, never 0', () => {
    const hampshire = seriesByArea.get('E10000014')!;
    expect(hampshire.rows.find((r) => r.period === '2024')).toMatchObject({ value: null, numerator: null, suppressed: false });
    expect(hampshire.symbols).toContainEqual({ period: '2024', area_code: 'E10000014', breakdown: null, symbol: 'u' });
    expect(seriesByArea.get('E06000053')!.symbols).toContainEqual(expect.objectContaining({ period: '2019', symbol: 'z' }));
    expect(seriesByArea.get('E09000012')!.symbols).toContainEqual(expect.objectContaining({ period: '2021', symbol: 'x' }));
    const rutland = seriesByArea.get('E06000017')!.rows.find((r) => r.period === '2022')!;
    expect(rutland).toMatchObject({ value: null, suppressed: true });
  });
});

describe('authorities whose codes changed', () => {
  const periods = (code: string) => seriesByArea.get(code)!.rows.map((r) => r.period);
  const all = ['2018', '2019', '2020', '2021', '2022', '2023', '2024', '2025'];

  it('follows a new code back through the old one where the area did not change', () => {
    // North Yorkshire E10000023 → E06000065 and Somerset E10000027 → E06000066 (April 2023),
    // Buckinghamshire E10000002 → E06000060 (April 2020): one series each.
    for (const [now, before, until] of [
      ['E06000065', 'E10000023', '2023'],
      ['E06000066', 'E10000027', '2023'],
      ['E06000060', 'E10000002', '2020'],
    ] as const) {
      expect(periods(now)).toEqual(all);
      const earlier = laRows.find((r) => r.new_la_code === before && r.time_period === until)!;
      expect(value(seriesByArea.get(now)!, until)).toBeCloseTo(expectedRate(before, until, earlier.Child_sexual_exploitation!)!, 9);
    }
  });

  it('gives Dorset its county years but no rate where ONS has no population on the old boundary', () => {
    const dorset = seriesByArea.get('E06000059')!;
    expect(dorset.rows.map((r) => r.period)).toEqual(all);
    expect(dorset.rows.find((r) => r.period === '2019')).toMatchObject({ numerator: 151, value: null });
    expect(value(dorset, '2020')).toBeCloseTo(expectedRate('E06000059', '2020', laRows.find((r) => r.new_la_code === 'E06000059' && r.time_period === '2020')!.Child_sexual_exploitation!)!, 9);
  });

  it('does not join areas that were split (Northamptonshire, Cumbria)', () => {
    expect(periods('E10000021')).toEqual(['2018', '2019', '2020', '2021']);
    expect(periods('E06000061')).toEqual(['2022', '2023', '2024', '2025']);
    expect(periods('E06000062')).toEqual(['2022', '2023', '2024', '2025']);
    expect(periods('E10000006')).toEqual(['2018', '2019', '2020', '2021', '2022', '2023']);
    expect(periods('E06000063')).toEqual(['2024', '2025']);
    expect(periods('E06000064')).toEqual(['2024', '2025']);
  });
});

describe('Inner and Outer London', () => {
  it.each([['E13000001', 'Inner London'], ['E13000002', 'Outer London']])('reads %s (%s) back as published, every year', async (code, name) => {
    const published = cin.filter((r) => r.geographic_level === 'Regional' && r.region_code === code);
    expect(published.map((r) => r.region_name)).toEqual(published.map(() => name));
    expect(published).toHaveLength(8);
    for (const indicator of ['child_sexual_exploitation', 'going_missing'] as const) {
      const s = await series(`indicator=cin_factors.${indicator}&area=${code}&stat=rate&compare=england`);
      const column = indicator === 'child_sexual_exploitation' ? 'Child_sexual_exploitation' : 'Going_missing';
      for (const r of published) {
        expect(value(s, r.time_period!), `${name} ${indicator} ${r.time_period}`).toBeCloseTo(expectedRate(code, r.time_period!, r[column]!)!, 9);
      }
      expect(s.comparators?.[0]?.label).toBe('England (published)');
    }
  });
});

describe('benchmarks', () => {
  it('compares with England as published', async () => {
    const s = await series('indicator=cin_factors.child_sexual_exploitation&area=E08000018&stat=rate&compare=england');
    for (const n of cin.filter((r) => r.geographic_level === 'National')) {
      expect(value(s, n.time_period!, 'E92000001')).toBeCloseTo(expectedRate('E92000001', n.time_period!, n.Child_sexual_exploitation!)!, 9);
    }
    const own = s.rows.filter((r) => r.area_code === 'E08000018');
    expect(own.every((r) => r.benchmark !== null)).toBe(true);
    // Rotherham 2019: 219 per 10,000 of about 59,000 children is far above England's 15.
    expect(own.find((r) => r.period === '2019')!.benchmark).toBe('higher');
  });

  it('compares with the region as published', async () => {
    const s = await series('indicator=cin_factors.going_missing&area=E10000025&stat=rate&compare=region');
    const southEast = cin.filter((r) => r.geographic_level === 'Regional' && r.region_code === 'E12000008');
    expect(southEast).toHaveLength(8);
    for (const r of southEast) {
      expect(value(s, r.time_period!, 'E12000008')).toBeCloseTo(expectedRate('E12000008', r.time_period!, r.Going_missing!)!, 9);
    }
  });

  it('compares with the median of the ten DfE statistical neighbours', async () => {
    const neighbours = parse(join(REFERENCE_DIR, 'la-lookups', 'sn_model_2025_wide.csv'));
    for (const [code, oldCode] of [['E10000025', '931'], ['E08000018', '372']] as const) {
      const s = await series(`indicator=cin_factors.child_sexual_exploitation&area=${code}&stat=rate&compare=neighbours`);
      const sn = neighbours.find((r) => r.old_la_code === oldCode)!;
      const group = Array.from({ length: 10 }, (_, i) => sn[`SN_${i + 1}`]!);
      for (const year of ['2018', '2021', '2025']) {
        const rates = group
          .map((old) => laRows.find((r) => r.old_la_code === old && r.time_period === year))
          .filter((r): r is Row => r !== undefined)
          .map((r) => expectedRate(r.new_la_code!, year, r.Child_sexual_exploitation!))
          .filter((v): v is number => v !== null)
          .sort((a, b) => a - b);
        const mid = rates.length / 2;
        const median = rates.length % 2 ? rates[Math.floor(mid)]! : (rates[mid - 1]! + rates[mid]!) / 2;
        expect(value(s, year, 'neighbours'), `${code} ${year}`).toBeCloseTo(median, 9);
      }
    }
  });

  it('gives every live authority CSE and going-missing rates for 2018–2025 against England, region and neighbours', async () => {
    const live = (await db.withConnection((c) => c.runAndReadAll(`SELECT DISTINCT area_code FROM statistical_neighbours ORDER BY 1`)))
      .getRowObjectsJS()
      .map((r) => String(r.area_code));
    expect(live.length).toBeGreaterThan(140);
    for (const code of live.filter((_, i) => i % 12 === 0)) {
      for (const indicator of ['child_sexual_exploitation', 'going_missing']) {
        for (const compare of ['england', 'region', 'neighbours']) {
          const s = await series(`indicator=cin_factors.${indicator}&area=${code}&stat=rate&compare=${compare}`);
          const comparatorYears = new Set(s.rows.filter((r) => r.area_code !== code).map((r) => r.period));
          expect([...comparatorYears].sort(), `${code} ${indicator} ${compare}`).toEqual(['2018', '2019', '2020', '2021', '2022', '2023', '2024', '2025']);
        }
      }
    }
  }, 120_000);
});
