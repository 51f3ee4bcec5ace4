import express, { type ErrorRequestHandler, type Express } from 'express';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../pipelines/project-paths.js';
import type { Database } from '../db/database.js';
import { healthRoutes } from './routes/health.js';
import { indicatorRoutes } from './routes/indicators.js';
import { loadedDataRoutes } from './routes/loaded-data.js';
import { planRoutes } from './routes/plans.js';
import { seriesRoutes } from './routes/series.js';

export interface AppOptions {
  db: Database;
}

/** The HTTP face of the product: thin routes over the catalogue and statistics modules. */
export function createApp({ db }: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(healthRoutes(db));
  app.use(loadedDataRoutes(db));
  app.use(indicatorRoutes(db));
  app.use(seriesRoutes(db));
  app.use(planRoutes(db));
  app.use('/api', (_req, res) => res.status(404).json({ error: 'not_found' }));
  app.use(express.static(join(PROJECT_ROOT, 'dist', 'client'), { index: 'index.html' }));
  app.use(errorHandler);
  return app;
}

/** Errors answer as JSON and never carry a stack trace or row contents to the client. */
const errorHandler: ErrorRequestHandler = (error, _req, res, _next) => {
  const status = typeof error?.status === 'number' ? error.status : 500;
  if (status >= 500) console.error('request failed:', error instanceof Error ? error.message : 'unknown error');
  res.status(status).json({ error: status >= 500 ? 'internal_error' : String(error?.message ?? 'bad_request') });
};
