import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { parseHeader, readFirstLine, type CsvHeader } from '../csv-header.js';
import { inspectFile, transcodeWindows1252 } from '../file-inspection.js';
import { describeStructuralError, scanRecords, structuralExpectation } from '../record-lines.js';
import { assignRoles, readMetaFile, type ColumnMeta, type ColumnProfile, type ColumnRoles } from './column-roles.js';
import { OBSERVATIONAL_COLUMNS, REQUIRED_COLUMNS } from './ees-format.js';
import { loadStats } from './load-stats.js';
import { stagePeriods, stageRows } from './stage-rows.js';
import { STATS_RULES, type StatsError } from './stats-errors.js';
import { findStatsErrors } from './find-stats-errors.js';
import { isBlankSql, isNumberSql, isSymbolSql, isWholeSql, readCsvSql } from './stats-sql.js';

export interface ImportStatsOptions {
  path: string;
  /** The SLUG: indicators are named `SLUG.<column>`, and a new import of it replaces the old. */
  name: string;
  /** The name the user gave the file (uploads arrive under a temporary name). */
  fileName?: string;
  user?: string;
  /** The EES metadata file; by default `<file>.meta.csv` beside the data file, if there is one. */
  metaPath?: string | null;
}

export interface ImportStatsSuccess {
  ok: true;
  name: string;
  import_id: number;
  rows: number;
  indicators: string[];
  filters: string[];
  geographic_levels: string[];
  periods: string[];
  warnings: string[];
}

export interface ImportStatsRefusal {
  ok: false;
  name: string;
  errors: StatsError[];
  error_count: number;
  warnings: string[];
}

export type ImportStatsResult = ImportStatsSuccess | ImportStatsRefusal;

/** Lower-case letters, digits and underscores, starting with a letter: it becomes part of ids. */
export function isStatsName(name: string): boolean {
  return /^[a-z][a-z0-9_]{0,62}$/.test(name);
}

const refuse = (name: string, errors: StatsError[], count: number, warnings: string[]): ImportStatsRefusal => ({
  ok: false,
  name,
  errors,
  error_count: count,
  warnings,
});

const fileError = (code: StatsError['code'], message: string, column: string | null = null): StatsError => ({
  line: null,
  column,
  code,
  message,
});

/**
 * Reads an Explore Education Statistics tidy file of any shape, checks every row, and only if all
 * are valid replaces everything previously imported under the same name, in one transaction.
 * The connection should be one of its own: the work uses temporary tables and a transaction.
 */
