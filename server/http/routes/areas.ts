import { Router } from 'express';
import { listAreas } from '../../catalogue/areas.js';
import type { Database } from '../../db/database.js';
import { mayReadArea } from '../../indicators/area-access.js';
import { areaIndexOf } from '../../indicators/area-index.js';
import { currentUser } from '../request-user.js';

/**
 * GET /api/areas: every area, for any signed-in user (names and codes are not sensitive). For a
 * user with an area scope, `readable` says which they may read, and whether data are loaded is
 * told only for those (as /api/datasets lists only their areas).
 */
export function areaRoutes(db: Database): Router {
  const router = Router();
  router.get('/api/areas', async (req, res) => {
    const user = currentUser(req);
    const areas = await db.withConnection(listAreas);
    if (user.areas === null) {
      res.json(areas);
      return;
    }
    const index = await areaIndexOf(db);
    res.json(areas.map((a) => {
      const area = index.get(a.code);
      const readable = area !== undefined && mayReadArea(user, area, index);
      return { ...a, readable, has_data: readable ? a.has_data : null };
    }));
  });
  return router;
}
