/**
 * The indicator catalogue, as data: what each figure means, how it is computed, which way is good,
 * and what it can be broken down by. Every measure of every extract dataset is an indicator
 * `<dataset>.<measure>`; shares and completeness are derived indicators with ids of their own
 * (action plans link to these ids, so they never change); imported official statistics add
 * `SLUG.<column>` (see official-catalogue.ts).
 */
import { DATASETS, DATASET_IDS, type DatasetId } from '../../pipelines/extract-schema.js';
import type { Polarity } from '../statistics/polarity.js';
import { EXTRACT_PERIOD_TYPES, type PeriodType } from './periods.js';

export type Unit = 'count' | 'rate_per_10000' | 'percentage' | 'value';
/** count: the number itself; rate: per 10,000 children aged 0–17; proportion: a percentage 0–100; value: as published. */
export type Stat = 'count' | 'rate' | 'proportion' | 'value';
export const STATS: readonly Stat[] = ['count', 'rate', 'proportion', 'value'];

/**
 * How an extract indicator is computed from its fact table, one row at a time: numerator and
 * denominator are sums of the dataset's measures, restricted to rows that can count.
 */
export type Formula =
  /** A measure: count, or rate per 10,000 children. */
  | { type: 'measure'; measure: string }
  /** One measure as a share of another (rows recording both). */
  | { type: 'measure_share'; numerator: string; denominator: string }
  /** Share of the primary measure with `dimension` in `values`, among rows where it was recorded. */
  | { type: 'dimension_share'; dimension: string; values: readonly string[] }
  /** Share of the primary measure with `dimension` = unknown, among uploads broken down by it. */
  | { type: 'completeness'; dimension: string };

export interface IndicatorInfo {
  id: string;
  name: string;
  definition: string;
  numerator: string;
  denominator: string;
  unit: Unit;
  polarity: Polarity;
  /** Why higher is better, lower is better, or neither (shown beside every better/worse or higher/lower). */
  polarity_reason: string;
  source: string;
  caveats: string[];
  /** Dimensions (extracts) or filters (official statistics) it can be broken down by. */
  breakdowns: string[];
  /** The first is the default. */
  stats: Stat[];
  /** The first is the default. */
  period_types: PeriodType[];
}

export interface ExtractIndicator extends IndicatorInfo {
  kind: 'extract';
  dataset: DatasetId;
  formula: Formula;
}

export interface OfficialFilter {
  name: string;
  values: string[];
  /** The value used when the filter is not the breakdown: its Total, or its only value. */
  default: string | null;
}

export interface OfficialIndicator extends IndicatorInfo {
  kind: 'official';
  statsName: string;
  /** The filters of the import, with their values; fixed at their default unless asked. */
  filters: OfficialFilter[];
}

export type Indicator = ExtractIndicator | OfficialIndicator;

const LOCAL_SOURCE = 'Partnership extracts uploaded to CSE Profile (local management information, not official statistics)';
const POPULATION =
  'ONS mid-year estimates of children aged 0–17 (DfE children in need vintage); a quarter uses its calendar year (the latest estimate where there is none yet), a year the mid-year inside it.';

const COMMON_CAVEATS = [
  'Local management information: counts depend on how each partnership records and shares data, so differences between areas can reflect recording as much as need.',
  'A county includes the rows of its districts; England and a region add up the local authorities that uploaded every quarter of the period, over their own populations, not over all of England.',
  'Financial years, reporting years and rolling 12 months with fewer than four quarters of data are not shown as figures; they are listed as incomplete.',
];
const RATE_CAVEATS = [
  'District populations are estimated from their mid-2023 share of the county; age-band and sex populations apply the mid-2023 structure to each year\u2019s 0–17 total.',
  'Rates by age band and sex use that band\u2019s or sex\u2019s population; other breakdowns use all children 0–17; unknown values have no rate.',
];

