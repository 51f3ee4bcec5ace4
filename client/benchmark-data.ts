/**
 * Every LA's figure on an official-statistics indicator for one period, ranked (LAIT rank and
 * quartile band, verdict against England): `GET /api/rankings`. A published symbol is kept: `c`
 * is suppressed, any other symbol is not available.
 */
import { ApiError, getJson } from './api.js';
import type { Area, SeriesRow, Stat, Verdict } from './api-types.js';
import type { LeagueTable } from '../server/indicators/league-table.js';
import { fetchSeries, ownRows } from './series.js';

export interface LaFigure {
  area_code: string;
  area_name: string;
  region_code: string | null;
  value: number | null;
  lower95: number | null;
  upper95: number | null;
  suppressed: boolean;
  rank: number | null;
  /** Quartile band A–D (A best, or highest where the indicator has no polarity). */
  band?: string | null;
  of?: number;
  benchmark: Verdict | null;
}

export interface AllLas {
  period: string;
  rows: LaFigure[];
  england: { value: number | null; lower95: number | null; upper95: number | null } | null;
}

/** Every LA's figure, or null where the server has no rankings route (then: `fetchLas`). */
export async function fetchAllLas(q: { indicator: string; period: string; stat: Stat }): Promise<AllLas | null> {
  try {
    const table = await getJson<LeagueTable>('/api/rankings', { indicator: q.indicator, period: q.period, stat: q.stat === 'count' ? 'count' : 'rate' });
    return {
      period: table.period,
      rows: table.rows.map((r) => ({
        area_code: r.area_code,
        area_name: r.area_name,
        region_code: r.region_code,
        value: r.value,
        lower95: r.lower95,
        upper95: r.upper95,
        suppressed: r.symbol === 'c',
        rank: r.rank,
        band: r.band,
        of: r.of,
        benchmark: r.benchmark,
      })),
      england: table.england ? { value: table.england.value, lower95: null, upper95: null } : null,
    };
  } catch (error) {
    if (error instanceof ApiError && error.status === 404 && error.code === 'not_found') return null;
    throw error;
  }
}

/** The chosen LA and its statistical neighbours, one series request each. */
export async function fetchLas(q: { indicator: string; period: string; stat: Stat }, las: readonly Area[]): Promise<LaFigure[]> {
  const out = await Promise.all(las.map(async (la): Promise<LaFigure | null> => {
    try {
      const s = await fetchSeries({ indicator: q.indicator, area: la.code, stat: q.stat });
      const r: SeriesRow | undefined = ownRows(s, la.code).find((x) => x.period === q.period);
      if (!r) return null;
      return {
        area_code: la.code, area_name: la.name, region_code: la.region_code ?? null, value: r.value, lower95: r.lower95,
        upper95: r.upper95, suppressed: r.suppressed, rank: null, benchmark: r.benchmark,
      };
    } catch {
      return null;
    }
  }));
  return out.filter((x): x is LaFigure => x !== null);
}
