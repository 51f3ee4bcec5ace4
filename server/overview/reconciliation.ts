/**
 * Local figures meet published ones: the partnership's own CSE referrals in the year to 31 March
 * against DfE's count of children-in-need assessments recording child sexual exploitation as a
 * factor, for the same LA and year. No public tool sets these side by side.
 *
 * Reading the gap (a judgement, docs/indicators.md): an assessment recording CSE normally follows
 * a referral, so the local count should not fall far below DfE's; and most referrals that do not
 * lead to an assessment still leave the two within a small multiple. Far below points to local
 * under-recording (or an extract missing a source); far above to CSE going unrecorded at
 * assessment, or the extract counting a referral more than once (a data problem). Pure.
 */

/** Below this ratio (local / DfE) the local count is short of the assessments. */
export const LOCAL_SHORT_RATIO = 0.75;
/** Above this ratio the local count is far beyond the assessments. */
export const LOCAL_BEYOND_RATIO = 2.5;

export type ReconciliationReading = 'consistent' | 'local_short' | 'local_beyond' | 'not_comparable';

/** A count as the series gives it: null where there is none, `suppressed` where a viewer may not see it. */
export interface YearCount {
  value: number | null;
  suppressed: boolean;
}

export interface ReconciliationLine {
  /** The DfE reporting year, named by its end: `2025` is April 2024 to March 2025. */
  year: string;
  local: number | null;
  published: number | null;
  /** local / published, or null where either is missing, suppressed or zero. */
  ratio: number | null;
  reading: ReconciliationReading;
  /** The reading in words, for the board paper. */
  message: string;
}

export function yearSpan(year: string): string {
  const end = Number(year);
  return `April ${end - 1} to March ${end}`;
}

export function reconcileYear(year: string, local: YearCount, published: YearCount): ReconciliationLine {
  const base = { year, local: local.suppressed ? null : local.value, published: published.suppressed ? null : published.value };
  const span = yearSpan(year);
  if (local.suppressed || published.suppressed) {
    return { ...base, ratio: null, reading: 'not_comparable', message: `${span}: a figure is suppressed for your account, so the two cannot be compared.` };
  }
  if (local.value === null || published.value === null || published.value === 0) {
    return { ...base, ratio: null, reading: 'not_comparable', message: `${span}: one of the two figures is missing.` };
  }
  const ratio = local.value / published.value;
  const both = `${span}: ${local.value} CSE referrals recorded locally against ${published.value} DfE assessments recording CSE (${ratio.toFixed(2)} to 1)`;
  if (ratio < LOCAL_SHORT_RATIO) {
    return {
      ...base, ratio, reading: 'local_short',
      message: `${both}. Fewer referrals than assessments: CSE referrals look under-recorded locally, or the extract is missing a source.`,
    };
  }
  if (ratio > LOCAL_BEYOND_RATIO) {
    return {
      ...base, ratio, reading: 'local_beyond',
      message: `${both}. Far more referrals than assessments: CSE may be going unrecorded at assessment, or the extract counts some referrals twice (a data problem).`,
    };
  }
  return { ...base, ratio, reading: 'consistent', message: `${both}: within the usual range.` };
}

/** A line for every year both sources have, oldest first. */
export function reconcile(local: ReadonlyMap<string, YearCount>, published: ReadonlyMap<string, YearCount>): ReconciliationLine[] {
  return [...published.keys()]
    .filter((year) => local.has(year))
    .sort()
    .map((year) => reconcileYear(year, local.get(year)!, published.get(year)!));
}
