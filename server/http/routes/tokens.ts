import { Router } from 'express';
import { MAX_TOKEN_NAME_LENGTH } from '../../auth/tokens.js';
import { actor, audit } from '../../audit.js';
import type { AppContext } from '../app-context.js';
import { currentUser } from '../request-user.js';
import { stripBidiControls } from '../../../pipelines/bidi-controls.js';

/** Bearer tokens for scripts: each user lists, creates and revokes their own. */
export function tokenRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/api/tokens', async (req, res) => {
    res.json(await ctx.tokens.list(currentUser(req).id));
  });
  router.post('/api/tokens', async (req, res) => {
    const user = currentUser(req);
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
    const user = currentUser(req);
    const id = /^\d{1,9}$/.test(req.params.id) ? Number(req.params.id) : null;
    const revoked = id === null ? null : await ctx.tokens.revoke(user.id, id);
    if (!revoked) {
      res.status(404).json({ error: 'not_found' });
      return;
    }
    await audit(ctx.db, { ...actor(req, user), action: 'token_revoked', target: String(id), details: { name: revoked.name } });
    res.status(204).end();
  });
  return router;
}
