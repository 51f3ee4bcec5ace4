import express, { Router, type Request } from 'express';

import { importActionPlans } from '../../../pipelines/action-plans/import-plan.js';
import { readMeasureHistory } from '../../../pipelines/action-plans/measure-tables.js';
import { decodePlanFile } from '../../../pipelines/action-plans/plan-text.js';
import { recordPlanStatuses, type StatusUpdate } from '../../../pipelines/action-plans/record-status.js';
import { deliveryReport, isOverdue } from '../../action-plans/delivery.js';
import { IMPACT_CAVEAT, IMPACT_METHOD, planImpact } from '../../action-plans/impact.js';
import { redRedActions } from '../../action-plans/red-red.js';
import { indicatorSeries } from '../../action-plans/impact-series.js';
import { linkableIndicatorIds } from '../../action-plans/linkable-indicators.js';
import { isIsoDate, todayIso } from '../../action-plans/plan-dates.js';
import { measuresCsv } from '../../action-plans/measure-export.js';
import { actionsCsv, statusCsv } from '../../action-plans/plan-export.js';
import { listPlans, plansOfArea, readPlan, readPlanActions } from '../../action-plans/plan-store.js';
import type { ActionView, PlanDetail } from '../../action-plans/plan-view.js';
import { actor, audit } from '../../audit.js';
import { seesRawFigures, type AuthUser } from '../../auth/roles.js';
import type { Database } from '../../db/database.js';
import { mayReadArea, mayWriteArea } from '../../indicators/area-access.js';
import { areaIndexOf, type AreaIndex } from '../../indicators/area-index.js';
import { findIndicator } from '../../indicators/load-catalogue.js';
import { writeQueueFor } from '../../write-queue.js';
import { currentUser, HttpError, requireRole } from '../request-user.js';
import { actionsArrow, plansArrow, plansCsv } from '../plan-encoding.js';
import { responseFormat, sendArrow, sendCsv } from '../response-format.js';

export interface PlanRouteOptions {
  /** The largest plan body accepted (CSE_PROFILE_MAX_PLAN_MB); larger bodies answer 413. */
  maxUploadBytes?: number;
}

const DEFAULT_MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

/**
 * Action plans: listing, the plan and its actions in the contract's shapes, delivery and impact
 * analytics, import and quarterly status updates (analysts and admins), and the plan back as CSV.
 * Every route needs sign-in; a plan is visible to users who may read its area's figures.
 */
