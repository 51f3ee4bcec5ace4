/**
 * The assumptions behind the synthetic demo: rates, mixes, data completeness and trends per
 * partnership. Orders of magnitude follow published patterns (CSE referral rates of roughly 10–40
 * per 10,000 children a year; girls aged 13–17 most affected with a real minority of boys; children
 * in care going missing far more often and repeatedly; IICSA found risk level missing in 39% of
 * problem-profile records). No figure here is a real count for any area.
 */
import { DATASETS, type Dataset } from '../extract-schema.js';
import type { LaKey } from './demo-areas.js';
import { quarterIndex, type Quarter } from './demo-quarters.js';
import { WeightedTable } from './prng.js';

function dimensionValues(dataset: Dataset, name: string): readonly string[] {
  const dimension = dataset.dimensions.find((d) => d.name === name);
  if (!dimension) throw new Error(`${dataset.id} has no dimension ${name}`);
  return dimension.values;
}

/**
 * A weighted table over values of a dictionary dimension; a value the dictionary does not list is
 * a programming error, caught when this module loads.
 */
function valuesTable(dataset: Dataset, dimension: string, weights: Readonly<Record<string, number>>): WeightedTable<string> {
  const allowed = dimensionValues(dataset, dimension);
  for (const value of Object.keys(weights)) {
    if (!allowed.includes(value)) throw new Error(`${value} is not a ${dimension} value`);
  }
  return new WeightedTable(Object.entries(weights));
}

const referrals = DATASETS.referrals;
const missing = DATASETS.missing;

/**
 * Straight line from `start` (2012-Q1) to `end` (2016-Q4), held at `end` after: practice improved
 * over the years of the seed plans and then settled.
 */
export type Trend = readonly [start: number, end: number];

/** Quarters from 2012-Q1 to 2016-Q4, the span of every trend. */
const TREND_QUARTERS = 19;

export function onTrend(trend: Trend, quarter: Quarter): number {
  const t = Math.min(1, quarterIndex(quarter) / TREND_QUARTERS);
  return trend[0] + (trend[1] - trend[0]) * t;
}

export interface LaScenario {
  /** Annual CSE referrals per 10,000 children aged 0–17 in 2012. */
  readonly referralRate: number;
  /**
   * Yearly growth of that rate: awareness of CSE rose nationally over 2012–2016. From April 2017
   * the LA's years follow its published DfE counts instead (referral-levels.ts).
   */
  readonly referralGrowth: number;
  /** Ethnic mix of children referred, where recorded. */
  readonly ethnicity: Readonly<Record<string, number>>;
  /** Share of referrals with no risk level recorded: poor early on, improving. */
  readonly riskUnknown: Trend;
  /** Children in care per 10,000 children. */
  readonly lookedAfterRate: number;
  /** Children going missing from home in a quarter, per 10,000 children. */
  readonly missingFromHomeRate: number;
  /** Share of missing episodes offered a return interview. */
  readonly returnInterviewOffered: Trend;
  /** Share of offered return interviews held within 72 hours (a planted shift overrides it). */
  readonly returnInterviewWithin72h: Trend;
}