/** Which way is good for a count of activity, and why: most volumes have no direction. */
const MEASURE_POLARITY: Readonly<Record<string, { polarity: Polarity; reason: string }>> = {
  'referrals.referrals': {
    polarity: 'none',
    reason: 'Neither direction is better: a rise in CSE referrals can mean better identification of children at risk (training, awareness, new pathways) as much as more exploitation, and a fall can mean missed children as much as less harm.',
  },
  'referrals.children': {
    polarity: 'none',
    reason: 'Neither direction is better: more children referred can mean better identification as much as more exploitation.',
  },
  'missing.episodes': {
    polarity: 'none',
    reason: 'Neither direction is better: more recorded missing episodes can mean more children going missing, or more complete reporting of those who do.',
  },
  'mase.perpetrators_identified': {
    polarity: 'none',
    reason: 'Neither direction is better: more perpetrators identified reflects more intelligence work as much as more offending.',
  },
  'mase.locations_identified': {
    polarity: 'none',
    reason: 'Neither direction is better: more locations identified reflects more intelligence work as much as more exploitation.',
  },
  'mase.disruption_actions': {
    polarity: 'high_is_good',
    reason: 'Higher is better: disruption actions are protective work against perpetrators and locations, which the partnership aims to increase.',
  },
};
const VOLUME_REASON =
  'Neither direction is better: a volume of activity rises with need, with identification and with recording, so a change says something happened, not whether it was good.';

function measureIndicators(): ExtractIndicator[] {
  return DATASET_IDS.flatMap((dataset) => {
    const d = DATASETS[dataset];
    return d.measures.map((m, i): ExtractIndicator => {
      const id = `${dataset}.${m.name}`;
      return {
        kind: 'extract',
        id,
        name: m.label,
        definition: `${m.label} in the period${i === 0 ? '' : ` (a measure of ${d.label.toLowerCase()})`}, as a count or a rate per 10,000 children aged 0–17; broken down, also each part as a percentage of the whole.`,
        numerator: `${m.label} (sum over the area, its districts and localities)`,
        denominator: `Children aged 0–17 (for stat=rate): ${POPULATION}`,
        unit: 'count',
        polarity: MEASURE_POLARITY[id]?.polarity ?? 'none',
        polarity_reason: MEASURE_POLARITY[id]?.reason ?? VOLUME_REASON,
        source: LOCAL_SOURCE,
        caveats: [
          ...COMMON_CAVEATS,
          ...RATE_CAVEATS,
          ...(i === 0 ? [] : ['Uploads that did not record this measure leave it blank; they are left out, not counted as 0.']),
        ],
        breakdowns: d.dimensions.map((dim) => dim.name),
        // proportion: each cell of a breakdown as a share of the whole (needs a breakdown).
        stats: ['count', 'rate', 'proportion'],
        period_types: [...EXTRACT_PERIOD_TYPES],
        dataset,
        formula: { type: 'measure', measure: m.name },
      };
    });
  });
}

interface ShareSpec {
  id: string;
  dataset: DatasetId;
  name: string;
  definition: string;
  numerator: string;
  denominator: string;
  polarity: Polarity;
  polarityReason: string;
  formula: Formula;
  caveats?: string[];
}