export function planRoutes(db: Database, options: PlanRouteOptions = {}): Router {
  const router = Router();
  const limit = options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  // A JSON body (`{actions, status}` or status entries) or the CSV file itself, as bytes: the file
  // may be Windows-1252, which only decodePlanFile knows how to read.
  // `inflate: false`: a compressed body is refused (415), never inflated past the limit.
  const body = [
    express.json({ limit, inflate: false }),
    express.raw({ type: (req) => !isJson(req.headers['content-type']), limit, inflate: false }),
  ];
  const writes = writeQueueFor(db);

  router.get('/api/plans', async (req, res) => {
    const user = currentUser(req);
    const areas = await areaIndexOf(db);
    const plans = (await db.withConnection(listPlans)).filter((plan) => mayRead(user, plan.area_code, areas));
    const format = responseFormat(req);
    res.vary('Accept');
    if (format === 'csv') sendCsv(res, plansCsv(plans));
    else if (format === 'arrow') sendArrow(res, plansArrow(plans));
    else res.json(plans);
  });

  router.post('/api/plans', requireRole('analyst', 'admin'), ...body, async (req, res) => {
    const user = currentUser(req);
    const upload = planUpload(req);
    const areas = await areaIndexOf(db);
    const result = await writes.run(() =>
      db.withConnection(async (c) =>
        importActionPlans(c, {
          ...upload,
          indicatorIds: await linkableIndicatorIds(c),
          user: user.username,
          mayWriteArea: (code) => mayWrite(user, code, areas),
        })), ['plans']);
    await audit(db, {
      ...actor(req, user),
      action: result.ok ? 'plan_imported' : 'plan_refused',
      target: result.ok ? result.plans.map((plan) => plan.plan).join(', ') : null,
      details: result.ok
        ? { plans: result.plans.length, actions: result.actions, statuses: result.statuses, measure_values: result.measure_values, warnings: result.warnings.length }
        : { error_count: result.error_count, error_codes: [...new Set(result.errors.map((e) => e.code))] },
    });
    res.status(result.ok ? 201 : 422).json(result);
  });

  router.get('/api/plans/:plan', async (req, res) => {
    const { plan } = await visiblePlan(req);
    res.json(plan);
  });

  router.get('/api/plans/:plan/actions', async (req, res) => {
    const { plan, actions } = await visiblePlan(req);
    const chosen = actions.filter(actionFilter(req));
    const format = responseFormat(req);
    res.vary('Accept');
    if (format === 'csv') sendCsv(res, actionsCsv(plan, chosen));
    else if (format === 'arrow') sendArrow(res, actionsArrow(chosen));
    else res.json(chosen);
  });

  router.get('/api/plans/:plan/actions/:ref', async (req, res) => {
    const { actions } = await visiblePlan(req);
    res.json(findAction(actions, req));
  });

  router.get('/api/plans/:plan/delivery', async (req, res) => {
    const { plan, actions } = await visiblePlan(req);
    res.json({ plan: plan.plan, ...deliveryReport(actions, asAt(req)) });
  });

  router.get('/api/plans/:plan/impact', async (req, res) => {
    const user = currentUser(req);
    const today = asAt(req);
    const { plan, actions, areas } = await visiblePlan(req);
    const series = await seriesOfActions(actions, plan.area_code, areas, user);
    res.json({
      plan: plan.plan,
      area_code: plan.area_code,
      today,
      caveat: IMPACT_CAVEAT,
      method: IMPACT_METHOD,
      links: planImpact(actions, series, today),
      red_red: redRedActions(actions, series, today),
    });
  });

  router.get('/api/plans/:plan/actions/:ref/impact', async (req, res) => {
    const user = currentUser(req);
    const today = asAt(req);
    const { plan, actions, areas } = await visiblePlan(req);
    const action = findAction(actions, req);
    const series = await seriesOfActions([action], plan.area_code, areas, user);
    res.json({
      plan: plan.plan,
      ref: action.ref,
      area_code: plan.area_code,
      today,
      caveat: IMPACT_CAVEAT,
      method: IMPACT_METHOD,
      links: planImpact([action], series, today),
    });
  });

  router.get('/api/indicators/:id/impact', async (req, res) => {
    const user = currentUser(req);
    const today = asAt(req);
    const id = String(req.params.id);
    const area = typeof req.query.area === 'string' ? req.query.area.trim().toUpperCase() : '';
    if (area === '') throw new HttpError(400, 'area_required');
    const areas = await areaIndexOf(db);
    if (areas.get(area) === undefined) throw new HttpError(404, 'unknown_area');
    if (!mayRead(user, area, areas)) throw new HttpError(403, 'forbidden');
    const links = await db.withConnection(async (c) => {
      if ((await findIndicator(c, id)) === null) throw new HttpError(404, 'unknown_indicator');
      const series = await indicatorSeries(c, [id], area, areas, user);
      const found = [];
      for (const plan of await plansOfArea(c, areas.codesOf(area))) {
        const linked = (await readPlanActions(c, plan.plan)).filter((action) => action.indicator_links.some((link) => link.id === id));
        for (const link of planImpact(linked, series, today)) {
          if (link.indicator === id) found.push({ plan: plan.plan, plan_name: plan.name, ...link });
        }
      }
      return found;
    });
    res.json({ indicator: id, area, today, caveat: IMPACT_CAVEAT, method: IMPACT_METHOD, links });
  });

  router.post('/api/plans/:plan/status', requireRole('analyst', 'admin'), ...body, async (req, res) => {
    const user = currentUser(req);
    const { plan, areas } = await visiblePlan(req);
    if (!mayWrite(user, plan.area_code, areas)) throw new HttpError(403, 'area_not_allowed');
    const update = statusUpdate(req);
    const result = await writes.run(() =>
      db.withConnection((c) => recordPlanStatuses(c, plan.plan, update, { by: user.username })), ['plans']);
    await audit(db, {
      ...actor(req, user),
      action: result.ok ? 'plan_status' : 'plan_status_refused',
      target: plan.plan,
      // Which statuses changed, not the notes: notes are free text and may name people.
      details: result.ok
        ? { statuses: result.statuses.map((s) => ({ ref: s.ref, period: s.period, status: s.status, previous: s.previous?.status ?? null })) }
        : { error_count: result.error_count, error_codes: [...new Set(result.errors.map((e) => e.code))] },
    });
    res.status(result.ok ? 201 : 422).json(result);
  });

  router.get('/api/plans/:plan/export', async (req, res) => {
    const { plan, actions } = await visiblePlan(req);
    const file = req.query.file === undefined ? 'actions' : String(req.query.file);
    if (file !== 'actions' && file !== 'status' && file !== 'measures') throw new HttpError(400, 'file_must_be_actions_status_or_measures');
    res.attachment(`${plan.plan}.${file}.csv`);
    if (file === 'measures') {
      // The file holds every value as recorded, for editing and importing again: figures only
      // analysts and admins may see unsuppressed.
      if (!seesRawFigures(currentUser(req))) throw new HttpError(403, 'forbidden');
      sendCsv(res, measuresCsv(plan.plan, await db.withConnection((c) => readMeasureHistory(c, plan.plan))));
    } else sendCsv(res, file === 'actions' ? actionsCsv(plan, actions) : statusCsv(plan, actions));
  });

  /** The plan of `:plan` with its actions: 404 when there is none, 403 when its area is not the user's. */
  async function visiblePlan(req: Request): Promise<{ plan: PlanDetail; actions: ActionView[]; areas: AreaIndex }> {
    const user = currentUser(req);
    const slug = String(req.params.plan);
    const areas = await areaIndexOf(db);
    const found = await db.withConnection(async (c) => {
      const plan = await readPlan(c, slug);
      return plan === null ? null : { plan, actions: await readPlanActions(c, slug) };
    });
    if (found === null) throw new HttpError(404, 'unknown_plan');
    if (!mayRead(user, found.plan.area_code, areas)) throw new HttpError(403, 'forbidden');
    return { ...found, areas };
  }

  async function seriesOfActions(actions: readonly ActionView[], areaCode: string, areas: AreaIndex, user: AuthUser) {
    const ids = actions.flatMap((action) => action.indicator_links.map((link) => link.id));
    return db.withConnection((c) => indicatorSeries(c, ids, areaCode, areas, user));
  }

  return router;
}

