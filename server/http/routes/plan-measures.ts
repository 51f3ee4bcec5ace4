import express, { Router, type Request } from 'express';

import { recordMeasureValues } from '../../../pipelines/action-plans/record-measure.js';
import { readMeasureHistory } from '../../../pipelines/action-plans/measure-tables.js';
import { measureSummaries } from '../../action-plans/measure-view.js';
import { readPlan } from '../../action-plans/plan-store.js';
import type { PlanDetail } from '../../action-plans/plan-view.js';
import { actor, audit } from '../../audit.js';
import type { Database } from '../../db/database.js';
import { mayReadArea } from '../../indicators/area-access.js';
import { areaIndexOf } from '../../indicators/area-index.js';
import { writeQueueFor } from '../../write-queue.js';
import { currentUser, HttpError, requireRole } from '../request-user.js';

/** Entries are a few numbers each; a board records a quarter of a few measures at a time. */
const JSON_LIMIT = '256kb';

/**
 * A plan's measures of success (action-plan-format.md, measures.csv): the list with each measure's
 * latest quarter against its target, and a quarter's value recorded in the app by an analyst or
 * admin whose scope includes the plan's area. The measures file comes and goes with the plan
 * (POST /api/plans, GET /api/plans/:plan/export?file=measures).
 */
export function planMeasureRoutes(db: Database): Router {
  const router = Router();
  const writes = writeQueueFor(db);

  router.get('/api/plans/:plan/measures', async (req, res) => {
    const plan = await visiblePlan(req);
    const history = await db.withConnection((c) => readMeasureHistory(c, plan.plan));
    res.json(measureSummaries(plan.plan, history, currentUser(req)));
  });

  router.post('/api/plans/:plan/measures', requireRole('analyst', 'admin'), express.json({ limit: JSON_LIMIT }), async (req, res) => {
    const user = currentUser(req);
    const plan = await visiblePlan(req);
    const parsed: unknown = req.body;
    const entries = Array.isArray(parsed) ? parsed : [parsed];
    if (!isJson(req.headers['content-type']) || entries.length === 0 || entries.some((entry) => typeof entry !== 'object' || entry === null)) {
      throw new HttpError(400, 'measure_entries_required');
    }
    const result = await writes.run(() => db.withConnection((c) => recordMeasureValues(c, plan.plan, entries, { by: user.username })));
    await audit(db, {
      ...actor(req, user),
      action: result.ok ? 'plan_measure' : 'plan_measure_refused',
      target: plan.plan,
      // Which quarters of which measures changed, not the figures or notes: values may count children.
      details: result.ok
        ? { values: result.values.map((v) => ({ measure: v.measure, period: v.period, replaced: v.previous !== null })) }
        : { error_count: result.error_count, error_codes: [...new Set(result.errors.map((e) => e.code))] },
    });
    res.status(result.ok ? 201 : 422).json(result);
  });

  /** The plan of `:plan`: 404 when there is none, 403 when its area is not the user's. */
  async function visiblePlan(req: Request): Promise<PlanDetail> {
    const user = currentUser(req);
    const areas = await areaIndexOf(db);
    const plan = await db.withConnection((c) => readPlan(c, String(req.params.plan)));
    if (plan === null) throw new HttpError(404, 'unknown_plan');
    const area = areas.get(plan.area_code);
    if (area === undefined || !mayReadArea(user, area, areas)) throw new HttpError(403, 'forbidden');
    return plan;
  }

  return router;
}

function isJson(contentType: string | undefined): boolean {
  return /^application\/(?:[\w.+-]+\+)?json\b/i.test(contentType ?? '');
}