const SHARES: readonly ShareSpec[] = [
  {
    id: 'referrals.high_risk_share',
    dataset: 'referrals',
    name: 'Referrals assessed as high risk',
    definition: 'Percentage of CSE referrals with a recorded risk level that were assessed as high risk.',
    numerator: 'Referrals with risk level high',
    denominator: 'Referrals with risk level low, medium or high (unknown left out: see referrals.completeness.risk_level)',
    polarity: 'none',
    polarityReason: 'Neither direction is better: a higher share can mean more serious harm, or that lower-risk concerns are being referred elsewhere.',
    formula: { type: 'dimension_share', dimension: 'risk_level', values: ['high'] },
  },
  {
    id: 'referrals.known_victim_share',
    dataset: 'referrals',
    name: 'Referrals about known victims',
    definition: 'Percentage of CSE referrals with a recorded concern that were about a known victim rather than a child at risk.',
    numerator: 'Referrals with concern known_victim',
    denominator: 'Referrals with concern at_risk or known_victim',
    polarity: 'none',
    polarityReason: 'Neither direction is better: a lower share can mean children are identified earlier, while at risk, or that victims are being missed.',
    formula: { type: 'dimension_share', dimension: 'concern', values: ['known_victim'] },
  },
  {
    id: 'referrals.looked_after_share',
    dataset: 'referrals',
    name: 'Referrals of looked-after children',
    definition: 'Percentage of CSE referrals with recorded looked-after status that were about a looked-after child.',
    numerator: 'Referrals with looked_after yes',
    denominator: 'Referrals with looked_after yes or no',
    polarity: 'none',
    polarityReason: 'Neither direction is better: looked-after children are at higher risk, so a higher share can mean better identification of them.',
    formula: { type: 'dimension_share', dimension: 'looked_after', values: ['yes'] },
  },
  {
    id: 'referrals.boys_share',
    dataset: 'referrals',
    name: 'Referrals of boys',
    definition: 'Percentage of CSE referrals with a recorded sex that were about boys, who are under-identified as victims of CSE.',
    numerator: 'Referrals with sex male',
    denominator: 'Referrals with sex female, male or other',
    polarity: 'none',
    polarityReason: 'Neither direction is better, though a rise often means boys, who are under-identified as victims, are being recognised.',
    formula: { type: 'dimension_share', dimension: 'sex', values: ['male'] },
  },
  {
    id: 'referrals.under13_share',
    dataset: 'referrals',
    name: 'Referrals of children under 13',
    definition: 'Percentage of CSE referrals with a recorded age that were about children aged under 13.',
    numerator: 'Referrals with age band 0-9 or 10-12',
    denominator: 'Referrals with a recorded age band (0-9 to 18-24)',
    polarity: 'none',
    polarityReason: 'Neither direction is better: a higher share can mean earlier identification or exploitation of younger children.',
    formula: { type: 'dimension_share', dimension: 'age_band', values: ['0-9', '10-12'] },
  },
  {
    id: 'missing.return_interview_offered_share',
    dataset: 'missing',
    name: 'Missing episodes with a return interview offered',
    definition: 'Percentage of missing episodes after which the child was offered a return home interview.',
    numerator: 'Return interviews offered',
    denominator: 'Missing episodes (of uploads recording return interviews)',
    polarity: 'high_is_good',
    polarityReason: 'Higher is better: statutory guidance expects every child who returns from missing to be offered a return home interview.',
    formula: { type: 'measure_share', numerator: 'return_interviews_offered', denominator: 'episodes' },
  },
  {
    id: 'missing.return_interview_72h_share',
    dataset: 'missing',
    name: 'Return interviews within 72 hours',
    definition: 'Percentage of return home interviews offered that took place within 72 hours of the child\u2019s return, as statutory guidance expects.',
    numerator: 'Return interviews within 72 hours',
    denominator: 'Return interviews offered',
    polarity: 'high_is_good',
    polarityReason: 'Higher is better: statutory guidance expects the interview within 72 hours of the child\u2019s return.',
    formula: { type: 'measure_share', numerator: 'return_interviews_within_72h', denominator: 'return_interviews_offered' },
  },
  {
    id: 'missing.cse_concern_share',
    dataset: 'missing',
    name: 'Missing episodes with a CSE concern',
    definition: 'Percentage of missing episodes where a concern about child sexual exploitation was identified.',
    numerator: 'Episodes with a CSE concern',
    denominator: 'Missing episodes (of uploads recording CSE concerns)',
    polarity: 'none',
    polarityReason: 'Neither direction is better: a higher share can mean more exploitation linked to going missing, or better screening for it at return interviews.',
    formula: { type: 'measure_share', numerator: 'episodes_with_cse_concern', denominator: 'episodes' },
  },
  {
    id: 'mase.risk_reduced_share',
    dataset: 'mase',
    name: 'MASE cases closed with risk reduced',
    definition: 'Percentage of cases closed by the MASE meeting where the risk of exploitation had reduced.',
    numerator: 'Cases closed with risk reduced',
    denominator: 'Cases closed',
    polarity: 'high_is_good',
    polarityReason: 'Higher is better: more cases closed with the risk of exploitation reduced.',
    formula: { type: 'measure_share', numerator: 'closed_risk_reduced', denominator: 'cases_closed' },
  },
];

