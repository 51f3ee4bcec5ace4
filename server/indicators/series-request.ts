/**
 * The query of GET /api/series, checked once at the edge and typed from there on. Every value that
 * later reaches SQL is either one of the catalogue's own names or a bound parameter.
 */
import { STATS, type Indicator, type Stat } from './catalogue.js';
import type { Area, AreaIndex } from './area-index.js';
import { isPeriodType, type PeriodType } from './periods.js';

export const COMPARES = ['england', 'region', 'neighbours'] as const;
export type Compare = (typeof COMPARES)[number];

const KNOWN_PARAMETERS = new Set(['indicator', 'area', 'stat', 'breakdown', 'compare', 'period_type', 'filter', 'spc_rebase']);
/** A period label as the rows give it: 2015-Q2, 2015/16, 2015. */
const PERIOD_LABEL = /^\d{4}(-Q[1-4]|\/\d{2})?$/;
/** More change points than this would cut any series into phases too short for limits. */
const MAX_SPC_CHANGES = 24;

/** The query as sent, shape-checked but not yet looked up. */
export interface SeriesQuery {
  indicator: string;
  area: string;
  stat: string | null;
  breakdown: string | null;
  compare: string | null;
  periodType: string | null;
  /** `filter=name:value`, for official statistics with several filters. */
  filters: Map<string, string>;
  /** `spc_rebase=2015-Q2,2016-Q1`: periods where SPC limits may be re-based (see series-rows.ts). */
  spcChanges?: string[];
}

export interface SeriesRequest {
  indicator: Indicator;
  area: Area;
  stat: Stat;
  breakdown: string | null;
  compare: Compare | null;
  periodType: PeriodType;
  /** Official statistics: the value each filter other than the breakdown is held at. */
  filters: Map<string, string>;
  spcChanges?: string[];
}

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

const fail = (message: string): { ok: false; message: string } => ({ ok: false, message });

export function parseSeriesQuery(params: URLSearchParams): Checked<SeriesQuery> {
  for (const key of new Set(params.keys())) {
    if (!KNOWN_PARAMETERS.has(key)) return fail(`unknown parameter "${key}"; expected ${[...KNOWN_PARAMETERS].join(', ')}`);
    if (key !== 'filter' && params.getAll(key).length > 1) return fail(`"${key}" is given more than once`);
  }
  const one = (key: string) => {
    const v = params.get(key);
    return v === null || v.trim() === '' ? null : v.trim();
  };
  const indicator = one('indicator');
  const area = one('area');
  if (!indicator) return fail('indicator is required, e.g. indicator=referrals.referrals (see GET /api/indicators)');
  if (!area) return fail('area is required: an area code such as E10000025');
  const filters = new Map<string, string>();
  for (const f of params.getAll('filter')) {
    const at = f.indexOf(':');
    if (at <= 0) return fail(`filter "${f}" should be name:value, e.g. filter=characteristic:Total`);
    filters.set(f.slice(0, at).trim().toLowerCase(), f.slice(at + 1).trim());
  }
  const rebase = one('spc_rebase');
  const spcChanges = rebase === null ? [] : rebase.split(',').map((p) => p.trim()).filter((p) => p !== '');
  const badPeriod = spcChanges.find((p) => !PERIOD_LABEL.test(p));
  if (badPeriod !== undefined) return fail(`spc_rebase "${badPeriod}" is not a period; give periods as the rows do, e.g. spc_rebase=2015-Q2,2016-Q1`);
  if (spcChanges.length > MAX_SPC_CHANGES) return fail(`spc_rebase takes at most ${MAX_SPC_CHANGES} periods`);
  return {
    ok: true,
    value: { indicator, area, stat: one('stat'), breakdown: one('breakdown'), compare: one('compare'), periodType: one('period_type'), filters, spcChanges },
  };
}

