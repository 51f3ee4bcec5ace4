/**
 * Every LA's figure on an official-statistics indicator for one period, for ranking and mapping.
 *
 * Asks `GET /api/benchmarks?indicator=ID&period=P&area=CODE&stat=S`, answering
 * `{ rows: [{ area_code, area_name, region_code, value, lower95, upper95, suppressed, rank, benchmark }],
 *    neighbours: [codes], england: { value, lower95, upper95 } }` (proposed; see the client README).
 * Until the server offers it, falls back to one `/api/series` request per LA listed by `/api/areas`.
 */
import { ApiError, getJson } from './api.js';
import type { Area, SeriesRow, Stat, Verdict } from './api-types.js';
import { fetchSeries, ownRows, ENGLAND } from './series.js';

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

export async function fetchAllLas(q: { indicator: string; period: string; area: string; stat: Stat }, areas: Area[]): Promise<AllLas> {
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
    if (!(error instanceof ApiError) || error.status !== 404 || error.code === 'not_found_indicator') throw error;
  }
  return fromSeries(q, areas);
}

/** One series request per LA, eight at a time. */
async function fromSeries(q: { indicator: string; period: string; area: string; stat: Stat }, areas: Area[]): Promise<AllLas> {
  const las = areas.filter((a) => a.kind === 'la');
  const out: LaFigure[] = [];
  let next = 0;
  const worker = async () => {
    while (next < las.length) {
      const la = las[next++]!;
      try {
        const s = await fetchSeries({ indicator: q.indicator, area: la.code, stat: q.stat, ...(la.code === q.area ? { compare: 'england' as const } : {}) });
        const r: SeriesRow | undefined = ownRows(s, la.code).find((x) => x.period === q.period);
        if (r) out.push({ ...r, area_name: la.name, region_code: la.region_code ?? null, rank: null, benchmark: r.benchmark });
      } catch {
        /* an LA without figures is simply not ranked */
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  let england: AllLas['england'] = null;
  try {
    const e = await fetchSeries({ indicator: q.indicator, area: ENGLAND, stat: q.stat });
    const r = ownRows(e, ENGLAND).find((x) => x.period === q.period);
    if (r) england = { value: r.value, lower95: r.lower95, upper95: r.upper95 };
  } catch {
    /* no England figure */
  }
  const self = las.find((a) => a.code === q.area) as (Area & { neighbours?: string[] }) | undefined;
  return { rows: rankIfNeeded(out), neighbours: self?.neighbours ?? [], england, source: 'series' };
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
