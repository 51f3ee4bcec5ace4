import { Router } from 'express';
import type { Database } from '../../db/database.js';
import { mayReadArea } from '../../indicators/area-access.js';
import { areaIndexOf } from '../../indicators/area-index.js';
import { comparatorCacheOf } from '../../indicators/comparator-cache.js';
import { quarterIndex } from '../../indicators/periods.js';
import { buildOverview } from '../../overview/overview.js';
import { defaultOverviewArea, overviewChoices } from '../../overview/overview-choices.js';
import { currentUser } from '../request-user.js';

/**
 * GET /api/overview?area&period: the Overview page and its board paper in one answer (headline
 * figures, sparklines, published comparators, reconciliation, the plan's delivery and measures,
 * and what the page's pickers offer), built from the same series builder as /api/series, so a
 * viewer sees the same protected figures. Without `area` it is the user's own first area (else
 * the first LA with data); without `period`, the latest quarter with local figures; 404 `no_data`
 * when there are none to start from.
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
      res.status(400).json({ error: 'bad_request', message: 'give area and period at most once each, and nothing else' });
      return;
    }
    if (period && quarterIndex(period) === null) {
      res.status(400).json({ error: 'bad_request', message: 'period must be a quarter such as 2024-Q4 (or left out for the latest)' });
      return;
    }
    const areas = await areaIndexOf(db);
    const asked = code ? areas.get(code) : undefined;
    if (code && !asked) {
      res.status(400).json({ error: 'bad_request', message: `unknown area "${code}"` });
      return;
    }
    if (asked && !mayReadArea(user, asked, areas)) {
      res.status(403).json({ error: 'forbidden', message: `your account cannot see ${asked.name}'s figures; England and regions are open to all` });
      return;
    }
    const answer = await db.withConnection(async (c) => {
      const choices = await overviewChoices(c, areas, user);
      const area = asked ?? areas.get(defaultOverviewArea(choices, user, areas) ?? '');
      const quarter = period || choices.quarters[0];
      if (!area || !quarter) return null;
      return buildOverview(c, area, quarter, areas, user, comparatorCacheOf(db), choices);
    });
    if (!answer) {
      res.status(404).json({ error: 'no_data', message: 'No extract data is loaded yet. An analyst can upload extracts on the Upload page.' });
      return;
    }
    res.json(answer);
  });
  return router;
}
