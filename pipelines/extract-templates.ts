import type ExcelJS from 'exceljs';
import { loadExcel } from './excel-library.js';
import { DATASETS, type Dataset, type DatasetId } from './extract-schema.js';

/**
 * Downloadable templates, one per dataset: a CSV header, and a workbook made so that Excel cannot
 * do its usual damage. Every column that is not a count is formatted as Text (so `10-12` stays a
 * band, not 10 December, and codes keep their leading zeros), each dimension offers its allowed
 * values in a drop-down list, and counts must be whole numbers of 0 or more.
 */

/** Rows the workbook's lists and checks cover: far more than a quarter's aggregate return. */
const TEMPLATE_ROWS = 20_000;

export function templateColumns(dataset: Dataset): string[] {
  return ['period', 'area_code', ...dataset.dimensions.map((d) => d.name), ...dataset.measures.map((m) => m.name)];
}

export function templateCsv(id: DatasetId): string {
  return `${templateColumns(DATASETS[id]).join(',')}\r\n`;
}

/** exceljs has range-wide data validations (written as one `sqref`) but does not type them. */
interface RangeValidations {
  dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void };
}

const quotedList = (values: readonly string[]) => `"${values.join(',')}"`;

export async function templateWorkbook(id: DatasetId): Promise<Buffer> {
  const dataset = DATASETS[id];
  const excel = await loadExcel();
  const wb = new excel.Workbook();
  wb.creator = 'CSE Profile';
  const ws = wb.addWorksheet(dataset.id, { views: [{ state: 'frozen', ySplit: 1 }] });
  const columns = templateColumns(dataset);
  ws.columns = columns.map((name) => ({ header: name, key: name, width: Math.max(12, name.length + 2) }));
  ws.getRow(1).font = { bold: true };
  const last = TEMPLATE_ROWS + 1;
  const validations = (ws as unknown as RangeValidations).dataValidations;
  columns.forEach((name, i) => {
    const column = ws.getColumn(i + 1);
    const range = `${column.letter}2:${column.letter}${last}`;
    const dimension = dataset.dimensions.find((d) => d.name === name);
    const measure = dataset.measures.find((m) => m.name === name);
    if (measure) {
      validations.add(range, {
        type: 'whole', operator: 'greaterThanOrEqual', formulae: [0], allowBlank: true, showErrorMessage: true,
        errorTitle: 'A count', error: `${measure.label}: a whole number of 0 or more, or blank for not recorded.`,
      });
      return;
    }
    // Text, so Excel keeps what is typed or pasted as written.
    column.numFmt = '@';
    if (dimension) {
      validations.add(range, {
        type: 'list', formulae: [quotedList(dimension.values)], allowBlank: true, showErrorMessage: true,
        errorTitle: dimension.label, error: `One of: ${dimension.values.join(', ')}.`,
      });
    } else if (name === 'period') {
      validations.add(range, {
        type: 'textLength', operator: 'greaterThan', formulae: [0], allowBlank: true, showInputMessage: true,
        promptTitle: 'Period', prompt: 'A quarter (2024-Q1, 2024/25 Q1) or a date (2024-04-17).',
      });
    }
  });
  const notes = wb.addWorksheet('Read me');
  notes.columns = [{ header: 'column', key: 'column', width: 30 }, { header: 'holds', key: 'holds', width: 90 }];
  notes.getRow(1).font = { bold: true };
  notes.addRow({ column: 'period', holds: 'A quarter (2024-Q1, 2024 Q1, Q1 2024, 2024/25 Q1) or a record date (2024-04-17 or 17/04/2024).' });
  notes.addRow({ column: 'area_code', holds: 'ONS code of the area (E06…, E08…, E09…, E10…, E07…); or replace the column by area_name.' });
  for (const d of dataset.dimensions) notes.addRow({ column: d.name, holds: `${d.label}: ${d.values.join(', ')} (blank means unknown).` });
  for (const m of dataset.measures) {
    notes.addRow({ column: m.name, holds: `${m.label}: a whole number of 0 or more${m.atMost ? `, at most ${m.atMost}` : ''}; blank means not recorded.` });
  }
  notes.addRow({ column: '', holds: 'Leave out the count columns to upload one row per record instead. Upload this sheet as it is (.xlsx), or save it as CSV UTF-8.' });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
