import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { loadExcel } from '../../../pipelines/excel-library.js';
import { ensureFirstAdmin, FIRST_ADMIN } from '../../auth/first-admin.js';
import { readConfig } from '../../config.js';
import { Database } from '../../db/database.js';
import { lockDown } from '../../db/lockdown.js';
import { buildDemoDatabase } from '../../demo-database.js';
import { createApp } from '../../http/app.js';
import { listen, serverPort } from '../../http/listen.js';
import { prepareUploadDir, uploadDirFor } from '../../http/upload-dir.js';
import { createLogger, type Logger } from '../../logger.js';
import { serverPoolSize, THREAD_POOL_SIZE } from '../../thread-pool.js';
import { writeQueueFor } from '../../write-queue.js';
import type { CommandContext } from '../context.js';
import { EXIT, UsageError } from '../usage.js';

export async function serveCommand(ctx: CommandContext, path: string): Promise<number> {
  const port = Number(ctx.flags.port ?? process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a port number');
  const config = readConfig();
  const logger = createLogger(config.logLevel);
  if (ctx.flags['demo-if-empty'] === true && !existsSync(path)) {
    process.stderr.write(`No database at ${path}: building the demo database first…\n`);
    await buildDemoDatabase(path);
  }
  const db = await Database.open({ path, poolSize: serverPoolSize() });

  // Upload bodies and the pipeline's scratch files (it uses the OS temp dir) go to one private
  // directory that DuckDB may read after lock-down; what a killed server left there goes now.
  const uploadDir = uploadDirFor(db, config);
  prepareUploadDir(uploadDir, { clear: true });
  process.env.TMPDIR = uploadDir;

  const admin = await ensureFirstAdmin(db, config.adminPassword);
  if (admin.generatedPassword) {
    process.stderr.write(
      `\nCreated the first user, "${FIRST_ADMIN}", with the password\n\n    ${admin.generatedPassword}\n\n` +
        'It is shown only this once. Sign in and set a new one (POST /api/users/admin/password), or\n' +
        'start with CSE_PROFILE_ADMIN_PASSWORD set next time you create a database.\n\n',
    );
  }
  await lockDown(db, [uploadDir]);

  // Before taking requests: loading the workbook library holds the event loop for a quarter of a second.
  await loadExcel();
  const app = createApp({ db, config, logger });
  const server = await listen(app, {
    port,
    host: config.host,
    requestTimeoutMs: config.requestTimeoutMs,
    headersTimeoutMs: config.headersTimeoutMs,
  });
  // Listen for the signals before saying we are ready: whoever reads that line may stop us at once.
  const stopped = new Promise<string>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  const actual = serverPort(server);
  logger.info({ host: config.host, port: actual, db: path, threadPool: THREAD_POOL_SIZE, pool: serverPoolSize() }, 'listening');
  ctx.print({ ok: true, host: config.host, port: actual, db: path }, () => `CSE Profile is running at ${browsableUrl(config.host, actual)} (database ${path})`);

  const signal = await stopped;
  logger.info({ signal }, 'shutting down');
  await shutDown(server, db, logger, config.shutdownTimeoutMs);
  logger.info('stopped');
  logger.flush();
  return EXIT.done;
}

/** Where a browser on this machine finds the server: any-address binds are reached through localhost. */
function browsableUrl(host: string, port: number): string {
  if (host === '0.0.0.0' || host === '::') return `http://localhost:${port}/`;
  return host.includes(':') ? `http://[${host}]:${port}/` : `http://${host}:${port}/`;
}

/**
 * Stops taking connections, lets requests in flight finish (cutting them off after the
 * timeout), waits for queued writes, then checkpoints so the next start replays no WAL.
 * A second signal during this stops the process at once (Node's default).
 */
async function shutDown(server: Server, db: Database, logger: Logger, timeoutMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const deadline = setTimeout(() => {
    logger.warn({ timeoutMs }, 'requests still running at the shutdown deadline: closing their connections');
    server.closeAllConnections();
  }, timeoutMs);
  try {
    await closed;
    await writeQueueFor(db).drain();
  } finally {
    clearTimeout(deadline);
  }
  await db.checkpoint();
  db.close();
}
