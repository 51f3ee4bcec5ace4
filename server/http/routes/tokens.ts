import { Router, type Request, type Response } from 'express';
import { MAX_TOKEN_NAME_LENGTH } from '../../auth/tokens.js';
import { actor, audit } from '../../audit.js';
import type { AppContext } from '../app-context.js';
import { requestAuth } from '../middleware/authenticate.js';
import { currentUser, requireRole } from '../request-user.js';
import { stripBidiControls } from '../../../pipelines/bidi-controls.js';

/**
 * Bearer tokens for scripts: each user lists, creates and revokes their own; admins list and
 * revoke everyone's. A token is made only by someone signed in with their password (a session):
 * a leaked token cannot mint further tokens that outlive its own revocation.
 */
export function tokenRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/api/tokens', async (req, res) => {
    res.json(await ctx.tokens.list(currentUser(req).id));
  });
  router.post('/api/tokens', async (req, res) => {
    const user = currentUser(req);
    if (requestAuth(req)?.via !== 'session') {
      res.status(403).json({ error: 'sign_in_required', message: 'Tokens are made by signing in with a password, not with another token.' });
      return;
    }
    const raw = (req.body as { name?: unknown } | undefined)?.name;
    const name = typeof raw === 'string' ? stripBidiControls(raw).replace(/[\u0000-\u001f\u007f]/g, '').trim() : '';
    if (!name || name.length > MAX_TOKEN_NAME_LENGTH) {
      res.status(400).json({ error: 'token_name_required' });
      return;
    }
    const created = await ctx.tokens.create(user, name);
    await audit(ctx.db, { ...actor(req, user), action: 'token_created', target: String(created.id), details: { name } });
    // The only time the token is ever shown.
    res.status(201).json(created);
  });
  router.delete('/api/tokens/:id', async (req, res) => {
    await revoke(req, res, currentUser(req).id);
  });

  const adminOnly = requireRole('admin');
  router.get('/api/admin/tokens', adminOnly, async (_req, res) => {
    res.json(await ctx.tokens.listAll());
  });
  router.delete('/api/admin/tokens/:id', adminOnly, async (req, res) => {
    await revoke(req, res, null);
  });

  /** Revokes `:id` if it is one of `owner`'s live tokens (anyone's when null), audited. */
  async function revoke(req: Request, res: Response, owner: number | null): Promise<void> {
    const id = /^\d{1,9}$/.test(String(req.params.id)) ? Number(req.params.id) : null;
    const revoked = id === null ? null : await ctx.tokens.revoke(owner, id);
    if (!revoked) {
      res.status(404).json({ error: 'not_found' });
      return;
    }
    await audit(ctx.db, { ...actor(req, currentUser(req)), action: 'token_revoked', target: String(id), details: { name: revoked.name, owner_id: revoked.user_id } });
    res.status(204).end();
  }
  return router;
}
