/**
 * GET /api/series for a measure of success (`plan.<plan>.<measure>`): the plan's quarterly values
 * for the plan's own area, each with its target, after disclosure control (measure-disclosure.ts),
 * with SPC over the published values as for any series. A measure has no breakdowns, comparators
 * or other period types: it is the partnership's own figure, and only quarterly.
 */
import { DEFAULT_DISCLOSURE } from '../indicators/disclosure-policy.js';
import type { DuckDBConnection } from '@duckdb/node-api';

import { readMeasureHistory } from '../../pipelines/action-plans/measure-tables.js';
import type { AuthUser } from '../auth/roles.js';
import type { Area } from '../indicators/area-index.js';
import { quarterIndex } from '../indicators/periods.js';
import type { SeriesResult } from '../indicators/series.js';
import type { SeriesQuery } from '../indicators/series-request.js';
import { buildRows, type Figure, type SeriesRow } from '../indicators/series-rows.js';
import { publishedMeasureValue } from './measure-disclosure.js';
import type { MeasureIndicator } from './measure-indicators.js';

/** A series row of a measure: the contract's row and the plan's target for the quarter. */
export interface MeasureSeriesRow extends SeriesRow {
  target: number | null;
}

export interface MeasureSeriesResult extends SeriesResult {
  rows: MeasureSeriesRow[];
}

/** What is wrong with the query for this measure, or null. */
export function measureQueryProblem(query: SeriesQuery, indicator: MeasureIndicator, area: Area | undefined): string | null {
  if (area === undefined) return `unknown area "${query.area}"`;
  if (area.code !== indicator.area_code) {
    return `${indicator.id} is a measure of the plan ${indicator.plan}, whose area is ${indicator.area_code}; ask for area=${indicator.area_code}`;
  }
  if (query.stat !== null && query.stat !== 'value') return `stat "${query.stat}" is not offered by ${indicator.id}; use value`;
  if (query.breakdown !== null) return `${indicator.id} cannot be broken down; breakdowns: none`;
  if (query.compare !== null) return `${indicator.id} is the partnership's own measure and has no comparators`;
  if (query.periodType !== null && query.periodType !== 'quarter') return `period_type "${query.periodType}" is not available for ${indicator.id}; use quarter`;
  if (query.filters.size > 0) return `filter applies to official statistics only; ${indicator.id} has none`;
  if ((query.spcChanges ?? []).length > 0) return `spc_rebase applies to extract and official series; ${indicator.id} is a plan's own measure`;
  return null;
}

export async function measureSeries(c: DuckDBConnection, indicator: MeasureIndicator, user: AuthUser): Promise<MeasureSeriesResult> {
  const history = await readMeasureHistory(c, indicator.plan);
  const values = history.values.filter((v) => v.measure === indicator.measure);
  const countsChildren = history.measures.find((m) => m.measure === indicator.measure)?.counts_children ?? true;
  const figures = values.map((v): Figure => {
    const published = publishedMeasureValue(v.value, countsChildren, user);
    return {
      role: 'area',
      areaCode: indicator.area_code,
      period: v.period,
      order: quarterIndex(v.period),
      breakdown: null,
      numerator: published.value,
      denominator: null,
      // `c`, as published tables mark a suppressed cell; the row then says `suppressed`.
      symbol: published.suppressed ? 'c' : null,
      // Protected above, in the one place measures are: a hidden value is `c`, the rest exact.
      protected: false,
      maxChange: 0,
    };
  });
  const targets = new Map(values.map((v) => [v.period, v.target]));
  const rows = buildRows(figures, { stat: 'value', polarity: indicator.polarity, disclosure: DEFAULT_DISCLOSURE, compare: null, spc: true });
  return {
    indicator: indicator.id,
    area: indicator.area_code,
    stat: 'value',
    period_type: 'quarter',
    breakdown: null,
    compare: null,
    rows: rows.map((row) => ({ ...row, target: targets.get(row.period) ?? null })),
    incomplete_periods: [],
    symbols: [],
    disclosure: {
      method: rows.some((row) => row.suppressed) ? 'suppressed' : 'none',
      threshold: DEFAULT_DISCLOSURE.threshold,
      max_change: 0,
    },
  };
}
