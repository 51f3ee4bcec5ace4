import { listValue, LIST, VARCHAR, type DuckDBConnection } from '@duckdb/node-api';
import type { ColumnRoles } from './column-roles.js';
import { lit, symbolSql, valueSql } from './stats-sql.js';

export interface StatsImportRecord {
  name: string;
  fileName: string;
  sha256: string;
  user: string;
  rows: number;
  roles: ColumnRoles;
  warnings: string[];
}

/**
 * Replaces everything imported under the name with the staged rows (`ees_rows`), unpivoted to one
 * row per indicator, in one transaction: a failure leaves the previous import in place.
 */
export async function loadStats(c: DuckDBConnection, record: StatsImportRecord): Promise<number> {
  const { indicators, filters } = record.roles;
  const filterMap = filters.length
    ? `MAP([${filters.map((f) => lit(f.name)).join(', ')}], [${filters.map((f) => `coalesce(trim(c${f.index}), '')`).join(', ')}])`
    : 'MAP([]::VARCHAR[], []::VARCHAR[])';
  const cells = `[${indicators.map((i) => `c${i.index}`).join(', ')}]`;
  const ids = listValue(indicators.map((i) => i.id));

  await c.run('BEGIN TRANSACTION');
  try {
    const idReader = await c.runAndReadAll(`SELECT nextval('stats_import_id_seq') AS id`);
    const id = Number(idReader.getRowObjectsJS()[0]!.id);
    await c.run('DELETE FROM stats_values WHERE name = $name', { name: record.name });
    await c.run('DELETE FROM stats_indicators WHERE name = $name', { name: record.name });
    await c.run(
      `INSERT INTO stats_imports VALUES ($id, $name, $file, $sha, $user, now(), $rows, $filters, $ids, $warnings)`,
      {
        id,
        name: record.name,
        file: record.fileName,
        sha: record.sha256,
        user: record.user,
        rows: record.rows,
        filters: listValue(filters.map((f) => f.name)),
        ids,
        warnings: listValue(record.warnings),
      },
      { filters: LIST(VARCHAR), ids: LIST(VARCHAR), warnings: LIST(VARCHAR) },
    );
    await c.run(
      `INSERT INTO stats_indicators
       SELECT unnest($ids), $name, $id, unnest($columns), unnest($labels), unnest($units), unnest($whole)`,
      {
        ids,
        name: record.name,
        id,
        columns: listValue(indicators.map((i) => i.column)),
        labels: listValue(indicators.map((i) => i.label)),
        units: listValue(indicators.map((i) => i.unit)),
        whole: listValue(indicators.map((i) => i.wholeNumbers)),
      },
    );
    await c.run(
      `INSERT INTO stats_values
       SELECT $id, $name, indicator, time_period, time_identifier, period, period_type, period_start, period_end,
              geographic_level, area_code, area_name, filters, ${valueSql('raw')}, ${symbolSql('raw')}
       FROM (
         SELECT r.*, ${filterMap} AS filters,
                unnest($ids) AS indicator, unnest(${cells}) AS raw
         FROM ees_rows r
       )`,
      { id, name: record.name, ids },
      { ids: LIST(VARCHAR) },
    );
    await c.run('COMMIT');
    return id;
  } catch (error) {
    await c.run('ROLLBACK');
    throw error;
  }
}
