/**
 * Did the indicators an action was meant to move, move? For each action–indicator link, an
 * interrupted time series (statistics/interrupted-time-series.ts) of the indicator's quarterly
 * figures around the action: the step at the first quarter after it and the change of slope, each
 * with a 95% interval, the counterfactual (the series as it was going) with its band, and a verdict
 * from the step. Pure: the series come in from impact-series.ts, "today" is a parameter.
 *
 * The model and the verdict use the full figures, so every role gets the same answer; the values,
 * SPC and labels a user sees come from the series as that user may see it (disclosure control).
 *
 * When an action took effect (its reference date):
 * - the last day of the first review quarter that reports it done (complete or blue): the plan
 *   says it was done by then, and no plan says on which day;
 * - otherwise its due date (the last milestone), the day the plan meant it to be done. That covers
 *   plans that record no reviews at all (Cherwell, Stockport), where nothing says it was not done,
 *   and actions still open, where the question is whether things moved when the plan expected.
 *   `timing.basis` and `timing.completed` say which case it is.
 * The quarter holding the reference date is the transition quarter, left out of the model: part of
 * it came before the action and part after.
 */
import type { Direction } from '../../pipelines/action-plans/indicator-links.js';
import { quarterIndex, quarterLabel } from '../indicators/periods.js';
import {
  interruptedTimeSeries, MIN_POINTS_EACH_SIDE, type Interval, type ItsPoint, type ItsScale,
} from '../statistics/interrupted-time-series.js';
import type { Polarity } from '../statistics/polarity.js';
import type { SpcPoint } from '../statistics/spc.js';
import { xmrInPhases } from '../statistics/spc-phases.js';
import { statusesAsAt } from './delivery.js';
import { quarterEndDate, quarterOfDate } from './plan-dates.js';
import type { ActionView } from './plan-view.js';

export const IMPACT_CAVEAT =
  'A change in an indicator after an action is evidence, not proof, that the action caused it: other work, ' +
  'changes in recording, the population and chance move these figures too, and several actions often aim at ' +
  'the same indicator. Read a verdict beside what the partnership knows of how the action was delivered.';

export const IMPACT_METHOD =
  'Interrupted time series of the plan\u2019s area, quarter by quarter, up to 16 quarters each side of the action. ' +
  'The reference date is the end of the first review quarter reporting the action done, or else its due date; the ' +
  'quarter holding it is left out. The model follows the level and trend before, and estimates the step at the first ' +
  'quarter after and the change of slope, with quarter-of-year terms when there are 12 or more quarters before: ' +
  'Poisson regression on the population for counts and rates, binomial for shares, each allowing for more variation ' +
  'than chance alone (quasi-likelihood). A change counts when the 95% interval of the step excludes no change. The ' +
  'counterfactual is the model before the action carried forward. It needs at least 3 quarters before and 3 after.';

/** Quarters of the series used each side of the transition quarter. */
const QUARTERS_EACH_SIDE = 16;
/** The change a plan hopes for when its link gives no target: the relative step the calibration is run at. */
const HOPED_FOR_RELATIVE = 0.3;

export type ImpactVerdict =
  | 'moved_as_intended'
  /** No clear change: the step's interval includes no change. */
  | 'no_signal_yet'
  | 'moved_against_intention'
  /** The figures do not yet reach 3 quarters past the action's quarter. */
  | 'too_early'
  /** The interval excludes no change, and the plan does not say which way the indicator should move. */
  | 'moved'
  /** Too few figures for a model (`reason` says which), or no quarterly series for the indicator. */
  | 'no_data'
  /** The action has neither a completion nor a readable due date to measure from. */
  | 'no_date';

export interface QuarterValue {
  /** `YYYY-Qn`. */
  period: string;
  value: number | null;
}

export interface QuarterFigures extends QuarterValue {
  /** The count (rates, counts) or the part (shares). */
  numerator: number | null;
  /** The population (rates) or the whole (shares); null for plain counts. */
  denominator: number | null;
}

export interface IndicatorSeries {
  polarity: Polarity;
  scale: ItsScale;
  /** Every quarter's full figures, for the model and the verdict. Null: no quarterly series (official statistics are annual). */
  full: QuarterFigures[] | null;
  /** The same series as this user may see it: what is displayed. */
  shown: QuarterFigures[] | null;
  /**
   * The user sees protected (perturbed or suppressed) figures: the model's own figures they are
   * shown (step, intervals, counterfactual) are then fitted on those published figures. A fit on
   * the full figures would give exact sums away (a Poisson fit's counterfactual adds up to the
   * observed count before the action), and several actions' windows would difference them.
   */
  shownProtected: boolean;
}

