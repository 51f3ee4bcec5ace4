import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fingerprint, openTestStore, refusal, success, type TestStore } from '../helpers/extract-files.js';

let store: TestStore;
beforeAll(async () => {
  store = await openTestStore();
});
afterAll(() => store.close());
beforeEach(async () => {
  for (const t of ['referrals_facts', 'missing_facts', 'mase_facts', 'upload_partitions', 'upload_log']) {
    await store.connection.run(`DELETE FROM ${t}`);
  }
});

async function rows(sql: string) {
  return (await store.connection.runAndReadAll(sql)).getRowObjectsJS();
}

describe('periods', () => {
  const forms: [string, string][] = [
    ['2015-Q2', '2015-Q2'],
    ['2015 Q2', '2015-Q2'],
    ['Q2 2015', '2015-Q2'],
    ['q2 2015', '2015-Q2'],
    ['2015/16 Q1', '2015-Q2'],
    ['2015/16 Q3', '2015-Q4'],
    ['2015/16 Q4', '2016-Q1'],
    ['2015/2016 Q2', '2015-Q3'],
    ['2015-04-17', '2015-Q2'],
    ['17/04/2015', '2015-Q2'],
    ['1/1/2016', '2016-Q1'],
    ['2000-Q1', '2000-Q1'],
  ];
  for (const [written, stored] of forms) {
    it(`reads "${written}" as ${stored}`, async () => {
      const r = success(await store.ingest('referrals', `period,area_code,referrals\n${written},E08000007,3\n`));
      expect(r.partitions.map((p) => p.period)).toEqual([stored]);
    });
  }
});

describe('codes and names', () => {
  it('maps every alias of sex, ethnicity and looked-after status, and blanks to unknown', async () => {
    const file = [
      'period,area_code,sex,ethnicity,looked_after,referrals',
      '2015-Q1,E08000007,F,WBRI,Y,1',
      '2015-Q1,E08000007,M,MWBC,N,2',
      '2015-Q1,E08000007,1,AIND,true,4',
      '2015-Q1,E08000007,2,BAFR,false,8',
      '2015-Q1,E08000007,9,OOTH,,16',
      '2015-Q1,E08000007,,NOBT,unknown,32',
      '2015-Q1,E08000007,Other,refu,yes,64',
    ].join('\n');
    success(await store.ingest('referrals', file));
    const got = await rows(`SELECT sex, ethnicity, looked_after, referrals FROM referrals_facts ORDER BY referrals`);
    expect(got.map((r) => [r.sex, r.ethnicity, r.looked_after, Number(r.referrals)])).toEqual([
      ['female', 'white', 'yes', 1],
      ['male', 'mixed', 'no', 2],
      ['male', 'asian', 'yes', 4],
      ['female', 'black', 'no', 8],
      ['unknown', 'other', 'unknown', 16],
      ['unknown', 'unknown', 'unknown', 32],
      ['other', 'unknown', 'yes', 64],
    ]);
  });

  it('bands whole years of age', async () => {
    const ages = [0, 9, 10, 12, 13, 15, 16, 17, 18, 24];
    const file = ['period,area_code,age', ...ages.map((a) => `2015-Q1,E08000007,${a}`), '2015-Q1,E08000007,'].join('\n');
    const r = success(await store.ingest('referrals', file));
    expect(r.kind).toBe('records');
    const got = await rows(`SELECT age_band, referrals FROM referrals_facts ORDER BY age_band`);
    expect(Object.fromEntries(got.map((g) => [g.age_band, Number(g.referrals)]))).toEqual({
      '0-9': 2, '10-12': 2, '13-15': 2, '16-17': 2, '18-24': 2, unknown: 1,
    });
  });

  it('accepts area names case-insensitively and codes in any case', async () => {
    const file = 'period,area_code,area_name,referrals\n2015-Q1,,stockport,3\n2015-Q2,e08000007,,4\n2015-Q3,,CHERWELL,5\n';
    const r = success(await store.ingest('referrals', file));
    expect(r.partitions.map((p) => [p.area_code, p.period])).toEqual([
      ['E07000177', '2015-Q3'],
      ['E08000007', '2015-Q1'],
      ['E08000007', '2015-Q2'],
    ]);
  });

  it('reads a name two areas share as neither, never as both (the row counted twice)', async () => {
    // An area added since the name lookup was built is found by its own name; here that name is
    // already Stockport's.
    const own = await openTestStore();
    try {
      await own.connection.run(`INSERT INTO areas (code, name, kind, live) VALUES ('E08999999', 'Stockport', 'la', true)`);
      const r = refusal(await own.ingest('referrals', 'period,area_name,referrals\n2015-Q1,Stockport,3\n2015-Q1,Cherwell,2\n'));
      expect(r.errors.map((e) => [e.code, e.line, e.column])).toEqual([['unknown_area', 2, 'area_name']]);
    } finally {
      own.close();
    }
  });

  it('stores a retired code as given and says what replaced it', async () => {
    const r = success(await store.ingest('referrals', 'period,area_code,referrals\n2019-Q1,E10000021,3\n'));
    expect(r.partitions[0]!.area_code).toBe('E10000021');
    expect(r.warnings.join(' ')).toMatch(/E06000061, E06000062/);
  });
});

