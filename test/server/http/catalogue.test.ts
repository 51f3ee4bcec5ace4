/** GET /api/areas and GET /api/dictionary: the reference lists the client reads over HTTP. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGE_BAND_LIMITS, AGE_COLUMN, DATASETS, DATASET_IDS, KEY_COLUMNS, knownColumns } from '../../../pipelines/extract-schema.js';
import type { AreaListing } from '../../../server/catalogue/areas.js';
import type { DataDictionary } from '../../../server/catalogue/dictionary.js';
import { createUser, signIn, type SignedIn } from '../../helpers/auth.js';
import { referralsExtract, startTestServer, type TestServer } from '../../helpers/server.js';

let t: TestServer;
let analyst: SignedIn;
let viewer: SignedIn;
let scoped: SignedIn;

const WARWICKSHIRE = 'E10000031';
const STOCKPORT = 'E08000007';

beforeAll(async () => {
  t = await startTestServer();
  await createUser(t.db, 'ann', 'analyst');
  await createUser(t.db, 'vera', 'viewer');
  await createUser(t.db, 'wes', 'viewer', [WARWICKSHIRE]);
  analyst = await signIn(t.baseUrl, 'ann');
  viewer = await signIn(t.baseUrl, 'vera');
  scoped = await signIn(t.baseUrl, 'wes');
  const upload = await fetch(`${t.baseUrl}/api/uploads/referrals`, {
    method: 'POST',
    headers: { ...analyst.headers, 'content-type': 'text/csv' },
    body: referralsExtract(['2024-Q1', '2024-Q2'], () => 12, STOCKPORT),
  });
  expect(upload.status).toBe(201);
}, 60_000);
afterAll(() => t.close());

async function areas(headers: Record<string, string>): Promise<AreaListing[]> {
  const res = await fetch(`${t.baseUrl}/api/areas`, { headers });
  expect(res.status).toBe(200);
  return (await res.json()) as AreaListing[];
}

describe('GET /api/areas', () => {
  it('answers 401 without sign-in', async () => {
    expect((await fetch(`${t.baseUrl}/api/areas`)).status).toBe(401);
  });

  it('lists every area with its parent, region, neighbours and whether data are loaded', async () => {
    const list = await areas(viewer.headers);
    const count = await t.db.withConnection((c) => c.runAndReadAll('SELECT count(*) AS n FROM areas'));
    expect(list).toHaveLength(Number(count.getRowObjectsJS()[0]!.n));
    expect(list.length).toBeGreaterThan(300);
    for (const a of list) {
      expect(Object.keys(a).sort()).toEqual(['code', 'former_codes', 'has_data', 'kind', 'live', 'name', 'neighbours', 'parent_code', 'readable', 'region_code']);
    }
    const byCode = new Map(list.map((a) => [a.code, a]));
    expect(byCode.get('E92000001')).toMatchObject({ kind: 'country', parent_code: null, region_code: null, has_data: false });
    expect(byCode.get(WARWICKSHIRE)).toMatchObject({ name: 'Warwickshire', kind: 'la', region_code: 'E12000005', live: true, readable: true });
    expect(byCode.get(WARWICKSHIRE)!.neighbours).toHaveLength(10);
    expect(byCode.get(STOCKPORT)).toMatchObject({ has_data: true, region_code: 'E12000002' });
    expect(list.filter((a) => a.has_data).map((a) => a.code)).toEqual([STOCKPORT]);
    // One authority through time: Sheffield's older code, North Yorkshire's county code.
    expect(byCode.get('E08000039')!.former_codes).toEqual(['E08000019']);
    expect(byCode.get('E06000065')!.former_codes).toEqual(['E10000023']);
    expect(byCode.get('E06000061')!.former_codes).toEqual([]); // a split is a new area
  });

  it('gives Warwickshire\u2019s districts the parent E10000031', async () => {
    const districts = (await areas(viewer.headers)).filter((a) => a.parent_code === WARWICKSHIRE);
    expect(districts.map((d) => d.code).sort()).toEqual(['E07000218', 'E07000219', 'E07000220', 'E07000221', 'E07000222']);
    for (const d of districts) expect(d).toMatchObject({ kind: 'district', region_code: 'E12000005', neighbours: [] });
  });

  it('lists every area for an area-scoped user too, marking which they may read', async () => {
    const all = await areas(viewer.headers);
    const mine = await areas(scoped.headers);
    expect(mine.map((a) => a.code)).toEqual(all.map((a) => a.code));
    const readable = mine.filter((a) => a.readable);
    expect(readable.filter((a) => a.kind === 'la' || a.kind === 'district').map((a) => a.code).sort())
      .toEqual([WARWICKSHIRE, 'E07000218', 'E07000219', 'E07000220', 'E07000221', 'E07000222'].sort());
    // The nine regions, and Inner and Outer London: benchmarks, open to every user.
    expect(readable.filter((a) => a.kind === 'region')).toHaveLength(11);
    expect(readable.filter((a) => a.kind === 'region' && a.parent_code !== 'E92000001').map((a) => a.code)).toEqual(['E13000001', 'E13000002']);
    // Whether data are loaded is told only for areas the user may read.
    expect(mine.find((a) => a.code === STOCKPORT)).toMatchObject({ readable: false, has_data: null, name: 'Stockport' });
  });
});

describe('GET /api/dictionary', () => {
  it('answers 401 without sign-in', async () => {
    expect((await fetch(`${t.baseUrl}/api/dictionary`)).status).toBe(401);
  });

  it('is pipelines/extract-schema.ts: datasets, dimensions with values and aliases, bounded measures, columns', async () => {
    const res = await fetch(`${t.baseUrl}/api/dictionary`, { headers: viewer.headers });
    expect(res.status).toBe(200);
    const body = (await res.json()) as DataDictionary;
    expect(body.datasets).toEqual(JSON.parse(JSON.stringify(DATASETS)));
    expect(body.keyColumns).toEqual([...KEY_COLUMNS]);
    expect(body.ageColumn).toBe(AGE_COLUMN);
    expect(body.ageBands).toEqual(AGE_BAND_LIMITS);
    expect(Object.keys(body.columns)).toEqual(DATASET_IDS);
    for (const id of DATASET_IDS) expect(body.columns[id]).toEqual(knownColumns(DATASETS[id]));
    const sex = body.datasets.referrals.dimensions.find((d) => d.name === 'sex')!;
    expect(sex.aliases).toMatchObject({ f: 'female', m: 'male' });
    expect(body.datasets.missing.measures.find((m) => m.name === 'children')).toMatchObject({ atMost: 'episodes' });
  });
});
