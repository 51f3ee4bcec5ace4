/**
 * A dataset's rollup: its fact rows summed per area, quarter and single dimension value, plus the
 * total. Series read it instead of the fact rows (tens of rows per partition instead of
 * thousands); it is written in the same transaction as the facts, so the two always agree.
 */
import type { Dataset } from './extract-schema.js';

export const rollupTable = (dataset: Dataset) => `${dataset.id}_rollup`;

/**
 * `dimension` is '' on the total row, else the dimension's name; `value` is its value as text,
 * NULL where the upload was not broken down by it. Rows are also kept apart by which measures
 * were blank, so that a filter such as "numerator and denominator both given" selects exactly
 * the fact rows it would have selected: a measure's sum is NULL here only if every row was blank.
 */
export function createRollupSql(dataset: Dataset): string {
  return `CREATE TABLE ${rollupTable(dataset)} (
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
