/**
 * A series as GET /api/series answers it: the aggregate from SQL, then the statistics in
 * TypeScript over its rows (intervals, disclosure control, benchmarks, SPC).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { AuthUser } from '../auth/roles.js';
import type { AreaIndex } from './area-index.js';
import { DEFAULT_DISCLOSURE, DISCLOSURE_METHOD, readsRaw, type DisclosurePolicy } from './disclosure-policy.js';
import type { ExtractIndicator, OfficialIndicator, Stat } from './catalogue.js';
import type { ComparatorCache } from './comparator-cache.js';
import { queryOfficialAggregates, type OfficialAggregate } from './official-series-query.js';
import { requiredQuarters, statsPeriodOrdinal, windowLabel, type ExtractPeriodType, type PeriodType } from './periods.js';
import { queryExtractAggregates, type ExtractAggregate, type Unit } from './series-query.js';
import type { Compare, SeriesRequest } from './series-request.js';
import { buildRows, type Figure, type SeriesRole, type SeriesRow } from './series-rows.js';
import { needsFactRows } from './series-source.js';
import { AREA_GROUP, codeOfGroup, extractUnits, officialMembers, roleOfGroup } from './series-units.js';

export interface SeriesResult {
  indicator: string;
  area: string;
  stat: Stat;
  period_type: PeriodType;
  breakdown: string | null;
  compare: Compare | null;
  rows: SeriesRow[];
  /** The area's windows with fewer than four quarters of data: left out of the rows, never compared. */
  incomplete_periods: { period: string; quarters: number }[];
  /** The area's published symbols (official statistics), which the rows show as null. */
  symbols: { period: string; area_code: string; breakdown: string | null; symbol: string }[];
  /** How the figures were protected: `perturbed` where any row is, else `none` (docs/disclosure.md). */
  disclosure: { method: string; threshold: number; max_change: number };
}

/** A shape the user's view cannot have: there is no published form of it. */
export class UnpublishedShapeError extends Error {
  override name = 'UnpublishedShapeError';
}

const COMPARE_ROLE: Readonly<Record<Compare, Exclude<SeriesRole, 'area'>>> = {
  england: 'england',
  region: 'region',
  neighbours: 'neighbour',
};

/** `comparators` keeps England's and regions' sums between requests (the route passes its database's). */
export async function buildSeries(
  c: DuckDBConnection,
  request: SeriesRequest,
  areas: AreaIndex,
  user: AuthUser,
  comparators: ComparatorCache | null = null,
  disclosure: DisclosurePolicy = DEFAULT_DISCLOSURE,
): Promise<SeriesResult> {
  const { indicator } = request;
  // Official statistics are published already, with their own disclosure control (symbols).
  const found =
    indicator.kind === 'extract'
      ? await extractFigures(c, request, indicator, areas, { user, comparators, disclosure })
      : await officialFigures(c, request, indicator, areas);
  const rows = buildRows(found.figures, {
    stat: request.stat,
    polarity: indicator.polarity,
    disclosure,
    compare: request.compare ? COMPARE_ROLE[request.compare] : null,
    spc: request.periodType !== 'rolling_12m',
    spcChanges: request.spcChanges ?? [],
  });
  const perturbed = found.figures.some((f) => f.protected) ? rows.filter((r) => r.protection !== 'none') : [];
  return {
    indicator: indicator.id,
    area: request.area.code,
    stat: request.stat,
    period_type: request.periodType,
    breakdown: request.breakdown,
    compare: request.compare,
    rows,
    incomplete_periods: found.incomplete,
    symbols: found.figures
      .filter((f) => f.role === 'area' && f.symbol !== null)
      .map((f) => ({ period: f.period, area_code: f.areaCode, breakdown: f.breakdown, symbol: f.symbol! })),
    disclosure: {
      method: perturbed.length > 0 ? DISCLOSURE_METHOD : 'none',
      threshold: disclosure.threshold,
      max_change: Math.max(0, ...perturbed.map((r) => r.max_change)),
    },
  };
}

interface Viewer {
  user: AuthUser;
  comparators: ComparatorCache | null;
  disclosure: DisclosurePolicy;
}

interface Found {
  figures: Figure[];
  incomplete: SeriesResult['incomplete_periods'];
}

