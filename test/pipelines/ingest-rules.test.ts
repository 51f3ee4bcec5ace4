import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES, type RuleCode } from '../../pipelines/extract-errors.js';
import { fingerprint, openTestStore, refusal, type TestStore } from '../helpers/extract-files.js';

let store: TestStore;
beforeAll(async () => {
  store = await openTestStore();
});
afterAll(() => store.close());

const H = 'period,area_code,sex,risk_level,referrals,children';

/** One failing file per rule: the code, the physical line and the column it must report. */
const CASES: {
  rule: RuleCode; file: string; line: number | null; column: string | null; dataset?: 'referrals' | 'missing' | 'mase'; says?: RegExp;
  /** The writer's areas (an analyst limited to Stockport); every area when absent. */
  allowedAreas?: string[];
}[] = [
  { rule: 'empty_file', file: '', line: null, column: null },
  { rule: 'empty_file', file: `${H}\n`, line: null, column: null, says: /no data rows/ },
  { rule: 'missing_column', file: 'area_code,referrals\nE08000007,3\n', line: 1, column: 'period' },
  { rule: 'unknown_column', file: 'period,area_code,referals\n2015-Q1,E08000007,3\n', line: 1, column: 'referals', says: /Did you mean "referrals"/ },
  { rule: 'duplicate_column', file: 'period,area_code,sex,Sex\n2015-Q1,E08000007,f,m\n', line: 1, column: 'Sex' },
  { rule: 'conflicting_columns', file: 'period,area_code,age,age_band\n2015-Q1,E08000007,14,13-15\n', line: 1, column: 'age' },
  { rule: 'personal_data_column', file: 'period,area_code,First Name\n2015-Q1,E08000007,Ann\n', line: 1, column: 'First Name' },
  { rule: 'personal_data_column', file: 'period,area_code,DOB\n2015-Q1,E08000007,2001-01-01\n', line: 1, column: 'DOB' },
  { rule: 'personal_data', file: `${H}\n2015-Q1,E08000007,f,high,3,2\n2015-Q1,E08000007,someone@example.org,low,1,1\n`, line: 3, column: 'sex' },
  { rule: 'personal_data', file: `${H}\n2015-Q1,E08000007,f,SK1 3XE,3,2\n`, line: 2, column: 'risk_level' },
  { rule: 'ragged_row', file: `${H}\n2015-Q1,E08000007,f,high,3,2\n2015-Q2,E08000007,f,high,3\n`, line: 3, column: null },
  { rule: 'unterminated_quote', file: `${H}\n2015-Q1,E08000007,f,high,3,2\n2015-Q2,E08000007,"f,high,3,2\n`, line: 3, column: null },
  { rule: 'missing_value', file: `${H}\n,E08000007,f,high,3,2\n`, line: 2, column: 'period' },
  { rule: 'missing_value', file: `${H}\n2015-Q1,,f,high,3,2\n`, line: 2, column: 'area_code' },
  { rule: 'invalid_period', file: `${H}\n2015-Q1,E08000007,f,high,3,2\n2015-Q5,E08000007,f,high,3,2\n`, line: 3, column: 'period' },
  { rule: 'invalid_period', file: `${H}\n2015/17 Q1,E08000007,f,high,3,2\n`, line: 2, column: 'period' },
  { rule: 'period_in_future', file: `${H}\n2099-Q1,E08000007,f,high,3,2\n`, line: 2, column: 'period' },
  { rule: 'period_before_2000', file: `${H}\n1999-Q4,E08000007,f,high,3,2\n`, line: 2, column: 'period' },
  { rule: 'unknown_area', file: `${H}\n2015-Q1,E0800007,f,high,3,2\n`, line: 2, column: 'area_code', says: /Did you mean E08000007 \(Stockport\)/ },
  { rule: 'unknown_area', file: 'period,area_name,referrals\n2015-Q1,Stockpot,3\n', line: 2, column: 'area_name', says: /Did you mean Stockport/ },
  { rule: 'area_not_allowed', file: `${H}\n2015-Q1,E08000007,f,high,3,2\n2015-Q1,E06000018,f,high,3,2\n`, line: 3, column: 'area_code', says: /Nottingham/, allowedAreas: ['E08000007'] },
  { rule: 'area_not_allowed', file: 'period,area_name,referrals\n2015-Q1,England,3\n', line: 2, column: 'area_name', allowedAreas: ['E08000007'] },
  { rule: 'invalid_value', file: `${H}\n2015-Q1,E08000007,femal,high,3,2\n`, line: 2, column: 'sex', says: /one of female, male, other, unknown/ },
  { rule: 'invalid_value', file: 'period,area_code,age\n2015-Q1,E08000007,31\n', line: 2, column: 'age' },
  { rule: 'excel_date', file: 'period,area_code,age_band,referrals\n2015-Q1,E08000007,13-15,3\n2015-Q1,E08000007,10-Dec,2\n', line: 3, column: 'age_band', says: /Excel.*10-12.*format the column as Text/ },
  { rule: 'line_too_long', file: `${H}\n2015-Q1,E08000007,f,high,3,2\n2015-Q2,E08000007,f,"${'x'.repeat(3_000_000)}",3,2\n`, line: 3, column: null, says: /Line 3 is 3,000,\d+ bytes long/ },
  { rule: 'not_a_number', file: `${H}\n2015-Q1,E08000007,f,high,three,2\n`, line: 2, column: 'referrals' },
  { rule: 'negative_count', file: `${H}\n2015-Q1,E08000007,f,high,-3,2\n`, line: 2, column: 'referrals' },
  { rule: 'fractional_count', file: `${H}\n2015-Q1,E08000007,f,high,3,1.5\n`, line: 2, column: 'children' },
  { rule: 'measure_above_bound', file: `${H}\n2015-Q1,E08000007,f,high,3,4\n`, line: 2, column: 'children' },
  {
    rule: 'measure_above_bound',
    dataset: 'missing',
    file: 'period,area_code,episodes,return_interviews_offered,return_interviews_within_72h\n2015-Q1,E08000007,10,4,5\n',
    line: 2,
    column: 'return_interviews_within_72h',
  },
  { rule: 'duplicate_key', file: `${H}\n2015-Q1,E08000007,f,high,3,2\n2015-Q2,E08000007,f,high,3,2\n2015 Q1,E08000007,F,high,1,1\n`, line: 4, column: 'period', says: /as line 2/ },
];

