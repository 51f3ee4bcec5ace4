import { Router } from 'express';
import { ingestExtract, type IngestResult } from '../../../pipelines/ingest.js';
import { isDatasetId, type DatasetId } from '../../../pipelines/extract-schema.js';
import type { AuthUser } from '../../auth/roles.js';
import { actor, audit } from '../../audit.js';
import type { AppContext } from '../app-context.js';
import { currentUser, requireRole } from '../request-user.js';
import { closeIfBodyUnread } from '../unread-body.js';
import { uploadFileName, withSpooledBody, type SpooledBody } from '../upload-spool.js';

/** Bodies that are plainly not a CSV extract; anything else is tried (curl's default type included). */
const NOT_CSV = /^(multipart\/|application\/json|application\/x-www-form-urlencoded;?\s*charset)/i;

/**
 * POST /api/uploads/:dataset with the CSV as the body: the same validation and load as
 * `cse-profile ingest`, answering 201 with its object, or 422 with the refusal. `?dry_run=1`
 * validates only (200). Loads go through the database's write queue, one at a time.
 */
export function uploadRoutes(ctx: AppContext): Router {
  const router = Router();
  router.post('/api/uploads/:dataset', requireRole('analyst', 'admin'), async (req, res) => {
    const dataset = req.params.dataset as string;
    if (!isDatasetId(dataset)) {
      closeIfBodyUnread(req, res);
      res.status(404).json({ error: 'unknown_dataset' });
      return;
    }
    if (NOT_CSV.test(req.get('content-type') ?? '')) {
      closeIfBodyUnread(req, res);
      res.status(415).json({ error: 'unsupported_media_type', message: 'Send the CSV file itself as the body (Content-Type: text/csv).' });
      return;
    }
    const user = currentUser(req);
    const fileName = uploadFileName(req.get('x-file-name'), req.query.filename);
    const dryRun = req.query.dry_run === '1' || req.query.dry_run === 'true';
    const { result, body } = await withSpooledBody(req, { dir: ctx.uploadDir, maxBytes: ctx.config.maxUploadBytes }, async (body) => {
      const ingest = () => runIngest(ctx, { dataset, body, fileName, user, dryRun });
      return { body, result: dryRun ? await ingest() : await ctx.writeQueue.run(ingest) };
    });
    await audit(ctx.db, {
      ...actor(req, user),
      action: dryRun ? 'upload_checked' : result.ok ? 'upload_accepted' : 'upload_refused',
      target: dataset,
      details: {
        file_name: fileName,
        sha256: body.sha256,
        bytes: body.bytes,
        ...(result.ok
          ? { upload_id: result.upload_id, rows: result.rows, partitions: result.partitions.length }
          : { error_count: result.error_count, error_codes: [...new Set(result.errors.map((e) => e.code))] }),
      },
    });
    res.status(!result.ok ? 422 : dryRun ? 200 : 201).json(result);
  });
  return router;
}

interface IngestRequest {
  dataset: DatasetId;
  body: SpooledBody;
  fileName: string;
  user: AuthUser;
  dryRun: boolean;
}

/** An ingest on a connection of its own: it uses temporary tables and one transaction. */
async function runIngest(ctx: AppContext, request: IngestRequest): Promise<IngestResult> {
  const connection = await ctx.db.connect();
  try {
    return await ingestExtract(connection, {
      dataset: request.dataset,
      path: request.body.path,
      fileName: request.fileName,
      user: request.user.username,
      dryRun: request.dryRun,
    });
  } finally {
    connection.closeSync();
  }
}
