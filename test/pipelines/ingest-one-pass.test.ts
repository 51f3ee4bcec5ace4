import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprint, openTestStore, refusal, type TestStore } from '../helpers/extract-files.js';

let store: TestStore;
beforeAll(async () => {
  store = await openTestStore();
});
afterAll(() => store.close());

const loaded = <T extends { ok: boolean }>(r: T) => {
  if (!r.ok) throw new Error(`expected success: ${JSON.stringify(r).slice(0, 500)}`);
  return r as T & { ok: true };
};

describe('one pass: header and row problems in one answer', () => {
  it('reports a date-of-birth column, an unknown area and a negative count together', async () => {
    const before = await fingerprint(store.connection);
    const r = refusal(await store.ingest('referrals', [
      'period,area_name,Date of Birth,sex,referrals',
      '2024-Q1,Stockport,2010-03-04,f,3',
      '2024-Q1,Stockpot,2011-05-06,m,2',
      '2024-Q2,Stockport,2012-07-08,f,-1',
      '',
    ].join('\n')));
    const codes = r.errors.map((e) => [e.code, e.line, e.column]);
    expect(codes).toContainEqual(['personal_data_column', 1, 'Date of Birth']);
    expect(codes).toContainEqual(['unknown_area', 3, 'area_name']);
    expect(codes).toContainEqual(['negative_count', 4, 'referrals']);
    expect(r.error_count).toBe(3);
    expect(r.by_rule.map((g) => [g.code, g.count, g.lines])).toEqual(expect.arrayContaining([
      ['personal_data_column', 1, [1]], ['unknown_area', 1, [3]], ['negative_count', 1, [4]],
    ]));
    // The personal-data column's values are never echoed.
    expect(JSON.stringify(r)).not.toContain('2010-03-04');
    expect(await fingerprint(store.connection)).toEqual(before);
  });

  it('still stops at a missing required column, where rows cannot be read', async () => {
    const r = refusal(await store.ingest('referrals', 'area_code,referrals\nE08000007,-3\n'));
    expect(r.errors.map((e) => e.code)).toEqual(['missing_column']);
  });

  it('groups many problems by rule with a count and the first five lines', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `2024-Q1,E08000007,bad${i},3`).join('\n');
    const r = refusal(await store.ingest('referrals', `period,area_code,sex,referrals\n${rows}\n2024-Q2,E08000007,f,x\n`));
    const invalid = r.by_rule.find((g) => g.code === 'invalid_value')!;
    expect(invalid.count).toBe(30);
    expect(invalid.lines).toEqual([2, 3, 4, 5, 6]);
    expect(invalid.about).toMatch(/not one of the accepted values/);
    expect(r.by_rule.find((g) => g.code === 'not_a_number')).toMatchObject({ count: 1, lines: [32] });
  });
});

describe("Excel's damage", () => {
  it('names a band Excel turned into a date once, with the count and the fix', async () => {
    const rows = Array.from({ length: 53 }, (_, i) => `2024-Q1,E08000007,10-Dec,${i % 2 ? 'f' : 'm'},${i + 1}`);
    const r = refusal(await store.ingest('referrals', `period,area_code,age_band,sex,referrals\n2024-Q1,E08000007,13-15,f,1\n${rows.join('\n')}\n`));
    const excel = r.errors.filter((e) => e.code === 'excel_date');
    expect(excel).toHaveLength(1);
    expect(excel[0]!.line).toBe(3);
    expect(excel[0]!.message).toMatch(/"10-Dec" and 52 more values/);
    expect(excel[0]!.message).toMatch(/10-Dec was 10-12/);
    expect(excel[0]!.message).toMatch(/format the column as Text/);
    expect(r.error_count).toBe(53);
    expect(r.by_rule).toEqual([expect.objectContaining({ code: 'excel_date', count: 53, lines: [3, 4, 5, 6, 7], fix: expect.stringMatching(/format the column as Text/) })]);
  });

  it('trims non-breaking and trailing spaces, with a warning, and loads the file', async () => {
    const r = loaded(await store.ingest('referrals', 'period,area_name,sex,referrals\n2024-Q1,Ashfield\u00A0,f,3\n2024-Q1,Ashfield ,m,2\n2024-Q2,Gedling,female\u00A0,4\n', { dryRun: true }));
    expect(r.partitions.map((p) => p.area_code)).toEqual(['E07000170', 'E07000173']);
    expect(r.totals.referrals).toBe(9);
    expect(r.warnings).toContain('Column "area_name": 2 values had non-breaking or trailing spaces (Excel and copies from web pages leave them); they were trimmed.');
    expect(r.warnings.some((w) => w.startsWith('Column "sex": 1 value had'))).toBe(true);
  });

  it('reports real problems after trimming, not the spaces', async () => {
    const r = refusal(await store.ingest('referrals', 'period,area_name,referrals\n2024-Q1,Ashfield\u00A0,3\n2024-Q1,Nowhere,2\n'));
    expect(r.errors.map((e) => [e.code, e.line])).toEqual([['unknown_area', 3]]);
  });
});

