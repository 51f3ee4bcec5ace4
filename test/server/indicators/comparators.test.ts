/**
 * The `comparators` block of GET /api/series (contracts.md): what each comparator is, and how many
 * authorities it is built from, for England, the region and the neighbours, published and summed
 * from partnerships' extracts, at the default threshold of 3 contributing authorities.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestExtract } from '../../../pipelines/ingest.js';
import { importOfficialStats } from '../../../pipelines/official-stats/import-stats.js';
import { REFERENCE_DIR } from '../../../pipelines/project-paths.js';
import { Database } from '../../../server/db/database.js';
import type { SeriesResult } from '../../../server/indicators/series.js';
import { DEFAULT_DISCLOSURE } from '../../../server/indicators/disclosure-policy.js';
import { startSeriesApp, testUser, type SeriesApp } from './series-app.js';

const CIN = join(REFERENCE_DIR, 'dfe-cin-factors', 'c3_factors_identified_at_end_of_assessment_2018_to_2025.csv');
const NOTTINGHAM = 'E06000018';
const DERBY = 'E06000015';
const LEICESTER = 'E06000016';
const STOCKPORT = 'E08000007';
const CSE = 'indicator=cin_factors.child_sexual_exploitation&stat=rate';

type Row = Record<string, string>;
const parse = (text: string) => Papa.parse<Row>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;

let db: Database;
let app: SeriesApp;
let dir: string;

async function series(query: string): Promise<SeriesResult> {
  const res = await fetch(`${app.url}/api/series?${query}`, { headers: testUser('analyst') });
  if (res.status !== 200) throw new Error(`${query}: ${res.status} ${await res.text()}`);
  return (await res.json()) as SeriesResult;
}

async function sql(text: string): Promise<Record<string, unknown>[]> {
  return (await db.withConnection((c) => c.runAndReadAll(text))).getRowObjectsJS();
}

/** Live upper-tier authorities in an area, counted straight from the reference table. */
async function liveAuthorities(parent: string | null): Promise<number> {
  const rows = await sql(`SELECT count(*) AS n FROM areas WHERE kind = 'la' AND live ${parent ? `AND parent_code = '${parent}'` : ''}`);
  return Number(rows[0]!.n);
}

async function neighboursOf(code: string): Promise<string[]> {
  const rows = await sql(`SELECT neighbour_code FROM statistical_neighbours WHERE area_code = '${code}' ORDER BY rank`);
  return rows.map((r) => String(r.neighbour_code));
}

async function load(name: string, lines: string[]): Promise<void> {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  const c = await db.connect();
  try {
    const result = await ingestExtract(c, { dataset: 'referrals', path, user: 'test' });
    if (!result.ok) throw new Error(JSON.stringify(result.errors.slice(0, 3)));
  } finally {
    c.closeSync();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cse-comparators-test-'));
  db = await Database.open({ path: ':memory:' });
  const c = await db.connect();
  try {
    const imported = await importOfficialStats(c, { path: CIN, name: 'cin_factors', user: 'test' });
    if (!imported.ok) throw new Error(imported.errors[0]?.message);
  } finally {
    c.closeSync();
  }
  // Three East Midlands partnerships in 2015-Q2; in 2015-Q3 Derby has not reported yet.
  await load('east-midlands.csv', [
    'period,area_code,referrals',
    `2015-Q2,${NOTTINGHAM},30`, `2015-Q2,${DERBY},20`, `2015-Q2,${LEICESTER},25`,
    `2015-Q3,${NOTTINGHAM},31`, `2015-Q3,${LEICESTER},26`,
  ]);
  await load('stockport.csv', ['period,area_code,referrals', `2015-Q2,${STOCKPORT},44`, `2015-Q3,${STOCKPORT},40`]);
  app = await startSeriesApp(db, DEFAULT_DISCLOSURE);
}, 120_000);