describe('file forms', () => {
  const body = 'period,area_code,sex,referrals\n2015-Q1,E08000007,female,3\n2015-Q1,E08000007,male,1\n';
  const variants: [string, string | Buffer][] = [
    ['LF', body],
    ['CRLF', body.replaceAll('\n', '\r\n')],
    ['CR', body.replaceAll('\n', '\r')],
    ['BOM', `\uFEFF${body}`],
    ['BOM + CRLF', `\uFEFF${body.replaceAll('\n', '\r\n')}`],
    ['tab', body.replaceAll(',', '\t')],
    ['semicolon', body.replaceAll(',', ';')],
    ['no final newline', body.trimEnd()],
    ['blank lines', body.replace('\n', '\n\n\n')],
    ['quoted fields', body.replace('2015-Q1,E08000007,female', '"2015-Q1","E08000007","female"')],
    ['loose header names', body.replace('period,area_code', ' Period ,Area Code').replace('referrals', 'REFERRALS')],
  ];
  for (const [name, content] of variants) {
    it(`reads ${name}`, async () => {
      const r = success(await store.ingest('referrals', content));
      expect(r.rows).toBe(2);
      expect(r.totals.referrals).toBe(4);
      expect(r.warnings).toEqual([]);
    });
  }

  it('reads a file that is not UTF-8 as Windows-1252 and says so', async () => {
    // 0x96 is an en dash in Windows-1252 and never valid on its own in UTF-8. No accepted value
    // contains one, so the proof that the file was decoded right is the refusal's echo of it.
    const bytes = Buffer.concat([
      Buffer.from('period,area_name,referrals\n2015-Q1,Stockport,3\n2015'),
      Buffer.from([0x96]),
      Buffer.from('Q2,Stockport,4\n'),
    ]);
    const result = await store.ingest('referrals', bytes);
    expect(result.warnings.join(' ')).toMatch(/Windows-1252/);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors[0]).toMatchObject({ code: 'invalid_period', line: 3, column: 'period' });
      expect(result.errors[0]!.message).toContain('2015\u2013Q2');
    }
  });
});

describe('encodings found in the header', () => {
  it('reads a header that is not UTF-8 as Windows-1252', async () => {
    const bytes = Buffer.concat([Buffer.from('period,area_code,referrals,r'), Buffer.from([0xe9]), Buffer.from('f\n2015-Q1,E08000007,3,x\n')]);
    const result = await store.ingest('referrals', bytes);
    expect(result.warnings.join(' ')).toMatch(/Windows-1252/);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatchObject({ code: 'unknown_column', column: 'r\u00e9f' });
  });
});

