import { Router } from 'express';
import { isDatasetId } from '../../../pipelines/extract-schema.js';
import { templateCsv, templateWorkbook } from '../../../pipelines/extract-templates.js';
import { requireRole } from '../request-user.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** GET /api/templates/:dataset.csv and .xlsx: the upload templates (analysts and admins). */
export function templateRoutes(): Router {
  const router = Router();
  router.get('/api/templates/:file', requireRole('analyst', 'admin'), async (req, res) => {
    const match = /^([a-z_]+)\.(csv|xlsx)$/.exec(req.params.file as string);
    const dataset = match?.[1] ?? '';
    if (!match || !isDatasetId(dataset)) {
      res.status(404).json({ error: 'not_found' });
      return;
    }
    const format = match[2];
    res.attachment(`${dataset}-template.${format}`);
    if (format === 'csv') res.type('text/csv; charset=utf-8').send(templateCsv(dataset));
    else res.type(XLSX_TYPE).send(await templateWorkbook(dataset));
  });
  return router;
}
