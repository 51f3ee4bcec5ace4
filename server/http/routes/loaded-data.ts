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
    const log = await db.withConnection((c) => uploadLog(c));
    if (user.areas === null) {
      res.json(log);
      return;
    }
    // An upload is listed only if every area it touched is one the user may see.
    const areas = await areaIndexOf(db);
    const touched = await db.withConnection(async (c) => {
      const reader = await c.runAndReadAll('SELECT upload_id, list(DISTINCT area_code) AS codes FROM upload_partitions GROUP BY upload_id');
      return new Map(reader.getRowObjectsJS().map((r) => [Number(r.upload_id), (r.codes as unknown[]).map(String)]));
    });
    res.json(log.filter((entry) => (touched.get(entry.id) ?? []).every((code) => visible(user, code, areas))));
  });
  return router;
}

function visible(user: AuthUser, code: string, areas: AreaIndex): boolean {
  const area = areas.get(code);
  return area !== undefined && mayReadArea(user, area, areas);
}
