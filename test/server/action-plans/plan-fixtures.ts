/** Actions and series built for a test, in the shapes the analytics take. */
import type { Direction } from '../../../pipelines/action-plans/indicator-links.js';
import { STATUS_RAG, type StatusValue } from '../../../pipelines/action-plans/status-values.js';
import type { IndicatorSeries, QuarterValue } from '../../../server/action-plans/impact.js';
import type { ActionView } from '../../../server/action-plans/plan-view.js';
import { quarterIndex, quarterLabel } from '../../../server/indicators/periods.js';

export interface ActionSpec {
  ref: string;
  strand?: string;
  parent_ref?: string | null;
  due_date?: string | null;
  /** `['2015-Q1', 'amber']`, oldest first. */
  statuses?: [string, StatusValue][];
  links?: { id: string; direction: Direction | null }[];
  cost_text?: string | null;
  cost_gbp?: number | null;
  budget_source?: string | null;
}

export function action(spec: ActionSpec): ActionView {
  const statuses = (spec.statuses ?? []).map(([period, status]) => ({
    period,
    status,
    note: null,
    rag: STATUS_RAG[status],
    source: 'import' as const,
    recorded_by: 'test',
    recorded_at: '2020-01-01T00:00:00.000Z',
  }));
  const links = (spec.links ?? []).map((link) => ({ ...link, target: null }));
  return {
    ref: spec.ref,
    parent_ref: spec.parent_ref ?? null,
    strand: spec.strand ?? 'Prevent',
    action: `Action ${spec.ref}`,
    lead: ['Lead'],
    due_text: spec.due_date ?? null,
    due_date: spec.due_date ?? null,
    milestones: spec.due_date ? [spec.due_date] : [],
    status: statuses.at(-1)?.status ?? null,
    statuses,
    indicators: links.map((link) => (link.direction ? `${link.id}:${link.direction}` : link.id)),
    rag: statuses.at(-1)?.rag ?? null,
    objective: null,
    output: null,
    cost_text: spec.cost_text ?? null,
    cost_gbp: spec.cost_gbp ?? null,
    budget_source: spec.budget_source ?? null,
    references: null,
    priority: false,
    indicator_links: links,
  };
}

/** Quarterly values from `first` on, one per quarter. */
export function quarterly(first: string, values: readonly (number | null)[]): QuarterValue[] {
  const start = quarterIndex(first);
  if (start === null) throw new Error(`not a quarter: ${first}`);
  return values.map((value, i) => ({ period: quarterLabel(start + i), value }));
}

/**
 * Counts on a population of 10,000 from `first` on, one per quarter (null: no figure), as the
 * impact model reads them: a rate per 10,000 equal to the count. `shown` is what the user may see
 * (by default everything).
 */
export function rateSeries(first: string, counts: readonly (number | null)[], shown?: readonly (number | null)[]): IndicatorSeries {
  const full = quarterly(first, counts).map((q) => ({ ...q, numerator: q.value, denominator: q.value === null ? null : 10_000 }));
  return { polarity: 'none', scale: { kind: 'rate', per: 10_000 }, full, shown: quarterly(first, shown ?? counts) };
}

/** Parts of a whole of `whole` each quarter, as a share in percent. */
export function shareSeries(first: string, parts: readonly number[], whole: number): IndicatorSeries {
  const full = quarterly(first, parts).map((q) => ({ period: q.period, numerator: q.value, denominator: whole, value: ((q.value ?? 0) / whole) * 100 }));
  return { polarity: 'none', scale: { kind: 'share' }, full, shown: full.map(({ period, value }) => ({ period, value })) };
}
