/**
 * The published layer: `<dataset>_published`, the rollup's shape with perturbed counts
 * (disclosure-perturbation.ts), which every protected answer reads. Rebuilt for the areas an
 * upload touches inside that upload's transaction, so it never disagrees with the facts.
 */
import { randomBytes } from 'node:crypto';
import { DOUBLE, listValue, LIST, VARCHAR, type DuckDBConnection } from '@duckdb/node-api';
import { createRollupSql, rollupTable } from './extract-rollup.js';
import type { Dataset } from './extract-schema.js';
import { perturbArea, type CountRow } from './disclosure-perturbation.js';

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

/**
 * Replaces the published rows of the areas listed by `areasSql` (a query returning area_code) with
 * those perturbed from their rollup rows. A whole area is redone: its errors run through time.
 */
export async function republishAreas(c: DuckDBConnection, dataset: Dataset, areasSql: string): Promise<void> {
  const key = await disclosureKey(c);
  const measures = dataset.measures.map((m) => m.name);
  const reader = await c.runAndReadAll(`
    SELECT area_code, period, dimension, value, ${measures.join(', ')}
    FROM ${rollupTable(dataset)} WHERE area_code IN (${areasSql})
    ORDER BY area_code, period`);
  const byArea = new Map<string, CountRow[]>();
  for (const r of reader.getRowObjectsJS()) {
    const area = String(r.area_code);
    const row: CountRow = {
      period: String(r.period),
      dimension: String(r.dimension),
      value: r.value === null ? null : String(r.value),
      counts: Object.fromEntries(measures.map((m) => [m, r[m] === null ? null : Number(r[m])])),
    };
    const list = byArea.get(area);
    if (list) list.push(row);
    else byArea.set(area, [row]);
  }
  const columns: Record<string, (string | number | null)[]> = { area_code: [], period: [], dimension: [], value: [], ...Object.fromEntries(measures.map((m) => [m, []])) };
  for (const [area, rows] of byArea) {
    for (const p of perturbArea(dataset, area, rows, key)) {
      columns.area_code!.push(area);
      columns.period!.push(p.period);
      columns.dimension!.push(p.dimension);
      columns.value!.push(p.value);
      for (const m of measures) columns[m]!.push(p.counts[m] ?? null);
    }
  }
  await c.run(`DELETE FROM ${publishedTable(dataset)} WHERE area_code IN (${areasSql})`);
  await c.run(`DELETE FROM disclosure_patterns WHERE dataset = $dataset AND area_code IN (${areasSql})`, { dataset: dataset.id });
  await c.run(
    `INSERT INTO disclosure_patterns
     SELECT $dataset, area_code, count(DISTINCT concat(${measures.map((m) => `(${m} IS NULL)::INTEGER`).join(', ')}))
     FROM ${rollupTable(dataset)} WHERE area_code IN (${areasSql}) GROUP BY area_code`,
    { dataset: dataset.id },
  );
  if (columns.area_code!.length === 0) return;
  const text = ['area_code', 'period', 'dimension', 'value'];
  await c.run(
    `INSERT INTO ${publishedTable(dataset)} (${[...text, ...measures].join(', ')})
     SELECT ${[...text.map((t) => `unnest($${t})`), ...measures.map((m) => `unnest($${m})::BIGINT`)].join(', ')}`,
    Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, listValue(v)])),
    Object.fromEntries(Object.keys(columns).map((k) => [k, LIST(text.includes(k) ? VARCHAR : DOUBLE)])),
  );
}