export interface ActionTiming {
  /** `YYYY-MM-DD`. */
  date: string;
  basis: 'completed' | 'due_date';
  /** False when reviews exist and none reports it done; null when the plan records no review of it. */
  completed: boolean | null;
}

export interface Band {
  value: number;
  lower95: number;
  upper95: number;
}

export interface ImpactPoint {
  period: string;
  /** As this user may see it. */
  value: number | null;
  /** A figure exists but is withheld from this user (`c`); false where there is no figure at all. */
  suppressed: boolean;
  spc: SpcPoint | null;
  /** The pre-action model carried forward, from the transition quarter on; null before it. */
  counterfactual: Band | null;
}

export interface ImpactModel {
  method: 'quasi_poisson' | 'quasi_binomial';
  unit: 'rate_per_10000' | 'count' | 'percentage';
  before_n: number;
  after_n: number;
  first_period: string;
  last_period: string;
  seasonal: boolean;
  dispersion: number;
  /** The step at the first quarter after, in the indicator's unit (percentage points for shares). */
  step: Interval;
  /** The same step as a rate ratio (counts, rates) or odds ratio (shares). */
  step_ratio: Interval;
  /** Change of the quarterly growth factor after the action (1: the trend went on as before). */
  slope_change_ratio: Interval;
  /** The smallest step, in the unit, the series could detect 80% of the time. */
  detectable_step: number;
  /** The step the plan hoped for: to its target, or else 30% of the counterfactual. */
  hoped_for_step: number;
  /** No clear change, from a series too short or small to detect the step hoped for. */
  too_little_data: boolean;
}

