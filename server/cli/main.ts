#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { Database, DatabaseLockedError, resolveDbPath } from '../db/database.js';
import { demoCommand } from './commands/demo.js';
import { exportCommand } from './commands/export.js';
import { importActionsCommand } from './commands/import-actions.js';
import { importStatsCommand } from './commands/import-stats.js';
import { ingestCommand } from './commands/ingest.js';
import { serveCommand } from './commands/serve.js';
import { usersCommand } from './commands/users.js';
import type { CommandContext } from './context.js';
import { EXIT, HELP, UsageError } from './usage.js';

const OPTIONS = {
  db: { type: 'string' },
  json: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  sheet: { type: 'string' },
  out: { type: 'string' },
  format: { type: 'string' },
  port: { type: 'string' },
  name: { type: 'string' },
  status: { type: 'string' },
  measures: { type: 'string' },
  role: { type: 'string' },
  areas: { type: 'string' },
  'demo-if-empty': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

async function run(argv: string[]): Promise<number> {
  let json = argv.includes('--json');
  const emit = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
  let command: string | undefined;
  try {
    const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    json = values.json === true;
    const [first, ...rest] = positionals;
    command = first;
    if (values.help || !command) {
      process.stdout.write(`${HELP}\n`);
      return command || values.help ? EXIT.done : EXIT.usage;
    }
    const ctx: CommandContext = {
      positionals: rest,
      flags: values,
      json,
      showProgress: !json || Boolean(process.stderr.isTTY),
      print: (value, human) => (json ? emit(value) : process.stdout.write(`${human()}\n`)),
    };
    const path = resolveDbPath(values.db);
    switch (command) {
      case 'demo':
        return await demoCommand(ctx, path);
      case 'serve':
        return await serveCommand(ctx, path);
      case 'import-stats':
        return await importStatsCommand(ctx, path);
      case 'import-actions':
        return await importActionsCommand(ctx, path);
      case 'users':
        return await usersCommand(ctx, path);
      case 'ingest':
      case 'export': {
        const db = await Database.open({ path });
        try {
          return command === 'ingest' ? await ingestCommand(ctx, db) : await exportCommand(ctx, db);
        } finally {
          db.close();
        }
      }
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    const locked = error instanceof DatabaseLockedError;
    const message = error instanceof Error ? `${error.message}${locked ? ` ${lockedAdvice(command)}` : ''}` : String(error);
    if (json) emit({ ok: false, error: usage ? 'usage' : locked ? 'database_locked' : 'internal', message });
    else process.stderr.write(`cse-profile: ${message}${usage ? '\n\n' + HELP : ''}\n`);
    return usage ? EXIT.usage : EXIT.internal;
  }
}

/** What to do instead while the server holds the database: the same thing through the server. */
function lockedAdvice(command: string | undefined): string {
  switch (command) {
    case 'ingest':
      return 'Upload through the server instead (the Upload page, or POST /api/uploads/:dataset), or stop the server first.';
    case 'import-stats':
      return 'Import through the server instead (POST /api/stats?name=SLUG as an administrator), or stop the server first.';
    case 'import-actions':
      return 'Import through the server instead (the Actions page, or POST /api/plans), or stop the server first.';
    case 'users':
      return 'Add the user through the server instead (the Admin page, or POST /api/users as an administrator), or stop the server first.';
    default:
      return 'Stop the server first.';
  }
}

process.exitCode = await run(process.argv.slice(2));
