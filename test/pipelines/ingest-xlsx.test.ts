import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetId } from '../../pipelines/extract-schema.js';
import { ingestExtract } from '../../pipelines/ingest.js';
import { PROJECT_ROOT } from '../../pipelines/project-paths.js';
import { csvFile, fingerprint, openTestStore, refusal, type TestStore } from '../helpers/extract-files.js';

let store: TestStore;
beforeAll(async () => {
  store = await openTestStore();
});
afterAll(() => store.close());

const EXTRACTS = join(PROJECT_ROOT, 'data', 'examples', 'extracts');
const readCsv = (name: string) => Papa.parse<string[]>(readFileSync(join(EXTRACTS, name), 'utf8'), { skipEmptyLines: true }).data;

/** A workbook of rows as exceljs writes it; `cell` may turn a CSV value into a typed one. */
async function workbook(sheets: { name: string; rows: unknown[][]; format?: (cell: ExcelJS.Cell) => void }[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    for (const row of s.rows) {
      const added = ws.addRow(row);
      if (s.format) added.eachCell((c) => s.format!(c));
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const ingestFile = (dataset: DatasetId, path: string, sheet?: string) =>
  ingestExtract(store.connection, { dataset, path, dryRun: true, ...(sheet ? { sheet } : {}) });

const summary = (r: Awaited<ReturnType<typeof ingestFile>>) => {
  if (!r.ok) throw new Error(JSON.stringify(r.errors.slice(0, 3)));
  return { rows: r.rows, totals: r.totals, partitions: r.partitions.map((p) => [p.area_code, p.period, p.new_totals]) };
};

describe('.xlsx uploads load exactly as their CSV twins', () => {
  const DEMO: [DatasetId, string][] = [
    ['referrals', 'nottingham-referrals.csv'],
    ['referrals', 'nottinghamshire-referrals-records.csv'],
    ['mase', 'warwickshire-mase.csv'],
  ];
  for (const [dataset, file] of DEMO) {
    it(`${file}, written by exceljs with counts as numbers`, async () => {
      const rows = readCsv(file).map((r, i) => (i === 0 ? r : r.map((v) => (/^\d+$/.test(v) ? Number(v) : v))));
      const xlsx = csvFile(await workbook([{ name: 'Extract', rows }]), file.replace('.csv', '.xlsx'));
      const fromCsv = summary(await ingestFile(dataset, join(EXTRACTS, file)));
      expect(summary(await ingestFile(dataset, xlsx))).toEqual(fromCsv);
      expect(fromCsv.rows).toBeGreaterThan(50);
    });
  }

  it('reads dates and floating-point counts in typed cells back to the text they stand for', async () => {
    const rows = readCsv('stockport-referrals-records.csv');
    const header = rows[0]!;
    const periodAt = header.indexOf('period');
    // An aggregate twin: the record file's rows counted, with a count Excel holds as a float.
    const typed = rows.slice(1).map((r, i) => {
      const cells: unknown[] = [...r];
      const iso = /^\d{4}-\d{2}-\d{2}$/.test(r[periodAt]!) ? r[periodAt]! : null;
      if (iso) cells[periodAt] = new Date(`${iso}T00:00:00Z`);
      return cells;
    });
    const csv = csvFile(readFileSync(join(EXTRACTS, 'stockport-referrals-records.csv')));
    const xlsx = csvFile(await workbook([{ name: 'Sheet1', rows: [header, ...typed], format: (c) => { if (c.value instanceof Date) c.numFmt = 'dd/mm/yyyy'; } }]), 'typed.xlsx');
    expect(summary(await ingestFile('referrals', xlsx))).toEqual(summary(await ingestFile('referrals', csv)));

    const aggregate = [['period', 'area_code', 'age_band', 'referrals', 'children'], ['2024-Q1', 'E08000007', '13-15', 0.1 * 30, 2.0000000000000004], [new Date('2024-05-17T00:00:00Z'), 'E08000007', '16-17', 7, 1 - 1e-12]];
    const twin = 'period,area_code,age_band,referrals,children\n2024-Q1,E08000007,13-15,3,2\n2024-05-17,E08000007,16-17,7,1\n';
    expect(summary(await ingestFile('referrals', csvFile(await workbook([{ name: 'Counts', rows: aggregate }]), 'floats.xlsx'))))
      .toEqual(summary(await ingestFile('referrals', csvFile(twin))));
  });
});

describe('a refused workbook names sheet and cell', () => {
  it('gives the cell of each problem, with the row as the line, and stores nothing', async () => {
    const before = await fingerprint(store.connection);
    const xlsx = csvFile(await workbook([
      { name: 'Notes', rows: [['read me']] },
      { name: 'Q1 return', rows: [[], ['period', 'area_code', 'sex', 'referrals'], ['2024-Q1', 'E08000007', 'f', 3], ['2024-Q1', 'E08000007', 'femal', 2], ['2024-Q1', 'E08000007', 'm', -1]] },
    ]), 'refused.xlsx');
    const r = refusal(await ingestExtract(store.connection, { dataset: 'referrals', path: xlsx, sheet: 'q1 RETURN' }));
    expect(r.errors.map((e) => [e.code, e.line, e.column, e.cell])).toEqual([
      ['invalid_value', 4, 'sex', "'Q1 return'!C4"],
      ['negative_count', 5, 'referrals', "'Q1 return'!D5"],
    ]);
    expect(r.errors[0]!.message).toMatch(/^Sheet Q1 return, cell C4: "femal"/);
    expect(r.by_rule.map((g) => [g.code, g.lines])).toEqual([['invalid_value', [4]], ['negative_count', [5]]]);
    expect(await fingerprint(store.connection)).toEqual(before);
  });

  it('names an Excel date in a band column once, by cell', async () => {
    const rows: unknown[][] = [['period', 'area_code', 'age_band', 'referrals'], ...Array.from({ length: 12 }, (_, i) => ['2024-Q1', 'E08000007', new Date(Date.UTC(2024, 11, 10)), i])];
    const r = refusal(await ingestFile('referrals', csvFile(await workbook([{ name: 'Data', rows }]), 'bands.xlsx')));
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ code: 'excel_date', cell: 'Data!C2' });
    expect(r.errors[0]!.message).toMatch(/and 11 more values.*was 10-12.*format the column as Text/);
  });

  it('refuses an unknown sheet, listing the sheets, and a broken workbook', async () => {
    const xlsx = csvFile(await workbook([{ name: 'Data', rows: [['period']] }]), 'sheets.xlsx');
    const r = refusal(await ingestFile('referrals', xlsx, 'Returns'));
    expect(r.errors[0]).toMatchObject({ code: 'unknown_sheet', message: 'The workbook has no sheet "Returns"; its sheets are "Data".' });
    const broken = refusal(await ingestFile('referrals', csvFile(Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(200, 7)]), 'broken.xlsx')));
    expect(broken.errors[0]!.code).toBe('not_a_workbook');
  });
});
