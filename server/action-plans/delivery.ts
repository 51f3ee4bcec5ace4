/**
 * Delivery of an action plan, as a board reviews it: what is overdue, the RAG picture of each
 * strand at each review, who has not reported at the latest review, and what the plan costs
 * against its budget. RAG is for delivery only (statistics.md); indicators are judged by SPC and
 * confidence intervals in impact.ts. Pure: "today" is a parameter, so that a test, or a board
 * looking back, can ask "as at" any day.
 */
import { readCost } from '../../pipelines/action-plans/costs.js';
import type { Rag, StatusValue } from '../../pipelines/action-plans/status-values.js';
import { quarterIndex } from '../indicators/periods.js';
import { daysBetween, reviewHasBegun } from './plan-dates.js';
import type { ActionStatusView, ActionView } from './plan-view.js';

export type RagCounts = Record<Rag | 'none', number>;

export interface OverdueAction {
  ref: string;
  strand: string;
  action: string;
  lead: string[];
  due_date: string;
  days_overdue: number;
  /** The latest status as at today, or null when the action has none. */
  status: StatusValue | null;
}

export interface ReviewRag {
  period: string;
  strands: ({ strand: string } & RagCounts)[];
  total: RagCounts;
}

export interface MissingUpdate {
  ref: string;
  strand: string;
  action: string;
  lead: string[];
  /** The review of its last status before the latest, or null for none. */
  last_period: string | null;
  last_status: StatusValue | null;
}

export interface BudgetSource {
  /** The source as the plan first writes it. */
  source: string;
  /** Every spelling of it in the plan. */
  spellings: string[];
  /** The amount the source names, or null when it names none (`N/A`, `Cherwell CSP`). */
  budget_gbp: number | null;
  cost_gbp: number;
  refs: string[];
}

export interface CostSummary {
  /** The sum of the costs that could be read (`Nil` and `None` are 0). */
  total_cost_gbp: number;
  /** The sum of the distinct budgets named; null when no source names an amount. */
  total_budget_gbp: number | null;
  over_budget: boolean;
  costed: number;
  /** Actions whose cost text could not be read as an amount. */
  unreadable_cost_refs: string[];
  sources: BudgetSource[];
}

export interface DeliveryReport {
  today: string;
  /** The latest review that has begun by today, or null when the plan records none. */
  latest_review: string | null;
  overdue: OverdueAction[];
  rag_by_review: ReviewRag[];
  /** Actions still open with no status at the latest review. */
  no_update: MissingUpdate[];
  cost: CostSummary;
}

export function deliveryReport(actions: readonly ActionView[], today: string): DeliveryReport {
  const tracked = actions.filter((action) => !isHeading(action, actions));
  const history = new Map(tracked.map((action) => [action.ref, statusesAsAt(action, today)]));
  const reviews = [...new Set([...history.values()].flat().map((status) => status.period))].sort(byQuarter);
  const latest = reviews.at(-1) ?? null;
  const strands = [...new Set(tracked.map((action) => action.strand))];

  const overdue = tracked.flatMap((action): OverdueAction[] => {
    const statuses = history.get(action.ref) ?? [];
    if (action.due_date === null || !isOverdue(action, today)) return [];
    return [{
      ref: action.ref,
      strand: action.strand,
      action: action.action,
      lead: action.lead,
      due_date: action.due_date,
      days_overdue: daysBetween(action.due_date, today),
      status: statuses.at(-1)?.status ?? null,
    }];
  });

  const ragByReview = reviews.map((period): ReviewRag => {
    const total = emptyCounts();
    const byStrand = strands.map((strand) => {
      const counts = emptyCounts();
      for (const action of tracked.filter((candidate) => candidate.strand === strand)) {
        const rag = ragAt(history.get(action.ref) ?? [], period);
        counts[rag] += 1;
        total[rag] += 1;
      }
      return { strand, ...counts };
    });
    return { period, strands: byStrand, total };
  });

  const noUpdate = latest === null ? [] : tracked.flatMap((action): MissingUpdate[] => {
    const statuses = history.get(action.ref) ?? [];
    if (statuses.some((status) => status.period === latest)) return [];
    const before = statuses.filter((status) => byQuarter(status.period, latest) < 0);
    if (isDone(before)) return [];
    const last = before.at(-1) ?? null;
    return [{
      ref: action.ref,
      strand: action.strand,
      action: action.action,
      lead: action.lead,
      last_period: last?.period ?? null,
      last_status: last?.status ?? null,
    }];
  });

  return { today, latest_review: latest, overdue, rag_by_review: ragByReview, no_update: noUpdate, cost: costSummary(actions) };
}

