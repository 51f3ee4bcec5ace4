import { listValue, LIST, VARCHAR, type DuckDBConnection } from '@duckdb/node-api';
import type { CsvHeader } from '../csv-header.js';
import { COMPARED_LEVELS, geographicLevel } from './ees-format.js';
import { readEesPeriod } from './ees-periods.js';
import { codeSql, lit } from './stats-sql.js';

export interface StagedSummary {
  /** Geographic levels in the file, as EES spells them. */
  levels: string[];
  periods: string[];
  warnings: string[];
}

const LA_LEVEL = 'Local authority';

/** Index of a column in the staging table, or null when the file does not have it. */
function columnOf(header: CsvHeader, name: string): string | null {
  const i = header.names.indexOf(name);
  return i < 0 ? null : `c${i}`;
}

/**
 * Reads each distinct (time_identifier, time_period) pair once, in TypeScript where the rules are
 * easy to test, into `ees_periods`: the product's period label and the dates it covers, or what
 * was expected when the pair cannot be read.
 */
export async function stagePeriods(c: DuckDBConnection, header: CsvHeader): Promise<string[]> {
  const ti = columnOf(header, 'time_identifier')!;
  const tp = columnOf(header, 'time_period')!;
  const reader = await c.runAndReadAll(`SELECT DISTINCT coalesce(trim(${ti}), '') AS identifier,
    coalesce(trim(${tp}), '') AS time_period FROM ees_stg`);
  const pairs = reader.getRowObjectsJS().map((r) => ({ identifier: String(r.identifier), timePeriod: String(r.time_period) }));
  const readings = pairs.map((p) => ({ ...p, reading: readEesPeriod(p.identifier, p.timePeriod) }));
  const column = (pick: (r: (typeof readings)[number]) => string | null) => listValue(readings.map(pick));
  const valueOf = (r: (typeof readings)[number]) => (r.reading.ok ? r.reading.value : null);
  const lists = {
    identifier: column((r) => r.identifier),
    time_period: column((r) => r.timePeriod),
    period: column((r) => valueOf(r)?.period ?? null),
    period_type: column((r) => valueOf(r)?.periodType ?? null),
    period_start: column((r) => valueOf(r)?.start ?? null),
    period_end: column((r) => valueOf(r)?.end ?? null),
    expected: column((r) => (r.reading.ok ? null : r.reading.expected)),
  };
  const types = Object.fromEntries(Object.keys(lists).map((k) => [k, LIST(VARCHAR)]));
  await c.run(
    `CREATE OR REPLACE TEMP TABLE ees_periods AS
     SELECT unnest($identifier) AS identifier, unnest($time_period) AS time_period, unnest($period) AS period,
            unnest($period_type) AS period_type, unnest($period_start)::DATE AS period_start,
            unnest($period_end)::DATE AS period_end, unnest($expected) AS expected`,
    lists,
    types,
  );
  const unknown = [...new Set(readings.filter((r) => r.reading.ok && !r.reading.known && r.identifier !== '').map((r) => r.identifier))];
  return unknown.map(
    (id) => `The time identifier "${id}" is not one EES lists; its rows are kept as periods of their own and are not aggregated or given rates.`,
  );
}

/**
 * Stages the file's rows with their period, geographic level and area code resolved: the code
 * column each level names, and for local authorities the new (ONS) code, or the old DfE code
 * matched to the authority that used it at the end of the period (several authorities share a
 * DfE code across reorganisations: 825 was Buckinghamshire county, then the unitary).
 */