export interface LinkAssessment {
  timing: ActionTiming | null;
  /** The quarter holding the reference date, left out of the model. */
  transition_period: string | null;
  /** The first quarter after the reference date: where "after" begins. */
  rebase_period: string | null;
  series: ImpactPoint[];
  model: ImpactModel | null;
  verdict: ImpactVerdict;
  /** Why there is no model, in plain words; null when there is one. */
  reason: string | null;
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
  link: { direction: Direction | null; target: number | null },
  indicator: IndicatorSeries,
  today: string,
): LinkAssessment {
  if (timing === null) {
    return { timing, transition_period: null, rebase_period: null, series: [], model: null, verdict: 'no_date', reason: 'The action has no completion and no readable due date.' };
  }
  const transition = quarterOfDate(timing.date);
  const now = quarterOfDate(today);
  const full = byQuarter(indicator.full ?? [], now);
  const shown = byQuarter(indicator.shown ?? [], now);
  const withData = [...full.keys()].filter((q) => full.get(q)?.value !== null);
  const first = transition - QUARTERS_EACH_SIDE;
  // The chart and the model end at the last quarter with a figure: later quarters are not "no change".
  const last = Math.min(transition + QUARTERS_EACH_SIDE, withData.length ? Math.max(...withData) : transition);
  const quarters: number[] = [];
  for (let q = Math.max(first, withData.length ? Math.min(...withData) : transition); q <= last; q++) quarters.push(q);
  const base = { timing, transition_period: quarterLabel(transition), rebase_period: quarterLabel(transition + 1) };

  const fitted = quarters.length ? fitModel(quarters, transition, full, indicator.scale) : null;
  // What the user is shown of the model: the full fit, or for protected figures a fit on them.
  const displayed = indicator.shownProtected ? (quarters.length ? fitModel(quarters, transition, shown, indicator.scale) : null) : fitted;
  const cf = new Map(displayed?.counterfactual.map((p) => [transition + p.t, p]) ?? []);
  const values = quarters.map((q) => shown.get(q)?.value ?? null);
  // SPC phases: new limits from the action's quarter, or the one after, where a sustained shift follows.
  const spc = values.some((v) => v !== null)
    ? xmrInPhases(values, [quarters.indexOf(transition), quarters.indexOf(transition + 1)].filter((i) => i > 0), { polarity: indicator.polarity, bounds: boundsOf(indicator.scale) })
    : null;
  const series = quarters.map((q, i): ImpactPoint => {
    const band = cf.get(q);
    return {
      period: quarterLabel(q),
      value: values[i] ?? null,
      suppressed: values[i] === null && full.get(q)?.value != null,
      spc: spc?.points[i] ?? null,
      counterfactual: band ? { value: band.value, lower95: band.lower95, upper95: band.upper95 } : null,
    };
  });

  const before = withData.filter((q) => q >= first && q < transition).length;
  const after = withData.filter((q) => q > transition && q <= last).length;
  const noModel = (verdict: ImpactVerdict, reason: string): LinkAssessment => ({ ...base, series, model: null, verdict, reason });
  if (indicator.full === null || withData.length === 0) return noModel('no_data', 'There are no quarterly figures for this indicator in this area.');
  if (Math.max(...withData) < transition + MIN_POINTS_EACH_SIDE) {
    return noModel('too_early', `There are not yet figures for ${MIN_POINTS_EACH_SIDE} quarters after the action's quarter.`);
  }
  if (before < MIN_POINTS_EACH_SIDE || after < MIN_POINTS_EACH_SIDE) {
    return noModel('no_data', `Too few quarters with figures for a model: ${before} before and ${after} after the action's quarter; it needs ${MIN_POINTS_EACH_SIDE} each side.`);
  }
  if (fitted === null) return noModel('no_data', 'The figures cannot be modelled (no events on one side of the action, or a share of 0% or 100% throughout).');

  const hopedFor = (fit: NonNullable<typeof fitted>) => {
    const counterfactualAtStep = fit.counterfactual.find((p) => p.t === fit.firstAfter)?.value ?? 0;
    return link.target === null ? HOPED_FOR_RELATIVE * counterfactualAtStep : Math.abs(link.target - counterfactualAtStep);
  };
  const moved = fitted.step_ratio.lower95 > 1 ? 'up' : fitted.step_ratio.upper95 < 1 ? 'down' : null;
  const verdict: ImpactVerdict = moved === null ? 'no_signal_yet' : link.direction === null ? 'moved' : moved === link.direction ? 'moved_as_intended' : 'moved_against_intention';
  // The verdict is the full fit's, for every role; "too little data" is a property of it too.
  const tooLittle = verdict === 'no_signal_yet' && fitted.detectable_step > hopedFor(fitted);
  if (displayed === null) {
    return { ...base, series, model: null, verdict, reason: 'The verdict comes from the full figures; the figures you can see are protected and too few to show a model of them.' };
  }
  const model: ImpactModel = {
    method: displayed.family === 'binomial' ? 'quasi_binomial' : 'quasi_poisson',
    unit: UNIT[indicator.scale.kind],
    before_n: displayed.before_n,
    after_n: displayed.after_n,
    first_period: quarterLabel(Math.min(...withData.filter((q) => q >= first))),
    last_period: quarterLabel(last),
    seasonal: displayed.seasonal,
    dispersion: displayed.dispersion,
    step: displayed.step,
    step_ratio: displayed.step_ratio,
    slope_change_ratio: displayed.slope_change_ratio,
    detectable_step: displayed.detectable_step,
    hoped_for_step: hopedFor(displayed),
    too_little_data: tooLittle,
  };
  return { ...base, series, model, verdict, reason: null };
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
      ...assessLink(timing, link, seriesOf.get(link.id) ?? NO_SERIES, today),
    }));
  });
}

export const NO_SERIES: IndicatorSeries = { polarity: 'none', scale: { kind: 'count' }, full: null, shown: null, shownProtected: false };

const UNIT = { rate: 'rate_per_10000', count: 'count', share: 'percentage' } as const;

/** The range a measure can take, for SPC limits: percentages 0–100, counts and rates 0 and up. */
function boundsOf(scale: ItsScale): { lower: number; upper: number | null } {
  return { lower: 0, upper: scale.kind === 'share' ? 100 : null };
}

function fitModel(quarters: readonly number[], transition: number, full: ReadonlyMap<number, QuarterFigures>, scale: ItsScale) {
  const points: ItsPoint[] = quarters.flatMap((q) => {
    const figures = full.get(q);
    if (figures?.numerator == null) return [];
    return [{ t: q - transition, quarter: (q % 4) + 1, numerator: figures.numerator, denominator: figures.denominator }];
  });
  const result = interruptedTimeSeries(points, scale);
  if (result === null) return null;
  return { ...result, firstAfter: Math.min(...points.filter((p) => p.t > 0).map((p) => p.t)) };
}

/** Figures by quarter index, up to the quarter holding `today` (a look back sees only what was known). */
function byQuarter<T extends QuarterValue>(series: readonly T[], now: number): Map<number, T> {
  const known = new Map<number, T>();
  for (const point of series) {
    const index = quarterIndex(point.period);
    if (index !== null && index <= now) known.set(index, point);
  }
  return known;
}
