import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { republishAreas, publishedTable } from '../../../pipelines/disclosure-layer.js';
import { perturbArea, type CountRow } from '../../../pipelines/disclosure-perturbation.js';
import { rollupTable } from '../../../pipelines/extract-rollup.js';
import { DATASETS } from '../../../pipelines/extract-schema.js';
import { fingerprint, openTestStore, success, type TestStore } from '../../helpers/extract-files.js';

// Each area's perturbation is recorded with how many turns the event loop had taken by then, and
// can be made to fail part-way through an upload.
const calls: { area: string; turn: number }[] = [];
let turns = 0;
let failOnCall: number | null = null;
vi.mock('../../../pipelines/disclosure-perturbation.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../pipelines/disclosure-perturbation.js')>();
  return {
    ...original,
    perturbArea: (...args: Parameters<typeof original.perturbArea>) => {
      calls.push({ area: args[1], turn: turns });
      if (failOnCall !== null && calls.length === failOnCall) throw new Error('perturbation failed part-way (test)');
      return original.perturbArea(...args);
    },
  };
});

const referrals = DATASETS.referrals;
const QUARTERS = Array.from({ length: 20 }, (_, i) => `${2016 + Math.floor(i / 4)}-Q${(i % 4) + 1}`);
const SEXES = ['female', 'male', 'unknown'];
const SOURCES = ['police', 'education', 'health', 'childrens_social_care', 'self', 'other'];
const RISKS = ['low', 'medium', 'high'];

let store: TestStore;
let areas: string[];

/** Record-level referrals for every area and quarter, every dimension value present, counts varied. */
function extract(forAreas: readonly string[], seed: number): string {
  const lines = ['period,area_code,age,sex,source,risk_level'];
  forAreas.forEach((area, a) => {
    QUARTERS.forEach((quarter, q) => {
      const records = 6 + ((a * 7 + q * 3 + seed) % 23);
      for (let i = 0; i < records; i++) {
        lines.push(`${quarter},${area},${10 + ((i + a) % 8)},${SEXES[(i + q) % 3]},${SOURCES[(i * 5 + a) % 6]},${RISKS[(i + seed) % 3]}`);
      }
    });
  });
  return `${lines.join('\n')}\n`;
}

/** Rows in one canonical order, counts as numbers: how two published layers are compared. */
const canonical = (rows: { area: string; row: CountRow }[]) =>
  rows
    .map(({ area, row }) => JSON.stringify([area, row.period, row.dimension, row.value, ...referrals.measures.map((m) => row.counts[m.name] ?? null)]))
    .sort();

async function publishedRows(): Promise<{ area: string; row: CountRow }[]> {
  const reader = await store.connection.runAndReadAll(`SELECT * FROM ${publishedTable(referrals)}`);
  return reader.getRowObjectsJS().map((r) => ({
    area: String(r.area_code),
    row: {
      period: String(r.period),
      dimension: String(r.dimension),
      value: r.value === null ? null : String(r.value),
      counts: Object.fromEntries(referrals.measures.map((m) => [m.name, r[m.name] === null ? null : Number(r[m.name])])),
    },
  }));
}

/** The pure method applied to every area's rollup rows at once: what the published layer must hold. */
async function expectedRows(): Promise<{ area: string; row: CountRow }[]> {
  const key = String((await store.connection.runAndReadAll('SELECT key FROM disclosure_key')).getRowObjectsJS()[0]!.key);
  const reader = await store.connection.runAndReadAll(`SELECT * FROM ${rollupTable(referrals)} ORDER BY area_code, period, dimension, value`);
  const byArea = new Map<string, CountRow[]>();
  for (const r of reader.getRowObjectsJS()) {
    const row: CountRow = {
      period: String(r.period),
      dimension: String(r.dimension),
      value: r.value === null ? null : String(r.value),
      counts: Object.fromEntries(referrals.measures.map((m) => [m.name, r[m.name] === null ? null : Number(r[m.name])])),
    };
    byArea.set(String(r.area_code), [...(byArea.get(String(r.area_code)) ?? []), row]);
  }
  return [...byArea].flatMap(([area, rows]) => perturbArea(referrals, area, rows, key).map((row) => ({ area, row })));
}

beforeAll(async () => {
  store = await openTestStore();
  areas = (await store.connection.runAndReadAll(`SELECT code FROM areas WHERE live AND kind = 'district' ORDER BY code LIMIT 24`))
    .getRowObjectsJS()
    .map((r) => String(r.code));
  success(await store.ingest('referrals', extract(areas, 0)));
});

afterAll(() => store.close());

describe('the published layer, rebuilt area by area', () => {
  it('holds exactly what the perturbation method gives for every area, over several chunks and inserts', async () => {
    const published = await publishedRows();
    // Enough rows that the rollup is read in several chunks (2,048 rows) and sent in several inserts (8,192).
    expect(published.length).toBeGreaterThan(8192);
    expect(canonical(published)).toEqual(canonical(await expectedRows()));
  });

  it('gives the event loop a turn between one area and the next', async () => {
    calls.length = 0;
    let spinning = true;
    const spin = () => {
      turns += 1;
      if (spinning) setImmediate(spin);
    };
    setImmediate(spin);
    try {
      await store.connection.run('BEGIN TRANSACTION');
      await republishAreas(store.connection, referrals, `SELECT DISTINCT area_code FROM ${rollupTable(referrals)}`, { sliceMs: 0 });
      await store.connection.run('ROLLBACK');
    } finally {
      spinning = false;
    }
    expect(calls.map((c) => c.area)).toEqual(areas);
    // Done in one go, every area would be perturbed within the same turn of the loop.
    for (let i = 1; i < calls.length; i++) expect(calls[i]!.turn).toBeGreaterThan(calls[i - 1]!.turn);
  });

  it('leaves the store as it was when publishing fails part-way through an upload', async () => {
    // Every table; upload ids come from a sequence, which (as in any database) a rolled-back upload still advances.
    const tables = async () => {
      const { upload_id_seq: _, ...rest } = await fingerprint(store.connection);
      return rest;
    };
    const before = await tables();
    failOnCall = 5;
    calls.length = 0;
    try {
      await expect(store.ingest('referrals', extract(areas, 11))).rejects.toThrow('perturbation failed part-way');
    } finally {
      failOnCall = null;
    }
    expect(calls).toHaveLength(5);
    expect(await tables()).toEqual(before);
  });

  it('redoes only the areas an upload touches, and those as the method gives them', async () => {
    const untouched = (await publishedRows()).filter((r) => r.area !== areas[0]);
    success(await store.ingest('referrals', extract(areas.slice(0, 1), 5)));
    const after = await publishedRows();
    expect(canonical(after.filter((r) => r.area !== areas[0]))).toEqual(canonical(untouched));
    expect(canonical(after)).toEqual(canonical(await expectedRows()));
  });
});
