import type { SignInDelay } from '../auth/sign-in-delay.js';
import type { SessionStore } from '../auth/sessions.js';
import type { TokenStore } from '../auth/tokens.js';
import type { ServerConfig } from '../config.js';
import type { Database } from '../db/database.js';
import type { Logger } from '../logger.js';
import type { WriteQueue } from '../write-queue.js';
import type { UploadJobs } from './upload-jobs.js';

/** What the authentication, admin and upload routes share for the life of one app. */
export interface AppContext {
  db: Database;
  config: ServerConfig;
  logger: Logger;
  sessions: SessionStore;
  tokens: TokenStore;
  signInDelay: SignInDelay;
  writeQueue: WriteQueue;
  /** Upload bodies are spooled here; the directory is DuckDB-readable after lock-down. */
  uploadDir: string;
  uploadJobs: UploadJobs;
}
