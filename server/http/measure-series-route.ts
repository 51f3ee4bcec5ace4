/**
 * GET /api/series for `plan.<plan>.<measure>`: looked up among the plans, checked against the
 * plan's area and the user's scope, answered as JSON, CSV or Arrow like any series.
 */
import type { Request, Response } from 'express';

import { findMeasureIndicator, isMeasureIndicatorId } from '../action-plans/measure-indicators.js';
import { measureQueryProblem, measureSeries } from '../action-plans/measure-series.js';
import type { AuthUser } from '../auth/roles.js';
import type { Database } from '../db/database.js';
import { mayReadArea } from '../indicators/area-access.js';
import type { AreaIndex } from '../indicators/area-index.js';
import type { SeriesQuery } from '../indicators/series-request.js';
import { measureSeriesArrow, measureSeriesCsv } from './measure-series-encoding.js';
import { responseFormat, sendArrow, sendCsv } from './response-format.js';

/** Answers the request and returns true when it asks for a measure's series; false otherwise. */
export async function measureSeriesRoute(
  db: Database,
  req: Request,
  res: Response,
  query: SeriesQuery,
  areas: AreaIndex,
  user: AuthUser,
): Promise<boolean> {
  if (!isMeasureIndicatorId(query.indicator)) return false;
  const area = areas.get(query.area);
  const outcome = await db.withConnection(async (c) => {
    const indicator = await findMeasureIndicator(c, query.indicator);
    // A plan the user may not read is as unknown as one that does not exist.
    const planArea = indicator === null ? undefined : areas.get(indicator.area_code);
    if (indicator === null || planArea === undefined || !mayReadArea(user, planArea, areas)) {
      return { status: 400, body: { error: 'bad_request', message: `unknown indicator "${query.indicator}" (see GET /api/indicators)` } } as const;
    }
    const problem = measureQueryProblem(query, indicator, area);
    if (problem !== null) return { status: 400, body: { error: 'bad_request', message: problem } } as const;
    return { status: 200, series: await measureSeries(c, indicator, user) } as const;
  });
  if (outcome.status !== 200) {
    res.status(outcome.status).json(outcome.body);
    return true;
  }
  const format = responseFormat(req);
  res.vary('Accept');
  if (format === 'csv') sendCsv(res, measureSeriesCsv(outcome.series));
  else if (format === 'arrow') sendArrow(res, measureSeriesArrow(outcome.series));
  else res.json(outcome.series);
  return true;
}