export const LA_SCENARIOS: Readonly<Record<LaKey, LaScenario>> = {
  oxfordshire: {
    referralRate: 18,
    referralGrowth: 0.06,
    ethnicity: { white: 82, mixed: 6, asian: 7, black: 3, other: 2 },
    riskUnknown: [0.39, 0.12],
    lookedAfterRate: 40,
    missingFromHomeRate: 7,
    returnInterviewOffered: [0.55, 0.88],
    returnInterviewWithin72h: [0.42, 0.62],
  },
  warwickshire: {
    referralRate: 14,
    referralGrowth: 0.05,
    ethnicity: { white: 86, mixed: 5, asian: 6, black: 2, other: 1 },
    riskUnknown: [0.3, 0.1],
    lookedAfterRate: 60,
    missingFromHomeRate: 7,
    returnInterviewOffered: [0.5, 0.85],
    returnInterviewWithin72h: [0.4, 0.6],
  },
  nottingham: {
    referralRate: 26,
    referralGrowth: 0.04,
    ethnicity: { white: 60, mixed: 13, asian: 12, black: 11, other: 4 },
    riskUnknown: [0.22, 0.06],
    lookedAfterRate: 85,
    missingFromHomeRate: 10,
    returnInterviewOffered: [0.6, 0.92],
    // Replaced by the planted step (planted-shifts.ts): 35% before 2013-Q4, 75% from then on.
    returnInterviewWithin72h: [0.35, 0.75],
  },
  nottinghamshire: {
    referralRate: 15,
    referralGrowth: 0.05,
    ethnicity: { white: 91, mixed: 4, asian: 3, black: 1.5, other: 0.5 },
    riskUnknown: [0.36, 0.14],
    lookedAfterRate: 50,
    missingFromHomeRate: 6.5,
    returnInterviewOffered: [0.45, 0.85],
    returnInterviewWithin72h: [0.38, 0.6],
  },
  stockport: {
    referralRate: 14,
    referralGrowth: 0.04,
    ethnicity: { white: 88, mixed: 4, asian: 6, black: 1.5, other: 0.5 },
    riskUnknown: [0.28, 0.08],
    lookedAfterRate: 55,
    missingFromHomeRate: 8,
    returnInterviewOffered: [0.5, 0.9],
    returnInterviewWithin72h: [0.4, 0.65],
  },
};

/** Relative level by calendar quarter: fewer referrals over the summer holidays (schools refer less). */
export const REFERRAL_SEASON = [1.0, 1.05, 0.85, 1.1] as const;
/** Relative level by calendar quarter: children go missing most in the long summer evenings. */
export const MISSING_SEASON = [0.9, 1.0, 1.2, 0.9] as const;

// --- referrals -------------------------------------------------------------------------------

/** Girls; boys are a real minority (a planted shift may set it for an area). */
export const MALE_SHARE = 0.12;
export const SEX_UNKNOWN_SHARE = 0.012;
export const SEX_OTHER_SHARE = 0.004;

/** Age at referral: mostly 13–17; boys referred a little younger; care leavers up to 24. */
export const REFERRAL_AGE: Readonly<Record<'female' | 'male', WeightedTable<string>>> = {
  female: valuesTable(referrals, 'age_band', { '0-9': 2, '10-12': 8, '13-15': 50, '16-17': 35, '18-24': 3, unknown: 2 }),
  male: valuesTable(referrals, 'age_band', { '0-9': 5, '10-12': 14, '13-15': 42, '16-17': 32, '18-24': 4, unknown: 3 }),
};

/** Whole years within each band, for files that give `age`; 18–24 referrals are care leavers, mostly 18–20. */
export const AGE_YEARS: Readonly<Record<string, readonly [number, number]>> = {
  '0-9': [6, 9],
  '10-12': [10, 12],
  '13-15': [13, 15],
  '16-17': [16, 17],
  '18-24': [18, 20],
};

export const LOOKED_AFTER = valuesTable(referrals, 'looked_after', { yes: 22, no: 70, unknown: 8 });

/** Police, social care and education refer most. */
export const REFERRAL_SOURCE = valuesTable(referrals, 'source', {
  police: 30,
  childrens_social_care: 26,
  education: 17,
  health: 9,
  voluntary_sector: 6,
  family_or_public: 6,
  self: 2,
  other: 2,
  unknown: 2,
});

/** Referrals prompted by a public awareness campaign come from the community and schools. */
export const CAMPAIGN_SOURCE = valuesTable(referrals, 'source', {
  family_or_public: 30,
  education: 20,
  police: 18,
  voluntary_sector: 14,
  childrens_social_care: 8,
  health: 5,
  self: 3,
  other: 2,
});

/** Risk level where recorded. */
export const RISK_LEVEL = valuesTable(referrals, 'risk_level', { low: 42, medium: 35, high: 23 });

