import { Router } from 'express';
import { dataDictionary } from '../../catalogue/dictionary.js';

/** GET /api/dictionary: the upload format's datasets, dimensions, measures and columns. */
export function dictionaryRoutes(): Router {
  const router = Router();
  const body = dataDictionary();
  router.get('/api/dictionary', (_req, res) => {
    res.json(body);
  });
  return router;
}
