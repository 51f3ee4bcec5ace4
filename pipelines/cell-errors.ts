import type { DuckDBConnection } from '@duckdb/node-api';
import { FIXES, MAX_LISTED_ERRORS, RULES, type ExtractError, type RuleCode, type RuleCount } from './extract-errors.js';
import { normalisedRowsSql, rowIsBadSql, type ExtractSql } from './extract-sql.js';
import { nearest } from './nearest.js';
import { personalDataValue } from './personal-data.js';

export interface CellErrorQuery {
  sql: ExtractSql;
  /** The file read in order, one record after another. */
  source: string;
  aggregate: boolean;
  /** Maps data record indexes to physical line numbers. */
  locate: (records: ReadonlySet<number>) => Promise<Map<number, number>>;
}

interface Found {
  rec: number;
  column: string;
  code: RuleCode;
  raw: string | null;
  expected: string;
  firstRec?: number;
  /** For a rule listed once per column (excel_date): how many values it found there. */
  inColumn?: number;
}

/** Rules listed once per column with a count: one cause, one fix, however many lines. */
const ONCE_PER_COLUMN = new Set<string>(['excel_date']);

const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;
const MAX_ECHO = 60;

/**
 * The slow path, run only for a file already known to be bad: stages the raw rows so each
 * problem can be tied to its record, lists the first problems in file order and counts all.
 */
export async function findCellErrors(c: DuckDBConnection, q: CellErrorQuery): Promise<{ errors: ExtractError[]; count: number; rules: RuleCount[] }> {
  // Numbered in file order: the source is read by one thread (see readCsvSql's `ordered`).
  await c.run(`CREATE OR REPLACE TEMP TABLE cse_stg AS SELECT row_number() OVER () - 1 AS rec, * FROM ${q.source}`);
  try {
    const union = q.sql.checks
      .map((check, ord) => `SELECT s.rec, ${ord} AS ord, ${check.column} AS column_name, (${check.code}) AS code,
          ${check.source} AS raw, ${lit(check.expected)} AS expected
        FROM cse_stg s WHERE (${check.code}) IS NOT NULL`)
      .join('\nUNION ALL\n');
    await c.run(`CREATE OR REPLACE TEMP TABLE cse_err AS ${union}`);
    const once = [...ONCE_PER_COLUMN].map(lit).join(', ');
    const cells = await c.runAndReadAll(`SELECT *, count(*) OVER (PARTITION BY code, column_name) AS in_column FROM cse_err
      QUALIFY code NOT IN (${once}) OR row_number() OVER (PARTITION BY code, column_name ORDER BY rec) = 1
      ORDER BY rec, ord LIMIT ${MAX_LISTED_ERRORS}`);
    const byRule = await c.runAndReadAll(`SELECT code, count(*) AS n, min(rec, 5) AS first FROM cse_err GROUP BY code`);
    const rules = byRule.getRowObjectsJS().map((r) => ({ code: String(r.code) as RuleCode, count: Number(r.n), recs: (r.first as unknown[]).map(Number) }));
    let count = rules.reduce((n, r) => n + r.count, 0);
    const found: Found[] = cells.getRowObjectsJS().map((r) => ({
      rec: Number(r.rec),
      column: String(r.column_name),
      code: String(r.code) as RuleCode,
      raw: r.raw === null ? null : String(r.raw),
      expected: String(r.expected),
      inColumn: Number(r.in_column),
    }));

    if (q.aggregate) {
      const keys = q.sql.keys.map((_, i) => `k${i}`).join(', ');
      const dups = await c.runAndReadAll(`WITH d AS (
          SELECT rec, min(rec) OVER w AS first_rec, row_number() OVER w AS rn
          FROM (${normalisedRowsSql(q.sql, 'cse_stg', 's.rec')}) WHERE NOT (${rowIsBadSql(q.sql)})
          WINDOW w AS (PARTITION BY ${keys} ORDER BY rec))
        SELECT (SELECT count(*) FROM d WHERE rn > 1) AS total, rec, first_rec FROM d WHERE rn > 1
        ORDER BY rec LIMIT ${MAX_LISTED_ERRORS}`);
      const dupRows = dups.getRowObjectsJS();
      if (dupRows.length > 0) {
        const total = Number(dupRows[0]!.total);
        count += total;
        rules.push({ code: 'duplicate_key', count: total, recs: dupRows.slice(0, 5).map((r) => Number(r.rec)) });
      }
      for (const r of dupRows) {
        found.push({ rec: Number(r.rec), column: 'period', code: 'duplicate_key', raw: null, expected: 'one row per period, area and breakdown', firstRec: Number(r.first_rec) });
      }
    }

    found.sort((a, b) => a.rec - b.rec);
    const listed = found.slice(0, MAX_LISTED_ERRORS);
    const wanted = new Set([
      ...listed.flatMap((f) => (f.firstRec === undefined ? [f.rec] : [f.rec, f.firstRec])),
      ...rules.flatMap((r) => r.recs),
    ]);
    const lines = await q.locate(wanted);
    const areas = listed.some((f) => f.code === 'unknown_area' || f.code === 'area_not_allowed') ? await knownAreas(c) : [];
    const errors = listed.map((f) => describe(f, lines, areas));
    const ruleCounts = rules.map((r) => ({ code: r.code, count: r.count, lines: r.recs.flatMap((rec) => lines.get(rec) ?? []) }));
    return { errors, count, rules: ruleCounts };
  } finally {
    await c.run('DROP TABLE IF EXISTS cse_err');
    await c.run('DROP TABLE IF EXISTS cse_stg');
  }
}

