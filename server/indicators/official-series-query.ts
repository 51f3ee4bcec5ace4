/**
 * The aggregate behind a series of an imported official statistic: the published rows of the
 * areas involved, with their populations, and sums of local authorities (or regions) for a
 * comparator whose own row the file does not have.
 */
import { listValue, LIST, VARCHAR, type DuckDBConnection } from '@duckdb/node-api';
import type { OfficialIndicator } from './catalogue.js';
import { statsPopulationYearSql, type PeriodType } from './periods.js';

/** Where a group's figure comes from: its own published row, or the sum of the rows below it. */
export type Source = 'direct' | 'sum';

export interface OfficialMember {
  code: string;
  group: string;
  source: Source;
}

export interface OfficialAggregate {
  group: string;
  source: Source;
  geographicLevel: string;
  period: string;
  periodStart: string | null;
  breakdown: string | null;
  /** Sum of the published numbers; null when any row of the sum is a symbol. */
  value: number | null;
  /** The symbol of a single published row (c, x, z, u, low, k). */
  symbol: string | null;
  rows: number;
  /** Population of the rows' areas, when every one of them has one. */
  population: number | null;
}

export interface OfficialQuery {
  indicator: OfficialIndicator;
  breakdown: string | null;
  periodType: PeriodType;
  filters: ReadonlyMap<string, string>;
  members: readonly OfficialMember[];
}

export async function queryOfficialAggregates(c: DuckDBConnection, q: OfficialQuery): Promise<OfficialAggregate[]> {
  const filterNames = [...q.filters.keys()];
  // Filter names and values are bound; only their positions are written into the SQL.
  const filterConditions = filterNames.map((_, i) => `AND s.filters[$fname${i}] = $fvalue${i}`).join(' ');
  const sql = `
    WITH wanted AS (SELECT unnest($codes) AS area_code, unnest($groups) AS grp, unnest($sources) AS source),
    rows AS (
      SELECT w.grp, w.source, s.geographic_level, s.period, s.period_start, s.area_code,
             ${q.breakdown === null ? 'NULL::VARCHAR' : 's.filters[$breakdown]'} AS breakdown,
             s.value, s.symbol, ${statsPopulationYearSql('s.period_start', 's.period_end')} AS population_year
      FROM stats_values s JOIN wanted w ON w.area_code = s.area_code
      WHERE s.indicator = $indicator AND s.period_type = $period_type
        AND (w.source = 'direct' OR s.geographic_level IN ('Regional', 'Local authority'))
        ${filterConditions}
    ),
    latest AS (
      SELECT area_code, max(year) AS year FROM populations
      WHERE age_band = '0-17' AND sex = 'all' AND area_code IN (SELECT area_code FROM wanted)
      GROUP BY area_code
    )
    SELECT r.grp, r.source, r.geographic_level, r.period, strftime(min(r.period_start), '%Y-%m-%d') AS period_start, r.breakdown,
           CASE WHEN count(r.symbol) = 0 THEN sum(r.value) END AS value,
           CASE WHEN count(*) = 1 THEN any_value(r.symbol) END AS symbol,
           count(*) AS n,
           CASE WHEN count(p.population) = count(*) THEN sum(p.population) END AS population
    FROM rows r
    LEFT JOIN latest l ON l.area_code = r.area_code
    LEFT JOIN populations p ON p.area_code = r.area_code AND p.age_band = '0-17' AND p.sex = 'all'
         AND p.year = least(r.population_year, l.year)
    GROUP BY r.grp, r.source, r.geographic_level, r.period, r.breakdown
    ORDER BY r.grp, period_start, r.breakdown`;

  const params: Record<string, ReturnType<typeof listValue> | string> = {
    codes: listValue(q.members.map((m) => m.code)),
    groups: listValue(q.members.map((m) => m.group)),
    sources: listValue(q.members.map((m) => m.source)),
    indicator: q.indicator.id,
    period_type: q.periodType,
  };
  if (q.breakdown !== null) params.breakdown = q.breakdown;
  filterNames.forEach((name, i) => {
    params[`fname${i}`] = name;
    params[`fvalue${i}`] = q.filters.get(name)!;
  });
  const reader = await c.runAndReadAll(sql, params, { codes: LIST(VARCHAR), groups: LIST(VARCHAR), sources: LIST(VARCHAR) });
  return reader.getRowObjectsJS().map((r) => ({
    group: String(r.grp),
    source: String(r.source) as Source,
    geographicLevel: String(r.geographic_level),
    period: String(r.period),
    periodStart: r.period_start === null ? null : String(r.period_start),
    breakdown: r.breakdown === null ? null : String(r.breakdown),
    value: r.value === null ? null : Number(r.value),
    symbol: r.symbol === null ? null : String(r.symbol),
    rows: Number(r.n),
    population: r.population === null ? null : Number(r.population),
  }));
}