export async function stageRows(c: DuckDBConnection, header: CsvHeader): Promise<StagedSummary> {
  const ti = columnOf(header, 'time_identifier')!;
  const tp = columnOf(header, 'time_period')!;
  const gl = columnOf(header, 'geographic_level')!;
  const oldLa = columnOf(header, 'old_la_code');
  const levelReader = await c.runAndReadAll(`SELECT DISTINCT trim(${gl}) AS level FROM ees_stg WHERE trim(${gl}) <> ''`);
  const rawLevels = levelReader.getRowObjectsJS().map((r) => String(r.level));
  const warnings: string[] = [];

  const whens = { level: [] as string[], code: [] as string[], name: [] as string[] };
  for (const raw of rawLevels) {
    const { known, definition } = geographicLevel(raw);
    const codeColumns = definition.codeColumns
      .filter((col) => !(definition.level === LA_LEVEL && col === 'old_la_code'))
      .map((col) => columnOf(header, col))
      .filter((col): col is string => col !== null);
    const nameColumn = definition.nameColumn ? columnOf(header, definition.nameColumn) : null;
    const when = `WHEN ${lit(raw)} THEN`;
    whens.level.push(`${when} ${lit(definition.level)}`);
    whens.code.push(`${when} ${codeColumns.length ? `coalesce(${codeColumns.map(codeSql).join(', ')})` : 'NULL'}`);
    whens.name.push(`${when} ${nameColumn ? `nullif(trim(${nameColumn}), '')` : 'NULL'}`);
    if (!known) {
      warnings.push(
        `The geographic level "${raw}" is not one EES lists; its rows are kept` +
          (codeColumns.length ? ` with codes from ${definition.codeColumns[0]}.` : ', without area codes.'),
      );
    }
  }
  const caseOf = (list: string[]) => (list.length ? `CASE trim(s.${gl}) ${list.join(' ')} END` : 'NULL');

  await c.run(`CREATE OR REPLACE TEMP TABLE ees_rows AS
    WITH base AS (
      SELECT s.rowid AS rec, s.*, trim(s.${ti}) AS time_identifier, trim(s.${tp}) AS time_period,
             ${caseOf(whens.level)} AS geographic_level,
             ${caseOf(whens.code)} AS code_direct, ${caseOf(whens.name)} AS area_name,
             ${oldLa ? codeSql(`s.${oldLa}`) : 'NULL::VARCHAR'} AS old_code,
             p.period, p.period_type, p.period_start, p.period_end, p.expected AS period_expected
      FROM ees_stg s
      LEFT JOIN ees_periods p ON p.identifier = coalesce(trim(s.${ti}), '') AND p.time_period = coalesce(trim(s.${tp}), '')
    ),
    old_codes AS (
      SELECT DISTINCT old_code, period_end FROM base
      WHERE geographic_level = ${lit(LA_LEVEL)} AND code_direct IS NULL AND old_code IS NOT NULL
    ),
    old_matched AS (
      SELECT o.old_code, o.period_end,
             arg_min(a.code, CASE WHEN a.terminated_on >= o.period_end THEN 0 WHEN a.live THEN 1 ELSE 2 END) AS code
      FROM old_codes o JOIN areas a ON a.kind = 'la' AND a.dfe_code = o.old_code
      GROUP BY ALL
    )
    SELECT b.*, CASE WHEN b.geographic_level = ${lit(LA_LEVEL)} THEN coalesce(b.code_direct, m.code) ELSE b.code_direct END AS area_code
    FROM base b LEFT JOIN old_matched m ON m.old_code = b.old_code AND m.period_end IS NOT DISTINCT FROM b.period_end`);

  warnings.push(...(await unknownAreaWarnings(c)));
  const summary = await c.runAndReadAll(`SELECT
      list(DISTINCT geographic_level ORDER BY geographic_level) FILTER (WHERE geographic_level IS NOT NULL) AS levels,
      list(DISTINCT period ORDER BY period) FILTER (WHERE period IS NOT NULL) AS periods
    FROM ees_rows`);
  const s = summary.getRowObjectsJS()[0]!;
  return {
    levels: ((s.levels as string[] | null) ?? []).map(String),
    periods: ((s.periods as string[] | null) ?? []).map(String),
    warnings,
  };
}

/** Codes at the levels the product compares that it does not know: kept, but never compared. */
async function unknownAreaWarnings(c: DuckDBConnection): Promise<string[]> {
  const reader = await c.runAndReadAll(`
    SELECT geographic_level, count(DISTINCT area_code) AS n, list(DISTINCT area_code ORDER BY area_code)[1:5] AS some
    FROM ees_rows r
    WHERE geographic_level IN (${COMPARED_LEVELS.map(lit).join(', ')}) AND area_code IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM areas a WHERE a.code = r.area_code)
    GROUP BY geographic_level ORDER BY geographic_level`);
  return reader.getRowObjectsJS().map(
    (r) =>
      `${r.n} ${r.geographic_level} code(s) are not known to the product (${(r.some as string[]).join(', ')}${Number(r.n) > 5 ? ', …' : ''}); ` +
      'their rows are kept but are not compared with other areas.',
  );
}