const MONTH_NUMBERS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** What a date Excel made stood for: `10-Dec`, `Dec-10` or `2026-12-10` were `10-12`. */
export function bandFromExcelDate(value: string): string | null {
  const v = value.trim().toLowerCase();
  const month = (name: string) => MONTH_NUMBERS.indexOf(name.slice(0, 3)) + 1;
  let m = /^(\d{1,2})[-/ ]([a-z]{3})[a-z]*(?:[-/ ]\d{2,4})?$/.exec(v);
  if (m && month(m[2]!) > 0) return `${Number(m[1])}-${month(m[2]!)}`;
  m = /^([a-z]{3})[a-z]*[-/ ](\d{1,4})$/.exec(v);
  if (m && month(m[1]!) > 0) return `${Number(m[2]!) % 100}-${month(m[1]!)}`;
  m = /^\d{4}-(\d{2})-(\d{2})$/.exec(v);
  if (m) return `${Number(m[2])}-${Number(m[1])}`;
  m = /^(\d{1,2})\/(\d{1,2})\/\d{2,4}$/.exec(v);
  if (m) return `${Number(m[1])}-${Number(m[2])}`;
  return null;
}

interface KnownArea {
  code: string;
  name: string;
  dfe: string | null;
}

async function knownAreas(c: DuckDBConnection): Promise<KnownArea[]> {
  // Live areas first, so a DfE number names the authority that has it now.
  const reader = await c.runAndReadAll('SELECT code, name, dfe_code FROM areas ORDER BY live DESC, code');
  return reader.getRowObjectsJS().map((r) => ({ code: String(r.code), name: String(r.name), dfe: r.dfe_code === null ? null : String(r.dfe_code) }));
}

function describe(f: Found, lines: Map<number, number>, areas: KnownArea[]): ExtractError {
  const line = lines.get(f.rec) ?? null;
  const where = `Line ${line ?? '?'}, column ${f.column}`;
  const personal = f.raw !== null ? personalDataValue(f.raw) : null;
  if (personal) {
    return { line, column: f.column, code: 'personal_data', message: `${where}: the value looks like ${personal}. Extracts must not contain personal data.`, expected: f.expected };
  }
  const shown = f.raw === null ? '' : f.raw.length > MAX_ECHO ? `${f.raw.slice(0, MAX_ECHO)}…` : f.raw;
  let message: string;
  switch (f.code) {
    case 'missing_value':
      message = `${where}: a value is required.`;
      break;
    case 'unknown_area': {
      // Case systems export the DfE's three-digit LA number; the format wants the ONS code.
      const dfe = /^\d{1,3}$/.test(shown.trim()) ? areas.find((a) => a.dfe === shown.trim().padStart(3, '0')) : undefined;
      if (dfe) {
        message = `${where}: "${shown}" is the DfE number of ${dfe.name}; give its ONS code, ${dfe.code}.`;
        break;
      }
      const byCode = /^[a-z]\d/i.test(shown);
      const hits = nearest(shown, byCode ? areas.map((a) => a.code) : areas.map((a) => a.name));
      const named = hits.map((h) => (byCode ? `${h} (${areas.find((a) => a.code === h)!.name})` : h));
      message = `${where}: "${shown}" is not a known area.${named.length ? ` Did you mean ${named.join(' or ')}?` : ''}`;
      break;
    }
    case 'area_not_allowed': {
      const known = areas.find((a) => a.code.toUpperCase() === shown.toUpperCase() || a.name.toLowerCase() === shown.toLowerCase());
      message = `${where}: "${shown}"${known ? ` (${known.name})` : ''} is not one of your areas, so this file cannot change its figures. Remove its rows or ask an administrator to upload them.`;
      break;
    }
    case 'excel_date': {
      const band = bandFromExcelDate(shown);
      const more = (f.inColumn ?? 1) - 1;
      message = `${where}: "${shown}"${more > 0 ? ` and ${more} more value${more === 1 ? '' : 's'} in this column` : ''} look like a date Excel made of a band${band ? ` (${shown} was ${band})` : ''}. ${FIXES.excel_date}`;
      break;
    }
    case 'duplicate_key':
      message = `Line ${line ?? '?'} has the same period, area and breakdown as line ${lines.get(f.firstRec!) ?? '?'}.`;
      break;
    case 'measure_above_bound':
      message = `${where}: ${shown} is more than this row's ${f.expected.replace(/^at most /, '')}.`;
      break;
    default:
      message = `${where}: "${shown}" — ${RULES[f.code].toLowerCase().replace(/\.$/, '')}. Expected ${f.expected}.`;
  }
  return { line, column: f.column, code: f.code, message, expected: f.expected };
}
