/**
 * The one place impact analytics meet the indicator series: the quarterly series of each linked
 * indicator for the plan's area, as GET /api/series computes it for this user (so a viewer's
 * figures are disclosure-controlled here too, and a suppressed quarter is a gap, not a value).
 * Count measures are taken as rates per 10,000 children, so that population change is not read
 * as an effect; shares as percentages.
 */
import type { DuckDBConnection } from '@duckdb/node-api';

import type { AuthUser } from '../auth/roles.js';
import type { AreaIndex } from '../indicators/area-index.js';
import type { Indicator, Stat } from '../indicators/catalogue.js';
import { findIndicator } from '../indicators/load-catalogue.js';
import { buildSeries } from '../indicators/series.js';
import { resolveSeriesRequest } from '../indicators/series-request.js';
import type { IndicatorSeries } from './impact.js';

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
    const request = resolveSeriesRequest(
      { indicator: id, area: areaCode, stat: impactStat(indicator), breakdown: null, compare: null, periodType: 'quarter', filters: new Map() },
      indicator,
      areas,
    );
    // No quarterly series (official statistics are annual, or the area is unknown): no verdict.
    if (!request.ok) {
      found.set(id, { polarity: indicator.polarity, series: null });
      continue;
    }
    const result = await buildSeries(c, request.value, areas, user);
    const series = result.rows
      .filter((row) => row.area_code === areaCode && row.breakdown === null)
      .map((row) => ({ period: row.period, value: row.value }));
    found.set(id, { polarity: indicator.polarity, series });
  }
  return found;
}

function impactStat(indicator: Indicator): Stat {
  return indicator.stats.includes('rate') ? 'rate' : (indicator.stats[0] ?? 'count');
}
