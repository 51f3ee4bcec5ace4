/**
 * Every LA's figure on an official-statistics indicator for one period, for ranking and mapping.
 *
 * Asks `GET /api/benchmarks?indicator=ID&period=P&area=CODE&stat=S`, answering
 * `{ rows: [{ area_code, area_name, region_code, value, lower95, upper95, suppressed, rank, benchmark }],
 *    neighbours: [codes], england: { value, lower95, upper95 } }` (proposed; see the client README).
 * Until the server offers it, the page shows the chosen LA with its neighbours (`fetchLas`).
 */
import { ApiError, getJson } from './api.js';
import type { Area, SeriesRow, Stat, Verdict } from './api-types.js';
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
  benchmark: Verdict | null;
}

export interface AllLas {
  rows: LaFigure[];
  neighbours: string[];
  england: { value: number | null; lower95: number | null; upper95: number | null } | null;
  source: 'benchmarks' | 'series';
}

interface BenchmarksAnswer {
  rows?: Partial<LaFigure>[];
  neighbours?: string[];
  england?: AllLas['england'];
}

/**
 * Every LA's figure, or null while the server has no `/api/benchmarks` (asking each of 150 LAs
 * for its series one by one would hold the server for half a minute).
 */
export async function fetchAllLas(q: { indicator: string; period: string; area: string; stat: Stat }): Promise<AllLas | null> {
  try {
    const body = await getJson<BenchmarksAnswer>('/api/benchmarks', { ...q }, { cache: true });
    const rows = (body.rows ?? []).filter((r) => typeof r.area_code === 'string').map((r) => ({
      area_code: r.area_code!,
      area_name: r.area_name ?? r.area_code!,
      region_code: r.region_code ?? null,
      value: r.value ?? null,
      lower95: r.lower95 ?? null,
      upper95: r.upper95 ?? null,
      suppressed: r.suppressed === true,
      rank: r.rank ?? null,
      benchmark: r.benchmark ?? null,
    }));
    return { rows: rankIfNeeded(rows), neighbours: body.neighbours ?? [], england: body.england ?? null, source: 'benchmarks' };
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

/** Highest value first where the server gave no rank; ties share a rank. */
function rankIfNeeded(rows: LaFigure[]): LaFigure[] {
  if (rows.some((r) => r.rank !== null)) return rows;
  const ranked = rows.filter((r) => r.value !== null && !r.suppressed).sort((a, b) => b.value! - a.value!);
  let prev: number | null = null;
  let rank = 0;
  ranked.forEach((r, i) => {
    if (r.value !== prev) rank = i + 1;
    prev = r.value;
    r.rank = rank;
  });
  return rows;
}
