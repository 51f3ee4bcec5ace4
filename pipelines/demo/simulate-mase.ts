/**
 * Synthetic MASE (multi-agency sexual exploitation meeting) activity. Cases are a stock that
 * carries over: every open case is discussed each quarter until closed, so `cases_discussed`
 * moves more smoothly than `new_cases`, as real caseloads do.
 */
import type { DemoLa } from './demo-areas.js';
import { DEMO_QUARTERS, type Quarter } from './demo-quarters.js';
import {
  MASE_CLOSED_RISK_REDUCED,
  MASE_CLOSE_SHARE,
  MASE_DISRUPTIONS_PER_CASE,
  MASE_LOCATIONS_PER_CASE,
  MASE_PERPETRATORS_PER_CASE,
  MASE_RISK,
  MASE_RISK_WEIGHT,
  MASE_SHARE_OF_REFERRALS,
  onTrend,
} from './demo-scenario.js';
import { shiftFactor } from './planted-shifts.js';
import type { Prng } from './prng.js';
import { referralLevel } from './referral-levels.js';

export type MaseMeasure =
  | 'cases_discussed'
  | 'new_cases'
  | 'cases_closed'
  | 'closed_risk_reduced'
  | 'perpetrators_identified'
  | 'locations_identified'
  | 'disruption_actions';

export type MaseRisk = keyof typeof MASE_RISK;

export interface MaseRow {
  readonly quarter: Quarter;
  readonly areaCode: string;
  readonly riskLevel: MaseRisk;
  readonly measures: Readonly<Record<MaseMeasure, number>>;
}

const RISKS = Object.keys(MASE_RISK) as MaseRisk[];

/** One row per quarter, area and risk level (zeros included: a quiet quarter is data too). */
export function simulateMase(la: DemoLa, prng: Prng): MaseRow[] {
  const level = referralLevel(la);
  const newCasesExpected = (areaCode: string, quarter: Quarter, risk: MaseRisk): number =>
    level(areaCode, quarter) *
    shiftFactor('referrals', areaCode, quarter) *
    MASE_SHARE_OF_REFERRALS *
    MASE_RISK[risk];

  const rows: MaseRow[] = [];
  const open = new Map<string, number>();
  for (const quarter of DEMO_QUARTERS) {
    for (const area of la.areas) {
      const rng = prng.derive(`${area.code}/${quarter.year}Q${quarter.q}`);
      for (const risk of RISKS) {
        const key = `${area.code}/${risk}`;
        // The meeting was running before the demo starts: open it with about 1.5 quarters of cases.
        const carried = open.get(key) ?? rng.poisson(1.5 * newCasesExpected(area.code, quarter, risk));
        const newCases = rng.poisson(newCasesExpected(area.code, quarter, risk));
        const discussed = carried + newCases;
        const closed = rng.binomial(discussed, MASE_CLOSE_SHARE);
        const weight = MASE_RISK_WEIGHT[risk];
        open.set(key, discussed - closed);
        rows.push({
          quarter,
          areaCode: area.code,
          riskLevel: risk,
          measures: {
            cases_discussed: discussed,
            new_cases: newCases,
            cases_closed: closed,
            closed_risk_reduced: rng.binomial(closed, onTrend(MASE_CLOSED_RISK_REDUCED, quarter)),
            perpetrators_identified: rng.poisson(discussed * MASE_PERPETRATORS_PER_CASE * weight),
            locations_identified: rng.poisson(discussed * MASE_LOCATIONS_PER_CASE * weight),
            disruption_actions: rng.poisson(
              discussed * MASE_DISRUPTIONS_PER_CASE * weight * shiftFactor('disruption_actions', area.code, quarter),
            ),
          },
        });
      }
    }
  }
  return rows;
}
