/**
 * Actions behind schedule whose linked indicators are getting worse: the list a board should
 * discuss first. Judged on the full figures, like the impact verdicts, so every role sees the same
 * list.
 */
import type { Direction } from '../../pipelines/action-plans/indicator-links.js';
import { quarterIndex, quarterLabel } from '../indicators/periods.js';
import { levelChange, type LevelChange } from '../statistics/level-change.js';
import type { Polarity } from '../statistics/polarity.js';
import { isOverdue, statusesAsAt } from './delivery.js';
import { NO_SERIES, type IndicatorSeries, type QuarterValue } from './impact.js';
import { quarterOfDate } from './plan-dates.js';
import type { ActionView, IndicatorLinkView } from './plan-view.js';

/** Quarters a side compared: the latest year against the year before. */
const QUARTERS_COMPARED = 4;

export interface PeriodChange extends LevelChange {
  before_periods: string[];
  after_periods: string[];
}

export type BehindReason = 'overdue' | 'red';

export interface WorseningLink {
  indicator: string;
  /** The way the action meant it to move (or, where the plan does not say, the good way). */
  wanted: Direction;
  /** The latest 4 quarters against the 4 before them. */
  change: PeriodChange;
}

export interface RedRedAction {
  ref: string;
  strand: string;
  action: string;
  lead: string[];
  due_date: string | null;
  status: ActionView['status'];
  behind: BehindReason[];
  worsening: WorseningLink[];
}

/**
 * Actions behind schedule (overdue, or red at their latest review) whose linked indicators are
 * getting worse: the latest four quarters differ from the four before them, against the way the
 * action meant them to move (its direction, else the indicator's polarity), with a 95% interval
 * that excludes no change. The list a board should discuss first.
 */
export function redRedActions(
  actions: readonly ActionView[],
  seriesOf: ReadonlyMap<string, IndicatorSeries>,
  today: string,
): RedRedAction[] {
  return actions.flatMap((action): RedRedAction[] => {
    const behind: BehindReason[] = [];
    if (isOverdue(action, today)) behind.push('overdue');
    if (statusesAsAt(action, today).at(-1)?.rag === 'red') behind.push('red');
    if (behind.length === 0) return [];
    const worsening = action.indicator_links.flatMap((link) => worseningLink(link, seriesOf.get(link.id) ?? NO_SERIES, today));
    if (worsening.length === 0) return [];
    return [{
      ref: action.ref,
      strand: action.strand,
      action: action.action,
      lead: action.lead,
      due_date: action.due_date,
      status: statusesAsAt(action, today).at(-1)?.status ?? null,
      behind,
      worsening,
    }];
  });
}

function worseningLink(link: IndicatorLinkView, indicator: IndicatorSeries, today: string): WorseningLink[] {
  const wanted = link.direction ?? wantedByPolarity(indicator.polarity);
  if (wanted === null) return [];
  const known = valuesByQuarter(indicator.full ?? [], today);
  if (known.size === 0) return [];
  const latest = Math.max(...known.keys());
  const change = periodChange(
    known,
    latest - 2 * QUARTERS_COMPARED + 1,
    latest - QUARTERS_COMPARED,
    latest - QUARTERS_COMPARED + 1,
    latest,
  );
  const moved = change === null ? null : movement(change);
  return change !== null && moved !== null && moved !== wanted ? [{ indicator: link.id, wanted, change }] : [];
}

function wantedByPolarity(polarity: Polarity): Direction | null {
  if (polarity === 'high_is_good') return 'up';
  if (polarity === 'low_is_good') return 'down';
  return null;
}

/** Values by quarter index, up to the quarter holding `today` (a look back sees only what was known). */
function valuesByQuarter(series: readonly QuarterValue[], today: string): Map<number, number> {
  const now = quarterOfDate(today);
  const known = new Map<number, number>();
  for (const point of series) {
    const index = quarterIndex(point.period);
    if (index !== null && index <= now && point.value !== null && Number.isFinite(point.value)) known.set(index, point.value);
  }
  return known;
}

function periodChange(
  known: ReadonlyMap<number, number>,
  beforeFrom: number,
  beforeTo: number,
  afterFrom: number,
  afterTo: number,
): PeriodChange | null {
  const pick = (from: number, to: number) => {
    const indices: number[] = [];
    for (let index = from; index <= to; index++) if (known.has(index)) indices.push(index);
    return indices;
  };
  const before = pick(beforeFrom, beforeTo);
  const after = pick(afterFrom, afterTo);
  const change = levelChange(before.map((i) => known.get(i) as number), after.map((i) => known.get(i) as number));
  if (change === null) return null;
  return { ...change, before_periods: before.map(quarterLabel), after_periods: after.map(quarterLabel) };
}

function movement(change: LevelChange): Direction | null {
  if (change.lower95 > 0) return 'up';
  if (change.upper95 < 0) return 'down';
  return null;
}
