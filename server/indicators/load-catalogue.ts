import type { DuckDBConnection } from '@duckdb/node-api';
import { DATASET_IDS, type DatasetId } from '../../pipelines/extract-schema.js';
import { EXTRACT_INDICATORS, type Indicator, type IndicatorInfo, type OfficialFilter } from './catalogue.js';
import { loadOfficialCatalogue } from './official-catalogue.js';

/** A catalogue entry as GET /api/indicators lists it: the entry and the periods that have data. */
export interface ListedIndicator extends IndicatorInfo {
  /** `plan`: a plan's measure of success (server/action-plans/measure-indicators.ts). */
  kind: Indicator['kind'] | 'plan';
  /** The extract dataset, or null for official statistics. */
  dataset: DatasetId | null;
  /** Official statistics' filters and their values (empty for extracts). */
  filters: OfficialFilter[];
  periods: string[];
  /** When its data last changed: the latest accepted upload of its dataset, or its import; null for none. */
  last_updated: string | null;
}

function listed(i: Indicator, periods: string[], lastUpdated: string | null): ListedIndicator {
  const { kind, id, name, definition, numerator, denominator, unit, polarity, polarity_reason, source, caveats, breakdowns, stats, period_types } = i;
  return {
    id, name, unit, polarity, polarity_reason, source, periods, definition, numerator, denominator, caveats, breakdowns, stats, period_types, kind,
    dataset: i.kind === 'extract' ? i.dataset : null,
    filters: i.kind === 'official' ? i.filters : [],
    last_updated: lastUpdated,
  };
}

/**
 * The latest change of each extract dataset and statistics import, by dataset id or import name.
 * Only uploads that stored partitions count: a refused file changed nothing.
 */
async function lastUpdates(c: DuckDBConnection, areaCodes: readonly string[] | null): Promise<Map<string, string>> {
  // A scoped user learns when their own areas were last loaded, not when other partnerships were.
  const inScope = areaCodes === null ? '' : 'AND list_contains($codes::JSON::VARCHAR[], p.area_code)';
  const reader = await c.runAndReadAll(
    `SELECT dataset AS key, strftime(max(uploaded_at), '%Y-%m-%dT%H:%M:%SZ') AS at FROM upload_log l
     WHERE EXISTS (SELECT 1 FROM upload_partitions p WHERE p.upload_id = l.id ${inScope}) GROUP BY dataset
     UNION ALL
     SELECT name, strftime(max(imported_at), '%Y-%m-%dT%H:%M:%SZ') FROM stats_imports GROUP BY name`,
    areaCodes === null ? {} : { codes: JSON.stringify(areaCodes) },
  );
  return new Map(reader.getRowObjectsJS().map((r) => [String(r.key), String(r.at)]));
}

/**
 * Every indicator with the periods it has data for: extract quarters, or the imported periods.
 * With `areaCodes`, extract quarters are those of these areas only (a scoped user's), so the list
 * does not tell them when other partnerships reported; official statistics are public.
 */
export async function listIndicators(c: DuckDBConnection, areaCodes: readonly string[] | null = null): Promise<ListedIndicator[]> {
  const quarters = new Map<DatasetId, string[]>();
  for (const dataset of DATASET_IDS) {
    const reader = await c.runAndReadAll(
      `SELECT DISTINCT period FROM ${dataset}_facts ${areaCodes === null ? '' : 'WHERE list_contains($codes::JSON::VARCHAR[], area_code)'} ORDER BY period`,
      areaCodes === null ? {} : { codes: JSON.stringify(areaCodes) },
    );
    quarters.set(dataset, reader.getRowObjectsJS().map((r) => String(r.period)));
  }
  const official = await loadOfficialCatalogue(c);
  const updated = await lastUpdates(c, areaCodes);
  return [
    ...EXTRACT_INDICATORS.map((i) => listed(i, quarters.get(i.dataset) ?? [], updated.get(i.dataset) ?? null)),
    ...official.indicators.map((i) => listed(i, official.periods.get(i.id) ?? [], updated.get(i.id.split('.')[0]!) ?? null)),
  ];
}

/** The indicator with this id, or null: ids from requests are only ever looked up, never used in SQL. */
export async function findIndicator(c: DuckDBConnection, id: string): Promise<Indicator | null> {
  const extract = EXTRACT_INDICATORS.find((i) => i.id === id);
  if (extract) return extract;
  const name = id.split('.')[0]!;
  const official = await loadOfficialCatalogue(c, name);
  return official.indicators.find((i) => i.id === id) ?? null;
}
