/**
 * The LAIT view of an official statistic: every local authority's figure for one period, with
 * intervals, rank and quartile band among all of them, and its verdict against England. One
 * query answers what would otherwise be a series request per council.
 */
import { listValue, type DuckDBConnection } from '@duckdb/node-api';
import { benchmark, type Verdict } from '../statistics/benchmark.js';
import { rateEstimate } from '../statistics/intervals.js';
import { rankAreas, type QuartileBand } from '../statistics/ranking.js';
import type { EstimateRow } from '../statistics/estimate-row.js';
import type { OfficialIndicator } from './catalogue.js';
import { statsPopulationYearSql } from './periods.js';

export type LeagueStat = 'rate' | 'count';

export interface LeagueRow extends EstimateRow {
  area_code: string;
  area_name: string;
  region_code: string | null;
  /** The published symbol (c, x, z, u, low, k) where there is no number. */
  symbol: string | null;
  rank: number | null;
  of: number;
  band: QuartileBand | null;
  /** Against England's value, by the Fingertips rule at 95%. */
  benchmark: Verdict | null;
}

export interface LeagueTable {
  indicator: string;
  period: string;
  stat: LeagueStat;
  periods: string[];
  england: { value: number | null; numerator: number | null; denominator: number | null };
  rows: LeagueRow[];
}

interface RawRow {
  area_code: string;
  area_name: string;
  region_code: string | null;
  level: string;
  value: number | null;
  symbol: string | null;
  population: number | null;
}

export async function periodsOf(c: DuckDBConnection, indicator: OfficialIndicator): Promise<string[]> {
  const reader = await c.runAndReadAll(
    `SELECT DISTINCT period FROM stats_values WHERE indicator = $indicator AND geographic_level = 'Local authority' ORDER BY period`,
    { indicator: indicator.id },
  );
  return reader.getRowObjectsJS().map((r) => String(r.period));
}

export async function leagueTable(
  c: DuckDBConnection,
  indicator: OfficialIndicator,
  period: string | null,
  stat: LeagueStat,
  /** Today's code of an area: rows keep the file's figures but carry it (Sheffield E08000019 → E08000039). */
  currentCode: (code: string) => string,
): Promise<LeagueTable | null> {
  const periods = await periodsOf(c, indicator);
  const chosen = period ?? periods.at(-1) ?? null;
  if (chosen === null || !periods.includes(chosen)) return null;

  const fixed = indicator.filters.filter((f) => f.default !== null);
  const filterSql = fixed.map((_, i) => `AND s.filters[$fname${i}] = $fvalue${i}`).join(' ');
  const params: Record<string, string | ReturnType<typeof listValue>> = { indicator: indicator.id, period: chosen };
  fixed.forEach((f, i) => {
    params[`fname${i}`] = f.name;
    params[`fvalue${i}`] = f.default!;
  });
  const reader = await c.runAndReadAll(
    `WITH rows AS (
       SELECT CASE WHEN s.geographic_level = 'National' THEN 'E92000001' ELSE s.area_code END AS area_code,
              s.area_name, s.geographic_level AS level, s.value, s.symbol,
              ${statsPopulationYearSql('s.period_start', 's.period_end')} AS population_year
       FROM stats_values s
       WHERE s.indicator = $indicator AND s.period = $period
         AND s.geographic_level IN ('National', 'Local authority') ${filterSql}
     ),
     latest AS (SELECT area_code, max(year) AS year FROM populations WHERE age_band = '0-17' AND sex = 'all' GROUP BY area_code)
     SELECT r.area_code, coalesce(a.name, r.area_name, r.area_code) AS area_name, a.parent_code AS region_code, r.level,
            r.value, r.symbol, p.population
     FROM rows r
     LEFT JOIN areas a ON a.code = r.area_code
     LEFT JOIN latest l ON l.area_code = r.area_code
     LEFT JOIN populations p ON p.area_code = r.area_code AND p.age_band = '0-17' AND p.sex = 'all'
          AND p.year = least(r.population_year, l.year)
     ORDER BY r.area_code`,
    params,
  );
  const raw: RawRow[] = reader.getRowObjectsJS().map((r) => ({
    area_code: String(r.area_code),
    area_name: String(r.area_name),
    region_code: r.region_code === null ? null : String(r.region_code),
    level: String(r.level),
    value: r.value === null ? null : Number(r.value),
    symbol: r.symbol === null ? null : String(r.symbol),
    population: r.population === null ? null : Number(r.population),
  }));

  const figure = (r: RawRow) => {
    if (r.value === null) return null;
    if (stat === 'count') return { value: r.value, lower95: null, upper95: null, lower998: null, upper998: null };
    if (r.population === null) return null;
    const e = rateEstimate(r.value, r.population);
    return e.value === null ? null : e;
  };
  const englandRow = raw.find((r) => r.level === 'National');
  const englandValue = englandRow ? (figure(englandRow)?.value ?? null) : null;
  const las = raw.filter((r) => r.level === 'Local authority');
  const figures = las.map(figure);
  const ranks = rankAreas(figures.map((f) => f?.value ?? null), indicator.polarity);
  const rows: LeagueRow[] = las.map((r, i) => {
    const f = figures[i];
    const rank = ranks[i] ?? null;
    return {
      area_code: currentCode(r.area_code),
      area_name: r.area_name,
      region_code: r.region_code,
      numerator: r.value,
      denominator: stat === 'rate' ? r.population : null,
      value: f?.value ?? null,
      lower95: f?.lower95 ?? null,
      upper95: f?.upper95 ?? null,
      lower998: f?.lower998 ?? null,
      upper998: f?.upper998 ?? null,
      symbol: r.symbol,
      rank: rank?.rank ?? null,
      of: rank?.of ?? figures.filter((x) => x !== null).length,
      band: rank?.band ?? null,
      benchmark: f && stat === 'rate' ? benchmark(f, englandValue, indicator.polarity).verdict95 : null,
    };
  });
  rows.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.area_name.localeCompare(b.area_name));
  return {
    indicator: indicator.id,
    period: chosen,
    stat,
    periods,
    england: { value: englandValue, numerator: englandRow?.value ?? null, denominator: englandRow?.population ?? null },
    rows,
  };
}
