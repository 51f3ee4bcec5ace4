import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { cellText, columnLetter, workbookToCsv } from '../../pipelines/workbook-csv.js';

describe('cells read back to the text the format means', () => {
  it.each<[ExcelJS.CellValue, string]>([
    [null, ''],
    [' 13-15 ', ' 13-15 '],
    ['two\nlines', 'two lines'],
    [5, '5'],
    [2.9999999999999996, '3'],
    [6.000000000000001, '6'],
    [1.5, '1.5'],
    [-2, '-2'],
    [true, 'true'],
    [new Date('2015-04-17T00:00:00Z'), '2015-04-17'],
    [{ richText: [{ text: 'Stock' }, { text: 'port' }] }, 'Stockport'],
    [{ formula: 'A1+1', result: 4.000000000000001 }, '4'],
    [{ error: '#N/A' } as ExcelJS.CellErrorValue, '#N/A'],
    [{ text: 'Rugby', hyperlink: 'https://example.org' }, 'Rugby'],
  ])('%j → %j', (value, text) => {
    expect(cellText(value)).toBe(text);
  });

  it('names columns as Excel does', () => {
    expect([0, 25, 26, 51, 52, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA']);
  });
});

describe('a sheet streamed to CSV', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cse-workbook-test-'));
  it('keeps CSV lines in step with sheet rows, pads short rows and quotes what needs it', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Data');
    ws.getCell('A3').value = 'period';
    ws.getCell('B3').value = 'area_name';
    ws.getCell('A4').value = '2024-Q1';
    ws.getCell('B4').value = 'Bristol, City of';
    ws.getCell('A7').value = '2024-Q2';
    const from = join(dir, `rows.xlsx`);
    writeFileSync(from, Buffer.from(await wb.xlsx.writeBuffer()));
    const to = join(dir, `rows.csv`);
    expect(await workbookToCsv(from, to)).toEqual({ sheet: 'Data', rowOffset: 2, header: ['period', 'area_name'] });
    expect(readFileSync(to, 'utf8')).toBe('period,area_name\r\n2024-Q1,"Bristol, City of"\r\n\r\n\r\n2024-Q2,\r\n');
  });

  it('stops a sheet that would outgrow the limit', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Big');
    for (let i = 0; i < 200; i++) ws.addRow(['2024-Q1', 'E08000007', 'x'.repeat(50)]);
    const from = join(dir, `big.xlsx`);
    writeFileSync(from, Buffer.from(await wb.xlsx.writeBuffer()));
    expect(await workbookToCsv(from, join(dir, `big.csv`), undefined, 5_000)).toEqual({ kind: 'sheet_too_large', sheet: 'Big', maxBytes: 5_000 });
  });
});
