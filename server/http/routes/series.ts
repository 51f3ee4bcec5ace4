import { Router } from 'express';
import type { Database } from '../../db/database.js';
import { mayReadArea } from '../../indicators/area-access.js';
import { areaIndexOf } from '../../indicators/area-index.js';
import { comparatorCacheOf } from '../../indicators/comparator-cache.js';
import type { DisclosurePolicy } from '../../indicators/disclosure-policy.js';
import { findIndicator } from '../../indicators/load-catalogue.js';
import { buildSeries, UnpublishedShapeError } from '../../indicators/series.js';
import { parseSeriesQuery, resolveSeriesRequest } from '../../indicators/series-request.js';
import { measureSeriesRoute } from '../measure-series-route.js';
import { currentUser } from '../request-user.js';
import { responseFormat, sendArrow, sendCsv } from '../response-format.js';
import { seriesArrow, seriesCsv } from '../series-encoding.js';

/**
 * GET /api/series?indicator&area[&stat][&breakdown][&compare][&period_type][&filter=name:value]:
 * parse, authorise, build, serialise as JSON, CSV or Arrow.
 */
export function seriesRoutes(db: Database, disclosure: DisclosurePolicy): Router {
  const router = Router();
  router.get('/api/series', async (req, res) => {
    const user = currentUser(req);
    const query = parseSeriesQuery(new URL(req.originalUrl, 'http://localhost').searchParams);
    if (!query.ok) {
      res.status(400).json({ error: 'bad_request', message: query.message });
      return;
    }
    const areas = await areaIndexOf(db);
    // A plan's measure of success (plan.<plan>.<measure>) is a series of its own kind.
    if (await measureSeriesRoute(db, req, res, query.value, areas, user)) return;
    const outcome = await db.withConnection(async (c) => {
      const request = resolveSeriesRequest(query.value, await findIndicator(c, query.value.indicator), areas);
      if (!request.ok) return { status: 400, body: { error: 'bad_request', message: request.message } } as const;
      if (!mayReadArea(user, request.value.area, areas)) {
        const message = `your account cannot see ${request.value.area.name}'s figures; England and regions are open to all`;
        return { status: 403, body: { error: 'forbidden', message } } as const;
      }
      try {
        const series = await buildSeries(c, request.value, areas, user, comparatorCacheOf(db), disclosure);
        return { status: 200, series } as const;
      } catch (error) {
        if (error instanceof UnpublishedShapeError) return { status: 403, body: { error: 'not_published', message: error.message } } as const;
        throw error;
      }
    });
    if (outcome.status !== 200) {
      res.status(outcome.status).json(outcome.body);
      return;
    }
    const format = responseFormat(req);
    res.vary('Accept');
    if (format === 'csv') sendCsv(res, seriesCsv(outcome.series));
    else if (format === 'arrow') sendArrow(res, seriesArrow(outcome.series));
    else res.json(outcome.series);
  });
  return router;
}
