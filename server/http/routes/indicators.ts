import { Router } from 'express';
import type { Database } from '../../db/database.js';
import { measureIndicators } from '../../action-plans/measure-indicators.js';
import { readableAreaCodes } from '../../indicators/area-access.js';
import { areaIndexOf } from '../../indicators/area-index.js';
import { listIndicators } from '../../indicators/load-catalogue.js';
import { indicatorsArrow, indicatorsCsv } from '../indicator-encoding.js';
import { currentUser } from '../request-user.js';
import { responseFormat, sendArrow, sendCsv } from '../response-format.js';

/** GET /api/indicators: the catalogue with the periods each indicator has data for, and the readable plans' measures. */
export function indicatorRoutes(db: Database): Router {
  const router = Router();
  router.get('/api/indicators', async (req, res) => {
    const user = currentUser(req); // signed-in users only: throws 401 otherwise
    const areas = await areaIndexOf(db);
    const codes = readableAreaCodes(user, areas);
    // Plans' measures of success follow, for the plans the user may read.
    const list = await db.withConnection(async (c) => [...(await listIndicators(c, codes)), ...(await measureIndicators(c, user, areas))]);
    const format = responseFormat(req);
    res.vary('Accept');
    if (format === 'csv') sendCsv(res, indicatorsCsv(list));
    else if (format === 'arrow') sendArrow(res, indicatorsArrow(list));
    else res.json(list);
  });
  return router;
}
