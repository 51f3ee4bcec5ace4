/**
 * Action plans as the API shows them (contracts.md: GET /api/plans, GET /api/plans/:plan/actions).
 * The contract's fields come first; the rest of what the format carries follows, so that a page can
 * show the whole action and an export can write the plan back as it came.
 */
import type { Direction } from '../../pipelines/action-plans/indicator-links.js';
import type { StatusSource } from '../../pipelines/action-plans/status-history.js';
import type { Rag, StatusValue } from '../../pipelines/action-plans/status-values.js';

export interface PlanListing {
  plan: string;
  name: string;
  area_code: string;
  actions: number;
}

export interface PlanDetail extends PlanListing {
  /** The plan's own headings, in its order. */
  strands: string[];
  /** Every review quarter any action has a status for, oldest first. */
  review_periods: string[];
  imported_by: string;
  imported_at: string;
}

export interface ActionStatusView {
  period: string;
  status: StatusValue;
  note: string | null;
  rag: Rag;
  /** `import` for a row of a status file, `app` for one recorded through the API. */
  source: StatusSource;
  recorded_by: string;
  recorded_at: string;
}

export interface IndicatorLinkView {
  id: string;
  /** What the action is meant to do to the indicator; null where the plan does not say. */
  direction: Direction | null;
  target: number | null;
}

export interface ActionView {
  ref: string;
  parent_ref: string | null;
  strand: string;
  action: string;
  lead: string[];
  due_text: string | null;
  /** `YYYY-MM-DD`; the last milestone; null where the due text could not be read. */
  due_date: string | null;
  milestones: string[];
  /** The status at the latest review the action has, or null before its first. */
  status: StatusValue | null;
  /** Oldest first. */
  statuses: ActionStatusView[];
  /** As the `indicators` column writes them: `referrals.referrals:up`. */
  indicators: string[];
  rag: Rag | null;
  objective: string | null;
  output: string | null;
  cost_text: string | null;
  cost_gbp: number | null;
  budget_source: string | null;
  references: string | null;
  priority: boolean;
  indicator_links: IndicatorLinkView[];
}

/** A link as the `indicators` column writes it: `id`, `id:up`, `id:down:25`, `id::25`. */
export function linkText(link: IndicatorLinkView): string {
  const parts = [link.id, link.direction ?? '', link.target === null ? '' : String(link.target)];
  while (parts.length > 1 && parts.at(-1) === '') parts.pop();
  return parts.join(':');
}
