import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importOfficialStats } from '../../../pipelines/official-stats/import-stats.js';
import { REFERENCE_DIR } from '../../../pipelines/project-paths.js';
import { Database } from '../../../server/db/database.js';
import type { LeagueTable } from '../../../server/indicators/league-table.js';
import { createUser, signIn } from '../../helpers/auth.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

const CIN = join(REFERENCE_DIR, 'dfe-cin-factors', 'c3_factors_identified_at_end_of_assessment_2018_to_2025.csv');
const POP = join(REFERENCE_DIR, 'ons-population-0-17', 'ons_mid-year_population_estimates_2012_to_2024.csv');

type Row = Record<string, string>;
const read = (path: string) => Papa.parse<Row>(readFileSync(path, 'utf8'), { header: true, skipEmptyLines: true }).data;

let server: TestServer;
let headers: Record<string, string>;

beforeAll(async () => {
  const db = await Database.open({ path: ':memory:' });
  const c = await db.connect();
  const imported = await importOfficialStats(c, { path: CIN, name: 'cin_factors', user: 'test' });
  c.closeSync();
  expect(imported.ok).toBe(true);
  server = await startTestServer({ db });
  await createUser(db, 'viewer1', 'viewer');
  ({ headers } = await signIn(server.baseUrl, 'viewer1'));
}, 60_000);

afterAll(async () => {
  await server.close();
  server.db.close();
});

async function rankings(query: string): Promise<{ status: number; body: LeagueTable & { message?: string } }> {
  const res = await fetch(`${server.baseUrl}/api/rankings?${query}`, { headers });
  return { status: res.status, body: (await res.json()) as LeagueTable & { message?: string } };
}

describe('GET /api/rankings', () => {
  it('ranks every LA by its CSE rate per 10,000, computed from the published count and the ONS population of the year before', async () => {
    const { status, body } = await rankings('indicator=cin_factors.child_sexual_exploitation&period=2025');
    expect(status).toBe(200);
    const cin = read(CIN).filter((r) => r.time_period === '2025' && r.geographic_level === 'Local authority');
    const pop = new Map(read(POP).filter((r) => r.time_period === '2024' && r.geographic_level === 'Local authority').map((r) => [r.new_la_code!, Number(r.population_estimate)]));
    expect(body.rows).toHaveLength(cin.length);
    for (const code of ['E08000018' /* Rotherham */, 'E08000007' /* Stockport */, 'E06000061' /* North Northamptonshire */]) {
      const published = cin.find((r) => r.new_la_code === code)!;
      const expected = (Number(published.Child_sexual_exploitation) / pop.get(code)!) * 10_000;
      const row = body.rows.find((r) => r.area_code === code)!;
      expect(row.value).toBeCloseTo(expected, 8);
      expect(row.lower95!).toBeLessThan(expected);
      expect(row.upper95!).toBeGreaterThan(expected);
    }
    const ranked = body.rows.filter((r) => r.rank !== null);
    expect(ranked.map((r) => r.rank)).toEqual([...ranked.map((r) => r.rank)].sort((a, b) => a! - b!));
    expect(new Set(ranked.map((r) => r.band))).toEqual(new Set(['A', 'B', 'C', 'D']));
    const england = read(CIN).find((r) => r.time_period === '2025' && r.geographic_level === 'National')!;
    const englandPop = Number(read(POP).find((r) => r.time_period === '2024' && r.geographic_level === 'National')!.population_estimate);
    expect(body.england.value).toBeCloseTo((Number(england.Child_sexual_exploitation) / englandPop) * 10_000, 8);
    expect(body.periods).toEqual(['2018', '2019', '2020', '2021', '2022', '2023', '2024', '2025']);
  });

  it('finds all ten of Nottingham’s statistical neighbours, each under the code it has today', async () => {
    const areas = (await (await fetch(`${server.baseUrl}/api/areas`, { headers })).json()) as { code: string; neighbours: string[] }[];
    const neighbours = areas.find((a) => a.code === 'E06000018')!.neighbours;
    expect(neighbours).toHaveLength(10);
    expect(neighbours).toContain('E08000039'); // Sheffield, E08000019 in DfE's file
    for (const period of ['2018', '2025']) {
      const { body } = await rankings(`indicator=cin_factors.child_sexual_exploitation&period=${period}`);
      const found = body.rows.filter((r) => neighbours.includes(r.area_code) && r.value !== null);
      expect(found.map((r) => r.area_code).sort(), period).toEqual([...neighbours].sort());
    }
  });

  it('gives every recoded authority one row under its code today (la-successors.csv, one to one)', async () => {
    const recoded = read(join(REFERENCE_DIR, 'la-successors.csv'));
    const oneToOne = recoded.filter((r) => recoded.filter((x) => x.old_code === r.old_code || x.new_code === r.new_code).length === 1);
    expect(oneToOne.map((r) => r.old_code).sort()).toEqual(['E06000048', 'E08000016', 'E08000019', 'E08000020', 'E10000002', 'E10000009', 'E10000023', 'E10000027']);
    for (const period of ['2018', '2025']) {
      const { body } = await rankings(`indicator=cin_factors.child_sexual_exploitation&period=${period}`);
      const codes = body.rows.map((r) => r.area_code);
      expect(new Set(codes).size, period).toBe(codes.length);
      for (const r of oneToOne) {
        expect(codes, `${period} ${r.old_name}`).not.toContain(r.old_code);
        expect(codes, `${period} ${r.new_name}`).toContain(r.new_code);
      }
    }
  });

  it('keeps published symbols and leaves them unranked', async () => {
    const { body } = await rankings('indicator=cin_factors.child_sexual_exploitation&period=2024');
    const hampshire = body.rows.find((r) => r.area_code === 'E10000014')!;
    expect(hampshire).toMatchObject({ symbol: 'u', value: null, rank: null, band: null });
  });

  it('answers CSV with the symbol in place of the count', async () => {
    const res = await fetch(`${server.baseUrl}/api/rankings?indicator=cin_factors.child_sexual_exploitation&period=2024`, { headers: { ...headers, accept: 'text/csv' } });
    const text = await res.text();
    expect(text.split('\r\n')[0]).toBe('period,rank,band,area_code,area_name,region_code,numerator,denominator,value,lower95,upper95,lower998,upper998,benchmark');
    expect(text).toMatch(/\r\n2024,,,E10000014,Hampshire,E12000008,u,/);
  });

  it('refuses extract indicators, unknown periods and bad stats with 400', async () => {
    for (const q of ['indicator=referrals.referrals', 'indicator=cin_factors.child_sexual_exploitation&period=1999', "indicator=cin_factors.child_sexual_exploitation&period=2025'--", 'indicator=cin_factors.child_sexual_exploitation&stat=median']) {
      expect((await rankings(q)).status, q).toBe(400);
    }
  });

  it('needs sign-in', async () => {
    const res = await fetch(`${server.baseUrl}/api/rankings?indicator=cin_factors.child_sexual_exploitation`);
    expect(res.status).toBe(401);
  });
});