/** Checks the query against the catalogue entry and the areas. */
export function resolveSeriesRequest(query: SeriesQuery, indicator: Indicator | null, areas: AreaIndex): Checked<SeriesRequest> {
  if (!indicator) return fail(`unknown indicator "${query.indicator}" (see GET /api/indicators)`);
  const area = areas.get(query.area);
  if (!area) return fail(`unknown area "${query.area}"`);

  const stat = query.stat ?? indicator.stats[0]!;
  if (!(STATS as readonly string[]).includes(stat) || !indicator.stats.includes(stat as Stat)) {
    return fail(`stat "${stat}" is not offered by ${indicator.id}; use ${indicator.stats.join(' or ')}`);
  }
  const breakdown = query.breakdown;
  if (breakdown !== null && !indicator.breakdowns.includes(breakdown)) {
    const offered = indicator.breakdowns.length ? indicator.breakdowns.join(', ') : 'none';
    return fail(`${indicator.id} cannot be broken down by "${breakdown}"; breakdowns: ${offered}`);
  }
  if (stat === 'proportion' && breakdown === null && indicator.kind === 'extract' && indicator.formula.type === 'measure') {
    return fail(`stat=proportion of ${indicator.id} needs a breakdown: it gives each part as a percentage of the whole`);
  }
  const periodType = query.periodType ?? indicator.period_types[0] ?? 'year';
  if (!isPeriodType(periodType) || !indicator.period_types.includes(periodType)) {
    return fail(`period_type "${periodType}" is not available for ${indicator.id}; use ${indicator.period_types.join(', ')}`);
  }
  const compare = query.compare;
  if (compare !== null) {
    if (!(COMPARES as readonly string[]).includes(compare)) return fail(`compare must be one of ${COMPARES.join(', ')}`);
    const problem = compareProblem(compare as Compare, area, areas);
    if (problem) return fail(problem);
  }
  const filters = officialFilters(indicator, breakdown, query.filters);
  if (!filters.ok) return filters;
  return {
    ok: true,
    value: { indicator, area, stat: stat as Stat, breakdown, compare: compare as Compare | null, periodType, filters: filters.value, spcChanges: query.spcChanges ?? [] },
  };
}

function compareProblem(compare: Compare, area: Area, areas: AreaIndex): string | null {
  if (compare === 'england' && area.kind === 'country') return `${area.name} cannot be compared with itself`;
  if (compare === 'region' && (area.kind === 'country' || area.kind === 'region' || !areas.regionOf(area.code))) {
    return `${area.name} has no region to compare with`;
  }
  if (compare === 'neighbours') {
    const la = areas.authorityOf(area.code);
    if (!la || areas.neighbours(la.code).length === 0) {
      return `${area.name} has no DfE statistical neighbours (they are defined for live upper-tier local authorities)`;
    }
  }
  return null;
}

function officialFilters(indicator: Indicator, breakdown: string | null, asked: Map<string, string>): Checked<Map<string, string>> {
  if (indicator.kind !== 'official') {
    return asked.size ? fail(`filter applies to official statistics only; ${indicator.id} has breakdowns instead`) : { ok: true, value: new Map() };
  }
  const chosen = new Map<string, string>();
  for (const name of asked.keys()) {
    if (!indicator.filters.some((f) => f.name === name)) {
      return fail(`${indicator.id} has no filter "${name}"; filters: ${indicator.filters.map((f) => f.name).join(', ') || 'none'}`);
    }
    if (name === breakdown) return fail(`"${name}" is the breakdown, so it cannot also be a filter`);
  }
  for (const f of indicator.filters) {
    if (f.name === breakdown) continue;
    const value = asked.get(f.name) ?? f.default;
    if (value === null) {
      return fail(`${indicator.id} has several values of "${f.name}" and no Total: choose one with filter=${f.name}:VALUE (${f.values.slice(0, 10).join(', ')})`);
    }
    if (!f.values.includes(value)) return fail(`"${value}" is not a value of ${f.name}; values: ${f.values.slice(0, 20).join(', ')}`);
    chosen.set(f.name, value);
  }
  return { ok: true, value: chosen };
}
