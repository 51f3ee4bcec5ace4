/**
 * Did the indicators an action was meant to move, move? For each action–indicator link: the
 * indicator's quarterly series around the action, SPC limits re-based where the action took effect,
 * the change in level from the four quarters before to the four after with a 95% interval
 * (level-change.ts: Welch on the quarterly values), and a verdict. Pure: the series come in from
 * impact-series.ts, "today" is a parameter.
 *
 * When an action took effect (its reference date):
 * - the last day of the first review quarter that reports it done (complete or blue): the plan
 *   says it was done by then, and no plan says on which day;
 * - otherwise its due date (the last milestone), the day the plan meant it to be done. That covers
 *   plans that record no reviews at all (Cherwell, Stockport), where nothing says it was not done,
 *   and actions still open, where the question is whether things moved when the plan expected.
 *   `timing.basis` and `timing.completed` say which case it is.
 * The quarter holding the reference date is the last "before" quarter: an action finished in May
 * cannot be expected to show in the figures of April to June.
 */
import type { Direction } from '../../pipelines/action-plans/indicator-links.js';
import { quarterIndex, quarterLabel } from '../indicators/periods.js';
import { levelChange, type LevelChange } from '../statistics/level-change.js';
import type { Polarity } from '../statistics/polarity.js';
import { xmr, type SpcPoint } from '../statistics/spc.js';
import { isOverdue, statusesAsAt } from './delivery.js';
import { quarterEndDate, quarterOfDate } from './plan-dates.js';
import type { ActionView, IndicatorLinkView } from './plan-view.js';

export const IMPACT_CAVEAT =
  'A change in an indicator after an action is evidence, not proof, that the action caused it: other work, ' +
  'changes in recording, the population and chance move these figures too, and several actions often aim at ' +
  'the same indicator. Read a verdict beside what the partnership knows of how the action was delivered.';

export const IMPACT_METHOD =
  'Quarterly series of the plan\u2019s area. The reference date is the end of the first review quarter reporting ' +
  'the action done, or else its due date. Change in level: the mean of the 4 quarters after the reference quarter ' +
  'minus the mean of the 4 quarters up to and including it, with a Welch 95% confidence interval on the ' +
  'quarterly values (needs 2 or more values a side). A change counts when the interval excludes 0. SPC limits ' +
  '(XmR) are re-based at the first quarter after the reference date. Too early: fewer than 4 quarters of data ' +
  'after it.';

/** Quarters a side compared for the change in level, and needed after the action before a verdict. */
const QUARTERS_COMPARED = 4;
/** Quarters of context shown each side of the reference quarter. */
const CONTEXT_QUARTERS = 8;

export type ImpactVerdict =
  | 'moved_as_intended'
  | 'no_signal_yet'
  | 'moved_against_intention'
  | 'too_early'
  /** The interval excludes 0, and the plan does not say which way the indicator should move. */
  | 'moved'
  /** Too few values around the reference date, or no quarterly series for the indicator. */
  | 'no_data'
  /** The action has neither a completion nor a readable due date to measure from. */
  | 'no_date';

export interface QuarterValue {
  /** `YYYY-Qn`. */
  period: string;
  value: number | null;
}

export interface IndicatorSeries {
  polarity: Polarity;
  /** Null when the indicator has no quarterly series for the area (official statistics are annual). */
  series: QuarterValue[] | null;
}

export interface ActionTiming {
  /** `YYYY-MM-DD`. */
  date: string;
  basis: 'completed' | 'due_date';
  /** False when reviews exist and none reports it done; null when the plan records no review of it. */
  completed: boolean | null;
}

export interface ImpactPoint {
  period: string;
  value: number | null;
  spc: SpcPoint | null;
}

export interface PeriodChange extends LevelChange {
  before_periods: string[];
  after_periods: string[];
}

