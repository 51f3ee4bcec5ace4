import { Router } from 'express';
import { importOfficialStats, isStatsName, type ImportStatsResult } from '../../../pipelines/official-stats/import-stats.js';
import { actor, audit } from '../../audit.js';
import type { AppContext } from '../app-context.js';
import { currentUser, requireRole } from '../request-user.js';
import { closeIfBodyUnread } from '../unread-body.js';
import { uploadFileName, withSpooledBody } from '../upload-spool.js';

/** Bodies that are plainly not a CSV file; anything else is tried (curl's default type included). */
const NOT_CSV = /^(multipart\/|application\/json|application\/x-www-form-urlencoded;?\s*charset)/i;

/**
 * POST /api/stats?name=SLUG with an Explore Education Statistics CSV as the body: the same
 * import as `cse-profile import-stats`, answering 201 with its object or 422 with the refusal.
 * Imports go through the database's write queue, one at a time.
 */
export function statsRoutes(ctx: AppContext): Router {
  const router = Router();
  router.post('/api/stats', requireRole('analyst', 'admin'), async (req, res) => {
    if (currentUser(req).areas !== null) {
      // Official statistics are benchmarks every viewer reads: no area-scoped writer may set them.
      closeIfBodyUnread(req, res);
      res.status(403).json({
        error: 'forbidden',
        message: 'Official statistics are shown to every user, so only administrators and analysts with no area scope may import them.',
      });
      return;
    }
    const name = typeof req.query.name === 'string' ? req.query.name : '';
    if (!isStatsName(name)) {
      closeIfBodyUnread(req, res);
      res.status(400).json({
        error: 'bad_request',
        message: 'name is required: lower-case letters, digits and _, starting with a letter (e.g. ?name=cin_factors)',
      });
      return;
    }
    if (NOT_CSV.test(req.get('content-type') ?? '')) {
      closeIfBodyUnread(req, res);
      res.status(415).json({ error: 'unsupported_media_type', message: 'Send the CSV file itself as the body (Content-Type: text/csv).' });
      return;
    }
    const user = currentUser(req);
    const fileName = uploadFileName(req.get('x-file-name'), req.query.filename);
    const { result, body } = await withSpooledBody(req, { dir: ctx.uploadDir, maxBytes: ctx.config.maxUploadBytes }, async (body) => ({
      body,
      result: await ctx.writeQueue.run(() => runImport(ctx, { path: body.path, name, fileName, user: user.username }), [`data:${name}`]),
    }));
    await audit(ctx.db, {
      ...actor(req, user),
      action: result.ok ? 'stats_imported' : 'stats_refused',
      target: name,
      details: {
        file_name: fileName,
        sha256: body.sha256,
        bytes: body.bytes,
        ...(result.ok
          ? { import_id: result.import_id, rows: result.rows, indicators: result.indicators.length }
          : { error_count: result.error_count, error_codes: [...new Set(result.errors.map((e) => e.code))] }),
      },
    });
    res.status(result.ok ? 201 : 422).json(result);
  });
  return router;
}

/** An import on a connection of its own: it uses temporary tables and one transaction. */
async function runImport(ctx: AppContext, options: { path: string; name: string; fileName: string; user: string }): Promise<ImportStatsResult> {
  const connection = await ctx.db.connect();
  try {
    // An upload has no metadata file beside it: columns are sorted by their values.
    return await importOfficialStats(connection, { ...options, metaPath: null });
  } finally {
    connection.closeSync();
  }
}
