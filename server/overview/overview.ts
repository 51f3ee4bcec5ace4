/**
 * GET /api/overview: everything the Overview and its board paper show for one area and quarter,
 * in one answer. Every figure comes from buildSeries, exactly as GET /api/series gives it to this
 * user, so disclosure control applies here as it does there.
 *
 * Local figures (quarterly extracts) and published ones (annual official statistics) are kept in
 * separate groups, each with its own period; where both exist for a year, the reconciliation sets
 * the partnership's own CSE referrals against DfE's CSE factor count. The plan's delivery is
 * judged as at the end of the chosen quarter, not today.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { readMeasureHistory } from '../../pipelines/action-plans/measure-tables.js';
import { deliveryReport, type DeliveryReport } from '../action-plans/delivery.js';
import { measureSummaries, type MeasureSummary } from '../action-plans/measure-view.js';
import { redRedActions, type RedRedAction } from '../action-plans/red-red.js';
import { indicatorSeries } from '../action-plans/impact-series.js';
import { quarterEndDate } from '../action-plans/plan-dates.js';
import { plansOfArea, readPlanActions } from '../action-plans/plan-store.js';
import type { AuthUser } from '../auth/roles.js';
import type { Area, AreaIndex } from '../indicators/area-index.js';
import type { Stat, Unit } from '../indicators/catalogue.js';
import type { Polarity } from '../statistics/polarity.js';
import { mayReadArea } from '../indicators/area-access.js';
import type { ComparatorCache } from '../indicators/comparator-cache.js';
import { findIndicator, listIndicators, type ListedIndicator } from '../indicators/load-catalogue.js';
import { quarterIndex } from '../indicators/periods.js';
import { buildSeries, type SeriesResult } from '../indicators/series.js';
import { COMPARES, resolveSeriesRequest, type Compare } from '../indicators/series-request.js';
import type { SeriesRow } from '../indicators/series-rows.js';
import { chooseHeadlines } from './headline-indicators.js';
import type { OverviewChoices } from './overview-choices.js';
import { overdueNote } from './overdue-notes.js';
import { reconcile, type ReconciliationLine, type YearCount } from './reconciliation.js';

/** How many periods of history each sparkline shows. */
const HISTORY = 12;
const LOCAL_CSE = 'referrals.referrals';
const PUBLISHED_CSE = /\.child_sexual_exploitation$/;

export interface HeadlineIndicator {
  id: string;
  name: string;
  unit: Unit;
  polarity: Polarity;
}

export interface OverviewHeadline {
  indicator: HeadlineIndicator;
  stat: Stat;
  /** The figure for the group's period, or null when there is none. */
  row: SeriesRow | null;
  /** Up to 12 periods to the group's period, for the sparkline (suppressed values are null). */
  history: { period: string; value: number | null }[];
  /** Official statistics only: the benchmark verdict against each comparator. */
  verdicts: Partial<Record<Compare, string | null>> | null;
  /** Set when this indicator could not be computed; the others still are. */
  error: string | null;
}

export interface OverviewPlan {
  plan: string;
  name: string;
  delivery: DeliveryReport;
  /** Words for each overdue action, by ref, where its status seems to say otherwise. */
  overdue_notes: Record<string, string>;
  red_red: RedRedAction[];
  /** Indicator names by id, for every indicator the plan's actions link to. */
  indicator_names: Record<string, string>;
  /**
   * The plan's measures of success as GET /api/plans/:plan/measures gives them to this user, or
   * null where that route would refuse (the plan is a parent area's the user may not read).
   */
  measures: MeasureSummary[] | null;
}

export interface OverviewAnswer {
  area: { code: string; name: string };
  period: string;
  /** The last day of the quarter: overdue and RAG are judged as at this day. */
  as_at: string;
  local: { period: string; headlines: OverviewHeadline[] };
  /** The latest published year ending by the quarter's end (null when none has). */
  published: { period: string | null; headlines: OverviewHeadline[] };
  reconciliation: { local_indicator: string | null; published_indicator: string | null; lines: ReconciliationLine[] };
  plan: OverviewPlan | null;
  /** What the page's pickers offer (the same for every area and quarter of one user). */
  choices: OverviewChoices;
}

