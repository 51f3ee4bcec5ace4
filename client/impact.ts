/**
 * What happened to a linked indicator after an action's due date, read from the series' SPC
 * signals: a special cause in the intended direction, against it, or no significant change; with
 * the means of the four quarters before and after. Association, not proof of cause.
 */
import type { SeriesRow } from './api-types.js';
import { periodEnd, periodStart } from './periods.js';

export type ImpactVerdict = 'as_intended' | 'against_intent' | 'improvement' | 'concern' | 'no_change' | 'too_early' | 'no_data';

export interface Impact {
  verdict: ImpactVerdict;
  words: string;
  before: number | null;
  after: number | null;
  signals: number;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

export function impactOf(rows: readonly SeriesRow[], dueDate: string | null, direction: 'up' | 'down' | null): Impact {
  const shown = rows.filter((r) => !r.suppressed && r.value !== null);
  if (!dueDate || !shown.length) return { verdict: 'no_data', words: dueDate ? 'No figures to judge by' : 'No due date to judge from', before: null, after: null, signals: 0 };
  const due = new Date(`${dueDate}T00:00:00Z`).getTime();
  const before = shown.filter((r) => periodEnd(r.period).getTime() < due).slice(-4);
  const after = shown.filter((r) => periodStart(r.period).getTime() > due);
  const beforeMean = mean(before.map((r) => r.value!));
  const afterMean = mean(after.slice(0, 4).map((r) => r.value!));
  if (!after.length) return { verdict: 'too_early', words: 'Too early to tell: no figures after the due date', before: beforeMean, after: null, signals: 0 };
  const special = after.filter((r) => r.spc && r.spc.rule !== 'none' && r.spc.mean !== null);
  const up = special.filter((r) => r.value! > r.spc!.mean!).length;
  const down = special.length - up;
  const base = { before: beforeMean, after: afterMean, signals: special.length };
  if (!special.length) return { ...base, verdict: 'no_change', words: 'No significant change after the due date (common cause variation)' };
  if (direction) {
    const withIntent = direction === 'up' ? up : down;
    const against = direction === 'up' ? down : up;
    if (withIntent >= against) return { ...base, verdict: 'as_intended', words: `Moved as intended (${direction}): ${withIntent} special-cause point${withIntent === 1 ? '' : 's'} after the due date` };
    return { ...base, verdict: 'against_intent', words: `Moved against the intended direction (${direction}): ${against} special-cause point${against === 1 ? '' : 's'} after the due date` };
  }
  const improvement = special.filter((r) => r.spc!.type === 'improvement').length;
  const concern = special.filter((r) => r.spc!.type === 'concern').length;
  if (improvement >= concern && improvement > 0) return { ...base, verdict: 'improvement', words: `Improvement after the due date (${improvement} special-cause points)` };
  if (concern > 0) return { ...base, verdict: 'concern', words: `Concern after the due date (${concern} special-cause points)` };
  return { ...base, verdict: 'no_change', words: `Special causes after the due date that are neither better nor worse (${special.length})` };
}