/**
 * A parent with no status, due date or cost of its own is a heading over its sub-actions
 * (Nottingham's 1.2, 2.1, 2.3): counting it would report a gap that is not there.
 */
function isHeading(action: ActionView, actions: readonly ActionView[]): boolean {
  return action.statuses.length === 0 && action.due_date === null && action.cost_text === null
    && actions.some((other) => other.parent_ref === action.ref);
}

/** The reviews that had begun by `today`, oldest first: a board looking back sees what it knew then. */
export function statusesAsAt(action: Pick<ActionView, 'statuses'>, today: string): ActionStatusView[] {
  return action.statuses.filter((status) => reviewHasBegun(status.period, today)).sort((a, b) => byQuarter(a.period, b.period));
}

/** Due before `today` and not reported done by then. An action with no status at all is not done. */
export function isOverdue(action: Pick<ActionView, 'statuses' | 'due_date'>, today: string): boolean {
  return action.due_date !== null && action.due_date < today && !isDone(statusesAsAt(action, today));
}

function isDone(statuses: readonly ActionStatusView[]): boolean {
  return statuses.some((status) => status.rag === 'done');
}

/** The action's RAG at a review; finished work stays done at later reviews without a row of its own. */
function ragAt(statuses: readonly ActionStatusView[], period: string): Rag | 'none' {
  const own = statuses.find((status) => status.period === period);
  if (own !== undefined) return own.rag;
  return isDone(statuses.filter((status) => byQuarter(status.period, period) < 0)) ? 'done' : 'none';
}

function emptyCounts(): RagCounts {
  return { red: 0, amber: 0, green: 0, done: 0, none: 0 };
}

function byQuarter(a: string, b: string): number {
  return (quarterIndex(a) ?? 0) - (quarterIndex(b) ?? 0);
}

const POUNDS = /£\s*[\d,]+(?:\.\d+)?\s*[km]?\b/i;

/**
 * Budget sources are text (`CSP £55K (Positive Futures)`). Sources naming the same amount are taken
 * as one pot, because plans spell one fund several ways (Cherwell writes "CSP's £55K (Positive
 * future bid)", "CPS £55K (Positive Future bid)" and "CSP £55K (Positive Futures)"); sources with
 * no amount are grouped by their text and add nothing to the budget.
 */
function costSummary(actions: readonly ActionView[]): CostSummary {
  const sources = new Map<string, BudgetSource>();
  let total = 0;
  let costed = 0;
  const unreadable: string[] = [];
  for (const action of actions) {
    if (action.cost_text !== null && action.cost_gbp === null) unreadable.push(action.ref);
    if (action.cost_gbp !== null) {
      total += action.cost_gbp;
      costed += 1;
    }
    if (action.budget_source === null) continue;
    const amountText = POUNDS.exec(action.budget_source)?.[0];
    const budget = amountText === undefined ? null : readCost(amountText);
    const key = budget === null ? `text:${action.budget_source.toLowerCase()}` : `amount:${budget}`;
    const source = sources.get(key) ?? { source: action.budget_source, spellings: [], budget_gbp: budget, cost_gbp: 0, refs: [] };
    if (!source.spellings.includes(action.budget_source)) source.spellings.push(action.budget_source);
    source.cost_gbp += action.cost_gbp ?? 0;
    source.refs.push(action.ref);
    sources.set(key, source);
  }
  const budgets = [...sources.values()].flatMap((source) => (source.budget_gbp === null ? [] : [source.budget_gbp]));
  const totalBudget = budgets.length === 0 ? null : budgets.reduce((sum, amount) => sum + amount, 0);
  return {
    total_cost_gbp: total,
    total_budget_gbp: totalBudget,
    over_budget: totalBudget !== null && total > totalBudget,
    costed,
    unreadable_cost_refs: unreadable,
    sources: [...sources.values()],
  };
}
