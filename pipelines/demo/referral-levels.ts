/**
 * Expected CSE referrals per area and quarter, before the extra ones a planted campaign brings.
 *
 * Up to 2017-Q1 they follow the scenario: a rate per 10,000 children growing a little each year.
 * From 2017-Q2 (DfE reporting year 2018, April 2017 to March 2018) each LA's year follows the shape
 * of its published DfE count of children-in-need assessments recording CSE, so the demo's own
 * referrals meet real published figures for the same years. The scale is set where the two meet:
 * the scenario's year to March 2017 (planted shifts included) stands to DfE's 2018 count, and that
 * ratio holds for every later year. The months after March 2025 (no DfE figure yet) hold the 2025
 * level.
 */
import { populationIn, type DemoLa } from './demo-areas.js';
import { reportingYear, quarterIndex, type Quarter } from './demo-quarters.js';
import { LA_SCENARIOS, REFERRAL_SEASON } from './demo-scenario.js';
import { shiftFactor } from './planted-shifts.js';

/** The first and last reporting years the DfE counts give the demo's shape for. */
export const FIRST_PUBLISHED_YEAR = 2018;
export const LAST_PUBLISHED_YEAR = 2025;

/** Expected referrals (before campaign extras) for an area of the LA in a quarter. */
export type ReferralLevel = (areaCode: string, quarter: Quarter) => number;

const season = (quarter: Quarter): number => REFERRAL_SEASON[quarter.q - 1] ?? 1;

/** The scenario's growing rate, used up to the year to March 2017. */
function scenarioLevel(la: DemoLa, population: ReadonlyMap<number, number>, quarter: Quarter): number {
  const scenario = LA_SCENARIOS[la.key];
  const annualRate = scenario.referralRate * (1 + scenario.referralGrowth) ** (quarterIndex(quarter) / 4);
  return ((populationIn(population, quarter.year) * annualRate) / 10_000 / 4) * season(quarter);
}

/** Referrals the scenario expects for the whole LA in a quarter, campaign extras included. */
function scenarioTotal(la: DemoLa, quarter: Quarter): number {
  return la.areas.reduce((sum, a) => sum + scenarioLevel(la, a.population, quarter) * shiftFactor('referrals', a.code, quarter), 0);
}

function published(la: DemoLa, year: number): number {
  const count = la.publishedCse.get(year);
  if (count === undefined) throw new Error(`${la.code}: no published CSE count for ${year}`);
  return count;
}

export function referralLevel(la: DemoLa): ReferralLevel {
  const yearTo2017: Quarter[] = [{ year: 2016, q: 2 }, { year: 2016, q: 3 }, { year: 2016, q: 4 }, { year: 2017, q: 1 }];
  const scale = yearTo2017.reduce((sum, q) => sum + scenarioTotal(la, q), 0) / published(la, FIRST_PUBLISHED_YEAR);
  return (areaCode, quarter) => {
    const area = la.areas.find((a) => a.code === areaCode);
    if (!area) throw new Error(`${areaCode} is not an area of ${la.code}`);
    const year = reportingYear(quarter);
    if (year < FIRST_PUBLISHED_YEAR) return scenarioLevel(la, area.population, quarter);
    const laTotal = ((scale * published(la, Math.min(year, LAST_PUBLISHED_YEAR))) / 4) * season(quarter);
    // Areas share the LA's total by children, a planted campaign's area weighing its factor more.
    const weights = la.areas.reduce(
      (sum, a) => sum + populationIn(a.population, quarter.year) * shiftFactor('referrals', a.code, quarter),
      0,
    );
    return (laTotal * populationIn(area.population, quarter.year)) / weights;
  };
}