/** A published year (`2025`, the year to 31 March) ends by the day given. */
const yearEndsBy = (year: string, day: string): boolean => `${year}-03-31` <= day;

interface Context {
  c: DuckDBConnection;
  area: Area;
  areas: AreaIndex;
  user: AuthUser;
  comparators: ComparatorCache | null;
}

async function series(ctx: Context, id: string, stat: Stat, periodType: string, compare: Compare | null): Promise<SeriesResult> {
  const indicator = await findIndicator(ctx.c, id);
  const request = resolveSeriesRequest(
    { indicator: id, area: ctx.area.code, stat, breakdown: null, compare, periodType, filters: new Map() },
    indicator,
    ctx.areas,
  );
  if (!request.ok) throw new Error(request.message);
  return buildSeries(ctx.c, request.value, ctx.areas, ctx.user, ctx.comparators);
}

function info(i: ListedIndicator): HeadlineIndicator {
  return { id: i.id, name: i.name, unit: i.unit, polarity: i.polarity };
}

function headlineAt(i: ListedIndicator, stat: Stat, rows: readonly SeriesRow[], period: string | null): Omit<OverviewHeadline, 'verdicts'> {
  const own = rows.filter((r) => r.breakdown === null);
  const at = period === null ? -1 : own.findIndex((r) => r.period === period);
  const upTo = at >= 0 ? own.slice(0, at + 1) : own.filter((r) => period !== null && r.period < period);
  return {
    indicator: info(i),
    stat,
    row: at >= 0 ? own[at]! : null,
    history: upTo.slice(-HISTORY).map((r) => ({ period: r.period, value: r.suppressed ? null : r.value })),
    error: null,
  };
}

const failed = (i: ListedIndicator, stat: Stat, error: unknown): OverviewHeadline => ({
  indicator: info(i), stat, row: null, history: [], verdicts: null, error: error instanceof Error ? error.message : String(error),
});

async function localHeadline(ctx: Context, i: ListedIndicator, stat: Stat, period: string): Promise<OverviewHeadline> {
  try {
    const s = await series(ctx, i.id, stat, 'quarter', null);
    return { ...headlineAt(i, stat, s.rows.filter((r) => r.area_code === ctx.area.code), period), verdicts: null };
  } catch (error) {
    return failed(i, stat, error);
  }
}

/** Comparators a published headline is judged against; those the area has none for are left out. */
function comparesFor(ctx: Context): Compare[] {
  return COMPARES.filter((compare) => {
    if (compare === 'england') return ctx.area.kind !== 'country';
    if (compare === 'region') return ctx.area.kind !== 'country' && ctx.area.kind !== 'region' && ctx.areas.regionOf(ctx.area.code) !== undefined;
    const la = ctx.areas.authorityOf(ctx.area.code);
    return la !== undefined && la !== null && ctx.areas.neighbours(la.code).length > 0;
  });
}

async function publishedHeadline(ctx: Context, i: ListedIndicator, stat: Stat, period: string | null): Promise<OverviewHeadline> {
  try {
    const compares = comparesFor(ctx);
    const answers = compares.length
      ? await Promise.all(compares.map((compare) => series(ctx, i.id, stat, 'year', compare)))
      : [await series(ctx, i.id, stat, 'year', null)];
    const own = (s: SeriesResult) => s.rows.filter((r) => r.area_code === ctx.area.code);
    const verdicts: Partial<Record<Compare, string | null>> = {};
    compares.forEach((compare, n) => {
      verdicts[compare] = own(answers[n]!).find((r) => r.period === period && r.breakdown === null)?.benchmark ?? null;
    });
    return { ...headlineAt(i, stat, own(answers[0]!), period), verdicts };
  } catch (error) {
    return failed(i, stat, error);
  }
}

async function yearCounts(ctx: Context, id: string): Promise<Map<string, YearCount>> {
  const s = await series(ctx, id, 'count', 'year', null);
  return new Map(
    s.rows
      .filter((r) => r.area_code === ctx.area.code && r.breakdown === null)
      .map((r) => [r.period, { value: r.suppressed ? null : r.value, suppressed: r.suppressed }]),
  );
}

