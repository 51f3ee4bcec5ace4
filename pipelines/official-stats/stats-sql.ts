import type { Delimiter } from '../csv-header.js';
import { SYMBOLS } from './ees-format.js';

/** A SQL string literal; file contents (level names, filter names) only ever enter SQL this way. */
export const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;

const NUMBER = `'-?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?'`;
const SYMBOL_LIST = SYMBOLS.map(lit).join(', ');

export const isBlankSql = (raw: string) => `(${raw} IS NULL OR trim(${raw}) = '')`;
export const isNumberSql = (raw: string) => `regexp_full_match(trim(${raw}), ${NUMBER})`;
export const isSymbolSql = (raw: string) => `(lower(trim(${raw})) IN (${SYMBOL_LIST}))`;
export const isWholeSql = (raw: string) => `regexp_full_match(trim(${raw}), '-?\\d+(\\.0*)?')`;

/** The number in a cell, or NULL for a symbol or a blank. */
export const valueSql = (raw: string) => `CASE WHEN ${isNumberSql(raw)} THEN trim(${raw})::DOUBLE END`;
export const symbolSql = (raw: string) => `CASE WHEN ${isSymbolSql(raw)} THEN lower(trim(${raw})) END`;

/** A code cell: blank or a symbol (EES writes `x` for codes that do not exist) means none. */
export const codeSql = (raw: string) => `CASE WHEN NOT (${isBlankSql(raw)} OR ${isSymbolSql(raw)}) THEN trim(${raw}) END`;

/** DuckDB's CSV reader with every option pinned, each column read as text into `c0`, `c1`, .... */
export function readCsvSql(path: string, delimiter: Delimiter, fields: number): string {
  const columns = Array.from({ length: fields }, (_, i) => `'c${i}': 'VARCHAR'`).join(', ');
  const delim = delimiter === '\t' ? '\\t' : delimiter;
  return `read_csv(${lit(path)}, columns = {${columns}}, header = true, delim = E'${delim}', quote = '"',
    escape = '"', auto_detect = false, strict_mode = true, null_padding = false)`;
}
