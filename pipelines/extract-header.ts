import type { CsvHeader } from './csv-header.js';
import { AGE_COLUMN, type Dataset, knownColumns } from './extract-schema.js';
import type { ExtractError } from './extract-errors.js';
import { nearest } from './nearest.js';
import { personalDataColumn } from './personal-data.js';

export interface HeaderCheck {
  /** Known column name → staging column (`c0`, `c1`, ...). */
  columns: Map<string, string>;
  /** True when the file carries measure columns; otherwise each row is one record. */
  aggregate: boolean;
  errors: ExtractError[];
}

/** Staging column names are positional so that odd header text never reaches SQL. */
export const stagingColumn = (index: number) => `c${index}`;

export function checkHeader(dataset: Dataset, header: CsvHeader): HeaderCheck {
  const known = knownColumns(dataset);
  const columns = new Map<string, string>();
  const errors: ExtractError[] = [];
  const error = (column: string | null, code: ExtractError['code'], message: string, expected?: string) =>
    errors.push({ line: 1, column, code, message, ...(expected ? { expected } : {}) });

  header.names.forEach((name, i) => {
    const written = header.raw[i] ?? name;
    const personal = personalDataColumn(name);
    if (personal) {
      error(written, 'personal_data_column', `Column "${written}" looks like ${personal}. Extracts must not contain personal data: remove the column.`);
    } else if (name === '') {
      error(null, 'unknown_column', `Column ${i + 1} has no name.`, 'a column name from the data dictionary');
    } else if (!known.includes(name)) {
      const suggestions = nearest(name, known);
      const hint = suggestions.length ? ` Did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?` : '';
      error(written, 'unknown_column', `Column "${written}" is not part of the ${dataset.id} data dictionary.${hint}`, suggestions[0] ?? known.join(', '));
    } else if (columns.has(name)) {
      error(written, 'duplicate_column', `Column "${written}" appears more than once.`);
    } else {
      columns.set(name, stagingColumn(i));
    }
  });

  if (!columns.has('period')) error('period', 'missing_column', 'The required column "period" is missing.', 'period');
  if (!columns.has('area_code') && !columns.has('area_name')) {
    error('area_code', 'missing_column', 'The file needs an "area_code" or an "area_name" column.', 'area_code');
  }
  if (columns.has('age_band') && columns.has(AGE_COLUMN)) {
    error(AGE_COLUMN, 'conflicting_columns', 'Give either "age_band" or "age", not both.');
  }
  const aggregate = dataset.measures.some((m) => columns.has(m.name));
  return { columns, aggregate, errors };
}