/** A known victim is more often assessed at high risk. */
export const CONCERN_BY_RISK: Readonly<Record<string, WeightedTable<string>>> = {
  low: valuesTable(referrals, 'concern', { at_risk: 88, known_victim: 6, unknown: 6 }),
  medium: valuesTable(referrals, 'concern', { at_risk: 72, known_victim: 22, unknown: 6 }),
  high: valuesTable(referrals, 'concern', { at_risk: 45, known_victim: 50, unknown: 5 }),
  unknown: valuesTable(referrals, 'concern', { at_risk: 65, known_victim: 15, unknown: 20 }),
};

/** Models of exploitation where recorded; online grooming grows over the years. */
export function exploitationModel(quarter: Quarter): WeightedTable<string> {
  return valuesTable(referrals, 'exploitation_model', {
    peer_on_peer: 22,
    boyfriend: 26,
    party: 8,
    online: onTrend([12, 24], quarter),
    lone_offender: 9,
    group_or_gang: 9,
    trafficking: 2,
    other: 3,
  });
}

export const EXPLOITATION_MODEL_UNKNOWN: Trend = [0.3, 0.12];
export const ETHNICITY_UNKNOWN: Trend = [0.2, 0.06];

/** A child referred twice in a quarter: counts twice in `referrals`, once in `children`. */
export const REPEAT_REFERRAL_SHARE = 0.08;

// --- missing ---------------------------------------------------------------------------------

/** Share of children in care who go missing in a quarter. */
export const CARE_MISSING_SHARE = 0.06;
/** Children whose episode says neither home nor care, per 10,000 children a quarter. */
export const MISSING_FROM_UNKNOWN_RATE = 0.25;

/** Episodes per child in a quarter are 1 + Poisson(extra): children in care go missing repeatedly. */
export const EXTRA_EPISODES: Readonly<Record<string, number>> = { home: 0.45, care: 2.8, unknown: 0.1 };

export const MISSING_AGE: Readonly<Record<string, WeightedTable<string>>> = {
  home: valuesTable(missing, 'age_band', { '0-9': 5, '10-12': 11, '13-15': 45, '16-17': 37, unknown: 2 }),
  care: valuesTable(missing, 'age_band', { '0-9': 2, '10-12': 8, '13-15': 42, '16-17': 47, unknown: 1 }),
  unknown: valuesTable(missing, 'age_band', { '10-12': 10, '13-15': 40, '16-17': 35, unknown: 15 }),
};

export const MISSING_SEX: Readonly<Record<string, WeightedTable<string>>> = {
  home: valuesTable(missing, 'sex', { female: 52, male: 47, unknown: 1 }),
  care: valuesTable(missing, 'sex', { female: 45, male: 54, unknown: 1 }),
  unknown: valuesTable(missing, 'sex', { female: 45, male: 45, unknown: 10 }),
};

/** A child with a CSE concern has it on all of their episodes; girls 13–17 in care most often. */
export function cseConcernShare(missingFrom: string, sex: string, ageBand: string): number {
  const teenageGirl = sex === 'female' && (ageBand === '13-15' || ageBand === '16-17');
  if (missingFrom === 'care') return teenageGirl ? 0.3 : 0.1;
  return teenageGirl ? 0.12 : 0.04;
}

// --- MASE ------------------------------------------------------------------------------------

/** Share of referrals that reach the multi-agency sexual exploitation meeting. */
export const MASE_SHARE_OF_REFERRALS = 0.22;
/** MASE cases by risk level: mostly medium and high. */
export const MASE_RISK: Readonly<Record<'low' | 'medium' | 'high', number>> = { low: 0.15, medium: 0.4, high: 0.45 };
/** Intelligence and disruption weigh on higher-risk cases. */
export const MASE_RISK_WEIGHT: Readonly<Record<'low' | 'medium' | 'high', number>> = { low: 0.4, medium: 1, high: 1.8 };
export const MASE_CLOSE_SHARE = 0.35;
export const MASE_CLOSED_RISK_REDUCED: Trend = [0.5, 0.72];
export const MASE_PERPETRATORS_PER_CASE = 0.3;
export const MASE_LOCATIONS_PER_CASE = 0.2;
export const MASE_DISRUPTIONS_PER_CASE = 0.3;
