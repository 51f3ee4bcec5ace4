import { Router } from 'express';
import type { Database } from '../../db/database.js';
import { mayReadArea } from '../../indicators/area-access.js';
import { areaIndexOf } from '../../indicators/area-index.js';
import { comparatorCacheOf } from '../../indicators/comparator-cache.js';
import { quarterIndex } from '../../indicators/periods.js';
import { buildOverview } from '../../overview/overview.js';
import { currentUser } from '../request-user.js';

/**
 * GET /api/overview?area&period: the Overview page and its board paper in one answer (headline
 * figures, sparklines, published comparators, reconciliation and the plan's delivery), built from
 * the same series builder as /api/series, so a viewer sees the same protected figures.
 */
export function overviewRoutes(db: Database): Router {
  const router = Router();
  router.get('/api/overview', async (req, res) => {
    const user = currentUser(req);
    const params = new URL(req.originalUrl, 'http://localhost').searchParams;
    const unknown = [...params.keys()].find((k) => k !== 'area' && k !== 'period');
    const code = params.get('area')?.trim() ?? '';
    const period = params.get('period')?.trim() ?? '';
    if (unknown !== undefined || params.getAll('area').length > 1 || params.getAll('period').length > 1) {
      res.status(400).json({ error: 'bad_request', message: 'give area and period once each, and nothing else' });
      return;
    }
    if (!code) {
      res.status(400).json({ error: 'bad_request', message: 'area is required: an area code such as E10000025' });
      return;
    }
    if (quarterIndex(period) === null) {
      res.status(400).json({ error: 'bad_request', message: 'period is required: a quarter such as 2024-Q4' });
      return;
    }
    const areas = await areaIndexOf(db);
    const area = areas.get(code);
    if (!area) {
      res.status(400).json({ error: 'bad_request', message: `unknown area "${code}"` });
      return;
    }
    if (!mayReadArea(user, area, areas)) {
      res.status(403).json({ error: 'forbidden', message: `your account cannot see ${area.name}'s figures; England and regions are open to all` });
      return;
    }
    const answer = await db.withConnection((c) => buildOverview(c, area, period, areas, user, comparatorCacheOf(db)));
    res.json(answer);
  });
  return router;
}
