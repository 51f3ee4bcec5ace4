/**
 * The demo extracts: which file each partnership uploads, in which of the accepted forms, and the
 * CSV text of each. Pure: the same areas and seed always give the same bytes.
 *
 * Each partnership writes its files the way its systems would, so the demo exercises the forms
 * extract-format.md accepts: financial-year quarters, record dates in ISO and UK forms, `age` in
 * years, DfE sex and ethnicity codes, Y/N, area names in place of codes, blank unknowns,
 * title-case headers and CRLF line endings.
 */
import { AGE_BANDS, DATASETS, type DatasetId } from '../extract-schema.js';
import type { DemoLa, LaKey } from './demo-areas.js';
import {
  formatDate,
  formatQuarter,
  isDateStyle,
  parseQuarterLabel,
  quarterIndex,
  quarterLabel,
  type PeriodStyle,
  type Quarter,
} from './demo-quarters.js';
import { Prng } from './prng.js';
import { simulateMase, type MaseRow } from './simulate-mase.js';
import { simulateMissing, type MissingChild } from './simulate-missing.js';
import { simulateReferrals, type ReferralRecord } from './simulate-referrals.js';

/** The seed of the committed demo files. */
export const DEMO_SEED = 20_140_401;

export interface DemoSimulation {
  readonly las: readonly DemoLa[];
  readonly referrals: ReadonlyMap<LaKey, readonly ReferralRecord[]>;
  readonly missing: ReadonlyMap<LaKey, readonly MissingChild[]>;
  readonly mase: ReadonlyMap<LaKey, readonly MaseRow[]>;
}

/** Each LA and dataset draws from its own stream, so one file can change without moving the others. */
export function simulateDemo(las: readonly DemoLa[], seed: number = DEMO_SEED): DemoSimulation {
  const root = new Prng(seed);
  return {
    las,
    referrals: new Map(las.map((la) => [la.key, simulateReferrals(la, root.derive(`${la.key}/referrals`))])),
    missing: new Map(las.map((la) => [la.key, simulateMissing(la, root.derive(`${la.key}/missing`))])),
    mase: new Map(las.map((la) => [la.key, simulateMase(la, root.derive(`${la.key}/mase`))])),
  };
}

interface Coding {
  /** How `unknown` is written where the column has no code of its own for it. */
  readonly unknown: 'blank' | 'word';
  /** `female`; `F`; DfE `2`. */
  readonly sex: 'word' | 'letter' | 'dfe';
  /** Major group, or the DfE four-letter code (record-level files only: two codes of one group would repeat an aggregate key). */
  readonly ethnicity: 'group' | 'dfe';
  /** `yes`; `Y`. */
  readonly lookedAfter: 'word' | 'letter';
}

interface FilePlan {
  readonly la: LaKey;
  readonly dataset: DatasetId;
  readonly file: string;
  readonly description: string;
  /** Aggregate rows with measures, or one row per referral / episode. */
  readonly shape: 'aggregate' | 'records';
  readonly period: PeriodStyle;
  /** Breakdown columns after the area, in order; `age` is whole years in place of `age_band`. */
  readonly columns: readonly string[];
  readonly coding: Coding;
  /** Header written as exported from a spreadsheet: `Area Code`. */
  readonly titleCaseHeader?: boolean;
  readonly lineEnding?: '\n' | '\r\n';
  /** Rows from this referral source give the district's name, not its code (merged from another system). */
  readonly areaNameForSource?: string;
  /** First quarter (`YYYY-Qn`) with return_interviews_within_72h recorded; blank (not recorded) before. */
  readonly within72hRecordedFrom?: string;
}

const PLAIN: Coding = { unknown: 'word', sex: 'word', ethnicity: 'group', lookedAfter: 'word' };
const REFERRAL_BREAKDOWN = ['sex', 'ethnicity', 'looked_after', 'source', 'risk_level', 'concern', 'exploitation_model'];
const MISSING_AGGREGATE = ['missing_from', 'age_band', 'sex'];
const MISSING_RECORDS = ['age_band', 'sex', 'looked_after', 'missing_from'];
const MASE = ['risk_level'];

