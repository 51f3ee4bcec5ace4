import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { Database } from '../../db/database.js';
import { buildDemoDatabase } from '../../demo-database.js';
import { createApp } from '../../http/app.js';
import type { CommandContext } from '../context.js';
import { EXIT, UsageError } from '../usage.js';

export async function serveCommand(ctx: CommandContext, path: string): Promise<number> {
  const port = Number(ctx.flags.port ?? process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a port number');
  if (ctx.flags['demo-if-empty'] === true && !existsSync(path)) {
    process.stderr.write(`No database at ${path}: building the demo database first…\n`);
    await buildDemoDatabase(path);
  }
  const db = await Database.open({ path });
  const app = createApp({ db });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(port, () => resolve(s));
  });
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  ctx.print({ ok: true, port: actual, db: path }, () => `CSE Profile is running at http://localhost:${actual}/ (database ${path})`);

  await new Promise<void>((resolve) => {
    const stop = () => {
      server.close(() => resolve());
      server.closeIdleConnections();
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  await db.checkpoint();
  db.close();
  return EXIT.done;
}
