import { passwordProblem } from '../../auth/passwords.js';
import { createUser, isRole, isValidUsername, normaliseUsername, parseAreas, UserExistsError } from '../../auth/users.js';
import { audit } from '../../audit.js';
import { Database } from '../../db/database.js';
import type { CommandContext } from '../context.js';
import { EXIT, UsageError } from '../usage.js';

/** `users add NAME --role admin|analyst|viewer [--areas E08000007,…]`, the password on stdin. */
export async function usersCommand(ctx: CommandContext, path: string): Promise<number> {
  const [action, rawName] = ctx.positionals;
  if (action !== 'add' || !rawName) throw new UsageError('usage: users add NAME --role admin|analyst|viewer [--areas CODE,…] (password on stdin)');
  const username = normaliseUsername(rawName);
  if (!isValidUsername(username)) throw new UsageError('NAME must be 1-64 letters, digits, dots, dashes or underscores');
  const role = ctx.flags.role;
  if (!isRole(role)) throw new UsageError('--role must be admin, analyst or viewer');
  const areas = typeof ctx.flags.areas === 'string' ? parseAreas(ctx.flags.areas) : null;
  if (areas === undefined) throw new UsageError('--areas must be a comma-separated list of area codes such as E08000007');

  const password = await readPassword();
  const problem = passwordProblem(password, username);
  if (problem) return refuse(ctx, 'weak_password', problem);
  const db = await Database.open({ path });
  try {
    await createUser(db, { username, password, role, areas });
    await audit(db, { action: 'user_created', username: process.env.USER ?? 'cli', ip: null, target: username, details: { role, areas, via: 'cli' } });
  } catch (error) {
    if (!(error instanceof UserExistsError)) throw error;
    return refuse(ctx, 'user_exists', `A user called ${username} already exists.`);
  } finally {
    db.close();
  }
  ctx.print({ ok: true, user: username, role, areas }, () => `Added ${username} (${role}${areas ? `, areas ${areas.join(', ')}` : ''}).`);
  return EXIT.done;
}

function refuse(ctx: CommandContext, error: string, message: string): number {
  ctx.print({ ok: false, error, message }, () => message);
  return EXIT.refused;
}

/**
 * The first line of stdin: piped (`printf '%s' "$PW" | cse-profile users add …`) or typed at a
 * terminal, where it is not echoed. Never a command-line argument, which `ps` would show.
 */
async function readPassword(): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  }
  process.stderr.write('Password (not shown): ');
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  try {
    return await new Promise<string>((resolve, reject) => {
      let typed = '';
      const onData = (keys: string) => {
        for (const key of keys) {
          if (key === '\r' || key === '\n') {
            stdin.off('data', onData);
            resolve(typed);
            return;
          }
          if (key === '\u0003') {
            stdin.off('data', onData);
            reject(new UsageError('cancelled'));
            return;
          }
          typed = key === '\u007f' || key === '\b' ? typed.slice(0, -1) : typed + key;
        }
      };
      stdin.on('data', onData);
    });
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
    process.stderr.write('\n');
  }
}
