import { Router } from 'express';
import { ingestExtract, type IngestProgress, type IngestResult } from '../../../pipelines/ingest.js';
import { isDatasetId, type DatasetId } from '../../../pipelines/extract-schema.js';
import type { AuthUser } from '../../auth/roles.js';
import { writableAreaCodes } from '../../indicators/area-access.js';
import { areaIndexOf } from '../../indicators/area-index.js';
import { actor, audit } from '../../audit.js';
import type { AppContext } from '../app-context.js';
import { currentUser, HttpError, requireRole } from '../request-user.js';
import { closeIfBodyUnread } from '../unread-body.js';
import { UploadJobs, type UploadJob } from '../upload-jobs.js';
import { uploadFileName, withSpooledBody, type SpooledBody } from '../upload-spool.js';

/**
 * Bodies that are plainly not an extract; anything else is tried (curl's default type included).
 * A workbook is known by its bytes, whatever its declared type.
 */
const NOT_CSV = /^(multipart\/|application\/json|application\/x-www-form-urlencoded;?\s*charset)/i;

/**
 * POST /api/uploads/:dataset with the CSV (or .xlsx workbook, `?sheet=NAME`) as the body: the same validation and load as
 * `cse-profile ingest`, answering 201 with its object, or 422 with the refusal. `?dry_run=1`
 * validates only (200). Loads go through the database's write queue, one at a time. With
 * `?job=ID` (an id the client makes up, 8-64 letters, digits, `-` or `_`), the upload's progress
 * can be followed at GET /api/uploads/jobs/ID while it runs.
 */
export function uploadRoutes(ctx: AppContext): Router {
  const router = Router();
  const uploaders = requireRole('analyst', 'admin');

  router.get('/api/uploads/jobs/:id', uploaders, (req, res) => {
    const job = ctx.uploadJobs.get(currentUser(req).id, req.params.id as string);
    if (!job) {
      res.status(404).json({ error: 'not_found' });
      return;
    }
    res.json(job);
  });

  router.post('/api/uploads/:dataset', uploaders, async (req, res) => {
    const dataset = req.params.dataset as string;
    const refuse = (status: number, body: Record<string, string>) => {
      closeIfBodyUnread(req, res);
      res.status(status).json(body);
    };
    if (!isDatasetId(dataset)) return refuse(404, { error: 'unknown_dataset' });
    if (NOT_CSV.test(req.get('content-type') ?? '')) {
      return refuse(415, { error: 'unsupported_media_type', message: 'Send the CSV file or .xlsx workbook itself as the body (Content-Type: text/csv or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet).' });
    }
    const user = currentUser(req);
    const jobId = typeof req.query.job === 'string' ? req.query.job : null;
    if (jobId !== null && !UploadJobs.isValidId(jobId)) return refuse(400, { error: 'invalid_job_id' });
    const job = jobId === null ? null : ctx.uploadJobs.start(user.id, jobId, dataset);
    if (jobId !== null && !job) return refuse(409, { error: 'job_id_in_use' });

    const fileName = uploadFileName(req.get('x-file-name'), req.query.filename);
    const sheet = typeof req.query.sheet === 'string' && req.query.sheet.trim() !== '' ? req.query.sheet.slice(0, 100) : undefined;
    const dryRun = req.query.dry_run === '1' || req.query.dry_run === 'true';
    let outcome: { result: IngestResult; body: SpooledBody };
    try {
      outcome = await withSpooledBody(
        req,
        {
          dir: ctx.uploadDir,
          maxBytes: ctx.config.maxUploadBytes,
          onBytes: (bytes) => {
            if (job) job.bytes = bytes;
          },
        },
        async (body) => {
          const ingest = () => runIngest(ctx, { dataset, body, fileName, user, dryRun, job, sheet });
          if (dryRun) return { body, result: await ingest() };
          if (job) job.phase = 'queued';
          return { body, result: await ctx.writeQueue.run(ingest, [`data:${dataset}`]) };
        },
      );
    } catch (error) {
      if (job) ctx.uploadJobs.finish(job, 'failed', error instanceof HttpError ? error.status : 500);
      throw error;
    }
    const { result, body } = outcome;
    const status = !result.ok ? 422 : dryRun ? 200 : 201;
    if (job) ctx.uploadJobs.finish(job, result.ok ? 'done' : 'refused', status);
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
    res.status(status).json(result);
  });
  return router;
}

interface IngestRequest {
  dataset: DatasetId;
  body: SpooledBody;
  fileName: string;
  user: AuthUser;
  dryRun: boolean;
  job: UploadJob | null;
  sheet: string | undefined;
}

/** An ingest on a connection of its own: it uses temporary tables and one transaction. */
async function runIngest(ctx: AppContext, request: IngestRequest): Promise<IngestResult> {
  // Every row is checked against the uploader's areas before anything is stored, dry runs too:
  // otherwise a dry run would report another area's stored totals.
  const allowedAreas = writableAreaCodes(request.user, await areaIndexOf(ctx.db));
  const connection = await ctx.db.connect();
  const { job } = request;
  try {
    return await ingestExtract(connection, {
      dataset: request.dataset,
      path: request.body.path,
      // Hashed as it was spooled: reading the file again would take CPU from the readers.
      sha256: request.body.sha256,
      fileName: request.fileName,
      user: request.user.username,
      dryRun: request.dryRun,
      allowedAreas,
      scratchDir: ctx.uploadDir,
      ...(request.sheet ? { sheet: request.sheet } : {}),
      ...(job
        ? {
            onProgress: (p: IngestProgress) => {
              job.phase = p.phase;
              job.fraction = p.fraction;
            },
          }
        : {}),
    });
  } finally {
    connection.closeSync();
  }
}
