/** Series rows turned into chart data: a date on the time axis and values on the stat's scale. */
import type { SeriesRow, SpcRule, SpcType, Stat } from '../api-types.js';
import { chartValue, formatFigure, formatInterval } from '../format.js';
import { comparePeriods, periodLabel, periodMid } from '../periods.js';

export interface ChartPoint {
  date: string;
  period: string;
  periodLabel: string;
  value: number | null;
  lower: number | null;
  upper: number | null;
  shown: string;
  interval: string;
  suppressed: boolean;
  mean: number | null;
  limitLower: number | null;
  limitUpper: number | null;
  spcType: SpcType;
  rule: SpcRule;
  trial: boolean;
}

export function toPoints(rows: readonly SeriesRow[], stat: Stat): ChartPoint[] {
  return [...rows]
    .sort((a, b) => comparePeriods(a.period, b.period))
    .map((r) => ({
      date: periodMid(r.period),
      period: r.period,
      periodLabel: periodLabel(r.period),
      value: r.suppressed ? null : chartValue(r.value, stat),
      lower: r.suppressed ? null : chartValue(r.lower95, stat),
      upper: r.suppressed ? null : chartValue(r.upper95, stat),
      shown: formatFigure(r, stat),
      interval: formatInterval(r.lower95, r.upper95, r.suppressed, stat),
      suppressed: r.suppressed,
      mean: chartValue(r.spc?.mean ?? null, stat),
      limitLower: chartValue(r.spc?.lower ?? null, stat),
      limitUpper: chartValue(r.spc?.upper ?? null, stat),
      spcType: r.spc?.type ?? 'common_cause',
      rule: r.spc?.rule ?? 'none',
      trial: r.spc?.trial ?? false,
    }));
}

export const RULE_WORDS: Record<SpcRule, string> = {
  outside_limits: 'outside the process limits',
  trend: 'in a run of 7 rising or falling points',
  two_of_three: '2 of 3 points near a process limit',
  run: 'in a run of 7 points on one side of the mean',
  none: '',
};

/** Time-axis encoding shared by the line charts: quarters placed at their middle. */
export const TIME_X = {
  field: 'date',
  type: 'temporal',
  title: null,
  axis: { format: '%Y', tickCount: 'year', labelAngle: 0, grid: false },
} as const;
