/**
 * A series as GET /api/series answers it: the aggregate from SQL, then the statistics in
 * TypeScript over its rows (intervals, disclosure control, benchmarks, SPC).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { AuthUser } from '../auth/roles.js';
import { ENGLAND, type AreaIndex } from './area-index.js';
import { DEFAULT_DISCLOSURE, DISCLOSURE_METHOD, readsRaw, type DisclosurePolicy } from './disclosure-policy.js';
import type { ExtractIndicator, OfficialIndicator, Stat } from './catalogue.js';
import type { ComparatorCache } from './comparator-cache.js';
import { aggregateLabel, NEIGHBOURS_LABEL, type AggregateSource, type ComparatorInfo } from './comparators.js';
import { queryOfficialAggregates, type OfficialAggregate } from './official-series-query.js';
import { requiredQuarters, statsPeriodOrdinal, windowLabel, type ExtractPeriodType, type PeriodType } from './periods.js';
import { queryExtractAggregates, type ExtractAggregate, type Unit } from './series-query.js';
import type { Compare, SeriesRequest } from './series-request.js';
import { buildRowsCounting, cellKey, NEIGHBOURS_CODE, type Figure, type SeriesRole, type SeriesRow } from './series-rows.js';
import { needsFactRows } from './series-source.js';
import { AREA_GROUP, codeOfGroup, extractUnits, isAggregate, officialMembers, roleOfGroup } from './series-units.js';

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
  /** With `compare`: what the comparator is and how many authorities it is built from. */
  comparators?: ComparatorInfo[];
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
  const { rows, neighbourValues } = buildRowsCounting(found.figures, {
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
    ...(request.compare ? { comparators: [describeComparator(request, areas, found, neighbourValues, disclosure.minContributors)] } : {}),
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

/** What an England or region comparator is at the latest period: where it comes from and who contributes. */
interface AggregateReading {
  source: AggregateSource;
  contributors: number;
}

interface Found {
  figures: Figure[];
  incomplete: SeriesResult['incomplete_periods'];
  /** The area's latest period with a figure, else the comparator's: the one `comparators` describes. */
  latest: string | null;
  /** The England or region comparator at the latest period (null for neighbours, or without compare). */
  aggregate: AggregateReading | null;
}

function describeComparator(
  request: SeriesRequest,
  areas: AreaIndex,
  found: Found,
  neighbourValues: Map<string, number>,
  minimum: number,
): ComparatorInfo {
  if (request.compare === 'neighbours') {
    const la = areas.authorityOf(request.area.code);
    const expected = la ? areas.neighbours(la.code).length : 0;
    const contributors = found.latest === null ? 0 : (neighbourValues.get(cellKey({ period: found.latest, breakdown: null })) ??
      Math.max(0, ...[...neighbourValues].filter(([k]) => k.startsWith(`${found.latest}|`)).map(([, n]) => n)));
    return { code: NEIGHBOURS_CODE, kind: 'neighbours', label: NEIGHBOURS_LABEL, contributors, expected };
  }
  const area = request.compare === 'england' ? areas.get(ENGLAND)! : areas.regionOf(request.area.code)!;
  const expected = areas.authoritiesIn(area.code).filter((a) => a.live).length;
  const reading = found.aggregate ?? { source: request.indicator.kind === 'extract' ? 'partnerships' : 'published', contributors: 0 };
  const published = reading.source !== 'partnerships' || reading.contributors >= minimum;
  return {
    code: area.code,
    kind: request.compare!,
    label: aggregateLabel(area, reading.source, published, minimum),
    contributors: reading.contributors,
    expected,
  };
}

/** The latest of some periods by their order in time. */
function latestOf(figures: readonly { period: string; order: number | null }[]): string | null {
  let best: { period: string; order: number | null } | null = null;
  for (const f of figures) {
    if (!best || (f.order ?? -Infinity) > (best.order ?? -Infinity) || (f.order === best.order && f.period > best.period)) best = f;
  }
  return best?.period ?? null;
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
    group === 'england' || group === 'region' || (group === AREA_GROUP && isAggregate(request.area));
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
  const comparatorGroup = request.compare === 'england' || request.compare === 'region' ? request.compare : null;
  const complete = aggregates.filter((a) => a.numerator !== null);
  const latestWindow = (group: string) => Math.max(-Infinity, ...complete.filter((a) => a.group === group).map((a) => a.window));
  const window = Number.isFinite(latestWindow(AREA_GROUP)) ? latestWindow(AREA_GROUP) : comparatorGroup ? latestWindow(comparatorGroup) : -Infinity;
  const latest = Number.isFinite(window) ? windowLabel(periodType, window) : null;
  const aggregate = comparatorGroup
    ? { source: 'partnerships' as const, contributors: complete.find((a) => a.group === comparatorGroup && a.window === window)?.contributors ?? 0 }
    : null;
  return { figures, incomplete: [...incomplete].map(([period, quarters]) => ({ period, quarters })), latest, aggregate };
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
  const own = figures.filter((f) => f.role === 'area');
  const comparatorGroup = request.compare === 'england' || request.compare === 'region' ? request.compare : null;
  const latest = latestOf(own.length ? own : figures.filter((f) => f.role !== 'area'));
  return { figures, incomplete: [], latest, aggregate: comparatorGroup ? officialReading(aggregates, comparatorGroup, latest) : null };
}

/**
 * A published England or region figure: its own row where the file has one, else the sum of its
 * regions' or authorities' rows (as chooseSources picked); built from however many authorities
 * the file has rows for in that period.
 */
function officialReading(aggregates: readonly OfficialAggregate[], group: string, period: string | null): AggregateReading {
  const at = aggregates.filter((a) => a.group === group && a.period === period);
  const authorities = Math.max(0, ...at.filter((a) => a.geographicLevel === 'Local authority').map((a) => a.rows));
  const source: AggregateSource = at.some((a) => a.source === 'direct')
    ? 'published'
    : at.some((a) => a.geographicLevel === 'Regional') ? 'sum_of_regions' : 'sum_of_authorities';
  return { source, contributors: authorities };
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
