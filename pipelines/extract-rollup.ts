/**
 * A dataset's rollup: its fact rows summed per area, quarter and single dimension value, plus the
 * total. Series read it instead of the fact rows (tens of rows per partition instead of
 * thousands); it is written in the same transaction as the facts, so the two always agree.
 */
import type { Dataset } from './extract-schema.js';
import type { DecodedColumn } from './extract-sql.js';

export const rollupTable = (dataset: Dataset) => `${dataset.id}_rollup`;

/**
 * `dimension` is '' on the total row, else the dimension's name; `value` is its value as text,
 * NULL where the upload was not broken down by it. Rows are also kept apart by which measures
 * were blank, so that a filter such as "numerator and denominator both given" selects exactly
 * the fact rows it would have selected: a measure's sum is NULL here only if every row was blank.
 */
export function createRollupSql(dataset: Dataset, table = rollupTable(dataset)): string {
  return `CREATE TABLE ${table} (
    area_code VARCHAR NOT NULL, period VARCHAR NOT NULL, dimension VARCHAR NOT NULL, value VARCHAR,
    ${dataset.measures.map((m) => `${m.name} BIGINT`).join(', ')})`;
}

/** Inserts the rollup rows of every fact row in `source` (a table or view with the facts' columns). */
export function insertRollupSql(dataset: Dataset, source: string): string {
  const dims = dataset.dimensions.map((d) => d.name);
  const blanks = dataset.measures.map((m, i) => `(${m.name} IS NULL)::INTEGER << ${i}`).join(' | ');
  // One pass over the source for every grouping; grouping(d) = 0 marks the set that keeps d.
  const which = (then: (d: string) => string, otherwise: string) =>
    `CASE ${dims.map((d) => `WHEN grouping(${d}) = 0 THEN ${then(d)}`).join(' ')} ELSE ${otherwise} END`;
  const sets = [[], ...dims.map((d) => [d])].map((extra) => `(${['area_code', 'period', 'blanks', ...extra].join(', ')})`);
  return `INSERT INTO ${rollupTable(dataset)}
    SELECT area_code, period, ${which((d) => `'${d}'`, `''`)}, ${which((d) => `${d}::VARCHAR`, 'NULL')},
           ${dataset.measures.map((m) => `sum(${m.name})::BIGINT`).join(', ')}
    FROM (SELECT *, ${blanks} AS blanks FROM ${source})
    GROUP BY GROUPING SETS (${sets.join(', ')})`;
}

const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;

/**
 * The same rows, summed from an upload's staged aggregate while its keys are still small
 * integers: `source` has the partition key (`k0`, `k1`), the packed dimensions (`k2`) and the
 * measures; `partitions` names each partition key (`k0, k1, area_code, period`). Grouping on
 * integers and naming only the sums is what keeps the rollup a small part of an upload's time.
 */
export function insertStagedRollupSql(dataset: Dataset, staged: { source: string; partitions: string; dimensions: readonly DecodedColumn[] }): string {
  const dims = staged.dimensions.map((d) => ({ name: d.name, column: `d_${d.name}`, values: d.dimension?.values ?? [], index: d.dimension?.index ?? 'NULL::UTINYINT' }));
  const blanks = dataset.measures.map((m, i) => `(${m.name} IS NULL)::INTEGER << ${i}`).join(' | ');
  const which = (then: (d: (typeof dims)[number]) => string, otherwise: string) =>
    `CASE ${dims.map((d) => `WHEN grouping(${d.column}) = 0 THEN ${then(d)}`).join(' ')} ELSE ${otherwise} END`;
  const value = (d: (typeof dims)[number]) => (d.values.length ? `[${d.values.map(lit).join(', ')}][${d.column} + 1]` : 'NULL::VARCHAR');
  const sets = [[], ...dims.map((d) => [d.column])].map((extra) => `(${['k0', 'k1', 'blanks', ...extra].join(', ')})`);
  const measures = dataset.measures.map((m) => m.name);
  return `INSERT INTO ${rollupTable(dataset)}
    SELECT p.area_code, p.period, g.dimension, g.value, ${measures.map((m) => `g.${m}`).join(', ')}
    FROM (
      SELECT k0, k1, ${which((d) => lit(d.name), "''")} AS dimension, ${which(value, 'NULL')} AS value,
             ${measures.map((m) => `sum(${m})::BIGINT AS ${m}`).join(', ')}
      FROM (SELECT k0, k1, ${dims.map((d) => `${d.index} AS ${d.column}`).join(', ')}, ${blanks} AS blanks, ${measures.join(', ')}
            FROM ${staged.source})
      GROUP BY GROUPING SETS (${sets.join(', ')})
    ) g JOIN ${staged.partitions} p USING (k0, k1)`;
}