export async function importOfficialStats(c: DuckDBConnection, options: ImportStatsOptions): Promise<ImportStatsResult> {
  const { name } = options;
  if (!isStatsName(name)) throw new RangeError(`"${name}" is not a valid name: use lower-case letters, digits and _`);
  const warnings: string[] = [];
  if ((await stat(options.path)).size === 0) {
    return refuse(name, [fileError('empty_file', 'The file is empty.')], 1, warnings);
  }

  let scratch: string | null = null;
  try {
    const inspection = await inspectFile(options.path);
    let path = options.path;
    if (!inspection.utf8) {
      scratch = await mkdtemp(join(tmpdir(), 'cse-profile-stats-'));
      path = join(scratch, 'utf8.csv');
      await transcodeWindows1252(options.path, path);
      warnings.push('The file is not valid UTF-8, so it was read as Windows-1252. Check that names with accents look right.');
    }

    const header = parseHeader(await readFirstLine(path));
    const headerErrors = checkHeader(header);
    if (headerErrors.length > 0) return refuse(name, headerErrors, headerErrors.length, warnings);

    try {
      await c.run(`CREATE OR REPLACE TEMP TABLE ees_stg AS SELECT * FROM ${readCsvSql(path, header.delimiter, header.names.length)}`);
    } catch (error) {
      if (!(error instanceof Error && /CSV Error|Invalid Input Error|unterminated quote/i.test(error.message))) throw error;
      return await structuralRefusal(name, path, header, warnings);
    }
    const rows = await countRows(c);
    if (rows === 0) return refuse(name, [fileError('empty_file', 'The file has a header but no data rows.')], 1, warnings);

    const profiles = await profileColumns(c, header);
    const roles = assignRoles(name, header, profiles, await metaFor(options));
    if (roles.indicators.length === 0) {
      const message = 'No column holds numbers: an EES file needs at least one indicator column besides time, geography and filters.';
      return refuse(name, [fileError('no_indicators', message)], 1, warnings);
    }
    const duplicateIds = duplicateIndicatorIds(roles);
    if (duplicateIds.length > 0) return refuse(name, duplicateIds, duplicateIds.length, warnings);

    const periodWarnings = await stagePeriods(c, header);
    const staged = await stageRows(c, header);
    warnings.push(...periodWarnings, ...staged.warnings, ...blankWarnings(roles, profiles));

    const { errors, count } = await findStatsErrors(c, header, roles, (records) =>
      scanRecords(path, header.delimiter, header.names.length, records, 0).then((s) => s.lines),
    );
    if (count > 0) return refuse(name, errors, count, warnings);

    const importId = await loadStats(c, {
      name,
      fileName: options.fileName ?? basename(options.path),
      sha256: inspection.sha256,
      user: options.user ?? 'cli',
      rows,
      roles,
      warnings,
    });
    return {
      ok: true,
      name,
      import_id: importId,
      rows,
      indicators: roles.indicators.map((i) => i.id),
      filters: roles.filters.map((f) => f.name),
      geographic_levels: staged.levels,
      periods: staged.periods,
      warnings,
    };
  } finally {
    for (const table of ['ees_stg', 'ees_periods', 'ees_rows']) await c.run(`DROP TABLE IF EXISTS ${table}`);
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
}

function checkHeader(header: CsvHeader): StatsError[] {
  const errors: StatsError[] = [];
  const seen = new Set<string>();
  for (const n of header.names) {
    if (seen.has(n)) errors.push(fileError('duplicate_column', `The column "${n}" appears more than once.`, n));
    seen.add(n);
  }
  for (const required of REQUIRED_COLUMNS) {
    if (!seen.has(required)) {
      errors.push({ ...fileError('missing_column', `The column "${required}" is missing; every EES file has it.`, required), expected: required });
    }
  }
  return errors;
}

/** Two indicator columns that name the same id (`Going missing` and `going_missing`). */
function duplicateIndicatorIds(roles: ColumnRoles): StatsError[] {
  const byId = new Map<string, string>();
  const errors: StatsError[] = [];
  for (const i of roles.indicators) {
    const other = byId.get(i.id);
    if (other) errors.push(fileError('duplicate_column', `The columns "${other}" and "${i.column}" would both be the indicator ${i.id}.`, i.column));
    byId.set(i.id, i.column);
  }
  return errors;
}

async function structuralRefusal(name: string, path: string, header: CsvHeader, warnings: string[]): Promise<ImportStatsRefusal> {
  const scan = await scanRecords(path, header.delimiter, header.names.length, new Set(), 100);
  const errors: StatsError[] = scan.structuralErrors.map((e) => ({
    line: e.line,
    column: null,
    code: e.kind,
    message: describeStructuralError(e, header.names.length),
    expected: structuralExpectation(e, header.names.length),
  }));
  if (errors.length === 0) errors.push(fileError('ragged_row', STATS_RULES.ragged_row));
  return refuse(name, errors, Math.max(scan.structuralErrorCount, errors.length), warnings);
}

async function countRows(c: DuckDBConnection): Promise<number> {
  const reader = await c.runAndReadAll('SELECT count(*) AS n FROM ees_stg');
  return Number(reader.getRowObjectsJS()[0]!.n);
}

async function metaFor(options: ImportStatsOptions): Promise<Map<string, ColumnMeta>> {
  const sibling = options.path.replace(/\.csv$/i, '') + '.meta.csv';
  const path = options.metaPath === undefined ? (existsSync(sibling) ? sibling : null) : options.metaPath;
  return path ? readMetaFile(path) : new Map();
}

/** One pass over the file measuring every candidate column: numbers, symbols, text, blanks. */
async function profileColumns(c: DuckDBConnection, header: CsvHeader): Promise<Map<number, ColumnProfile>> {
  const candidates = header.names.flatMap((n, i) => (OBSERVATIONAL_COLUMNS.has(n) ? [] : [i]));
  const profiles = new Map<number, ColumnProfile>();
  if (candidates.length === 0) return profiles;
  const select = candidates.flatMap((i) => {
    const v = `c${i}`;
    return [
      `count_if(${isNumberSql(v)}) AS n${i}`,
      `count_if(${isSymbolSql(v)}) AS s${i}`,
      `count_if(NOT (${isBlankSql(v)} OR ${isNumberSql(v)} OR ${isSymbolSql(v)})) AS o${i}`,
      `count_if(${isBlankSql(v)}) AS b${i}`,
      `coalesce(bool_and(${isWholeSql(v)}) FILTER (WHERE ${isNumberSql(v)}), true) AS w${i}`,
    ];
  });
  const reader = await c.runAndReadAll(`SELECT ${select.join(', ')} FROM ees_stg`);
  const r = reader.getRowObjectsJS()[0]!;
  for (const i of candidates) {
    profiles.set(i, {
      numbers: Number(r[`n${i}`]),
      symbols: Number(r[`s${i}`]),
      other: Number(r[`o${i}`]),
      blanks: Number(r[`b${i}`]),
      wholeNumbers: Boolean(r[`w${i}`]),
    });
  }
  return profiles;
}

function blankWarnings(roles: ColumnRoles, profiles: ReadonlyMap<number, ColumnProfile>): string[] {
  const blanks = roles.indicators.reduce((sum, i) => sum + (profiles.get(i.index)?.blanks ?? 0), 0);
  if (blanks === 0) return [];
  return [`${blanks} indicator cell(s) are blank; they are stored as not available. EES files should use a symbol (x) instead.`];
}
