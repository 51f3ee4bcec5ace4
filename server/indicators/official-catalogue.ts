/**
 * Catalogue entries for imported official statistics, read from the tables the importer fills:
 * one indicator per imported column, `SLUG.<column>`, with the filters and periods it has.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { StatsUnit } from '../../pipelines/official-stats/column-roles.js';
import type { OfficialFilter, OfficialIndicator } from './catalogue.js';
import { isPeriodType, type PeriodType } from './periods.js';

export interface OfficialCatalogue {
  indicators: OfficialIndicator[];
  /** Period labels by indicator id, in time order. */
  periods: Map<string, string[]>;
}

const CAVEATS = [
  'As published: symbols are kept, never read as 0 (c suppressed, x not available, z not applicable, u low reliability, low or k rounds to zero).',
  'Rates use ONS mid-year estimates of children aged 0–17 for the mid-year (30 June) inside the period: reporting year T (to 31 March T) uses mid-year T−1, as DfE does.',
  'England and regions are the published National and Regional rows; where a file has none, the sum of its local authorities (none when any of them is a symbol).',
  'Local authorities whose code changed with no change of boundary (e.g. North Yorkshire, Somerset, Buckinghamshire) continue under their old code; split or merged ones (Northamptonshire, Cumbria, Bournemouth and Poole) do not.',
  'Filters other than the breakdown are held at their Total (or only) value.',
];

/** ['year', ...] first, so that a series defaults to the annual figures a file usually leads with. */
const PERIOD_ORDER: readonly PeriodType[] = ['year', 'financial_year', 'academic_year', 'calendar_year', 'tax_year', 'quarter', 'month', 'week', 'part_year', 'other'];

/** Every imported indicator, or only those of one import (`name`) when a series needs one. */
export async function loadOfficialCatalogue(c: DuckDBConnection, name: string | null = null): Promise<OfficialCatalogue> {
  const only = { name };
  const indicators = await c.runAndReadAll(`
    SELECT i.id, i.name, i.label, i.unit, i.column_name, m.file_name, strftime(m.imported_at, '%Y-%m-%d') AS imported_on
    FROM stats_indicators i JOIN stats_imports m ON m.id = i.import_id
    WHERE $name IS NULL OR i.name = $name
    ORDER BY i.name, i.rowid`, only);
  const filters = await c.runAndReadAll(`
    SELECT name, key, list(DISTINCT value ORDER BY value) AS "values"
    FROM (SELECT DISTINCT name, unnest(map_keys(filters)) AS key, unnest(map_values(filters)) AS value
          FROM stats_values WHERE $name IS NULL OR name = $name)
    GROUP BY name, key ORDER BY name, key`, only);
  const periods = await c.runAndReadAll(`
    SELECT indicator, list(DISTINCT period_type) AS types,
           list(period ORDER BY period_start NULLS LAST, period) AS periods
    FROM (SELECT DISTINCT indicator, period, period_type, period_start FROM stats_values WHERE $name IS NULL OR name = $name)
    GROUP BY indicator`, only);

  const filtersByName = new Map<string, OfficialFilter[]>();
  for (const r of filters.getRowObjectsJS()) {
    const values = (r.values as string[]).map(String);
    const list = filtersByName.get(String(r.name)) ?? [];
    list.push({ name: String(r.key), values, default: defaultValue(values) });
    filtersByName.set(String(r.name), list);
  }
  const periodsById = new Map<string, { types: PeriodType[]; periods: string[] }>();
  for (const r of periods.getRowObjectsJS()) {
    const types = (r.types as string[]).map(String).filter(isPeriodType);
    types.sort((a, b) => PERIOD_ORDER.indexOf(a) - PERIOD_ORDER.indexOf(b));
    periodsById.set(String(r.indicator), { types, periods: [...new Set((r.periods as string[]).map(String))] });
  }

  const list = indicators.getRowObjectsJS().map((r): OfficialIndicator => {
    const id = String(r.id);
    const name = String(r.name);
    const unit = String(r.unit) as StatsUnit;
    const counts = unit === 'count';
    const label = String(r.label);
    const importFilters = filtersByName.get(name) ?? [];
    return {
      kind: 'official',
      id,
      name: label,
      definition: `${label}, as published in ${r.file_name} (column ${r.column_name}).`,
      numerator: label,
      denominator: counts
        ? 'Children aged 0–17 (for stat=rate): ONS mid-year estimates, DfE children in need vintage'
        : 'As published',
      unit,
      polarity: 'none',
      polarity_reason: 'Neither direction is better: DfE publishes no direction for factors identified at assessment, and a higher rate can mean more exploitation or better identification of it.',
      source: `Official statistics: ${r.file_name}, imported as ${name} on ${r.imported_on} (Explore Education Statistics format)`,
      caveats: CAVEATS,
      breakdowns: importFilters.filter((f) => f.values.length > 1).map((f) => f.name),
      stats: counts ? ['count', 'rate'] : ['value'],
      period_types: periodsById.get(id)?.types ?? [],
      statsName: name,
      filters: importFilters,
    };
  });
  return { indicators: list, periods: new Map([...periodsById].map(([id, p]) => [id, p.periods])) };
}

/** EES marks the total of a filter "Total"; a filter with one value needs no choice. */
function defaultValue(values: string[]): string | null {
  return values.find((v) => v.toLowerCase() === 'total') ?? (values.length === 1 ? values[0]! : null);
}
