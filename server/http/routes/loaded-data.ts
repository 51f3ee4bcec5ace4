import { Router } from 'express';
import { loadedDatasets, uploadLog } from '../../catalogue/loaded-data.js';
import type { Database } from '../../db/database.js';

export function loadedDataRoutes(db: Database): Router {
  const router = Router();
  router.get('/api/datasets', async (_req, res) => {
    res.json(await db.withConnection(loadedDatasets));
  });
  router.get('/api/uploads', async (_req, res) => {
    res.json(await db.withConnection((c) => uploadLog(c)));
  });
  return router;
}