describe('every validation rule refuses its file with code, line and column', () => {
  it('covers every rule code (those only a workbook can break: ingest-xlsx.test.ts)', () => {
    const workbookOnly = ['unknown_sheet', 'not_a_workbook'];
    expect(new Set(CASES.map((c) => c.rule))).toEqual(new Set(Object.keys(RULES).filter((r) => !workbookOnly.includes(r))));
  });

  for (const c of CASES) {
    it(`${c.rule}: ${JSON.stringify(c.file.split('\n').slice(0, 1)[0] ?? '')}…`, async () => {
      const before = await fingerprint(store.connection);
      const result = refusal(await store.ingest(c.dataset ?? 'referrals', c.file, { allowedAreas: c.allowedAreas ?? null }));
      const error = result.errors.find((e) => e.code === c.rule);
      expect(error, JSON.stringify(result.errors)).toBeDefined();
      expect(error!.line).toBe(c.line);
      expect(error!.column).toBe(c.column);
      expect(error!.message.length).toBeGreaterThan(10);
      if (c.says) expect(error!.message).toMatch(c.says);
      expect(result.error_count).toBeGreaterThanOrEqual(result.errors.length);
      expect(await fingerprint(store.connection)).toEqual(before);
    });
  }
});

describe('refusal reports', () => {
  it('never echo a value that looks like personal data', async () => {
    const result = refusal(await store.ingest('referrals', `${H}\n2015-Q1,E08000007,0161 480 4949,high,3,2\n`));
    expect(result.errors[0]!.code).toBe('personal_data');
    expect(JSON.stringify(result)).not.toContain('480 4949');
  });

  it('lists the first 100 problems in file order and counts them all', async () => {
    const rows = Array.from({ length: 250 }, (_, i) => `2015-Q1,E08000007,bad${i},high,3,2`).join('\n');
    const result = refusal(await store.ingest('referrals', `${H}\n${rows}\n`));
    expect(result.error_count).toBe(250);
    expect(result.errors).toHaveLength(100);
    expect(result.errors.map((e) => e.line)).toEqual(Array.from({ length: 100 }, (_, i) => i + 2));
  });

  it('report physical lines even after quoted fields with line breaks and blank lines', async () => {
    const file = `${H}\r\n"2015-Q1",E08000007,"f",high,3,2\r\n\r\n2015-Q2,"E08000007",f,"high\r\n",3,2\r\n2015-Q3,E08000007,f,high,3,x\r\n`;
    const result = refusal(await store.ingest('referrals', file));
    const codes = result.errors.map((e) => [e.code, e.line]);
    expect(codes).toContainEqual(['invalid_value', 4]);
    expect(codes).toContainEqual(['not_a_number', 6]);
  });
});
