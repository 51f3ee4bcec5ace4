// LAIT-style ranking of local authorities on one indicator, with quartile bands A–D.
import type { Polarity } from './polarity.js';

export type QuartileBand = 'A' | 'B' | 'C' | 'D';

/** `rank` 1 is the best (or, without a polarity, the highest); `of` counts the ranked areas. */
export interface AreaRank {
  rank: number;
  of: number;
  band: QuartileBand;
}

const BANDS: readonly QuartileBand[] = ['A', 'B', 'C', 'D'];

/**
 * Ranks areas by value, returning one entry per input in the same order.
 *
 * - Nulls (suppressed, missing) are not ranked and do not count in `of`; their entry is null.
 * - Equal values share the best rank of the group and the next value skips ("1, 2, 2, 4"), so a
 *   rank always says how many areas did strictly better.
 * - Rank 1 is the highest value for 'high_is_good' and the lowest for 'low_is_good'. For 'none' we
 *   rank highest first too, so band A is simply the highest quartile and carries no judgement.
 * - Band: the quarter that the areas ranked strictly above fall in, floor(4 × (rank − 1) / of),
 *   so ties share a band, rank 1 is always A, and with 152 LAs ranks 1–38 are A, 39–76 B, 77–114 C
 *   and 115–152 D.
 */
export function rankAreas(values: readonly (number | null)[], polarity: Polarity): (AreaRank | null)[] {
  for (const v of values) {
    if (v !== null && !Number.isFinite(v)) throw new RangeError(`cannot rank a non-finite value: ${v}`);
  }
  const ranked = values.filter((v): v is number => v !== null);
  const best = polarity === 'low_is_good' ? (a: number, b: number) => a - b : (a: number, b: number) => b - a;
  const ordered = [...ranked].sort(best);
  const of = ordered.length;
  const rankOf = new Map<number, number>();
  ordered.forEach((v, i) => {
    if (!rankOf.has(v)) rankOf.set(v, i + 1);
  });

  return values.map((v) => {
    if (v === null) return null;
    const rank = rankOf.get(v) as number;
    const band = BANDS[Math.floor((4 * (rank - 1)) / of)] as QuartileBand;
    return { rank, of, band };
  });
}
