/** A plan's measures of success (`/api/plans/:plan/measures`) and how the pages speak of them. */
import { getJson } from './api.js';
import type { Indicator, MeasureSummary } from './api-types.js';
import { formatNumber } from './format.js';

export async function loadMeasures(plan: string): Promise<MeasureSummary[]> {
  // Not cached: a value recorded on the action page must show on the next render.
  const measures = await getJson<MeasureSummary[]>(`/api/plans/${encodeURIComponent(plan)}/measures`);
  return Array.isArray(measures) ? measures : [];
}

/** A plan's measure of success in the indicator catalogue (`plan.<plan>.<measure>`). */
export function isPlanMeasure(ind: Indicator): boolean {
  return ind.kind === 'plan';
}

export function measuresOfAction(measures: readonly MeasureSummary[], ref: string): MeasureSummary[] {
  return measures.filter((m) => m.refs.includes(ref));
}

export const TARGET_WORDS: Record<MeasureSummary['values'][number]['status'], string> = {
  on_target: 'On target',
  off_target: 'Off target',
  no_target: 'No target',
};

/** A figure of the measure in its unit: `120`, `62.5%`, `8.4`; `c` where it is hidden. */
export function measureFigure(value: number | null, unit: MeasureSummary['unit'], suppressed = false): string {
  if (suppressed) return 'c';
  if (value === null) return 'x';
  if (unit === 'percent') return formatNumber(value, 'proportion');
  return formatNumber(value, unit === 'count' ? 'count' : 'value');
}

/** "44 against a target of 50 (2015 Q1)", or the value alone where there is no target. */
export function latestWords(m: MeasureSummary, periodLabel: (p: string) => string): string {
  const latest = m.latest;
  if (!latest) return 'No value recorded yet';
  const value = measureFigure(latest.value, m.unit, latest.suppressed);
  const target = latest.target === null ? '' : ` against a target of ${measureFigure(latest.target, m.unit)}`;
  return `${value}${target} (${periodLabel(latest.period)})`;
}
