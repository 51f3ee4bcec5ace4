/**
 * The one place impact analytics meet the indicator series: the quarterly series of each linked
 * indicator for the plan's area, twice. Once in full (every count, as an analyst sees it) for the
 * model and the verdict, so that every role gets the same verdict; once as GET /api/series computes
 * it for this user, for the figures displayed (so a viewer's are disclosure-controlled and a
 * withheld quarter is a gap, not a value). Count measures are taken as rates per 10,000 children,
 * so that population change is not read as an effect; shares as percentages.
 */
import type { DuckDBConnection } from '@duckdb/node-api';

import type { AuthUser } from '../auth/roles.js';
import type { AreaIndex } from '../indicators/area-index.js';
import type { Indicator, Stat } from '../indicators/catalogue.js';
import { findIndicator } from '../indicators/load-catalogue.js';
import { buildSeries, type SeriesResult } from '../indicators/series.js';
import { resolveSeriesRequest } from '../indicators/series-request.js';
import type { ItsScale } from '../statistics/interrupted-time-series.js';
import type { IndicatorSeries } from './impact.js';

/**
 * Who the model reads as: every area's full figures. Used for the verdict only, never for a figure
 * sent to a user: those come from the series built for the user.
 */
const MODEL_READER: AuthUser = { id: 0, username: 'impact-model', role: 'analyst', areas: null };

export async function indicatorSeries(
  c: DuckDBConnection,
  ids: Iterable<string>,
  areaCode: string,
  areas: AreaIndex,
  user: AuthUser,
): Promise<Map<string, IndicatorSeries>> {
  const found = new Map<string, IndicatorSeries>();
  for (const id of new Set(ids)) {
    const indicator = await findIndicator(c, id);
    if (indicator === null) continue;
    const stat = impactStat(indicator);
    const scale = SCALE[stat];
    const request = resolveSeriesRequest(
      { indicator: id, area: areaCode, stat, breakdown: null, compare: null, periodType: 'quarter', filters: new Map() },
      indicator,
      areas,
    );
    // No quarterly series (official statistics are annual, or the area is unknown): no verdict.
    if (!request.ok) {
      found.set(id, { polarity: indicator.polarity, scale, full: null, shown: null, shownProtected: false });
      continue;
    }
    const own = (rows: SeriesResult['rows']) => rows.filter((row) => row.area_code === areaCode && row.breakdown === null);
    const full = own((await buildSeries(c, request.value, areas, MODEL_READER)).rows)
      .map((row) => ({ period: row.period, value: row.value, numerator: row.numerator, denominator: row.denominator }));
    const shownRows = own((await buildSeries(c, request.value, areas, user)).rows);
    const shown = shownRows.map((row) => ({ period: row.period, value: row.value, numerator: row.numerator, denominator: row.denominator }));
    found.set(id, { polarity: indicator.polarity, scale, full, shown, shownProtected: shownRows.some((row) => row.protection !== 'none') });
  }
  return found;
}

const SCALE: Record<Stat, ItsScale> = {
  rate: { kind: 'rate', per: 10_000 },
  proportion: { kind: 'share' },
  count: { kind: 'count' },
  // Published values (official statistics) are annual: they never reach the model.
  value: { kind: 'count' },
};

function impactStat(indicator: Indicator): Stat {
  return indicator.stats.includes('rate') ? 'rate' : (indicator.stats[0] ?? 'count');
}
