/** Action plans (`/api/plans`) and what the pages read from them: status at a review, overdue, red-red. */
import { getJson } from './api.js';
import type { ActionStatus, IndicatorLink, Plan, PlanAction } from './api-types.js';
import type { AreaCatalogue } from './areas.js';
import { comparePeriods, periodEnd } from './periods.js';
import { isDone, ragKey, type RagKey } from './rag.js';

export async function loadPlans(): Promise<Plan[]> {
  const plans = await getJson<Plan[]>('/api/plans', undefined, { cache: true });
  return Array.isArray(plans) ? plans : [];
}

export async function loadActions(plan: string): Promise<PlanAction[]> {
  const actions = await getJson<PlanAction[]>(`/api/plans/${encodeURIComponent(plan)}/actions`, undefined, { cache: true });
  return (Array.isArray(actions) ? actions : []).map((a) => ({
    ...a,
    lead: Array.isArray(a.lead) ? a.lead : a.lead ? [String(a.lead)] : [],
    milestones: Array.isArray(a.milestones) ? a.milestones : [],
    statuses: Array.isArray(a.statuses) ? [...a.statuses].sort((x, y) => comparePeriods(x.period, y.period)) : [],
    indicators: Array.isArray(a.indicators) ? a.indicators : [],
  }));
}

/** Plans of the area itself, of the LA it belongs to, or of its districts. */
export function plansForArea(plans: readonly Plan[], areas: AreaCatalogue, area: string): Plan[] {
  const related = new Set([area, areas.get(area)?.parent_code ?? '', ...areas.children(area).map((a) => a.code)]);
  return plans.filter((p) => related.has(p.area_code));
}

/** The reviews up to and including a period. */
export function statusesUpTo(action: PlanAction, period: string | null): ActionStatus[] {
  if (!period) return action.statuses;
  const limit = periodEnd(period).getTime();
  return action.statuses.filter((s) => periodEnd(s.period).getTime() <= limit);
}

/** The action's status as at a review period (its latest review then), or its current status. */
export function statusAt(action: PlanAction, period: string | null): string | null {
  const upTo = statusesUpTo(action, period);
  if (upTo.length) return upTo.at(-1)!.status;
  return action.statuses.length ? null : action.status;
}

export function ragAt(action: PlanAction, period: string | null): RagKey {
  return ragKey(statusAt(action, period));
}

/** Due before the end of the period (or today) and not complete. */
export function isOverdue(action: PlanAction, period: string | null): boolean {
  if (!action.due_date) return false;
  const at = period ? periodEnd(period) : new Date();
  return new Date(`${action.due_date}T23:59:59Z`).getTime() < at.getTime() && !isDone(statusAt(action, period));
}

/** Red at the last two reviews up to the period. */
export function isRedRed(action: PlanAction, period: string | null): boolean {
  const upTo = statusesUpTo(action, period);
  return upTo.length >= 2 && upTo.slice(-2).every((s) => ragKey(s.status) === 'red');
}

/** Every review period any action of the plan has, in order. */
export function reviewPeriods(actions: readonly PlanAction[]): string[] {
  return [...new Set(actions.flatMap((a) => a.statuses.map((s) => s.period)))].sort(comparePeriods);
}

export function strands(actions: readonly PlanAction[]): string[] {
  return [...new Set(actions.map((a) => a.strand))];
}

/** Linked indicator ids with their intended direction (`referrals.rate:up`). */
export function linkedIndicators(action: PlanAction): IndicatorLink[] {
  return action.indicators.map((link) => {
    if (typeof link !== 'string') return { id: link.id, direction: link.direction ?? null, target: link.target ?? null };
    const [id, dir] = link.split(':').map((x) => x.trim());
    return { id: id ?? link, direction: dir === 'up' || dir === 'down' ? dir : null };
  });
}
