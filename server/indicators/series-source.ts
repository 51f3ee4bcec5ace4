/**
 * Which stored rows a series sums, and how: the SQL pieces of the first step of the series query.
 * Most shapes read the dataset's rollup (pipelines/extract-rollup.ts), one row per area, quarter
 * and dimension value. A share or completeness broken down by another dimension needs the two
 * dimensions together, which only the fact rows hold, so that shape alone reads them.
 */
import { DATASETS } from '../../pipelines/extract-schema.js';
import type { ExtractIndicator } from './catalogue.js';

export interface SeriesSource {
  /** The table, aliased `f`. */
  from: string;
  /** Per-row expressions: the breakdown cell (VARCHAR), numerator and denominator. */
  breakdown: string;
  num: string;
  den: string;
  /** Which rows count; may use $dimension. */
  where: string;
  /** Bound to $dimension when the rollup is read. */
  dimension: string | null;
}

const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** The breakdown cell of records that left the dimension blank. */
export const NOT_BROKEN_DOWN = 'not_broken_down';

/**
 * Numerator, denominator and which rows count, from the data dictionary's names only. `column`
 * gives the stored column holding a dimension's value. The conditions keep a row only when the
 * measures it uses are given: the rollup keeps rows with different blank measures apart, so they
 * select the same fact rows either way.
 */
function formulaSql(indicator: ExtractIndicator, column: (dimension: string) => string): { num: string; den: string; where: string } {
  const primary = DATASETS[indicator.dataset].measures[0]!.name;
  const f = indicator.formula;
  switch (f.type) {
    case 'measure':
      return { num: `f.${f.measure}`, den: 'NULL::BIGINT', where: `f.${f.measure} IS NOT NULL` };
    case 'measure_share':
      return { num: `f.${f.numerator}`, den: `f.${f.denominator}`, where: `f.${f.numerator} IS NOT NULL AND f.${f.denominator} IS NOT NULL` };
    case 'dimension_share': {
      const d = column(f.dimension);
      return {
        num: `CASE WHEN ${d} IN (${f.values.map(lit).join(', ')}) THEN f.${primary} ELSE 0 END`,
        den: `CASE WHEN ${d} <> 'unknown' THEN f.${primary} ELSE 0 END`,
        where: `${d} IS NOT NULL AND f.${primary} IS NOT NULL`,
      };
    }
    case 'completeness': {
      const d = column(f.dimension);
      return {
        num: `CASE WHEN ${d} = 'unknown' THEN f.${primary} ELSE 0 END`,
        den: `f.${primary}`,
        where: `${d} IS NOT NULL AND f.${primary} IS NOT NULL`,
      };
    }
  }
}

/** The fact rows themselves: any shape can be summed from them. */
export function factSource(indicator: ExtractIndicator, breakdown: string | null): SeriesSource {
  const { num, den, where } = formulaSql(indicator, (d) => `f.${d}`);
  return {
    from: `${indicator.dataset}_facts f`,
    breakdown: breakdown === null ? 'NULL::VARCHAR' : `coalesce(f.${breakdown}::VARCHAR, ${lit(NOT_BROKEN_DOWN)})`,
    num,
    den,
    where,
    dimension: null,
  };
}

/**
 * A share or completeness broken down by another dimension: the two dimensions crossed, which
 * only the fact rows hold. The published layer has no such cross, so protected users cannot
 * have this shape.
 */
export function needsFactRows(indicator: ExtractIndicator, breakdown: string | null): boolean {
  const f = indicator.formula;
  return (f.type === 'dimension_share' || f.type === 'completeness') && breakdown !== null;
}

/**
 * What a series reads: the rollup (raw counts) or, with `published`, the published layer of the
 * same shape (pipelines/disclosure-layer.ts). `breakdown` has been checked to be one of the
 * dataset's dimensions (or is null).
 */
export function seriesSource(indicator: ExtractIndicator, breakdown: string | null, published = false): SeriesSource {
  const f = indicator.formula;
  const filtered = f.type === 'dimension_share' || f.type === 'completeness' ? f.dimension : null;
  if (needsFactRows(indicator, breakdown)) {
    if (published) throw new RangeError(`${indicator.id} by ${breakdown} has no published form`);
    return factSource(indicator, breakdown);
  }
  // The rollup rows of one dimension (the filtered one, or the breakdown), or the totals ('').
  const { num, den, where } = formulaSql(indicator, () => 'f.value');
  return {
    from: `${indicator.dataset}_${published ? 'published' : 'rollup'} f`,
    breakdown: breakdown === null ? 'NULL::VARCHAR' : `coalesce(f.value, ${lit(NOT_BROKEN_DOWN)})`,
    num,
    den,
    where: `f.dimension = $dimension AND ${where}`,
    dimension: filtered ?? breakdown ?? '',
  };
}

/**
 * How many perturbed cells of one stored area (per pattern of blank measures) the numerator and
 * the denominator of one row add up: a sum over a set S of a dimension's cells is off by no more
 * than the cells of S, nor than the total and the cells outside S (their errors add up to the
 * total's). "Not broken down" is one of those cells.
 */
export function perturbedCells(indicator: ExtractIndicator, stat: string, breakdown: string | null): { num: number; den: number } {
  const f = indicator.formula;
  const dataset = DATASETS[indicator.dataset];
  const cellsOf = (dimension: string) => dataset.dimensions.find((d) => d.name === dimension)!.values.length + 1;
  const subset = (size: number, of: number) => Math.min(size, 1 + of - size);
  switch (f.type) {
    case 'measure':
      return { num: 1, den: stat === 'proportion' ? 1 : 0 };
    case 'measure_share':
      return { num: 1, den: 1 };
    case 'dimension_share': {
      const n = cellsOf(f.dimension);
      return { num: subset(f.values.length, n), den: subset(n - 2, n) };
    }
    case 'completeness':
      return { num: 1, den: subset(cellsOf(f.dimension) - 1, cellsOf(f.dimension)) };
  }
}
