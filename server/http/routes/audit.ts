import { Router } from 'express';
import { readAudit } from '../../audit.js';
import type { AppContext } from '../app-context.js';
import { requireRole } from '../request-user.js';

const MAX_PAGE = 500;

/**
 * GET /api/audit?limit=&before=&action=&user=, newest first, for admins. Page on with
 * `before` = the `next_before` of the previous page (null on the last page).
 */
export function auditRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/api/audit', requireRole('admin'), async (req, res) => {
    const limit = req.query.limit === undefined ? 100 : intParam(req.query.limit);
    const before = req.query.before === undefined ? undefined : intParam(req.query.before);
    if (limit === null || limit < 1 || limit > MAX_PAGE || before === null) {
      res.status(400).json({ error: 'invalid_paging', message: `limit is 1-${MAX_PAGE}; before is an entry id` });
      return;
    }
    const entries = await readAudit(ctx.db, {
      limit,
      ...(before !== undefined ? { before } : {}),
      ...(typeof req.query.action === 'string' ? { action: req.query.action } : {}),
      ...(typeof req.query.user === 'string' ? { username: req.query.user.toLowerCase() } : {}),
    });
    res.json({ entries, next_before: entries.length === limit ? entries[entries.length - 1]!.id : null });
  });
  return router;
}

function intParam(value: unknown): number | null {
  return typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : null;
}
