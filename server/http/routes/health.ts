import { Router } from 'express';
import type { Database } from '../../db/database.js';

/** Open to all: load balancers and scripts check it before signing in. */
export function healthRoutes(db: Database): Router {
  const router = Router();
  router.get('/api/health', async (_req, res) => {
    try {
      await db.withConnection((c) => c.run('SELECT 1'));
      res.json({ status: 'ok' });
    } catch {
      res.status(503).json({ status: 'unavailable' });
    }
  });
  return router;
}