export interface LinkAssessment {
  timing: ActionTiming | null;
  /** The first quarter after the reference date: where the limits are re-based and "after" begins. */
  rebase_period: string | null;
  series: ImpactPoint[];
  change: PeriodChange | null;
  verdict: ImpactVerdict;
}

export interface LinkImpact extends LinkAssessment {
  ref: string;
  strand: string;
  action: string;
  indicator: string;
  direction: Direction | null;
  target: number | null;
}

export function actionTiming(action: Pick<ActionView, 'statuses' | 'due_date'>, today: string): ActionTiming | null {
  const statuses = statusesAsAt(action, today);
  const done = statuses.find((status) => status.rag === 'done');
  if (done !== undefined) {
    const index = quarterIndex(done.period);
    if (index !== null) return { date: quarterEndDate(index), basis: 'completed', completed: true };
  }
  if (action.due_date === null) return null;
  return { date: action.due_date, basis: 'due_date', completed: statuses.length === 0 ? null : false };
}

export function assessLink(
  timing: ActionTiming | null,
  direction: Direction | null,
  indicator: IndicatorSeries,
  today: string,
): LinkAssessment {
  if (timing === null) return { timing, rebase_period: null, series: [], change: null, verdict: 'no_date' };
  const reference = quarterOfDate(timing.date);
  const rebase = reference + 1;
  const known = valuesByQuarter(indicator.series ?? [], today);
  const first = reference - CONTEXT_QUARTERS + 1;
  const last = Math.min(reference + CONTEXT_QUARTERS, quarterOfDate(today));
  const window: { index: number; value: number | null }[] = [];
  for (let index = first; index <= last; index++) window.push({ index, value: known.get(index) ?? null });

  const values = window.map((quarter) => quarter.value);
  const cut = Math.min(Math.max(rebase - first, 0), window.length);
  const spc = values.some((value) => value !== null) ? xmr(values, { polarity: indicator.polarity, rebaseAt: [cut] }) : null;
  const series = window.map((quarter, i): ImpactPoint => ({
    period: quarterLabel(quarter.index),
    value: quarter.value,
    spc: spc?.points[i] ?? null,
  }));
  const base = { timing, rebase_period: quarterLabel(rebase), series };

  if (known.size === 0) return { ...base, change: null, verdict: 'no_data' };
  if (Math.max(...known.keys()) < reference + QUARTERS_COMPARED) return { ...base, change: null, verdict: 'too_early' };
  const change = periodChange(known, reference - QUARTERS_COMPARED + 1, reference, rebase, reference + QUARTERS_COMPARED);
  if (change === null) return { ...base, change: null, verdict: 'no_data' };
  return { ...base, change, verdict: verdictOf(change, direction) };
}

/** Every linked indicator of every action, assessed against the series of the plan's area. */
export function planImpact(
  actions: readonly ActionView[],
  seriesOf: ReadonlyMap<string, IndicatorSeries>,
  today: string,
): LinkImpact[] {
  return actions.flatMap((action) => {
    const timing = actionTiming(action, today);
    return action.indicator_links.map((link): LinkImpact => ({
      ref: action.ref,
      strand: action.strand,
      action: action.action,
      indicator: link.id,
      direction: link.direction,
      target: link.target,
      ...assessLink(timing, link.direction, seriesOf.get(link.id) ?? NO_SERIES, today),
    }));
  });
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

const NO_SERIES: IndicatorSeries = { polarity: 'none', series: null };

function worseningLink(link: IndicatorLinkView, indicator: IndicatorSeries, today: string): WorseningLink[] {
  const wanted = link.direction ?? wantedByPolarity(indicator.polarity);
  if (wanted === null) return [];
  const known = valuesByQuarter(indicator.series ?? [], today);
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

function verdictOf(change: LevelChange, direction: Direction | null): ImpactVerdict {
  const moved = movement(change);
  if (moved === null) return 'no_signal_yet';
  if (direction === null) return 'moved';
  return moved === direction ? 'moved_as_intended' : 'moved_against_intention';
}
