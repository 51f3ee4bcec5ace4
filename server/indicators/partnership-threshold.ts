/**
 * How many upper-tier authorities must contribute before a region or England figure summed from
 * uploaded extracts is published (statistics.md, disclosure control rule 5). One setting, read by
 * the series answer (which comparators it shows) and by disclosure control alike.
 */

export const MIN_CONTRIBUTORS_ENV = 'CSE_PROFILE_MIN_CONTRIBUTORS';
export const DEFAULT_MIN_CONTRIBUTORS = 3;

/**
 * The threshold from `CSE_PROFILE_MIN_CONTRIBUTORS` (a whole number, at least 2: a "sum" of one
 * authority is that authority's own figure), else 3.
 */
export function minContributors(env: Record<string, string | undefined> = process.env): number {
  const raw = env[MIN_CONTRIBUTORS_ENV];
  if (raw === undefined || raw.trim() === '') return DEFAULT_MIN_CONTRIBUTORS;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 2) {
    throw new RangeError(`${MIN_CONTRIBUTORS_ENV} must be a whole number of at least 2, not "${raw}"`);
  }
  return n;
}