/** In manifest order: the demo command loads them in this order. */
const FILE_PLANS: readonly FilePlan[] = [
  {
    la: 'oxfordshire',
    dataset: 'referrals',
    file: 'oxfordshire-referrals-records.csv',
    description: 'Oxfordshire CSE referrals, one row per referral, by district, dated yyyy-mm-dd; unknowns left blank.',
    shape: 'records',
    period: 'iso-date',
    columns: ['age_band', ...REFERRAL_BREAKDOWN],
    coding: { ...PLAIN, unknown: 'blank' },
  },
  {
    la: 'oxfordshire',
    dataset: 'missing',
    file: 'oxfordshire-missing.csv',
    description: 'Oxfordshire missing episodes by district, quarter (2015-Q2), missing from, age band and sex.',
    shape: 'aggregate',
    period: 'calendar',
    columns: MISSING_AGGREGATE,
    coding: PLAIN,
  },
  {
    la: 'oxfordshire',
    dataset: 'mase',
    file: 'oxfordshire-mase.csv',
    description: 'Oxfordshire MASE activity by district, quarter and risk level.',
    shape: 'aggregate',
    period: 'calendar',
    columns: MASE,
    coding: PLAIN,
  },
  {
    la: 'warwickshire',
    dataset: 'referrals',
    file: 'warwickshire-referrals.csv',
    description: 'Warwickshire CSE referrals by district and financial-year quarter (2015/16 Q1); sex F/M, looked after Y/N, unknowns blank.',
    shape: 'aggregate',
    period: 'financial',
    columns: ['age_band', 'sex', 'looked_after', 'source', 'risk_level', 'exploitation_model'],
    coding: { unknown: 'blank', sex: 'letter', ethnicity: 'group', lookedAfter: 'letter' },
  },
  {
    la: 'warwickshire',
    dataset: 'missing',
    file: 'warwickshire-missing-records.csv',
    description: 'Warwickshire missing episodes, one row per episode, by district and financial-year quarter; sex F/M, looked after Y/N.',
    shape: 'records',
    period: 'financial',
    columns: MISSING_RECORDS,
    coding: { unknown: 'blank', sex: 'letter', ethnicity: 'group', lookedAfter: 'letter' },
  },
  {
    la: 'warwickshire',
    dataset: 'mase',
    file: 'warwickshire-mase.csv',
    description: 'Warwickshire MASE activity by district, financial-year quarter and risk level.',
    shape: 'aggregate',
    period: 'financial',
    columns: MASE,
    coding: PLAIN,
  },
  {
    la: 'nottingham',
    dataset: 'referrals',
    file: 'nottingham-referrals.csv',
    description: "Nottingham City CSE referrals by quarter (Q2 2015) with 'unknown' written out.",
    shape: 'aggregate',
    period: 'quarter-first',
    columns: ['age_band', 'sex', 'ethnicity', 'source', 'risk_level', 'concern'],
    coding: PLAIN,
  },
  {
    la: 'nottingham',
    dataset: 'missing',
    file: 'nottingham-missing.csv',
    description: 'Nottingham City missing episodes and return interviews by quarter (Q2 2015).',
    shape: 'aggregate',
    period: 'quarter-first',
    columns: MISSING_AGGREGATE,
    coding: PLAIN,
  },
  {
    la: 'nottingham',
    dataset: 'mase',
    file: 'nottingham-mase.csv',
    description: 'Nottingham City MASE activity by quarter (Q2 2015) and risk level.',
    shape: 'aggregate',
    period: 'quarter-first',
    columns: MASE,
    coding: PLAIN,
  },
  {
    la: 'nottinghamshire',
    dataset: 'referrals',
    file: 'nottinghamshire-referrals-records.csv',
    description:
      'Nottinghamshire CSE referrals, one row per referral, dated dd/mm/yyyy, age in years; a spreadsheet export ' +
      '(title-case headers, CRLF) in which police referrals name the district instead of giving its code.',
    shape: 'records',
    period: 'uk-date',
    columns: ['age', ...REFERRAL_BREAKDOWN],
    coding: { ...PLAIN, unknown: 'blank' },
    titleCaseHeader: true,
    lineEnding: '\r\n',
    areaNameForSource: 'police',
  },
  {
    la: 'nottinghamshire',
    dataset: 'missing',
    file: 'nottinghamshire-missing.csv',
    description:
      'Nottinghamshire missing episodes by district and quarter (2015 Q2); unknowns blank; return interviews within ' +
      '72 hours not recorded (blank) until 2013.',
    shape: 'aggregate',
    period: 'calendar-spaced',
    columns: MISSING_AGGREGATE,
    coding: { ...PLAIN, unknown: 'blank' },
    within72hRecordedFrom: '2013-Q1',
  },
  {
    la: 'nottinghamshire',
    dataset: 'mase',
    file: 'nottinghamshire-mase.csv',
    description: 'Nottinghamshire MASE activity by district, quarter (2015 Q2) and risk level.',
    shape: 'aggregate',
    period: 'calendar-spaced',
    columns: MASE,
    coding: PLAIN,
  },
  {
    la: 'stockport',
    dataset: 'referrals',
    file: 'stockport-referrals-records.csv',
    description: 'Stockport CSE referrals, one row per referral, dated yyyy-mm-dd, with DfE sex codes (1/2/9) and four-letter ethnicity codes.',
    shape: 'records',
    period: 'iso-date',
    columns: ['age_band', ...REFERRAL_BREAKDOWN],
    coding: { unknown: 'blank', sex: 'dfe', ethnicity: 'dfe', lookedAfter: 'word' },
  },
  {
    la: 'stockport',
    dataset: 'missing',
    file: 'stockport-missing-records.csv',
    description: 'Stockport missing episodes, one row per episode, dated yyyy-mm-dd (no return-interview figures supplied).',
    shape: 'records',
    period: 'iso-date',
    columns: MISSING_RECORDS,
    coding: PLAIN,
  },
  {
    la: 'stockport',
    dataset: 'mase',
    file: 'stockport-mase.csv',
    description: 'Stockport MASE activity by quarter (2015-Q2) and risk level.',
    shape: 'aggregate',
    period: 'calendar',
    columns: MASE,
    coding: PLAIN,
  },
];

