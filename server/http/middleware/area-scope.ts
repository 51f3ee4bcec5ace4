import type { RequestHandler } from 'express';
import { mayReadArea } from '../../indicators/area-access.js';
import { areaIndexOf } from '../../indicators/area-index.js';
import type { Database } from '../../db/database.js';
import { currentUser } from '../request-user.js';

/**
 * A user with an area scope may ask for an area's detail through the `area` query parameter
 * (the one every data route uses) only where the series and plan routes would allow it: their
 * own areas and what lies within them, and England and the regions, which are benchmarks open
 * to all. Routes check again with the area they resolve; this guard also covers routes added
 * later. Unknown codes pass here and are refused by the route that reads them.
 */
export function areaScope(db: Database): RequestHandler {
  return async (req, res, next) => {
    const user = currentUser(req);
    const asked = req.query.area;
    if (user.areas === null || asked === undefined) {
      next();
      return;
    }
    const areas = await areaIndexOf(db);
    const codes = (Array.isArray(asked) ? asked : [asked]).map(String);
    const refused = codes.some((code) => {
      const area = areas.get(code);
      return area !== undefined && !mayReadArea(user, area, areas);
    });
    if (refused) {
      res.status(403).json({ error: 'forbidden' });
      return;
    }
    next();
  };
}
