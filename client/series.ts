/** Fetching `/api/series` and telling the area's own rows from its comparators'. */
import { getJson } from './api.js';
import type { Comparator, Series, SeriesRow, Stat } from './api-types.js';
import { comparePeriods } from './periods.js';

export interface SeriesQuery {
  indicator: string;
  area: string;
  stat?: Stat;
  breakdown?: string;
  compare?: Comparator;
  period_type?: string;
  /** Periods where SPC limits may be re-based (`2015-Q2,2016-Q1`). */
  spc_rebase?: string;
}

function checkRow(r: unknown): r is SeriesRow {
  return !!r && typeof r === 'object' && typeof (r as SeriesRow).period === 'string' && typeof (r as SeriesRow).area_code === 'string';
}

export async function fetchSeries(q: SeriesQuery): Promise<Series> {
  const body = await getJson<Series>('/api/series', { ...q });
  if (!body || !Array.isArray(body.rows)) throw new Error('/api/series answered without rows');
  const rows = body.rows.filter(checkRow).map((r) => ({ ...r, suppressed: r.suppressed === true, breakdown: r.breakdown ?? null }));
  rows.sort((a, b) => comparePeriods(a.period, b.period));
  return { ...body, rows };
}

/** The area's own rows: its code (or the first code in the answer), no breakdown. */
export function ownRows(series: Series, area = series.area): SeriesRow[] {
  return series.rows.filter((r) => r.area_code === area && (r.breakdown === null || r.breakdown === 'all' || r.breakdown === 'total'));
}

export function otherRows(series: Series, area = series.area): SeriesRow[] {
  return series.rows.filter((r) => r.area_code !== area);
}

export function rowAt(rows: readonly SeriesRow[], period: string): SeriesRow | undefined {
  return rows.find((r) => r.period === period);
}

export const ENGLAND = 'E92000001';

export function comparatorName(code: string, lookup: (code: string) => string, comparator?: Comparator): string {
  if (code === ENGLAND || comparator === 'england') return 'England';
  if (comparator === 'neighbours' || /neighbour/i.test(code)) return 'Statistical neighbours (median)';
  const name = lookup(code);
  return name === code && comparator === 'region' ? 'Region' : name;
}
