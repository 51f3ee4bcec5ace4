import { Router, type Request } from 'express';
import { passwordProblem } from '../../auth/passwords.js';
import {
  createUser,
  findUser,
  isRole,
  isValidUsername,
  listUsers,
  normaliseUsername,
  parseAreas,
  setPassword,
  updateUser,
  UserExistsError,
  type UserChanges,
} from '../../auth/users.js';
import { actor, audit } from '../../audit.js';
import type { AppContext } from '../app-context.js';
import { currentUser, requireRole } from '../request-user.js';

type Body = Record<string, unknown>;
const bodyOf = (req: Request): Body => (req.body && typeof req.body === 'object' ? (req.body as Body) : {});

/** The changes a PATCH asks for, or a reason it cannot be read. */
function readChanges(body: Body): UserChanges | string {
  const changes: UserChanges = {};
  if ('role' in body) {
    if (!isRole(body.role)) return 'role must be admin, analyst or viewer';
    changes.role = body.role;
  }
  if ('areas' in body) {
    const areas = parseAreas(body.areas);
    if (areas === undefined) return 'areas must be null or a non-empty list of area codes';
    changes.areas = areas;
  }
  if ('disabled' in body) {
    if (typeof body.disabled !== 'boolean') return 'disabled must be true or false';
    changes.disabled = body.disabled;
  }
  return Object.keys(changes).length > 0 ? changes : 'nothing to change: send role, areas or disabled';
}

/** Account management, for admins only. */
export function userRoutes(ctx: AppContext): Router {
  const router = Router();
  const adminOnly = requireRole('admin');

  router.get('/api/users', adminOnly, async (_req, res) => {
    res.json(await listUsers(ctx.db));
  });

  router.post('/api/users', adminOnly, async (req, res) => {
    const body = bodyOf(req);
    const username = typeof body.username === 'string' ? normaliseUsername(body.username) : '';
    const areas = body.areas === undefined ? null : parseAreas(body.areas);
    const password = typeof body.password === 'string' ? body.password : '';
    const problem = !isValidUsername(username)
      ? 'username must be 1-64 letters, digits, dots, dashes or underscores'
      : !isRole(body.role)
        ? 'role must be admin, analyst or viewer'
        : areas === undefined
          ? 'areas must be null or a non-empty list of area codes'
          : passwordProblem(password, username);
    if (problem || !isRole(body.role) || areas === undefined) {
      res.status(400).json({ error: 'invalid_user', message: problem });
      return;
    }
    try {
      const created = await createUser(ctx.db, { username, password, role: body.role, areas });
      await audit(ctx.db, { ...actor(req, currentUser(req)), action: 'user_created', target: username, details: { role: created.role, areas } });
      res.status(201).json(created);
    } catch (error) {
      if (!(error instanceof UserExistsError)) throw error;
      res.status(409).json({ error: 'user_exists' });
    }
  });

  router.patch('/api/users/:name', adminOnly, async (req, res) => {
    const username = normaliseUsername(req.params.name as string);
    const changes = readChanges(bodyOf(req));
    if (typeof changes === 'string') {
      res.status(400).json({ error: 'invalid_change', message: changes });
      return;
    }
    const before = await findUser(ctx.db, username);
    if (!before) {
      res.status(404).json({ error: 'not_found' });
      return;
    }
    const losesAdmin = before.role === 'admin' && !before.disabled && ((changes.role ?? 'admin') !== 'admin' || changes.disabled === true);
    if (losesAdmin && (await enabledAdmins(ctx)) <= 1) {
      // Nobody could manage accounts any more: refuse rather than lock the partnership out.
      res.status(409).json({ error: 'last_admin' });
      return;
    }
    const after = (await updateUser(ctx.db, username, changes))!;
    ctx.sessions.forgetUser(after.id);
    ctx.tokens.forgetUser(after.id);
    // A script's token was made for what its user could do then: a new role or a disabled
    // account ends it (a narrower area scope applies to it at once, through the user it reads).
    if (after.role !== before.role || (after.disabled && !before.disabled)) await ctx.tokens.revokeForUser(after.id);
    if (after.disabled) await ctx.sessions.destroyForUser(after.id);
    await audit(ctx.db, { ...actor(req, currentUser(req)), action: 'user_changed', target: username, details: { ...changes } });
    res.json(after);
  });

  router.post('/api/users/:name/password', adminOnly, async (req, res) => {
    const username = normaliseUsername(req.params.name as string);
    const password = bodyOf(req).password;
    const problem = typeof password === 'string' ? passwordProblem(password, username) : 'password is required';
    if (problem || typeof password !== 'string') {
      res.status(400).json({ error: 'invalid_password', message: problem });
      return;
    }
    const user = await setPassword(ctx.db, username, password);
    if (!user) {
      res.status(404).json({ error: 'not_found' });
      return;
    }
    // Whoever held the old password is signed out everywhere, and loses the tokens made with it.
    await ctx.sessions.destroyForUser(user.id);
    await ctx.tokens.revokeForUser(user.id);
    await audit(ctx.db, { ...actor(req, currentUser(req)), action: 'password_reset', target: username });
    res.status(204).end();
  });

  return router;
}

async function enabledAdmins(ctx: AppContext): Promise<number> {
  return (await listUsers(ctx.db)).filter((u) => u.role === 'admin' && !u.disabled).length;
}