const SHARE_CAVEATS = [
  ...COMMON_CAVEATS,
  'Shown as a percentage with Wilson score intervals; stat=count gives the numerator.',
];

function shareIndicators(): ExtractIndicator[] {
  return SHARES.map((s) => {
    const own = s.formula.type === 'dimension_share' ? s.formula.dimension : null;
    return {
      kind: 'extract',
      id: s.id,
      name: s.name,
      definition: s.definition,
      numerator: s.numerator,
      denominator: s.denominator,
      unit: 'percentage',
      polarity: s.polarity,
      polarity_reason: s.polarityReason,
      source: LOCAL_SOURCE,
      caveats: [...SHARE_CAVEATS, ...(s.caveats ?? [])],
      breakdowns: DATASETS[s.dataset].dimensions.map((d) => d.name).filter((d) => d !== own),
      stats: ['proportion', 'count'],
      period_types: [...EXTRACT_PERIOD_TYPES],
      dataset: s.dataset,
      formula: s.formula,
    };
  });
}

/**
 * Data completeness: for each dimension of each dataset, the share of the primary measure whose
 * value was not recorded. IICSA found CSE problem profiles missing the risk level in 39% of reports.
 */
function completenessIndicators(): ExtractIndicator[] {
  return DATASET_IDS.flatMap((dataset) => {
    const d = DATASETS[dataset];
    const primary = d.measures[0]!;
    return d.dimensions.map((dim): ExtractIndicator => ({
      kind: 'extract',
      id: `${dataset}.completeness.${dim.name}`,
      name: `${dim.label} not recorded (${d.label.toLowerCase()})`,
      definition: `Percentage of ${primary.label.toLowerCase()} whose ${dim.label.toLowerCase()} was not recorded (unknown), among uploads broken down by ${dim.label.toLowerCase()}.`,
      numerator: `${primary.label} with ${dim.name} unknown (blank in the extract)`,
      denominator: `${primary.label} in uploads that have a ${dim.name} column`,
      unit: 'percentage',
      polarity: 'low_is_good',
      polarity_reason: 'Lower is better: an unrecorded value leaves a gap in the problem profile (IICSA found the risk level missing in 39% of reports).',
      source: LOCAL_SOURCE,
      caveats: [
        ...SHARE_CAVEATS,
        `Uploads without a ${dim.name} column are not broken down by it and are left out, rather than counted as unrecorded.`,
      ],
      breakdowns: d.dimensions.map((x) => x.name).filter((x) => x !== dim.name),
      stats: ['proportion', 'count'],
      period_types: [...EXTRACT_PERIOD_TYPES],
      dataset,
      formula: { type: 'completeness', dimension: dim.name },
    }));
  });
}

/** Every extract indicator, in a stable order: measures, shares, completeness. */
export const EXTRACT_INDICATORS: readonly ExtractIndicator[] = [
  ...measureIndicators(),
  ...shareIndicators(),
  ...completenessIndicators(),
];

/** The ids action plans link to; kept here so a rename fails the catalogue test, not a plan. */
export const DERIVED_INDICATOR_IDS = SHARES.map((s) => s.id);
