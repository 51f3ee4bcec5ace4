/**
 * The data dictionary of the upload format (extract-format.md v1), held as data so that the
 * validator, the loader, the templates and the documentation all read the same lists.
 */

export type DatasetId = 'referrals' | 'missing' | 'mase';

export interface Dimension {
  readonly name: string;
  readonly label: string;
  /** Canonical values, in display order. `unknown` is always among them. */
  readonly values: readonly string[];
  /** Other spellings (lower-cased) mapped to a canonical value. */
  readonly aliases?: Readonly<Record<string, string>>;
}

export interface Measure {
  readonly name: string;
  readonly label: string;
  /** The measure this one may not exceed, row by row. */
  readonly atMost?: string;
}

export interface Dataset {
  readonly id: DatasetId;
  readonly label: string;
  readonly dimensions: readonly Dimension[];
  /** The first measure is the primary one: a record-level row counts 1 towards it. */
  readonly measures: readonly Measure[];
}

export const AGE_BANDS = ['0-9', '10-12', '13-15', '16-17', '18-24', 'unknown'] as const;

/** Whole years of age to band; ages outside 0..24 are refused. */
export const AGE_BAND_LIMITS: readonly { band: string; from: number; to: number }[] = [
  { band: '0-9', from: 0, to: 9 },
  { band: '10-12', from: 10, to: 12 },
  { band: '13-15', from: 13, to: 15 },
  { band: '16-17', from: 16, to: 17 },
  { band: '18-24', from: 18, to: 24 },
];

/**
 * DfE ethnicity codes (CBDS) by major group. Four-letter codes and the short forms some systems
 * export; anything else is refused rather than guessed.
 */
const ETHNICITY_CODES: Record<string, string> = {
  wbri: 'white', wirl: 'white', whrt: 'white', wrom: 'white', woth: 'white', wiri: 'white',
  wscb: 'white', weng: 'white', wwel: 'white', wcor: 'white', wfin: 'white', wotw: 'white',
  mwbc: 'mixed', mwba: 'mixed', mwas: 'mixed', moth: 'mixed', mwbo: 'mixed',
  aind: 'asian', apkn: 'asian', aban: 'asian', aoth: 'asian', achn: 'asian',
  bcrb: 'black', bafr: 'black', both: 'black',
  chne: 'asian', ooth: 'other', oarb: 'other',
  nobt: 'unknown', refu: 'unknown',
};

export const COMMON_DIMENSIONS: readonly Dimension[] = [
  { name: 'age_band', label: 'Age band', values: AGE_BANDS },
  {
    name: 'sex',
    label: 'Sex',
    values: ['female', 'male', 'other', 'unknown'],
    aliases: { f: 'female', m: 'male', '1': 'male', '2': 'female', '9': 'unknown' },
  },
  {
    name: 'ethnicity',
    label: 'Ethnicity',
    values: ['white', 'mixed', 'asian', 'black', 'other', 'unknown'],
    aliases: ETHNICITY_CODES,
  },
  {
    name: 'looked_after',
    label: 'Looked-after child',
    values: ['yes', 'no', 'unknown'],
    aliases: { y: 'yes', n: 'no', true: 'yes', false: 'no' },
  },
];

const RISK_LEVEL: Dimension = {
  name: 'risk_level',
  label: 'Risk level',
  values: ['low', 'medium', 'high', 'unknown'],
};

export const DATASETS: Readonly<Record<DatasetId, Dataset>> = {
  referrals: {
    id: 'referrals',
    label: 'CSE referrals',
    dimensions: [
      ...COMMON_DIMENSIONS,
      {
        name: 'source',
        label: 'Referral source',
        values: ['police', 'education', 'health', 'childrens_social_care', 'voluntary_sector',
          'family_or_public', 'self', 'other', 'unknown'],
      },
      RISK_LEVEL,
      { name: 'concern', label: 'Concern', values: ['at_risk', 'known_victim', 'unknown'] },
      {
        name: 'exploitation_model',
        label: 'Model of exploitation',
        values: ['peer_on_peer', 'boyfriend', 'party', 'online', 'lone_offender', 'group_or_gang',
          'trafficking', 'other', 'unknown'],
      },
    ],
    measures: [
      { name: 'referrals', label: 'Referrals' },
      { name: 'children', label: 'Children referred', atMost: 'referrals' },
    ],
  },
  missing: {
    id: 'missing',
    label: 'Missing episodes',
    dimensions: [
      ...COMMON_DIMENSIONS,
      { name: 'missing_from', label: 'Missing from', values: ['home', 'care', 'unknown'] },
    ],
    measures: [
      { name: 'episodes', label: 'Missing episodes' },
      { name: 'children', label: 'Children going missing', atMost: 'episodes' },
      { name: 'return_interviews_offered', label: 'Return interviews offered', atMost: 'episodes' },
      {
        name: 'return_interviews_within_72h',
        label: 'Return interviews within 72 hours',
        atMost: 'return_interviews_offered',
      },
      { name: 'episodes_with_cse_concern', label: 'Episodes with a CSE concern', atMost: 'episodes' },
    ],
  },
  mase: {
    id: 'mase',
    label: 'MASE activity',
    dimensions: [...COMMON_DIMENSIONS, RISK_LEVEL],
    measures: [
      { name: 'cases_discussed', label: 'Cases discussed at MASE' },
      { name: 'new_cases', label: 'New MASE cases' },
      { name: 'cases_closed', label: 'MASE cases closed' },
      { name: 'closed_risk_reduced', label: 'Closed with risk reduced', atMost: 'cases_closed' },
      { name: 'perpetrators_identified', label: 'Perpetrators identified' },
      { name: 'locations_identified', label: 'Locations identified' },
      { name: 'disruption_actions', label: 'Disruption actions' },
    ],
  },
};

export const DATASET_IDS = Object.keys(DATASETS) as DatasetId[];

export function isDatasetId(value: string): value is DatasetId {
  return Object.hasOwn(DATASETS, value);
}

/** Columns every dataset shares besides its dimensions and measures. */
export const KEY_COLUMNS = ['period', 'area_code', 'area_name'] as const;

/** `age` (whole years) may stand in for `age_band`. */
export const AGE_COLUMN = 'age';

export function knownColumns(dataset: Dataset): string[] {
  return [
    ...KEY_COLUMNS,
    AGE_COLUMN,
    ...dataset.dimensions.map((d) => d.name),
    ...dataset.measures.map((m) => m.name),
  ];
}

/** Lower-cased alias → canonical value, canonical values included. */
export function valueLookup(dimension: Dimension): Map<string, string> {
  const map = new Map<string, string>();
  for (const v of dimension.values) map.set(v, v);
  for (const [alias, v] of Object.entries(dimension.aliases ?? {})) map.set(alias, v);
  return map;
}
