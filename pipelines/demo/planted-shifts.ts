/**
 * Step changes deliberately planted in the demo series, each after the date of an action in one of
 * the seed plans (/work/shared/seeds), so that the product's "did it change after the action?"
 * views have something real to find. The generator reads its effects from here, the tests check
 * them in the written files, and the README lists them.
 */
import type { DatasetId } from '../extract-schema.js';
import type { LaKey } from './demo-areas.js';
import { parseQuarterLabel, quarterIndex, type Quarter } from './demo-quarters.js';

export type ShiftIndicator =
  /** Count of referrals; the extra ones come mostly from family/public, schools and the voluntary sector. */
  | 'referrals'
  /** Boys as a share of referrals of known sex (male / (male + female)). */
  | 'male_share'
  /** return_interviews_within_72h / return_interviews_offered. */
  | 'within_72h_share'
  /** MASE disruption_actions. */
  | 'disruption_actions';

export type ShiftEffect =
  /** The expected level is multiplied by `factor` from `from` on. */
  | { readonly kind: 'factor'; readonly factor: number }
  /** The expected proportion is `before` until `from`, `after` from then on. */
  | { readonly kind: 'level'; readonly before: number; readonly after: number };

export interface PlantedShift {
  readonly id: string;
  readonly la: LaKey;
  readonly areaCodes: readonly string[];
  readonly areaLabel: string;
  readonly dataset: DatasetId;
  readonly indicator: ShiftIndicator;
  /** First quarter with the effect, `YYYY-Qn`. */
  readonly from: string;
  readonly effect: ShiftEffect;
  /** The plan actions the shift follows, with their due dates as the plans give them. */
  readonly after: string;
}

export const PLANTED_SHIFTS: readonly PlantedShift[] = [
  {
    id: 'cherwell-referrals',
    la: 'oxfordshire',
    areaCodes: ['E07000177'],
    areaLabel: 'Cherwell',
    dataset: 'referrals',
    indicator: 'referrals',
    from: '2014-Q2',
    effect: { kind: 'factor', factor: 1.8 },
    after:
      "Cherwell CSP prevention delivery plan: 'Say something if you see something' training for local " +
      'businesses and licensed premises (January 2014) and the community and businesses conference ' +
      '(March 2014).',
  },
  {
    id: 'stockport-referrals',
    la: 'stockport',
    areaCodes: ['E08000007'],
    areaLabel: 'Stockport',
    dataset: 'referrals',
    indicator: 'referrals',
    from: '2015-Q2',
    effect: { kind: 'factor', factor: 1.7 },
    after:
      'Stockport SSCB CSE action plan 2014-16: awareness raising and training recorded (Jan 2015), ' +
      "Phoenix week of action (March 2015), 'it's not ok' posters and leaflets in schools (April 2015).",
  },
  {
    id: 'stockport-boys',
    la: 'stockport',
    areaCodes: ['E08000007'],
    areaLabel: 'Stockport',
    dataset: 'referrals',
    indicator: 'male_share',
    from: '2015-Q2',
    effect: { kind: 'level', before: 0.08, after: 0.24 },
    after: 'Stockport SSCB CSE action plan 2014-16: awareness raising around boys and CSE and confidence in disclosing (April 2015).',
  },
  {
    id: 'nottingham-return-interviews-72h',
    la: 'nottingham',
    areaCodes: ['E06000018'],
    areaLabel: 'Nottingham',
    dataset: 'missing',
    indicator: 'within_72h_share',
    from: '2013-Q4',
    effect: { kind: 'level', before: 0.35, after: 0.75 },
    after:
      'Nottingham City & Nottinghamshire CSE action plan 2012-14: 2.1c cross-reference CSE referrals to ' +
      'missing children data (01/04/13) and 1.4 minimise the risks facing looked-after children in ' +
      'residential homes (30/09/13).',
  },
  {
    id: 'warwickshire-disruption',
    la: 'warwickshire',
    areaCodes: ['E07000218', 'E07000219', 'E07000220', 'E07000221', 'E07000222'],
    areaLabel: 'Warwickshire (all five districts)',
    dataset: 'mase',
    indicator: 'disruption_actions',
    from: '2014-Q4',
    effect: { kind: 'factor', factor: 3 },
    after:
      'WSCB CSE action plan 2013-14: 3.2 a system linking intelligence to identify serial perpetrators ' +
      '(April 2014) and 2.4 police provision of 6 investigating officers, a data analyst and a researcher (Sept 2014).',
  },
];

/** The shift on this indicator that covers the area in the quarter, if any. */
function activeShift(indicator: ShiftIndicator, areaCode: string, quarter: Quarter): PlantedShift | undefined {
  return PLANTED_SHIFTS.find(
    (s) =>
      s.indicator === indicator &&
      s.areaCodes.includes(areaCode) &&
      quarterIndex(quarter) >= quarterIndex(parseQuarterLabel(s.from)),
  );
}

/** The shift defining a proportion for the area at all, before or after its date. */
function levelShift(indicator: ShiftIndicator, areaCode: string): PlantedShift | undefined {
  return PLANTED_SHIFTS.find((s) => s.indicator === indicator && s.effect.kind === 'level' && s.areaCodes.includes(areaCode));
}

/** Multiplier on the expected level: 1 where no factor shift applies. */
export function shiftFactor(indicator: ShiftIndicator, areaCode: string, quarter: Quarter): number {
  const shift = activeShift(indicator, areaCode, quarter);
  return shift?.effect.kind === 'factor' ? shift.effect.factor : 1;
}

/** A planted proportion for the area in the quarter, or undefined where the scenario's own applies. */
export function shiftLevel(indicator: ShiftIndicator, areaCode: string, quarter: Quarter): number | undefined {
  const shift = levelShift(indicator, areaCode);
  if (shift?.effect.kind !== 'level') return undefined;
  return activeShift(indicator, areaCode, quarter) ? shift.effect.after : shift.effect.before;
}
