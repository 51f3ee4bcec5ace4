import compression from 'compression';
import express, { type Express } from 'express';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../pipelines/project-paths.js';
import { SignInDelay } from '../auth/sign-in-delay.js';
import { SessionStore } from '../auth/sessions.js';
import { TokenStore } from '../auth/tokens.js';
import { readConfig, type ServerConfig } from '../config.js';
import type { Database } from '../db/database.js';
import { createLogger, type Logger } from '../logger.js';
import { dataVersionsOf } from '../data-versions.js';
import { writeQueueFor } from '../write-queue.js';
import { AnswerCache } from './answer-cache.js';
import type { AppContext } from './app-context.js';
import { areaScope } from './middleware/area-scope.js';
import { authenticate } from './middleware/authenticate.js';
import { refuseEncodedBodies } from './middleware/body-encoding.js';
import { cachedAnswers } from './middleware/cached-answers.js';
import { csrfProtection } from './middleware/csrf.js';
import { errorHandler } from './middleware/error-handler.js';
import { requestLog } from './middleware/request-log.js';
import { securityHeaders } from './middleware/security-headers.js';
import { areaRoutes } from './routes/areas.js';
import { auditRoutes } from './routes/audit.js';
import { dictionaryRoutes } from './routes/dictionary.js';
import { healthRoutes } from './routes/health.js';
import { indicatorRoutes } from './routes/indicators.js';
import { loadedDataRoutes } from './routes/loaded-data.js';
import { planMeasureRoutes } from './routes/plan-measures.js';
import { overviewRoutes } from './routes/overview.js';
import { planRoutes } from './routes/plans.js';
import { rankingRoutes } from './routes/rankings.js';
import { seriesRoutes } from './routes/series.js';
import { sessionRoutes, signInRoutes } from './routes/session.js';
import { statsRoutes } from './routes/stats.js';
import { tokenRoutes } from './routes/tokens.js';
import { templateRoutes } from './routes/templates.js';
import { uploadRoutes } from './routes/uploads.js';
import { userRoutes } from './routes/users.js';
import { prepareUploadDir, uploadDirFor } from './upload-dir.js';
import { UploadJobs } from './upload-jobs.js';

export interface AppOptions {
  db: Database;
  /** Defaults to the environment (docs/configuration.md). */
  config?: ServerConfig;
  logger?: Logger;
}

/** The HTTP face of the product: thin routes over the catalogue and statistics modules. */
export function createApp({ db, config = readConfig(), logger = createLogger(config.logLevel) }: AppOptions): Express {
  const ctx = createContext(db, config, logger);
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.use(securityHeaders());
  // Vega is most of the client's weight; gzip takes its bundle to about a quarter on the wire.
  app.use(compression());
  app.use(requestLog(logger));
  app.use(refuseEncodedBodies());
  // API answers hold figures and plans for one user's scope: no shared or disk cache keeps them.
  // Revalidation (ETag, If-None-Match from the client's own memory) still works with no-store.
  app.use('/api', (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  app.use(healthRoutes(db));
  app.use(signInRoutes(ctx));
  // Every other /api route needs a signed-in user; cookie writes need the CSRF token.
  app.use('/api', authenticate(ctx), csrfProtection, areaScope(db), express.json({ limit: config.jsonBodyLimitBytes, inflate: false }));
  // After the scope check, so that a cached answer is never a way round it.
  app.use(cachedAnswers(new AnswerCache(config.answerCacheBytes), dataVersionsOf(db)));
  app.use(sessionRoutes(ctx));
  app.use(tokenRoutes(ctx));
  app.use(userRoutes(ctx));
  app.use(auditRoutes(ctx));
  app.use(uploadRoutes(ctx));
  app.use(templateRoutes());
  app.use(statsRoutes(ctx));
  app.use(loadedDataRoutes(db));
  app.use(areaRoutes(db));
  app.use(dictionaryRoutes());
  app.use(indicatorRoutes(db));
  app.use(seriesRoutes(db, config.disclosure));
  app.use(rankingRoutes(db));
  app.use(overviewRoutes(db));
  app.use(planRoutes(db, { maxUploadBytes: config.maxPlanBytes }));
  app.use(planMeasureRoutes(db));
  app.use('/api', (_req, res) => res.status(404).json({ error: 'not_found' }));
  app.use(express.static(join(PROJECT_ROOT, 'dist', 'client'), { index: 'index.html' }));
  // The client is one page: any other GET outside /api and /assets is a view of it (/trends?…).
  app.get(/^\/(?!api\/|assets\/).*/, (_req, res) => res.sendFile(join(PROJECT_ROOT, 'dist', 'client', 'index.html')));
  app.use(errorHandler(logger));
  return app;
}

function createContext(db: Database, config: ServerConfig, logger: Logger): AppContext {
  const uploadDir = uploadDirFor(db, config);
  prepareUploadDir(uploadDir, { clear: false });
  return {
    db,
    config,
    logger,
    sessions: new SessionStore(db, config.session),
    tokens: new TokenStore(db, config.tokenLifetimeMs),
    signInDelay: new SignInDelay(config.signIn),
    writeQueue: writeQueueFor(db),
    uploadDir,
    uploadJobs: new UploadJobs(),
  };
}