export interface RenderedExtract {
  readonly file: string;
  readonly dataset: DatasetId;
  readonly description: string;
  readonly text: string;
}

export interface ManifestEntry {
  readonly file: string;
  readonly dataset: DatasetId;
  readonly description: string;
}

// --- writing values --------------------------------------------------------------------------

const SEX_CODES: Readonly<Record<'letter' | 'dfe', Readonly<Record<string, string>>>> = {
  letter: { female: 'F', male: 'M', other: 'other', unknown: '' },
  // DfE codes have no "other": such a child is recorded as not known.
  dfe: { female: '2', male: '1', other: '9', unknown: '9' },
};

/** A canonical value as the file writes it; `ethnicityCode` is the record's DfE code, if any. */
function writeValue(column: string, value: string, coding: Coding, ethnicityCode: string): string {
  if (column === 'sex' && coding.sex !== 'word') return SEX_CODES[coding.sex][value] ?? value;
  if (column === 'ethnicity' && coding.ethnicity === 'dfe') return ethnicityCode;
  if (value === 'unknown') return coding.unknown === 'blank' ? '' : 'unknown';
  if (column === 'looked_after' && coding.lookedAfter === 'letter') return value === 'yes' ? 'Y' : 'N';
  return value;
}

/** RFC 4180: quote a field holding a delimiter, quote or line break. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function titleCase(column: string): string {
  return column
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

/** The canonical value of a breakdown column; a column the data does not hold is a plan error. */
function dimValue(dims: Readonly<Record<string, string>>, column: string): string {
  const value = dims[column];
  if (value === undefined) throw new Error(`no ${column} in the simulated data`);
  return value;
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function csvText(plan: FilePlan, header: readonly string[], rows: readonly (readonly string[])[]): string {
  const eol = plan.lineEnding ?? '\n';
  const head = plan.titleCaseHeader ? header.map(titleCase) : header;
  return [head, ...rows].map((row) => row.map(csvField).join(',')).join(eol) + eol;
}

function period(plan: FilePlan, quarter: Quarter, date: string): string {
  return isDateStyle(plan.period) ? formatDate(date, plan.period) : formatQuarter(quarter, plan.period);
}

// --- aggregation -----------------------------------------------------------------------------

/** One fact counted towards an aggregate cell: canonical breakdown values and measure amounts. */
interface Fact {
  readonly quarter: Quarter;
  readonly areaCode: string;
  readonly dims: Readonly<Record<string, string>>;
  readonly measures: Readonly<Record<string, number>>;
}

interface Cell {
  readonly fact: Fact;
  readonly sums: Record<string, number>;
}

/** Position of a canonical value in the dictionary's display order, for a stable row order. */
function valueRank(dataset: DatasetId, column: string, value: string): number {
  const values = column === 'age_band' ? AGE_BANDS : DATASETS[dataset].dimensions.find((d) => d.name === column)?.values;
  return values?.indexOf(value) ?? -1;
}

/** Sums facts by quarter, area and the plan's breakdown; cells in quarter, area, value order. */
function aggregate(plan: FilePlan, areaOrder: readonly string[], facts: readonly Fact[]): Cell[] {
  const cells = new Map<string, Cell>();
  for (const fact of facts) {
    const key = [quarterLabel(fact.quarter), fact.areaCode, ...plan.columns.map((c) => dimValue(fact.dims, c))].join('\u0001');
    const cell = cells.get(key) ?? { fact, sums: {} };
    for (const [measure, amount] of Object.entries(fact.measures)) cell.sums[measure] = (cell.sums[measure] ?? 0) + amount;
    cells.set(key, cell);
  }
  const rankOf = (cell: Cell): number[] => [
    quarterIndex(cell.fact.quarter),
    areaOrder.indexOf(cell.fact.areaCode),
    ...plan.columns.map((c) => valueRank(plan.dataset, c, dimValue(cell.fact.dims, c))),
  ];
  return [...cells.values()]
    .map((cell) => ({ cell, rank: rankOf(cell) }))
    .sort((a, b) => {
      for (let i = 0; i < a.rank.length; i++) {
        const d = (a.rank[i] ?? 0) - (b.rank[i] ?? 0);
        if (d !== 0) return d;
      }
      return 0;
    })
    .map(({ cell }) => cell);
}

function aggregateRow(plan: FilePlan, cell: Cell, measures: readonly string[], measureValue: (m: string) => string): string[] {
  const { fact } = cell;
  return [
    formatQuarter(fact.quarter, plan.period),
    fact.areaCode,
    ...plan.columns.map((c) => writeValue(c, dimValue(fact.dims, c), plan.coding, '')),
    ...measures.map(measureValue),
  ];
}

// --- rendering per dataset -------------------------------------------------------------------

function renderReferrals(plan: FilePlan, la: DemoLa, records: readonly ReferralRecord[]): string {
  if (plan.shape === 'records') {
    const withNames = plan.areaNameForSource !== undefined;
    const header = ['period', 'area_code', ...(withNames ? ['area_name'] : []), ...plan.columns];
    const names = new Map(la.areas.map((a) => [a.code, a.name]));
    const rows = records.map((r) => {
      const byName = withNames && r.dims.source === plan.areaNameForSource;
      const area = withNames ? (byName ? ['', names.get(r.areaCode) ?? ''] : [r.areaCode, '']) : [r.areaCode];
      const values = plan.columns.map((c) =>
        c === 'age' ? (r.age === null ? '' : String(r.age)) : writeValue(c, dimValue(r.dims, c), plan.coding, r.ethnicityCode),
      );
      return [period(plan, r.quarter, r.date), ...area, ...values];
    });
    return csvText(plan, header, rows);
  }
  if (plan.coding.ethnicity === 'dfe') throw new Error(`${plan.file}: DfE ethnicity codes only in record-level files`);
  const facts: Fact[] = records.map((r) => ({
    quarter: r.quarter,
    areaCode: r.areaCode,
    dims: r.dims,
    measures: { referrals: 1, firsts: r.repeat ? 0 : 1 },
  }));
  const measures = DATASETS.referrals.measures.map((m) => m.name);
  const rows = aggregate(plan, la.areas.map((a) => a.code), facts).map((cell) =>
    aggregateRow(plan, cell, measures, (m) => {
      const referrals = cell.sums.referrals ?? 0;
      // A cell of repeat referrals alone still holds at least one child.
      return String(m === 'children' ? Math.max(1, cell.sums.firsts ?? 0) : referrals);
    }),
  );
  return csvText(plan, ['period', 'area_code', ...plan.columns, ...measures], rows);
}

function renderMissing(plan: FilePlan, la: DemoLa, children: readonly MissingChild[]): string {
  if (plan.shape === 'records') {
    const rows = children
      .flatMap((child) => child.episodes.map((episode) => ({ child, episode })))
      .sort((a, b) => quarterIndex(a.child.quarter) - quarterIndex(b.child.quarter) || byText(a.episode.date, b.episode.date))
      .map(({ child, episode }) => [
        period(plan, child.quarter, episode.date),
        child.areaCode,
        ...plan.columns.map((c) => writeValue(c, dimValue(child.dims, c), plan.coding, '')),
      ]);
    return csvText(plan, ['period', 'area_code', ...plan.columns], rows);
  }
  const facts: Fact[] = children.map((child) => ({
    quarter: child.quarter,
    areaCode: child.areaCode,
    dims: child.dims,
    measures: {
      episodes: child.episodes.length,
      children: 1,
      return_interviews_offered: child.episodes.filter((e) => e.returnInterviewOffered).length,
      return_interviews_within_72h: child.episodes.filter((e) => e.returnInterviewWithin72h).length,
      episodes_with_cse_concern: child.cseConcern ? child.episodes.length : 0,
    },
  }));
  const recordedFrom = plan.within72hRecordedFrom ? quarterIndex(parseQuarterLabel(plan.within72hRecordedFrom)) : 0;
  const measures = DATASETS.missing.measures.map((m) => m.name);
  const rows = aggregate(plan, la.areas.map((a) => a.code), facts).map((cell) =>
    aggregateRow(plan, cell, measures, (m) =>
      m === 'return_interviews_within_72h' && quarterIndex(cell.fact.quarter) < recordedFrom ? '' : String(cell.sums[m] ?? 0),
    ),
  );
  return csvText(plan, ['period', 'area_code', ...plan.columns, ...measures], rows);
}

function measureOf(measures: Readonly<Record<string, number>>, name: string): number {
  const value = measures[name];
  if (value === undefined) throw new Error(`no ${name} in the simulated data`);
  return value;
}

function renderMase(plan: FilePlan, rows: readonly MaseRow[]): string {
  const measures = DATASETS.mase.measures.map((m) => m.name);
  const lines = rows.map((row) => [
    formatQuarter(row.quarter, plan.period),
    row.areaCode,
    writeValue('risk_level', row.riskLevel, plan.coding, ''),
    ...measures.map((m) => String(measureOf(row.measures, m))),
  ]);
  return csvText(plan, ['period', 'area_code', ...plan.columns, ...measures], lines);
}

function required<T>(map: ReadonlyMap<LaKey, T>, key: LaKey): T {
  const value = map.get(key);
  if (value === undefined) throw new Error(`the simulation has no ${key}`);
  return value;
}

export function renderDemoExtracts(sim: DemoSimulation): RenderedExtract[] {
  return FILE_PLANS.map((plan) => {
    const la = sim.las.find((l) => l.key === plan.la);
    if (!la) throw new Error(`${plan.file}: no areas for ${plan.la}`);
    const text =
      plan.dataset === 'referrals'
        ? renderReferrals(plan, la, required(sim.referrals, la.key))
        : plan.dataset === 'missing'
          ? renderMissing(plan, la, required(sim.missing, la.key))
          : renderMase(plan, required(sim.mase, la.key));
    return { file: plan.file, dataset: plan.dataset, description: plan.description, text };
  });
}

export function buildDemoExtracts(las: readonly DemoLa[], seed: number = DEMO_SEED): RenderedExtract[] {
  return renderDemoExtracts(simulateDemo(las, seed));
}

export function manifestOf(extracts: readonly RenderedExtract[]): ManifestEntry[] {
  return extracts.map(({ file, dataset, description }) => ({ file, dataset, description }));
}
