// The Fingertips comparison of an area with a comparator (England, region, neighbours' median).
import { judge, type Polarity } from './polarity.js';

/**
 * How the area compares with the comparator. `higher`/`lower` when the indicator has no polarity,
 * `better`/`worse` when it has one.
 */
export type Verdict = 'similar' | 'higher' | 'lower' | 'better' | 'worse';

/**
 * The comparison at both confidence levels. At 99.8% the same words mean "significant even at the
 * stricter level", which is what Fingertips shows as best/worst; keeping one vocabulary lets the API
 * return `verdict95` as `benchmark` and the UI mark the stronger 99.8% result separately.
 * A verdict is null when it cannot be judged (no comparator, or the area has no interval).
 */
export interface Benchmark {
  verdict95: Verdict | null;
  verdict998: Verdict | null;
}

/** The area's confidence intervals; null bounds (suppressed, no denominator) give null verdicts. */
export interface AreaIntervals {
  lower95: number | null;
  upper95: number | null;
  lower998: number | null;
  upper998: number | null;
}

export function benchmark(area: AreaIntervals, comparator: number | null, polarity: Polarity): Benchmark {
  return {
    verdict95: verdictAt(area.lower95, area.upper95, comparator, polarity),
    verdict998: verdictAt(area.lower998, area.upper998, comparator, polarity),
  };
}

/** Similar when the comparator lies inside the interval, bounds included. */
function verdictAt(
  lower: number | null,
  upper: number | null,
  comparator: number | null,
  polarity: Polarity,
): Verdict | null {
  if (lower === null || upper === null || comparator === null) return null;
  if (comparator >= lower && comparator <= upper) return 'similar';
  const direction = comparator < lower ? 'up' : 'down';
  switch (judge(direction, polarity)) {
    case 'good':
      return 'better';
    case 'bad':
      return 'worse';
    case 'neutral':
      return direction === 'up' ? 'higher' : 'lower';
  }
}
