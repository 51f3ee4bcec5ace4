/**
 * A plan's measures of success as GET /api/plans/:plan/measures answers them (contracts.md): each
 * measure with the actions it belongs to and its latest quarter against the target, and the values
 * quarter by quarter that the pages draw as sparklines. Figures pass disclosure control first.
 */
import type { MeasureHistory } from '../../pipelines/action-plans/measure-history.js';
import type { MeasurePolarity, MeasureUnit } from '../../pipelines/action-plans/measure-values.js';
import type { AuthUser } from '../auth/roles.js';
import { hiddenValueRange, publishedMeasureValue } from './measure-disclosure.js';

export type TargetStatus = 'on_target' | 'off_target' | 'no_target';

export interface MeasurePoint {
  period: string;
  value: number | null;
  target: number | null;
  /** The value is hidden by disclosure control (a small count of children, for a viewer). */
  suppressed: boolean;
  status: TargetStatus;
}

export interface MeasureSummary {
  measure: string;
  name: string;
  unit: MeasureUnit;
  polarity: MeasurePolarity | null;
  refs: string[];
  latest: MeasurePoint | null;
  /** The indicator id of the measure's series: `plan.<plan>.<measure>`. */
  indicator: string;
  counts_children: boolean;
  /** Oldest first. */
  values: MeasurePoint[];
}

export function measureIndicatorId(plan: string, measure: string): string {
  return `plan.${plan}.${measure}`;
}

/**
 * On target when the value is at least the target, or, for a measure where lower is better
 * (`polarity` down), at most it. A measure without a polarity is read as higher is better: plans
 * set targets for what they mean to reach, and the few that aim lower (a risk score) say `down`.
 */
export function targetStatus(value: number, target: number | null, polarity: MeasurePolarity | null): TargetStatus {
  if (target === null) return 'no_target';
  const met = polarity === 'down' ? value <= target : value >= target;
  return met ? 'on_target' : 'off_target';
}

export function measureSummaries(plan: string, history: MeasureHistory, user: AuthUser): MeasureSummary[] {
  return history.measures.map((m) => {
    const values = history.values
      .filter((row) => row.measure === m.measure)
      .sort((a, b) => a.period.localeCompare(b.period))
      .map((row): MeasurePoint => {
        const published = publishedMeasureValue(row.value, m.counts_children, user);
        return {
          period: row.period,
          value: published.value,
          target: row.target,
          suppressed: published.suppressed,
          status: published.suppressed ? hiddenStatus(row.target, m.polarity) : targetStatus(row.value, row.target, m.polarity),
        };
      });
    return {
      measure: m.measure,
      name: m.name,
      unit: m.unit,
      polarity: m.polarity,
      refs: m.refs,
      latest: values.at(-1) ?? null,
      indicator: measureIndicatorId(plan, m.measure),
      counts_children: m.counts_children,
      values,
    };
  });
}

/**
 * The verdict on a hidden value, given only where every small count would get the same one, so that
 * the verdict does not narrow down what is hidden; otherwise no verdict is given (`no_target`).
 */
function hiddenStatus(target: number | null, polarity: MeasurePolarity | null): TargetStatus {
  const verdicts = new Set(hiddenValueRange().map((value) => targetStatus(value, target, polarity)));
  return verdicts.size === 1 ? [...verdicts][0]! : 'no_target';
}
