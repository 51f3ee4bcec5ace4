import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { readConfig, type ServerConfig } from '../../server/config.js';
import { Database } from '../../server/db/database.js';
import { createApp } from '../../server/http/app.js';
import { listen, serverPort } from '../../server/http/listen.js';
import type { Logger } from '../../server/logger.js';

export interface TestServer {
  db: Database;
  baseUrl: string;
  config: ServerConfig;
  server: Server;
  /** Stops the server, closes the database (if the helper opened it) and removes its files. */
  close(): Promise<void>;
}

/**
 * The app on 127.0.0.1, port 0, with a fresh in-memory database unless one is given, the
 * production configuration (defaults, not this process's environment) with `overrides`, and
 * silent logs.
 */
export async function startTestServer(options: { db?: Database; config?: Partial<ServerConfig>; logger?: Logger } = {}): Promise<TestServer> {
  const scratch = mkdtempSync(join(tmpdir(), 'cse-profile-test-'));
  const db = options.db ?? (await Database.open({ path: ':memory:', tempDirectory: join(scratch, 'spill') }));
  const config: ServerConfig = { ...readConfig({}), logLevel: 'silent', uploadDir: join(scratch, 'uploads'), ...options.config };
  const server = await listen(createApp({ db, config, ...(options.logger ? { logger: options.logger } : {}) }), {
    port: 0,
    host: '127.0.0.1',
    requestTimeoutMs: config.requestTimeoutMs,
    headersTimeoutMs: config.headersTimeoutMs,
  });
  return {
    db,
    config,
    server,
    baseUrl: `http://127.0.0.1:${serverPort(server)}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (!options.db) db.close();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/** A small valid referrals extract: one row per (period, sex) for Stockport. */
export function referralsExtract(periods: readonly string[], referrals: (period: string, sex: string) => number, area = 'E08000007'): string {
  const lines = ['period,area_code,sex,referrals'];
  for (const period of periods) for (const sex of ['female', 'male']) lines.push(`${period},${area},${sex},${referrals(period, sex)}`);
  return `${lines.join('\n')}\n`;
}