describe('records and partitions', () => {
  it('aggregates record-level rows on load, counting each towards the primary measure', async () => {
    const file = [
      'period,area_code,sex,age_band,risk_level',
      '2015-04-02,E08000007,female,13-15,high',
      '17/05/2015,E08000007,female,13-15,high',
      '2015-06-30,E08000007,female,13-15,',
      '2015-07-01,E08000007,male,16-17,low',
      '2015-07-02,E06000018,female,13-15,high',
    ].join('\n');
    const r = success(await store.ingest('referrals', file));
    expect(r.kind).toBe('records');
    expect(r.rows).toBe(5);
    expect(r.totals).toEqual({ referrals: 5, children: null });
    expect(r.partitions.map((p) => [p.area_code, p.period, p.new_totals.referrals])).toEqual([
      ['E06000018', '2015-Q3', 1],
      ['E08000007', '2015-Q2', 3],
      ['E08000007', '2015-Q3', 1],
    ]);
    const got = await rows(`SELECT sex, age_band, risk_level, referrals, ethnicity FROM referrals_facts
      WHERE area_code = 'E08000007' AND period = '2015-Q2' ORDER BY risk_level`);
    expect(got.map((g) => [g.sex, g.age_band, g.risk_level, Number(g.referrals), g.ethnicity])).toEqual([
      ['female', '13-15', 'high', 2, null],
      ['female', '13-15', 'unknown', 1, null],
    ]);
  });

  it('replaces a re-uploaded partition and logs previous and new totals', async () => {
    const first = success(await store.ingest('missing', 'period,area_code,episodes,children\n2015-Q1,E08000007,40,20\n2015-Q2,E08000007,50,25\n'));
    const second = success(await store.ingest('missing', 'period,area_code,episodes,children\n2015-Q2,E08000007,55,26\n'));
    expect(second.partitions).toEqual([
      {
        area_code: 'E08000007',
        period: '2015-Q2',
        replaced: true,
        previous_totals: expect.objectContaining({ episodes: 50, children: 25 }),
        new_totals: expect.objectContaining({ episodes: 55, children: 26 }),
      },
    ]);
    const facts = await rows(`SELECT period, episodes, upload_id FROM missing_facts ORDER BY period`);
    expect(facts.map((f) => [f.period, Number(f.episodes), Number(f.upload_id)])).toEqual([
      ['2015-Q1', 40, first.upload_id],
      ['2015-Q2', 55, second.upload_id],
    ]);
    const log = await rows(`SELECT upload_id, replaced, previous_upload_id, previous_totals->>'episodes' AS prev, new_totals->>'episodes' AS now
      FROM upload_partitions WHERE upload_id = ${second.upload_id}`);
    expect(log.map((l) => [l.replaced, Number(l.previous_upload_id), l.prev, l.now])).toEqual([[true, first.upload_id, '50', '55']]);
    const uploads = await rows(`SELECT id, dataset, file_name, sha256, rows, partitions FROM upload_log ORDER BY id`);
    expect(uploads).toHaveLength(2);
    expect(String(uploads[1]!.sha256)).toMatch(/^[0-9a-f]{64}$/);
    expect(Number(uploads[1]!.partitions)).toBe(1);
  });

  it('a dry run validates and reports without storing anything', async () => {
    const before = await fingerprint(store.connection);
    const r = success(await store.ingest('mase', 'period,area_code,cases_discussed,cases_closed,closed_risk_reduced\n2015-Q1,E08000007,12,4,3\n', { dryRun: true }));
    expect(r.dry_run).toBe(true);
    expect(r.upload_id).toBeNull();
    expect(r.totals).toMatchObject({ cases_discussed: 12, closed_risk_reduced: 3, new_cases: null });
    expect(await fingerprint(store.connection)).toEqual(before);
  });

  it('keeps a blank measure as not recorded, not zero', async () => {
    success(await store.ingest('missing', 'period,area_code,episodes,return_interviews_offered\n2015-Q1,E08000007,10,\n'));
    const got = await rows(`SELECT episodes, return_interviews_offered FROM missing_facts`);
    expect(got).toEqual([{ episodes: 10n, return_interviews_offered: null }]);
  });
});
