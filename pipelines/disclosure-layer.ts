/**
 * The published layer: `<dataset>_published`, the rollup's shape with perturbed counts
 * (disclosure-perturbation.ts), which every protected answer reads. Rebuilt for the areas an
 * upload touches inside that upload's transaction, so it never disagrees with the facts.
 */
import { randomBytes } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import { createRollupSql, rollupTable } from './extract-rollup.js';
import type { Dataset } from './extract-schema.js';
import { perturbArea, type CountRow } from './disclosure-perturbation.js';
import { loopSlices } from './loop-slices.js';

export const publishedTable = (dataset: Dataset) => `${dataset.id}_published`;

/**
 * The key of the keyed draws: random, made once per database and kept in it, like the record keys
 * of the ONS cell key method. The method and its bounds are public; only this draw is not.
 */
/**
 * A new database's key: random, unless `CSE_PROFILE_DISCLOSURE_KEY` gives one (64 hex digits), so
 * that tests and audits are reproducible. A given key must be kept as secret as the database.
 */
export function disclosureKeyOf(env: Record<string, string | undefined>): string {
  const given = env.CSE_PROFILE_DISCLOSURE_KEY;
  if (given === undefined || given === '') return randomBytes(32).toString('hex');
  if (!/^[0-9a-f]{64}$/i.test(given)) throw new Error('CSE_PROFILE_DISCLOSURE_KEY must be 64 hexadecimal digits');
  return given.toLowerCase();
}

export async function createDisclosureKey(c: DuckDBConnection): Promise<void> {
  await c.run('CREATE TABLE disclosure_key (key VARCHAR NOT NULL)');
  await c.run('INSERT INTO disclosure_key VALUES ($key)', { key: disclosureKeyOf(process.env) });
  // How many patterns of blank measures (each its own perturbed table) an area has, for the bounds.
  await c.run('CREATE TABLE disclosure_patterns (dataset VARCHAR NOT NULL, area_code VARCHAR NOT NULL, patterns INTEGER NOT NULL)');
}

export async function createPublishedTable(c: DuckDBConnection, dataset: Dataset): Promise<void> {
  await c.run(createRollupSql(dataset, publishedTable(dataset)));
}

async function disclosureKey(c: DuckDBConnection): Promise<string> {
  const reader = await c.runAndReadAll('SELECT key FROM disclosure_key LIMIT 1');
  const row = reader.getRowObjectsJS()[0];
  if (!row) throw new Error('the database has no disclosure key (migration 10 did not run)');
  return String(row.key);
}

/** Published rows sent per INSERT, as one JSON parameter that DuckDB parses on its own threads. */
const INSERT_ROWS = 8192;

/**
 * Replaces the published rows of the areas listed by `areasSql` (a query returning area_code) with
 * those perturbed from their rollup rows. A whole area is redone: its errors run through time.
 *
 * A national upload redoes hundreds of areas (hundreds of thousands of rows), all inside the
 * upload's transaction on the server's one thread; so the rows are held by DuckDB and read a chunk
 * at a time, areas are perturbed one by one, the event loop gets a turn between them
 * (`sliceMs`, loop-slices.ts), and the published rows go back as JSON that DuckDB parses off the
 * thread, not as one bound value per cell. The order (area, period, cell) makes the draws
 * independent of how DuckDB happens to return rows.
 */
export async function republishAreas(c: DuckDBConnection, dataset: Dataset, areasSql: string, options: { sliceMs?: number } = {}): Promise<void> {
  const key = await disclosureKey(c);
  const measures = dataset.measures.map((m) => m.name);
  const pause = loopSlices(options.sliceMs);
  await c.run(`DELETE FROM ${publishedTable(dataset)} WHERE area_code IN (${areasSql})`);
  await c.run(`DELETE FROM disclosure_patterns WHERE dataset = $dataset AND area_code IN (${areasSql})`, { dataset: dataset.id });
  await c.run(
    `INSERT INTO disclosure_patterns
     SELECT $dataset, area_code, count(DISTINCT concat(${measures.map((m) => `(${m} IS NULL)::INTEGER`).join(', ')}))
     FROM ${rollupTable(dataset)} WHERE area_code IN (${areasSql}) GROUP BY area_code`,
    { dataset: dataset.id },
  );
  const rollup = await c.run(`
    SELECT area_code, period, dimension, value, ${measures.join(', ')}
    FROM ${rollupTable(dataset)} WHERE area_code IN (${areasSql})
    ORDER BY area_code, period, dimension, value`);
  const out = publishedColumns(measures);
  let area: string | null = null;
  let rows: CountRow[] = [];
  const publishArea = async () => {
    if (area !== null) {
      for (const p of perturbArea(dataset, area, rows, key)) out.push(area, p);
      if (out.size() >= INSERT_ROWS) await insertPublished(c, dataset, out.take());
    }
    rows = [];
    await pause();
  };
  for (let chunk = await rollup.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await rollup.fetchChunk()) {
    const [areas, periods, dimensions, values, ...counts] = chunk.getColumns();
    for (let i = 0; i < chunk.rowCount; i++) {
      const rowArea = String(areas![i]);
      if (rowArea !== area) {
        await publishArea();
        area = rowArea;
      }
      const value = values![i];
      rows.push({
        period: String(periods![i]),
        dimension: String(dimensions![i]),
        value: value === null ? null : String(value),
        counts: Object.fromEntries(measures.map((m, k) => [m, counts[k]![i] === null ? null : Number(counts[k]![i])])),
      });
    }
    await pause();
  }
  await publishArea();
  if (out.size() > 0) await insertPublished(c, dataset, out.take());
}

type Columns = Record<string, (string | number | null)[]>;

/** Published rows gathered column by column until they are sent. */
function publishedColumns(measures: readonly string[]) {
  const empty = (): Columns => ({ area_code: [], period: [], dimension: [], value: [], ...Object.fromEntries(measures.map((m) => [m, []])) });
  let columns = empty();
  return {
    push(area: string, p: CountRow) {
      columns.area_code!.push(area);
      columns.period!.push(p.period);
      columns.dimension!.push(p.dimension);
      columns.value!.push(p.value);
      for (const m of measures) columns[m]!.push(p.counts[m] ?? null);
    },
    size: () => columns.area_code!.length,
    take(): Columns {
      const taken = columns;
      columns = empty();
      return taken;
    },
  };
}

async function insertPublished(c: DuckDBConnection, dataset: Dataset, columns: Columns): Promise<void> {
  const names = Object.keys(columns);
  const text = new Set(['area_code', 'period', 'dimension', 'value']);
  const shape = JSON.stringify(Object.fromEntries(names.map((n) => [n, [text.has(n) ? 'VARCHAR' : 'BIGINT']])));
  await c.run(
    `INSERT INTO ${publishedTable(dataset)} (${names.join(', ')})
     SELECT ${names.map((n) => `unnest(r.${n})`).join(', ')} FROM (SELECT json_transform($rows, '${shape}') AS r)`,
    { rows: JSON.stringify(columns) },
  );
}
