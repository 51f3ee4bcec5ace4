/**
 * The aggregate behind a series of an extract indicator: one DuckDB query that sums the stored rows
 * (series-source.ts) of every area involved into windows (quarters, years, rolling years), checks
 * each window has all its quarters, attaches populations and adds up comparators, all from bound
 * lists of area codes.
 */
import { listValue, LIST, VARCHAR, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { DATASETS } from '../../pipelines/extract-schema.js';
import type { ExtractIndicator, Stat } from './catalogue.js';
import type { ExtractPeriodType } from './periods.js';
import { populationYearSql, quarterIndexSql, requiredQuarters, windowsOfQuarterSql } from './periods.js';
import { NOT_BROKEN_DOWN, perturbedCells, seriesSource } from './series-source.js';
import { PER_SERIES_MAX_CHANGE } from './disclosure-policy.js';

/**
 * Rows are summed per unit (an area with everything below it), units per group. A group is what a
 * series row shows: the requested area (one unit), England or a region (their local authorities),
 * or one statistical neighbour.
 */
export interface Unit {
  unit: string;
  group: string;
  /** Area codes whose fact rows belong to the unit. */
  members: readonly string[];
  /** Area codes whose population is the unit's: itself, then older codes of the same area. */
  populationCodes: readonly string[];
}

/** One group, window and breakdown cell, as the query returns it. */
export interface ExtractAggregate {
  group: string;
  window: number;
  breakdown: string | null;
  /** Sums over the group's units that had every quarter of the window; null when none had. */
  numerator: number | null;
  /** The formula's denominator (shares), summed likewise. */
  denominator: number | null;
  /** The numerator of the units that have a population, and that population (stat=rate). */
  numeratorWithPopulation: number | null;
  population: number | null;
  /** Sum of the numerator over every breakdown cell of the group and window (stat=proportion by cell). */
  cellTotal: number | null;
  /** The most quarters any unit of the group had in the window. */
  quarters: number;
  /** Units (authorities, for England and regions) with every quarter of the window. */
  contributors: number;
  /** Published layer: the largest difference there can be between a count of this row and the truth. */
  maxChange: number;
}

/** The population cell a breakdown cell divides by: its age band or sex, else all children 0–17. */
function populationCellSql(breakdown: string | null): { band: string; sex: string } {
  if (breakdown === 'age_band') return { band: 'u.breakdown', sex: `'all'` };
  if (breakdown === 'sex') return { band: `'0-17'`, sex: 'u.breakdown' };
  return { band: `'0-17'`, sex: `'all'` };
}

export interface ExtractQuery {
  indicator: ExtractIndicator;
  stat: Stat;
  breakdown: string | null;
  periodType: ExtractPeriodType;
  units: readonly Unit[];
  /** Read the published layer (perturbed counts) instead of the rollup. */
  published: boolean;
}

export async function queryExtractAggregates(c: DuckDBConnection, q: ExtractQuery): Promise<ExtractAggregate[]> {
  const dataset = DATASETS[q.indicator.dataset];
  // The breakdown was checked against the catalogue; checking again here keeps this module safe on its own.
  if (q.breakdown !== null && !dataset.dimensions.some((d) => d.name === q.breakdown)) {
    throw new RangeError(`${q.breakdown} is not a dimension of ${dataset.id}`);
  }
  const source = seriesSource(q.indicator, q.breakdown, q.published);
  // A breakdown has a row for every value of the dimension (and "not broken down") in every window
  // the group has figures for, 0 where no record had it. Listing only the values that have rows
  // would say which cells hold at least one record: a shown 0 would then be a true 1 or 2. A group
  // that never records the dimension in the whole series keeps its one "not broken down" row: its
  // values are not recorded, not 0 (that says only that a sum over all its years is 0).
  const gridSql = `
    recorded AS (SELECT grp FROM held WHERE breakdown <> $not_broken_down GROUP BY grp),
    held_windows AS (SELECT grp, win, max(quarters) AS quarters, bool_or(num IS NOT NULL) AS complete FROM held GROUP BY ALL),
    grouped AS (
      SELECT w.grp, w.win, v.breakdown,
             CASE WHEN w.complete THEN coalesce(h.num, 0) END AS num,
             CASE WHEN w.complete THEN coalesce(h.den, 0) END AS den,
             coalesce(h.quarters, w.quarters) AS quarters
      FROM held_windows w SEMI JOIN recorded r ON r.grp = w.grp
      CROSS JOIN (SELECT unnest($cells) AS breakdown) v
      LEFT JOIN held h ON h.grp = w.grp AND h.win = w.win AND h.breakdown = v.breakdown
      UNION ALL
      FROM held h ANTI JOIN recorded r ON r.grp = h.grp
    ),`;
  const withPopulation = q.stat === 'rate';
  const cell = populationCellSql(q.breakdown);

  // A rate's population is every complete unit's, cell by cell, even where the unit had no rows
  // in that cell (no police referrals this year is 0 referrals, not a smaller population).
  const populationSql = `,
    population_codes AS (SELECT unnest($p_unit) AS unit, unnest($p_code) AS area_code),
    unit_populations AS (
      SELECT pc.unit, p.year, p.age_band, p.sex, max(p.population) AS population
      FROM population_codes pc JOIN populations p ON p.area_code = pc.area_code
      GROUP BY ALL
    ),
    latest AS (SELECT unit, age_band, sex, max(year) AS year FROM unit_populations GROUP BY ALL),
    unit_cells AS (
      SELECT cl.grp, g.unit, cl.win, cl.breakdown
      FROM (SELECT DISTINCT grp, win, breakdown FROM grouped) cl
      JOIN unit_groups g ON g.grp = cl.grp
      JOIN coverage cu ON cu.unit = g.unit AND cu.win = cl.win AND cu.quarters >= $required
    ),
    cell_populations AS (
      SELECT uc.grp, uc.win, uc.breakdown,
             coalesce(sum(u.num) FILTER (WHERE p.population IS NOT NULL), 0) AS num_with_population,
             sum(p.population) AS population
      FROM unit_cells uc
      LEFT JOIN unit_windows u ON u.unit = uc.unit AND u.win = uc.win AND u.breakdown IS NOT DISTINCT FROM uc.breakdown
      LEFT JOIN latest l ON l.unit = uc.unit AND l.age_band = ${cell.band} AND l.sex = ${cell.sex}
      LEFT JOIN unit_populations p ON p.unit = uc.unit AND p.age_band = l.age_band AND p.sex = l.sex
           AND p.year = least(${populationYearSql(q.periodType, 'uc.win')}, l.year)
      GROUP BY ALL
    )`;

  // Perturbed series summed into each window of a complete unit: every stored area present in any
  // quarter of the window, times its patterns of blank measures.
  const seriesSql = `,
    area_windows AS (
      SELECT DISTINCT m.unit, unnest(${windowsOfQuarterSql(q.periodType, `${quarterIndexSql('b.period')}`)}) AS win, b.area_code
      FROM (SELECT DISTINCT area_code, period FROM by_area) b JOIN membership m ON m.area_code = b.area_code
    ),
    group_series AS (
      SELECT g.grp, aw.win, sum(coalesce(dp.patterns, 1)) AS series
      FROM area_windows aw JOIN unit_groups g ON g.unit = aw.unit
      JOIN coverage cv ON cv.unit = aw.unit AND cv.win = aw.win AND cv.quarters >= $required
      LEFT JOIN disclosure_patterns dp ON dp.dataset = $dataset AND dp.area_code = aw.area_code
      GROUP BY ALL
    )`;

  const sql = `
    WITH membership AS (SELECT unnest($m_code) AS area_code, unnest($m_unit) AS unit),
    unit_groups AS (SELECT unnest($u_unit) AS unit, unnest($u_group) AS grp),
    -- Sum the stored rows by their own area first (a scan with a semi-join), then into units:
    -- carrying unit names through every stored row costs more than the second, small step.
    by_area AS (
      SELECT f.area_code, f.period, ${source.breakdown} AS breakdown, sum(${source.num}) AS num, sum(${source.den}) AS den
      FROM ${source.from}
      WHERE ${source.where} AND f.area_code IN (SELECT area_code FROM membership)
      GROUP BY ALL
    ),
    by_period AS (
      SELECT m.unit, b.period, b.breakdown, sum(b.num) AS num, sum(b.den) AS den
      FROM by_area b JOIN membership m ON m.area_code = b.area_code
      GROUP BY ALL
    ),
    windowed AS (
      SELECT unit, unnest(${windowsOfQuarterSql(q.periodType, 'qi')}) AS win, qi, breakdown, num, den
      FROM (SELECT *, ${quarterIndexSql('period')} AS qi FROM by_period)
    ),
    coverage AS (SELECT unit, win, count(DISTINCT qi) AS quarters FROM windowed GROUP BY ALL),
    unit_windows AS (
      SELECT w.unit, w.win, w.breakdown, sum(w.num) AS num, sum(w.den) AS den, any_value(c.quarters) AS quarters
      FROM windowed w JOIN coverage c ON c.unit = w.unit AND c.win = w.win
      GROUP BY w.unit, w.win, w.breakdown
    ),
    held AS (
      SELECT g.grp, u.win, u.breakdown,
             sum(u.num) FILTER (WHERE u.quarters >= $required) AS num,
             sum(u.den) FILTER (WHERE u.quarters >= $required) AS den,
             max(u.quarters) AS quarters
      FROM unit_windows u JOIN unit_groups g ON g.unit = u.unit
      GROUP BY g.grp, u.win, u.breakdown
    ),${q.breakdown === null ? ' grouped AS (FROM held),' : gridSql}
    contributing AS (
      SELECT g.grp, c.win, count(*) AS contributors
      FROM coverage c JOIN unit_groups g ON g.unit = c.unit
      WHERE c.quarters >= $required
      GROUP BY ALL
    )${withPopulation ? populationSql : ''}${q.published ? seriesSql : ''}
    SELECT gr.*, sum(gr.num) OVER (PARTITION BY gr.grp, gr.win) AS cell_total, coalesce(ct.contributors, 0) AS contributors,
           ${q.published ? 'gs.series' : '0'} AS series,
           ${withPopulation ? 'cp.num_with_population, cp.population' : 'NULL::HUGEINT AS num_with_population, NULL::DOUBLE AS population'}
    FROM grouped gr
    LEFT JOIN contributing ct ON ct.grp = gr.grp AND ct.win = gr.win
    ${withPopulation ? 'LEFT JOIN cell_populations cp ON cp.grp = gr.grp AND cp.win = gr.win AND cp.breakdown IS NOT DISTINCT FROM gr.breakdown' : ''}
    ${q.published ? 'LEFT JOIN group_series gs ON gs.grp = gr.grp AND gs.win = gr.win' : ''}
    ORDER BY gr.grp, gr.win, gr.breakdown`;

  const lists = {
    m_code: q.units.flatMap((u) => u.members),
    m_unit: q.units.flatMap((u) => u.members.map(() => u.unit)),
    u_unit: q.units.map((u) => u.unit),
    u_group: q.units.map((u) => u.group),
    ...(withPopulation
      ? {
          p_unit: q.units.flatMap((u) => u.populationCodes.map(() => u.unit)),
          p_code: q.units.flatMap((u) => u.populationCodes),
        }
      : {}),
  };
  const values = Object.fromEntries(Object.entries(lists).map(([k, v]) => [k, listValue(v)]));
  const types = Object.fromEntries([...Object.keys(lists), ...(q.breakdown === null ? [] : ['cells'])].map((k) => [k, LIST(VARCHAR)]));
  const params: Record<string, DuckDBValue> = { ...values, required: requiredQuarters(q.periodType) };
  if (source.dimension !== null) params.dimension = source.dimension;
  if (q.breakdown !== null) {
    params.cells = listValue([...dataset.dimensions.find((d) => d.name === q.breakdown)!.values, NOT_BROKEN_DOWN]);
    params.not_broken_down = NOT_BROKEN_DOWN;
  }
  if (q.published) params.dataset = dataset.id;
  const cells = perturbedCells(q.indicator, q.stat, q.breakdown);
  const perCount = PER_SERIES_MAX_CHANGE * Math.max(cells.num, cells.den);
  const reader = await c.runAndReadAll(sql, params, types);
  const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return reader.getRowObjectsJS().map((r) => ({
    group: String(r.grp),
    window: Number(r.win),
    breakdown: r.breakdown === null ? null : String(r.breakdown),
    numerator: n(r.num),
    denominator: n(r.den),
    numeratorWithPopulation: n(r.num_with_population),
    population: n(r.population),
    cellTotal: n(r.cell_total),
    quarters: Number(r.quarters),
    contributors: Number(r.contributors),
    maxChange: Number(r.series) * perCount,
  }));
}
