/**
 * The properties the disclosure guarantee rests on (docs/disclosure.md, "Why it holds"), checked on
 * a whole database's published layer against its rollup, in SQL: the same rows; every breakdown
 * adding up to its total; ceilings kept; nothing negative; and each series' cumulative error within
 * ±1 after every quarter, so that any run of quarters is within 2 of the truth.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { DATASETS } from '../../../pipelines/extract-schema.js';

export interface InvariantBreaches {
  /** Rows in one table and not the other (area, quarter, cell, pattern of blank measures). */
  rowsDiffer: number;
  breakdownsNotAddingUp: number;
  ceilingsBroken: number;
  negative: number;
  /** Series-quarters whose cumulative error is outside −1..1. */
  errorsOutOfBound: number;
  /** Published rows checked. */
  rows: number;
}

export async function publishedInvariantBreaches(c: DuckDBConnection): Promise<InvariantBreaches> {
  const out: InvariantBreaches = { rowsDiffer: 0, breakdownsNotAddingUp: 0, ceilingsBroken: 0, negative: 0, errorsOutOfBound: 0, rows: 0 };
  const count = async (sql: string) => Number((await c.runAndReadAll(`SELECT count(*) AS n FROM (${sql})`)).getRowObjectsJS()[0]!.n);
  for (const dataset of Object.values(DATASETS)) {
    const measures = dataset.measures.map((m) => m.name);
    const pattern = `concat(${measures.map((m) => `(${m} IS NULL)::INTEGER`).join(', ')})`;
    // A blank value (the total, or "not broken down") must match itself in a join.
    const keyed = (table: string) => `(SELECT *, ${pattern} AS pat, coalesce(value, '\u0001') AS v FROM ${dataset.id}_${table})`;
    const key = 'area_code, period, dimension, v, pat';
    out.rows += await count(`FROM ${dataset.id}_published`);
    out.rowsDiffer += await count(`(SELECT ${key} FROM ${keyed('rollup')} EXCEPT ALL SELECT ${key} FROM ${keyed('published')})
      UNION ALL (SELECT ${key} FROM ${keyed('published')} EXCEPT ALL SELECT ${key} FROM ${keyed('rollup')})`);
    for (const m of dataset.measures) {
      out.negative += await count(`FROM ${dataset.id}_published WHERE ${m.name} < 0`);
      if (m.atMost) out.ceilingsBroken += await count(`FROM ${dataset.id}_published WHERE ${m.name} > ${m.atMost}`);
      out.breakdownsNotAddingUp += await count(`
        SELECT 1 FROM (SELECT area_code, period, pat, dimension, sum(${m.name}) AS s FROM ${keyed('published')} WHERE dimension <> '' GROUP BY ALL) cells
        JOIN (SELECT area_code, period, pat, ${m.name} AS total FROM ${keyed('published')} WHERE dimension = '') t USING (area_code, period, pat)
        WHERE cells.s IS DISTINCT FROM t.total`);
      out.errorsOutOfBound += await count(`
        SELECT abs(sum(p.${m.name} - r.${m.name}) OVER (PARTITION BY area_code, pat, dimension, v ORDER BY period)) AS e
        FROM ${keyed('published')} p JOIN ${keyed('rollup')} r USING (${key})
        WHERE r.${m.name} IS NOT NULL QUALIFY e > 1`);
    }
  }
  return out;
}