async function reconciliation(ctx: Context, indicators: readonly ListedIndicator[]): Promise<OverviewAnswer['reconciliation']> {
  const local = indicators.find((i) => i.id === LOCAL_CSE) ?? null;
  const published = indicators.find((i) => i.kind === 'official' && PUBLISHED_CSE.test(i.id)) ?? null;
  // DfE publishes by children's services LA: a district or region has nothing to meet.
  if (!local || !published || ctx.area.kind !== 'la') return { local_indicator: local?.id ?? null, published_indicator: published?.id ?? null, lines: [] };
  const [localYears, publishedYears] = await Promise.all([yearCounts(ctx, local.id), yearCounts(ctx, published.id)]);
  return { local_indicator: local.id, published_indicator: published.id, lines: reconcile(localYears, publishedYears) };
}

/** The first plan made for the area, its parent or one of its districts, as the Actions page lists them. */
async function planFor(ctx: Context, asAt: string, names: ReadonlyMap<string, string>): Promise<OverviewPlan | null> {
  const related = [ctx.area.code, ctx.area.parent, ...ctx.areas.subtree(ctx.area.code)];
  for (const code of new Set(related)) {
    if (code === null) continue;
    const listing = (await plansOfArea(ctx.c, [code]))[0];
    if (!listing) continue;
    const actions = await readPlanActions(ctx.c, listing.plan);
    const linked = actions.flatMap((a) => a.indicator_links.map((l) => l.id));
    const seriesOf = await indicatorSeries(ctx.c, linked, listing.area_code, ctx.areas, ctx.user);
    const delivery = deliveryReport(actions, asAt);
    const byRef = new Map(actions.map((a) => [a.ref, a]));
    const planArea = ctx.areas.get(listing.area_code);
    const measures = planArea && mayReadArea(ctx.user, planArea, ctx.areas)
      ? measureSummaries(listing.plan, await readMeasureHistory(ctx.c, listing.plan), ctx.user)
      : null;
    return {
      plan: listing.plan,
      name: listing.name,
      delivery,
      overdue_notes: Object.fromEntries(delivery.overdue.map((o) => [o.ref, overdueNote(byRef.get(o.ref)!, asAt)])),
      red_red: redRedActions(actions, seriesOf, asAt),
      indicator_names: Object.fromEntries(linked.map((id) => [id, names.get(id) ?? id])),
      measures,
    };
  }
  return null;
}

export async function buildOverview(
  c: DuckDBConnection,
  area: Area,
  period: string,
  areas: AreaIndex,
  user: AuthUser,
  comparators: ComparatorCache | null,
  choices: OverviewChoices,
): Promise<OverviewAnswer> {
  const index = quarterIndex(period);
  if (index === null) throw new RangeError(`not a quarter: ${period}`);
  const ctx: Context = { c, area, areas, user, comparators };
  const asAt = quarterEndDate(index);
  const indicators = await listIndicators(c);
  const chosen = chooseHeadlines(indicators);
  const officialYears = [...new Set(chosen.filter((h) => h.indicator.kind === 'official').flatMap((h) => h.indicator.periods))]
    .filter((y) => /^\d{4}$/.test(y) && yearEndsBy(y, asAt))
    .sort();
  const publishedPeriod = officialYears.at(-1) ?? null;
  const local: OverviewHeadline[] = [];
  const published: OverviewHeadline[] = [];
  for (const h of chosen) {
    if (h.indicator.kind === 'extract') local.push(await localHeadline(ctx, h.indicator, h.stat, period));
    else published.push(await publishedHeadline(ctx, h.indicator, h.stat, publishedPeriod));
  }
  return {
    area: { code: area.code, name: area.name },
    period,
    as_at: asAt,
    local: { period, headlines: local },
    published: { period: publishedPeriod, headlines: published },
    reconciliation: await reconciliation(ctx, indicators),
    plan: await planFor(ctx, asAt, new Map(indicators.map((i) => [i.id, i.name]))),
    choices,
  };
}