async function extractFigures(
  c: DuckDBConnection,
  request: SeriesRequest,
  indicator: ExtractIndicator,
  areas: AreaIndex,
  { user, comparators, disclosure }: Viewer,
): Promise<Found> {
  const periodType = request.periodType as ExtractPeriodType;
  const query = (units: Unit[], published: boolean) =>
    units.length === 0
      ? Promise.resolve([])
      : queryExtractAggregates(c, { indicator, stat: request.stat, breakdown: request.breakdown, periodType, units, published });
  // A group is read raw only when every stored area in it is within the user's raw-data scope.
  const units = extractUnits(request, areas);
  const protectedGroups = new Set<string>();
  for (const group of new Set(units.map((u) => u.group))) {
    if (!readsRaw(user, units.filter((u) => u.group === group).flatMap((u) => u.members), areas)) protectedGroups.add(group);
  }
  if (needsFactRows(indicator, request.breakdown) && protectedGroups.has(AREA_GROUP)) {
    throw new UnpublishedShapeError(
      `${indicator.name} broken down by ${request.breakdown} needs two breakdowns crossed, which are not published: ` +
        'small counts in such a cross could be worked out. Ask an analyst of the partnership, or view it without the breakdown.',
    );
  }
  const readable = units.filter((u) => !(needsFactRows(indicator, request.breakdown) && protectedGroups.has(u.group)));
  // England and the region are the same for every area that asks: summed once, then cached.
  const shared = readable.filter((u) => u.group === 'england' || u.group === 'region');
  const own = readable.filter((u) => !shared.includes(u));
  const aggregates = [
    ...(await query(own.filter((u) => !protectedGroups.has(u.group)), false)),
    ...(await query(own.filter((u) => protectedGroups.has(u.group)), true)),
  ];
  if (shared.length > 0) {
    const comparator = codeOfGroup(shared[0]!.group, request, areas);
    const published = protectedGroups.has(shared[0]!.group);
    const key = [indicator.id, request.stat, request.breakdown ?? '', periodType, comparator, published ? 'published' : 'raw'].join('|');
    const compute = () => query(shared, published);
    aggregates.push(...(await (comparators ? comparators.get(c, indicator.dataset, key, compute) : compute())));
  }
  // A sum of partnerships is published only when enough upper-tier authorities report in it.
  const partnershipSum = (group: string) =>
    group === 'england' || group === 'region' || (group === AREA_GROUP && (request.area.kind === 'country' || request.area.kind === 'region'));
  const figures: Figure[] = [];
  const incomplete = new Map<string, number>();
  for (const a of aggregates) {
    const period = windowLabel(periodType, a.window);
    if (a.numerator === null) {
      if (a.group === AREA_GROUP && a.quarters < requiredQuarters(periodType)) incomplete.set(period, a.quarters);
      continue;
    }
    if (partnershipSum(a.group) && a.contributors < disclosure.minContributors) continue;
    figures.push({
      role: roleOfGroup(a.group),
      areaCode: codeOfGroup(a.group, request, areas),
      period,
      order: a.window,
      breakdown: a.breakdown,
      ...extractNumbers(a, request.stat, indicator),
      symbol: null,
      protected: protectedGroups.has(a.group),
      maxChange: protectedGroups.has(a.group) ? a.maxChange : 0,
    });
  }
  return { figures, incomplete: [...incomplete].map(([period, quarters]) => ({ period, quarters })) };
}

function extractNumbers(a: ExtractAggregate, stat: Stat, indicator: ExtractIndicator): Pick<Figure, 'numerator' | 'denominator'> {
  switch (stat) {
    case 'rate':
      // A cell without a population (age unknown, a locality) keeps its count but has no rate.
      return a.population === null ? { numerator: a.numerator, denominator: null } : { numerator: a.numeratorWithPopulation, denominator: a.population };
    case 'proportion':
      // A share's own denominator; a measure broken down: the cell's part of the whole.
      return { numerator: a.numerator, denominator: indicator.formula.type === 'measure' ? a.cellTotal : a.denominator };
    default:
      return { numerator: a.numerator, denominator: null };
  }
}

async function officialFigures(c: DuckDBConnection, request: SeriesRequest, indicator: OfficialIndicator, areas: AreaIndex): Promise<Found> {
  const aggregates = await queryOfficialAggregates(c, {
    indicator,
    breakdown: request.breakdown,
    periodType: request.periodType,
    filters: request.filters,
    members: officialMembers(request, areas),
  });
  const figures = chooseSources(aggregates).map((a): Figure => ({
    role: roleOfGroup(a.group),
    areaCode: codeOfGroup(a.group, request, areas),
    period: a.period,
    order: statsPeriodOrdinal(request.periodType, a.periodStart),
    breakdown: a.breakdown,
    numerator: a.value,
    denominator: request.stat === 'rate' ? a.population : null,
    symbol: a.symbol,
    protected: false,
    maxChange: 0,
  }));
  return { figures, incomplete: [] };
}

/** Per group, period and cell: the published row, else the sum of regions, else of local authorities. */
function chooseSources(aggregates: readonly OfficialAggregate[]): OfficialAggregate[] {
  const rank = (a: OfficialAggregate) => (a.source === 'direct' ? 0 : a.geographicLevel === 'Regional' ? 1 : 2);
  const best = new Map<string, OfficialAggregate>();
  for (const a of aggregates) {
    const key = `${a.group}|${a.period}|${a.breakdown ?? ''}`;
    const current = best.get(key);
    if (!current || rank(a) < rank(current)) best.set(key, a);
  }
  return [...best.values()];
}
