import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATASETS } from '../../../pipelines/extract-schema.js';
import { openTestStore, type TestStore } from '../../helpers/extract-files.js';

let store: TestStore;
beforeAll(async () => {
  store = await openTestStore();
});
afterAll(() => store.close());

const rows = async (sql: string) => (await store.connection.runAndReadAll(sql)).getRowObjectsJS();

describe('the schema agrees with the data dictionary', () => {
  for (const dataset of Object.values(DATASETS)) {
    it(`${dataset.id}_facts has a column per dimension and measure`, async () => {
      const columns = await rows(`SELECT column_name, data_type FROM duckdb_columns()
        WHERE table_name = '${dataset.id}_facts' ORDER BY column_index`);
      expect(columns.map((c) => c.column_name)).toEqual([
        'upload_id', 'area_code', 'period',
        ...dataset.dimensions.map((d) => d.name),
        ...dataset.measures.map((m) => m.name),
      ]);
    });

    for (const dim of dataset.dimensions) {
      it(`${dataset.id}.${dim.name} is an ENUM of exactly the dictionary's values`, async () => {
        const [r] = await rows(`SELECT enum_range(NULL::cse_${dim.name}) AS v`);
        expect(r!.v).toEqual(dim.values);
      });
    }
  }
});

describe('reference data', () => {
  it('holds England, the nine regions, every LA with its region and every district with its county', async () => {
    const kinds = await rows(`SELECT kind, count(*) AS n FROM areas WHERE kind <> 'region' OR parent_code = 'E92000001' GROUP BY kind ORDER BY kind`);
    expect(Object.fromEntries(kinds.map((k) => [k.kind, Number(k.n)]))).toMatchObject({ country: 1, region: 9 });
    const [cherwell] = await rows(`SELECT d.name, c.name AS county, r.name AS region, e.name AS country
      FROM areas d JOIN areas c ON c.code = d.parent_code JOIN areas r ON r.code = c.parent_code JOIN areas e ON e.code = r.parent_code
      WHERE d.code = 'E07000177'`);
    expect(cherwell).toEqual({ name: 'Cherwell', county: 'Oxfordshire', region: 'South East', country: 'England' });
  });

  it('holds Inner and Outer London inside London, with their boroughs (33 between them, each in one)', async () => {
    const london = await rows(`SELECT code, name, kind, parent_code FROM areas WHERE code LIKE 'E13%' ORDER BY code`);
    expect(london).toEqual([
      { code: 'E13000001', name: 'Inner London', kind: 'region', parent_code: 'E12000007' },
      { code: 'E13000002', name: 'Outer London', kind: 'region', parent_code: 'E12000007' },
    ]);
    const members = await rows(`SELECT g.group_code, count(*) AS n, count(*) FILTER (WHERE a.parent_code = 'E12000007') AS in_london
      FROM area_groups g JOIN areas a ON a.code = g.member_code GROUP BY ALL ORDER BY 1`);
    expect(members.map((m) => [m.group_code, Number(m.n), Number(m.in_london)])).toEqual([['E13000001', 14, 14], ['E13000002', 19, 19]]);
    const [westminster] = await rows(`SELECT group_code FROM area_groups WHERE member_code = 'E09000033'`);
    expect(westminster).toEqual({ group_code: 'E13000001' });
  });

  it('keeps retired LA codes with their successors', async () => {
    const got = await rows(`SELECT a.code, a.live, list(s.new_code ORDER BY s.new_code) AS next
      FROM areas a JOIN area_successors s ON s.old_code = a.code
      WHERE a.code IN ('E10000021', 'E10000006', 'E10000023', 'E10000002') GROUP BY ALL ORDER BY a.code`);
    expect(got).toEqual([
      { code: 'E10000002', live: false, next: ['E06000060'] },
      { code: 'E10000006', live: false, next: ['E06000063', 'E06000064'] },
      { code: 'E10000021', live: false, next: ['E06000061', 'E06000062'] },
      { code: 'E10000023', live: false, next: ['E06000065'] },
    ]);
  });

  it('has ten 2025-model statistical neighbours for Stockport, all live LAs', async () => {
    const got = await rows(`SELECT n.rank, a.live FROM statistical_neighbours n JOIN areas a ON a.code = n.neighbour_code
      WHERE n.area_code = 'E08000007' ORDER BY n.rank`);
    expect(got.map((g) => Number(g.rank))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(got.every((g) => g.live === true)).toBe(true);
  });

  it('has the published 0-17 population and age-band denominators that add up', async () => {
    const [england] = await rows(`SELECT population FROM populations WHERE area_code = 'E92000001' AND year = 2024 AND age_band = '0-17' AND sex = 'all'`);
    expect(england!.population).toBe(12_183_016);
    const [sum] = await rows(`SELECT sum(population) AS s FROM populations
      WHERE area_code = 'E08000007' AND year = 2015 AND sex = 'all' AND age_band IN ('0-9', '10-12', '13-15', '16-17')`);
    const [total] = await rows(`SELECT population FROM populations WHERE area_code = 'E08000007' AND year = 2015 AND age_band = '0-17' AND sex = 'all'`);
    expect(Number(sum!.s)).toBeCloseTo(Number(total!.population), 6);
    const districts = await rows(`SELECT count(DISTINCT year) AS years FROM populations WHERE area_code = 'E07000177' AND age_band = '0-17' AND sex = 'all'`);
    expect(Number(districts[0]!.years)).toBe(13);
  });
});