describe('area codes as case systems export them', () => {
  it('names the authority behind a DfE number and its ONS code', async () => {
    const r = refusal(await store.ingest('referrals', 'period,area_code,referrals\n2024-Q1,892,3\n'));
    expect(r.errors[0]!.message).toBe('Line 2, column area_code: "892" is the DfE number of Nottingham; give its ONS code, E06000018.');
  });
});

describe('area names as people write them', () => {
  const VARIANTS: [string, string][] = [
    ['Nottingham City', 'E06000018'],
    ['City of Nottingham', 'E06000018'],
    ['Nottingham City Council', 'E06000018'],
    ['City of Bristol', 'E06000023'],
    ['Bristol', 'E06000023'],
    ['Bristol, City of', 'E06000023'],
    ['Kingston upon Hull', 'E06000010'],
    ['Kingston upon Hull City', 'E06000010'],
    ['Herefordshire', 'E06000019'],
    ['County of Herefordshire', 'E06000019'],
    ['St. Helens', 'E08000013'],
    ['St Helens', 'E08000013'],
    ['Saint Helens', 'E08000013'],
    ['Telford & Wrekin', 'E06000020'],
    ['Brighton & Hove', 'E06000043'],
    ['Windsor & Maidenhead', 'E06000040'],
    ['Newark & Sherwood', 'E07000175'],
    ['Isles Of Scilly', 'E06000053'],
    ['stockport council', 'E08000007'],
    ['STOCKTON ON TEES', 'E06000004'],
  ];
  for (const [name, code] of VARIANTS) {
    it(`reads "${name}" as ${code}`, async () => {
      const r = loaded(await store.ingest('referrals', `period,area_name,referrals\n2024-Q1,"${name}",3\n`, { dryRun: true }));
      expect(r.partitions.map((p) => p.area_code)).toEqual([code]);
      expect(r.warnings.filter((w) => w.includes('trimmed'))).toEqual([]);
    });
  }

  it('still refuses a name that is not an area, and a retired name keeps its own code', async () => {
    refusal(await store.ingest('referrals', 'period,area_name,referrals\n2024-Q1,Nottingham Town,3\n'));
    const r = loaded(await store.ingest('referrals', 'period,area_name,referrals\n2015-Q1,Northamptonshire,3\n', { dryRun: true }));
    expect(r.partitions.map((p) => p.area_code)).toEqual(['E10000021']);
  });
});

describe('upload attempts', () => {
  it('records a refusal with its areas and error counts by rule, and a load, but not a dry run', async () => {
    const count = async () => Number((await store.connection.runAndReadAll('SELECT count(*) AS n FROM upload_attempts')).getRowObjectsJS()[0]!.n);
    const before = await count();
    await store.ingest('referrals', 'period,area_code,referrals\n2024-Q1,E08000007,-1\n2024-Q1,E0800000X,2\n', { dryRun: true });
    expect(await count()).toBe(before);
    await store.ingest('referrals', 'period,area_code,referrals\n2024-Q1,E08000007,-1\n2024-Q1,E0800000X,2\n');
    loaded(await store.ingest('mase', 'period,area_code,cases_discussed\n2024-Q1,E08000007,4\n'));
    const rows = (await store.connection.runAndReadAll(
      `SELECT dataset, outcome, areas, error_count, errors_by_code::VARCHAR AS by_code, upload_id IS NOT NULL AS has_upload FROM upload_attempts ORDER BY id DESC LIMIT 2`,
    )).getRowObjectsJS();
    expect(rows[1]).toMatchObject({ dataset: 'referrals', outcome: 'refused', areas: ['E08000007'], error_count: 2n, has_upload: false });
    expect(JSON.parse(String(rows[1]!.by_code))).toEqual({ negative_count: 1, unknown_area: 1 });
    expect(rows[0]).toMatchObject({ dataset: 'mase', outcome: 'loaded', areas: ['E08000007'], error_count: 0n, has_upload: true });
  });
});
