import type { DuckDBConnection } from '@duckdb/node-api';
import { MAX_LISTED_ERRORS, RULES, type ExtractError, type RuleCode } from './extract-errors.js';
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
}

const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;
const MAX_ECHO = 60;

/**
 * The slow path, run only for a file already known to be bad: stages the raw rows so each
 * problem can be tied to its record, lists the first problems in file order and counts all.
 */
export async function findCellErrors(c: DuckDBConnection, q: CellErrorQuery): Promise<{ errors: ExtractError[]; count: number }> {
  // Numbered in file order: the source is read by one thread (see readCsvSql's `ordered`).
  await c.run(`CREATE OR REPLACE TEMP TABLE cse_stg AS SELECT row_number() OVER () - 1 AS rec, * FROM ${q.source}`);
  try {
    const union = q.sql.checks
      .map((check, ord) => `SELECT s.rec, ${ord} AS ord, ${check.column} AS column_name, (${check.code}) AS code,
          ${check.source} AS raw, ${lit(check.expected)} AS expected
        FROM cse_stg s ${q.sql.joins} WHERE (${check.code}) IS NOT NULL`)
      .join('\nUNION ALL\n');
    const cells = await c.runAndReadAll(`WITH e AS (${union})
      SELECT (SELECT count(*) FROM e) AS total, * FROM e ORDER BY rec, ord LIMIT ${MAX_LISTED_ERRORS}`);
    const cellRows = cells.getRowObjectsJS();
    let count = cellRows.length > 0 ? Number(cellRows[0]!.total) : 0;
    const found: Found[] = cellRows.map((r) => ({
      rec: Number(r.rec),
      column: String(r.column_name),
      code: String(r.code) as RuleCode,
      raw: r.raw === null ? null : String(r.raw),
      expected: String(r.expected),
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
      if (dupRows.length > 0) count += Number(dupRows[0]!.total);
      for (const r of dupRows) {
        found.push({ rec: Number(r.rec), column: 'period', code: 'duplicate_key', raw: null, expected: 'one row per period, area and breakdown', firstRec: Number(r.first_rec) });
      }
    }

    found.sort((a, b) => a.rec - b.rec);
    const listed = found.slice(0, MAX_LISTED_ERRORS);
    const wanted = new Set(listed.flatMap((f) => (f.firstRec === undefined ? [f.rec] : [f.rec, f.firstRec])));
    const lines = await q.locate(wanted);
    const areas = listed.some((f) => f.code === 'unknown_area' || f.code === 'area_not_allowed') ? await knownAreas(c) : [];
    const errors = listed.map((f) => describe(f, lines, areas));
    return { errors, count };
  } finally {
    await c.run('DROP TABLE IF EXISTS cse_stg');
  }
}

async function knownAreas(c: DuckDBConnection): Promise<{ code: string; name: string }[]> {
  const reader = await c.runAndReadAll('SELECT code, name FROM areas ORDER BY code');
  return reader.getRowObjectsJS().map((r) => ({ code: String(r.code), name: String(r.name) }));
}

function describe(f: Found, lines: Map<number, number>, areas: { code: string; name: string }[]): ExtractError {
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
