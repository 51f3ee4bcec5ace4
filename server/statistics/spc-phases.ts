// Where to re-base an XmR chart. Making Data Count re-bases at a known change (an action completed,
// a recording change) only when the process did change there: a sustained shift, that is a run of
// 7 or more points on one side of the old mean, follows it. Re-basing anywhere else would hide a
// change; never re-basing after a real one marks every point of the new level as a special cause.
import { xmr, type SpcOptions, type SpcResult } from './spc.js';

/** Making Data Count's shift rule: 7 points in a row on one side of the mean. */
export const SUSTAINED_RUN = 7;

/**
 * The candidate indices (the first index of a would-be phase) at which a sustained shift starts:
 * the first 7 values from the candidate on (gaps skipped) all lie on one side of the mean of the
 * phase before it, which must itself hold 7 values or more (a shorter phase has no level to shift
 * from). Candidates are taken in time order, each judged against the phase that the accepted ones
 * before it leave; duplicates and candidates outside the series are ignored.
 */
export function sustainedShiftCuts(values: readonly (number | null)[], candidates: readonly number[]): number[] {
  const cuts: number[] = [];
  let phaseStart = 0;
  for (const cut of [...new Set(candidates)].filter((c) => Number.isInteger(c) && c > 0 && c < values.length).sort((a, b) => a - b)) {
    const before = values.slice(phaseStart, cut).filter((v): v is number => v !== null);
    const after = values.slice(cut).filter((v): v is number => v !== null).slice(0, SUSTAINED_RUN);
    if (before.length < SUSTAINED_RUN || after.length < SUSTAINED_RUN) continue;
    const mean = before.reduce((sum, v) => sum + v, 0) / before.length;
    if (after.every((v) => v > mean) || after.every((v) => v < mean)) {
      cuts.push(cut);
      phaseStart = cut;
    }
  }
  return cuts;
}

/** XmR with a phase of its own limits after each known change that a sustained shift follows. */
export function xmrInPhases(values: readonly (number | null)[], changes: readonly number[], options: Omit<SpcOptions, 'rebaseAt'> = {}): SpcResult {
  return xmr(values, { ...options, rebaseAt: sustainedShiftCuts(values, changes) });
}
