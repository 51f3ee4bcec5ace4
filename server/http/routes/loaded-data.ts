import { Router } from 'express';
import type { AuthUser } from '../../auth/roles.js';
import { loadedDatasets, uploadLog } from '../../catalogue/loaded-data.js';
import type { Database } from '../../db/database.js';
import { mayReadArea, readableAreaCodes } from '../../indicators/area-access.js';
import { areaIndexOf, type AreaIndex } from '../../indicators/area-index.js';
import { currentUser, requireRole } from '../request-user.js';

/** What is loaded (any signed-in user) and the upload log (analysts and admins), within the user's areas. */
export function loadedDataRoutes(db: Database): Router {
  const router = Router();
  router.get('/api/datasets', async (req, res) => {
    const user = currentUser(req);
    const codes = readableAreaCodes(user, await areaIndexOf(db));
    res.json(await db.withConnection((c) => loadedDatasets(c, codes)));
  });
  router.get('/api/uploads', requireRole('analyst', 'admin'), async (req, res) => {
    const user = currentUser(req);
    const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v.slice(0, 100) : undefined);
    const filter = { dataset: text(req.query.dataset), area: text(req.query.area) };
    const log = await db.withConnection((c) => uploadLog(c, filter));
    if (user.areas === null) {
      res.json(log);
      return;
    }
    // An attempt is listed only if every area it touched is one the user may see; one that
    // named no readable area (refused at its header) only to the user who made it.
    const areas = await areaIndexOf(db);
    res.json(log.filter((entry) =>
      entry.areas.length === 0 ? entry.user === user.username : entry.areas.every((code) => visible(user, code, areas))));
  });
  return router;
}

function visible(user: AuthUser, code: string, areas: AreaIndex): boolean {
  const area = areas.get(code);
  return area !== undefined && mayReadArea(user, area, areas);
}
