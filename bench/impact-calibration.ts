/**
 * Calibration of the impact verdict by simulation (design/statistics.md, "Did an action move its
 * indicator?"): how often it calls a change where there was none, or where a trend merely went on,
 * and how often it sees a 30% step, by quarterly mean and by series length. Three methods side by
 * side: the verdict's model (interrupted time series, level + trend + step), the full segmented
 * model (which also lets the slope change), and the old before/after difference of four-quarter
 * means with Welch's interval.
 *
 * Series: Poisson counts on a constant population, the demo's seasonality (× 1 / 1.05 / 0.85 / 1.1
 * by quarter of the year) at a random phase, L quarters before, the transition quarter, L after.
 * Quarterly means are drawn evenly within four bands (5–10, 10–20, 20–40, 40–80), L from 4, 8, 12, 16.
 */
import { Prng } from '../pipelines/demo/prng.js';
import { interruptedTimeSeries, type ItsPoint } from '../server/statistics/interrupted-time-series.js';
import { levelChange } from '../server/statistics/level-change.js';

const SERIES_PER_SCENARIO = 1000;
const BANDS = [[5, 10], [10, 20], [20, 40], [40, 80]] as const;
const LENGTHS = [4, 8, 12, 16] as const;
const SEASON = [1, 1.05, 0.85, 1.1] as const;
const STEP = 1.3;
const TREND = 0.05;
const POPULATION = 10_000;

type Scenario = 'no_effect' | 'step_30' | 'trend_5';
type Method = 'its' | 'its_slope' | 'old';
const METHODS: readonly Method[] = ['its', 'its_slope', 'old'];
const SCENARIOS: readonly Scenario[] = ['no_effect', 'trend_5', 'step_30'];

interface Outcome {
  scenario: Scenario;
  band: number;
  length: number;
  /** Whether each method gave a verdict other than "no clear change" (a change was called). */
  called: Record<Method, boolean>;
}

export interface ImpactCalibration {
  seriesPerScenario: number;
  /** Share of series with a change called, by scenario, method and mean band ("5-10", …, "all"). */
  byBand: Record<Scenario, Record<Method, Record<string, number>>>;
  /** Share of 30% steps detected by band and length each side. */
  powerByLength: Record<Method, Record<string, Record<string, number>>>;
  /** The design's target cell: mean 40 or more, 12 or more quarters each side. */
  powerTarget: Record<Method, number>;
  ms: number;
}

export function runImpactCalibration(seed = 20261206): ImpactCalibration {
  const started = performance.now();
  const outcomes: Outcome[] = [];
  for (const scenario of SCENARIOS) {
    const prng = new Prng(seed, scenario);
    for (let i = 0; i < SERIES_PER_SCENARIO; i++) {
      const band = i % BANDS.length;
      const length = LENGTHS[Math.floor(i / BANDS.length) % LENGTHS.length]!;
      const [low, high] = BANDS[band]!;
      const mean = prng.uniform(low, high);
      const phase = prng.int(0, 3);
      const trend = prng.bernoulli(0.5) ? 1 + TREND : 1 - TREND;
      const points: ItsPoint[] = [];
      for (let t = -length; t <= length; t++) {
        let mu = mean * SEASON[(((t + phase) % 4) + 4) % 4]!;
        if (scenario === 'trend_5') mu *= trend ** t;
        // The transition quarter holds the action: half its quarter is after it.
        if (scenario === 'step_30') mu *= t > 0 ? STEP : t === 0 ? (1 + STEP) / 2 : 1;
        points.push({ t, quarter: ((((t + phase) % 4) + 4) % 4) + 1, numerator: prng.poisson(mu), denominator: POPULATION });
      }
      outcomes.push({ scenario, band, length, called: judge(points) });
    }
  }
  return {
    seriesPerScenario: SERIES_PER_SCENARIO,
    byBand: Object.fromEntries(SCENARIOS.map((scenario) => [scenario, Object.fromEntries(METHODS.map((method) => {
      const of = outcomes.filter((o) => o.scenario === scenario);
      const bands = BANDS.map(([low, high], band) => [`${low}-${high}`, share(of.filter((o) => o.band === band), method)]);
      return [method, Object.fromEntries([...bands, ['all', share(of, method)]])];
    })) as Record<Method, Record<string, number>>])) as ImpactCalibration['byBand'],
    powerByLength: Object.fromEntries(METHODS.map((method) => [method, Object.fromEntries(BANDS.map(([low, high], band) => [
      `${low}-${high}`,
      Object.fromEntries(LENGTHS.map((length) => [String(length), share(outcomes.filter((o) => o.scenario === 'step_30' && o.band === band && o.length === length), method)])),
    ]))])) as ImpactCalibration['powerByLength'],
    powerTarget: Object.fromEntries(METHODS.map((method) => [
      method,
      share(outcomes.filter((o) => o.scenario === 'step_30' && o.band === 3 && o.length >= 12), method),
    ])) as Record<Method, number>,
    ms: performance.now() - started,
  };
}

function judge(points: readonly ItsPoint[]): Record<Method, boolean> {
  const its = interruptedTimeSeries(points, { kind: 'rate', per: POPULATION });
  const excludesOne = (i: { lower95: number; upper95: number } | undefined) => i !== undefined && (i.lower95 > 1 || i.upper95 < 1);
  // The old method: the 4 quarters up to and including the action's quarter against the 4 after.
  const value = (t: number) => points.find((p) => p.t === t)!.numerator;
  const old = levelChange([-3, -2, -1, 0].map(value), [1, 2, 3, 4].map(value));
  return {
    its: excludesOne(its?.step_ratio),
    its_slope: excludesOne(its?.step_ratio_with_slope_change),
    old: old !== null && (old.lower95 > 0 || old.upper95 < 0),
  };
}

function share(outcomes: readonly Outcome[], method: Method): number {
  return outcomes.length === 0 ? Number.NaN : outcomes.filter((o) => o.called[method]).length / outcomes.length;
}

/** The figures as a Markdown table, for the log and the report. */
export function calibrationTable(r: ImpactCalibration): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const bands = [...BANDS.map(([low, high]) => `${low}-${high}`), 'all'];
  const lines = [
    `Series with a change called (target: no effect ≤ 5%, trend only ≤ 10%; for steps, higher is better). ${r.seriesPerScenario} series per scenario.`,
    `| scenario | method | ${bands.join(' | ')} |`,
    `|---|---|${bands.map(() => '---').join('|')}|`,
    ...SCENARIOS.flatMap((scenario) => METHODS.map((method) => `| ${scenario} | ${method} | ${bands.map((b) => pct(r.byBand[scenario][method][b]!)).join(' | ')} |`)),
    '',
    '30% steps detected, by quarterly mean (rows) and quarters each side (columns):',
    `| method | mean | ${LENGTHS.join(' | ')} |`,
    `|---|---|${LENGTHS.map(() => '---').join('|')}|`,
    ...METHODS.flatMap((method) => Object.entries(r.powerByLength[method]).map(([band, byLength]) => `| ${method} | ${band} | ${LENGTHS.map((l) => pct(byLength[String(l)]!)).join(' | ')} |`)),
    '',
    `Mean 40-80 with 12 or more quarters each side (target ≥ 80%): ${METHODS.map((m) => `${m} ${pct(r.powerTarget[m])}`).join(', ')}.`,
  ];
  return lines.join('\n');
}
