/**
 * Synthetic children going missing and their episodes. A child keeps the same characteristics
 * across their episodes in a quarter, so `children` and `episodes` differ for a reason: children
 * in care go missing far more often, and repeatedly.
 */
import { populationIn, type DemoLa } from './demo-areas.js';
import { DEMO_QUARTERS, daysInQuarter, isoDateInQuarter, type Quarter } from './demo-quarters.js';
import {
  CARE_MISSING_SHARE,
  EXTRA_EPISODES,
  LA_SCENARIOS,
  MISSING_AGE,
  MISSING_FROM_UNKNOWN_RATE,
  MISSING_SEASON,
  MISSING_SEX,
  cseConcernShare,
  onTrend,
} from './demo-scenario.js';
import { shiftLevel } from './planted-shifts.js';
import type { Prng, WeightedTable } from './prng.js';

export type MissingDimension = 'age_band' | 'sex' | 'looked_after' | 'missing_from';

export interface MissingEpisode {
  /** `yyyy-mm-dd`, within the quarter. */
  readonly date: string;
  readonly returnInterviewOffered: boolean;
  readonly returnInterviewWithin72h: boolean;
}

export interface MissingChild {
  readonly quarter: Quarter;
  readonly areaCode: string;
  readonly dims: Readonly<Record<MissingDimension, string>>;
  /** Every episode of a child with a CSE concern counts towards episodes_with_cse_concern. */
  readonly cseConcern: boolean;
  readonly episodes: readonly MissingEpisode[];
}

/** A child missing from home is not looked after, except where the record does not say. */
const HOME_LOOKED_AFTER_UNKNOWN = 0.05;

function table(tables: Readonly<Record<string, WeightedTable<string>>>, key: string): WeightedTable<string> {
  const found = tables[key];
  if (!found) throw new Error(`no table for ${key}`);
  return found;
}

/** Every child going missing in the LA, by quarter, then area; episodes in date order. */
export function simulateMissing(la: DemoLa, prng: Prng): MissingChild[] {
  const scenario = LA_SCENARIOS[la.key];
  const children: MissingChild[] = [];
  for (const quarter of DEMO_QUARTERS) {
    const season = MISSING_SEASON[quarter.q - 1] ?? 1;
    const offered = onTrend(scenario.returnInterviewOffered, quarter);
    for (const area of la.areas) {
      const rng = prng.derive(`${area.code}/${quarter.year}Q${quarter.q}`);
      const per10k = populationIn(area.population, quarter.year) / 10_000;
      const within72h = shiftLevel('within_72h_share', area.code, quarter) ?? onTrend(scenario.returnInterviewWithin72h, quarter);
      const expected: Readonly<Record<string, number>> = {
        home: per10k * scenario.missingFromHomeRate * season,
        care: per10k * scenario.lookedAfterRate * CARE_MISSING_SHARE * season,
        unknown: per10k * MISSING_FROM_UNKNOWN_RATE * season,
      };
      for (const [missingFrom, mean] of Object.entries(expected)) {
        for (let n = rng.poisson(mean); n > 0; n--) {
          const sex = rng.choose(table(MISSING_SEX, missingFrom));
          const ageBand = rng.choose(table(MISSING_AGE, missingFrom));
          const lookedAfter =
            missingFrom === 'care' ? 'yes' : missingFrom === 'home' && !rng.bernoulli(HOME_LOOKED_AFTER_UNKNOWN) ? 'no' : 'unknown';
          const count = 1 + rng.poisson(EXTRA_EPISODES[missingFrom] ?? 0);
          const episodes: MissingEpisode[] = [];
          for (let e = 0; e < count; e++) {
            const isOffered = rng.bernoulli(offered);
            episodes.push({
              date: isoDateInQuarter(quarter, rng.int(0, daysInQuarter(quarter) - 1)),
              returnInterviewOffered: isOffered,
              returnInterviewWithin72h: isOffered && rng.bernoulli(within72h),
            });
          }
          episodes.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
          children.push({
            quarter,
            areaCode: area.code,
            dims: { age_band: ageBand, sex, looked_after: lookedAfter, missing_from: missingFrom },
            cseConcern: rng.bernoulli(cseConcernShare(missingFrom, sex, ageBand)),
            episodes,
          });
        }
      }
    }
  }
  return children;
}