afterAll(async () => {
  await app.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('England and the region as published (official statistics)', () => {
  it('labels England as published, built from the authorities the file has rows for', async () => {
    const s = await series(`${CSE}&area=${NOTTINGHAM}&compare=england`);
    const las2025 = parse(readFileSync(CIN, 'utf8')).filter((r) => r.geographic_level === 'Local authority' && r.time_period === '2025');
    expect(s.comparators).toEqual([
      { code: 'E92000001', kind: 'england', label: 'England (published)', contributors: las2025.length, expected: await liveAuthorities(null) },
    ]);
    expect(s.rows.some((r) => r.area_code === 'E92000001' && r.period === '2025' && r.value !== null)).toBe(true);
  });

  it('labels the region as published', async () => {
    const s = await series(`${CSE}&area=${NOTTINGHAM}&compare=region`);
    const expected = await liveAuthorities('E12000004');
    expect(s.comparators).toEqual([{ code: 'E12000004', kind: 'region', label: 'East Midlands (published)', contributors: expected, expected }]);
  });
});

describe('England and the region summed from partnerships’ extracts', () => {
  it('names England as the partnerships reporting, with how many of how many', async () => {
    const s = await series(`indicator=referrals.referrals&area=${NOTTINGHAM}&compare=england`);
    expect(s.comparators).toEqual([
      { code: 'E92000001', kind: 'england', label: 'Partnerships reporting in England', contributors: 3, expected: await liveAuthorities(null) },
    ]);
    expect(s.rows.find((r) => r.area_code === 'E92000001' && r.period === '2015-Q2')?.numerator).toBe(30 + 20 + 25 + 44);
    expect(s.rows.find((r) => r.area_code === 'E92000001' && r.period === '2015-Q3')?.numerator).toBe(31 + 26 + 40);
  });

  it('publishes the region only in the periods where at least 3 authorities report', async () => {
    const s = await series(`indicator=referrals.referrals&area=${NOTTINGHAM}&compare=region`);
    const region = s.rows.filter((r) => r.area_code === 'E12000004');
    expect(region.map((r) => [r.period, r.numerator])).toEqual([['2015-Q2', 75]]);
    // The latest quarter (2015-Q3) has two: the comparator says so, and Nottingham is not judged against it.
    expect(s.comparators).toEqual([{
      code: 'E12000004', kind: 'region', label: 'Partnerships reporting in the East Midlands (not published: fewer than 3 authorities report)',
      contributors: 2, expected: await liveAuthorities('E12000004'),
    }]);
    expect(s.rows.find((r) => r.area_code === NOTTINGHAM && r.period === '2015-Q3')?.benchmark).toBeNull();
  });

  it('never shows one partnership as its region: Stockport is not the North West', async () => {
    const s = await series(`indicator=referrals.referrals&area=${STOCKPORT}&compare=region`);
    expect(s.rows.filter((r) => r.area_code !== STOCKPORT)).toEqual([]);
    expect(s.comparators?.[0]).toMatchObject({ code: 'E12000002', contributors: 1, label: expect.stringMatching(/^Partnerships reporting in the North West \(not published/) });
    expect((await series('indicator=referrals.referrals&area=E12000002')).rows).toEqual([]);
    expect((await series('indicator=referrals.referrals&area=E12000004')).rows.map((r) => r.period)).toEqual(['2015-Q2']);
  });
});

describe('statistical neighbours', () => {
  it('finds all ten of Nottingham’s neighbours in DfE’s file, Sheffield under its old code', async () => {
    const neighbours = await neighboursOf(NOTTINGHAM);
    expect(neighbours).toHaveLength(10);
    expect(neighbours).toContain('E08000039');
    const s = await series(`${CSE}&area=${NOTTINGHAM}&compare=neighbours`);
    expect(s.comparators).toEqual([{ code: 'neighbours', kind: 'neighbours', label: 'Statistical neighbours (median)', contributors: 10, expected: 10 }]);
  });

  it('says 9 of 10 when one neighbour has no figure, and takes the median of the nine', async () => {
    const neighbours = (await neighboursOf(NOTTINGHAM)).filter((n) => n !== 'E08000039');
    // Nine partnerships among Nottingham's neighbours upload; Sheffield's figures come in under
    // the code it had until May 2025 (E08000019), and count as Sheffield's, the tenth neighbour.
    const reporting = [...neighbours.slice(0, 8), 'E08000019'];
    const counts = reporting.map((_, i) => 10 + i * 3);
    await load('neighbours.csv', ['period,area_code,referrals', ...reporting.map((code, i) => `2015-Q3,${code},${counts[i]}`)]);
    const s = await series(`indicator=referrals.referrals&area=${NOTTINGHAM}&compare=neighbours`);
    expect(s.comparators).toEqual([{ code: 'neighbours', kind: 'neighbours', label: 'Statistical neighbours (median)', contributors: 9, expected: 10 }]);
    expect(s.rows.find((r) => r.area_code === 'neighbours' && r.period === '2015-Q3')?.value).toBe(counts[4]);
  });
});

describe('without compare', () => {
  it('has no comparators block', async () => {
    expect((await series(`${CSE}&area=${NOTTINGHAM}`)).comparators).toBeUndefined();
  });
});
