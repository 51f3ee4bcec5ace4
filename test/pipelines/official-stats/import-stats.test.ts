import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importOfficialStats, type ImportStatsResult } from '../../../pipelines/official-stats/import-stats.js';
import { Database } from '../../../server/db/database.js';

let db: Database;
let c: DuckDBConnection;
let dir: string;

beforeAll(async () => {
  db = await Database.open({ path: ':memory:' });
  c = await db.connect();
  dir = mkdtempSync(join(tmpdir(), 'cse-stats-test-'));
});

afterAll(() => {
  c.closeSync();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

async function rows(sql: string, params: Record<string, string> = {}) {
  return (await c.runAndReadAll(sql, params)).getRowObjectsJS();
}

function ok(result: ImportStatsResult) {
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.errors.slice(0, 3))}`);
  return result;
}

/** A shape the product has never seen: Regional only, financial years, two filters, every symbol. */
const REGIONAL = [
  'time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,characteristic,sex,number_of_referrals,percent_repeat,Rate_per_10000',
  '201819,Financial year,Regional,E92000001,England,E12000001,North East,Total,Total,120,12.5,x',
  '201819,Financial year,Regional,E92000001,England,E12000001,North East,Age 10 to 15,Total,80,c,low',
  '201819,Financial year,Regional,E92000001,England,E12000001,North East,Age 16 to 17,Total,40,z,k',
  '201819,Financial year,Regional,E92000001,England,E12000002,North West,Total,Total,300,u,2.5',
  '201819,Financial year,Regional,E92000001,England,E12000002,North West,Age 10 to 15,Total,c,10,1',
  '201819,Financial year,Regional,E92000001,England,E12000002,North West,Age 16 to 17,Total,c,11,1',
  '201920,Financial year,Regional,E92000001,England,E12000001,North East,Total,Total,130,14,3',
  '201920,Financial year,Regional,E92000001,England,E12000001,North East,Total,Girls,100,14,3',
];

describe('an EES file of a shape never seen before', () => {
  it('is imported with its filters, indicators, period type and symbols', async () => {
    const result = ok(await importOfficialStats(c, { path: file('regional.csv', REGIONAL), name: 'regional_referrals', user: 'test' }));
    expect(result).toMatchObject({
      ok: true,
      name: 'regional_referrals',
      rows: 8,
      indicators: ['regional_referrals.number_of_referrals', 'regional_referrals.percent_repeat', 'regional_referrals.rate_per_10000'],
      filters: ['characteristic', 'sex'],
      geographic_levels: ['Regional'],
      periods: ['2018/19', '2019/20'],
    });
    const units = await rows(`SELECT id, unit FROM stats_indicators WHERE name = 'regional_referrals' ORDER BY id`);
    expect(units).toEqual([
      { id: 'regional_referrals.number_of_referrals', unit: 'count' },
      { id: 'regional_referrals.percent_repeat', unit: 'percentage' },
      { id: 'regional_referrals.rate_per_10000', unit: 'rate_per_10000' },
    ]);
  });

  it('keeps every symbol as a symbol, never as 0', async () => {
    const symbols = await rows(`SELECT indicator, area_code, filters['characteristic'] AS ch, value, symbol FROM stats_values
      WHERE name = 'regional_referrals' AND symbol IS NOT NULL ORDER BY indicator, area_code, ch`);
    expect(symbols.map((r) => r.symbol).sort()).toEqual(['c', 'c', 'c', 'k', 'low', 'u', 'x', 'z']);
    expect(symbols.every((r) => r.value === null)).toBe(true);
    const zeros = await rows(`SELECT count(*) AS n FROM stats_values WHERE name = 'regional_referrals' AND value = 0`);
    expect(Number(zeros[0]!.n)).toBe(0);
  });

  it('stores the financial year with the dates it covers and the region codes', async () => {
    const r = await rows(`SELECT DISTINCT period, period_type, strftime(period_start, '%Y-%m-%d') AS s, strftime(period_end, '%Y-%m-%d') AS e, geographic_level
      FROM stats_values WHERE name = 'regional_referrals' ORDER BY period`);
    expect(r).toEqual([
      { period: '2018/19', period_type: 'financial_year', s: '2018-04-01', e: '2019-03-31', geographic_level: 'Regional' },
      { period: '2019/20', period_type: 'financial_year', s: '2019-04-01', e: '2020-03-31', geographic_level: 'Regional' },
    ]);
    const codes = await rows(`SELECT DISTINCT area_code FROM stats_values WHERE name = 'regional_referrals' ORDER BY 1`);
    expect(codes.map((x) => x.area_code)).toEqual(['E12000001', 'E12000002']);
  });

  it('replaces an earlier import of the same name', async () => {
    const path = file('regional-v2.csv', [REGIONAL[0]!, REGIONAL[1]!.replace(',120,', ',121,')]);
    ok(await importOfficialStats(c, { path, name: 'regional_referrals', user: 'test' }));
    const r = await rows(`SELECT count(*) AS n, max(value) AS v FROM stats_values WHERE indicator = 'regional_referrals.number_of_referrals'`);
    expect(r[0]).toEqual({ n: 1n, v: 121 });
  });
});

describe('local authorities', () => {
  it('reads old DfE codes as the authority that used them at the time', async () => {
    const path = file('old-codes.csv', [
      'time_period,time_identifier,geographic_level,country_code,country_name,old_la_code,la_name,cases',
      '2020,Reporting year,Local authority,E92000001,England,825,Buckinghamshire,10',
      '2021,Reporting year,Local authority,E92000001,England,825,Buckinghamshire,11',
      '2021,Reporting year,Local authority,E92000001,England,x,Somewhere,12',
    ]);
    const result = await importOfficialStats(c, { path, name: 'old_codes', user: 'test' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      expect.objectContaining({ line: 4, column: 'old_la_code', code: 'missing_value' }),
    ]);

    const valid = readFileSync(path, 'utf8').trim().split('\n').slice(0, 3);
    ok(await importOfficialStats(c, { path: file('old-codes-2.csv', valid), name: 'old_codes', user: 'test' }));
    const codes = await rows(`SELECT period, area_code FROM stats_values WHERE name = 'old_codes' ORDER BY period`);
    expect(codes).toEqual([
      { period: '2020', area_code: 'E10000002' },
      { period: '2021', area_code: 'E06000060' },
    ]);
  });
});

describe('refusals', () => {
  it('lists every problem with its line, column and rule, and stores nothing', async () => {
    const path = file('bad.csv', [
      'time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,filter_a,count_x',
      '2018,Financial year,Regional,E92000001,England,E12000001,North East,A,1',
      '201819,Financial year,Regional,E92000001,England,,North East,A,2',
      '201819,Financial year,Regional,E92000001,England,E12000002,North West,A,12a',
      '201819,Financial year,Regional,E92000001,England,E12000003,Yorkshire,A,3',
      '201819,Financial year,Regional,E92000001,England,E12000003,Yorkshire,A,4',
      '201819,Financial year,Regional,E92000001,England,E12000004,East Midlands,A,5',
    ]);
    const result = await importOfficialStats(c, { path, name: 'bad_file', user: 'test' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error_count).toBe(4);
    expect(result.errors.map((e) => [e.line, e.column, e.code])).toEqual([
      [2, 'time_period', 'invalid_time_period'],
      [3, 'region_code', 'missing_value'],
      [4, 'count_x', 'not_a_number'],
      [6, 'time_period', 'duplicate_key'],
    ]);
    expect(result.errors[3]!.message).toContain('line 5');
    const stored = await rows(`SELECT count(*) AS n FROM stats_values WHERE name = 'bad_file'`);
    expect(Number(stored[0]!.n)).toBe(0);
  });

  it('refuses a file without the EES columns or without numbers', async () => {
    const missing = await importOfficialStats(c, { path: file('no-time.csv', ['geographic_level,value', 'National,1']), name: 'no_time' });
    expect(missing).toMatchObject({ ok: false, errors: [{ code: 'missing_column', column: 'time_period' }, { code: 'missing_column', column: 'time_identifier' }] });
    const words = await importOfficialStats(c, {
      path: file('words.csv', ['time_period,time_identifier,geographic_level,country_code,note', '2019,Reporting year,National,E92000001,fine']),
      name: 'words',
    });
    expect(words).toMatchObject({ ok: false, errors: [{ code: 'no_indicators' }] });
  });

  it('reads a numeric filter as a filter when the EES metadata file says so', async () => {
    const path = file('ages.csv', [
      'time_period,time_identifier,geographic_level,country_code,country_name,age,children',
      '2019,Reporting year,National,E92000001,England,10,5',
      '2019,Reporting year,National,E92000001,England,11,6',
    ]);
    file('ages.meta.csv', ['col_name,col_type,label,indicator_grouping,indicator_unit,indicator_dp,filter_hint,filter_grouping_column', 'age,Filter,Age,,,,,', 'children,Indicator,Children,,,0,,']);
    const result = ok(await importOfficialStats(c, { path, name: 'ages', user: 'test' }));
    expect(result.filters).toEqual(['age']);
    expect(result.indicators).toEqual(['ages.children']);
  });
});