function mayRead(user: AuthUser, areaCode: string, areas: AreaIndex): boolean {
  const area = areas.get(areaCode);
  return area !== undefined && mayReadArea(user, area, areas);
}

function mayWrite(user: AuthUser, areaCode: string, areas: AreaIndex): boolean {
  const area = areas.get(areaCode);
  return area !== undefined && mayWriteArea(user, area, areas);
}

function isJson(contentType: string | undefined): boolean {
  return /^application\/(?:[\w.+-]+\+)?json\b/i.test(contentType ?? '');
}

/** `POST /api/plans`: the actions CSV as the body, or JSON `{"actions": "…csv…", "status": "…csv…", "measures": "…csv…"}`. */
function planUpload(req: Request): { actions: string; status?: string; measures?: string } {
  if (isJson(req.headers['content-type'])) {
    const parsed: unknown = req.body;
    const fields = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
    if (typeof fields.actions !== 'string') throw new HttpError(400, 'actions_csv_required');
    if (fields.status !== undefined && typeof fields.status !== 'string') throw new HttpError(400, 'status_must_be_csv_text');
    if (fields.measures !== undefined && typeof fields.measures !== 'string') throw new HttpError(400, 'measures_must_be_csv_text');
    return {
      actions: fields.actions,
      ...(typeof fields.status === 'string' ? { status: fields.status } : {}),
      ...(typeof fields.measures === 'string' ? { measures: fields.measures } : {}),
    };
  }
  return { actions: bodyText(req) };
}

/** `POST /api/plans/:plan/status`: a status.csv body, or JSON `{ref, period, status, note}` or a list of them. */
function statusUpdate(req: Request): StatusUpdate {
  if (isJson(req.headers['content-type'])) {
    const parsed: unknown = req.body;
    const entries = Array.isArray(parsed) ? parsed : [parsed];
    if (entries.length === 0 || entries.some((entry) => typeof entry !== 'object' || entry === null)) {
      throw new HttpError(400, 'status_entries_required');
    }
    return { kind: 'json', entries };
  }
  return { kind: 'csv', text: bodyText(req) };
}

function bodyText(req: Request): string {
  const bytes: unknown = req.body;
  if (!(bytes instanceof Buffer) || bytes.length === 0) throw new HttpError(400, 'csv_body_required');
  return decodePlanFile(bytes);
}

/** `?today=YYYY-MM-DD`: delivery and impact "as at" a day; today by default. */
function asAt(req: Request): string {
  const given = req.query.today;
  if (given === undefined) return todayIso();
  if (typeof given !== 'string' || !isIsoDate(given)) throw new HttpError(400, 'today_must_be_yyyy_mm_dd');
  return given;
}

function findAction(actions: readonly ActionView[], req: Request): ActionView {
  const ref = String(req.params.ref);
  const action = actions.find((candidate) => candidate.ref === ref);
  if (action === undefined) throw new HttpError(404, 'unknown_action');
  return action;
}

/**
 * Filters of GET /api/plans/:plan/actions, all optional and combined: `strand` (the plan's heading,
 * any case), `status` (the latest status, `on_track` or `on track`, or its RAG: red, amber, green,
 * done, or none for no status yet), `overdue=1` (as at `today`), `indicator` (a linked id).
 */
function actionFilter(req: Request): (action: ActionView) => boolean {
  const text = (name: string) => {
    const value = req.query[name];
    if (value === undefined) return null;
    if (typeof value !== 'string') throw new HttpError(400, `${name}_given_twice`);
    return value.trim();
  };
  const strand = text('strand')?.toLowerCase() ?? null;
  const status = text('status')?.toLowerCase().replace(/[\s-]+/g, '_') ?? null;
  const overdue = text('overdue');
  if (overdue !== null && !['1', '0', 'true', 'false'].includes(overdue)) throw new HttpError(400, 'overdue_must_be_1_or_0');
  const wantOverdue = overdue === null ? null : overdue === '1' || overdue === 'true';
  const indicator = text('indicator');
  const today = wantOverdue === null ? '' : asAt(req);
  return (action) =>
    (strand === null || action.strand.toLowerCase() === strand) &&
    (status === null || (status === 'none' ? action.status === null : action.status === status || action.rag === status)) &&
    (wantOverdue === null || isOverdue(action, today) === wantOverdue) &&
    (indicator === null || action.indicator_links.some((link) => link.id === indicator));
}
