/**
 * Synthetic CSE referrals, one per referral, with canonical dimension values. Files are rendered
 * from these records, so aggregate and record-level files tell the same story.
 */
import { COMMON_DIMENSIONS } from '../extract-schema.js';
import type { DemoLa } from './demo-areas.js';
import { DEMO_QUARTERS, daysInQuarter, isoDateInQuarter, type Quarter } from './demo-quarters.js';
import {
  AGE_YEARS,
  CAMPAIGN_SOURCE,
  CONCERN_BY_RISK,
  ETHNICITY_UNKNOWN,
  EXPLOITATION_MODEL_UNKNOWN,
  LA_SCENARIOS,
  LOOKED_AFTER,
  MALE_SHARE,
  REFERRAL_AGE,
  REFERRAL_SOURCE,
  REPEAT_REFERRAL_SHARE,
  RISK_LEVEL,
  SEX_OTHER_SHARE,
  SEX_UNKNOWN_SHARE,
  exploitationModel,
  onTrend,
  type LaScenario,
} from './demo-scenario.js';
import { shiftFactor, shiftLevel } from './planted-shifts.js';
import { referralLevel } from './referral-levels.js';
import { WeightedTable, type Prng } from './prng.js';

export type ReferralDimension =
  | 'age_band'
  | 'sex'
  | 'ethnicity'
  | 'looked_after'
  | 'source'
  | 'risk_level'
  | 'concern'
  | 'exploitation_model';

export interface ReferralRecord {
  readonly quarter: Quarter;
  /** `yyyy-mm-dd`, within the quarter. */
  readonly date: string;
  readonly areaCode: string;
  /** Whole years; null where the age is not recorded. */
  readonly age: number | null;
  /** Canonical values of the dictionary. */
  readonly dims: Readonly<Record<ReferralDimension, string>>;
  /** DfE four-letter code behind `dims.ethnicity`; '' where none was recorded. */
  readonly ethnicityCode: string;
  /** The child was already referred earlier in the quarter. */
  readonly repeat: boolean;
}

/**
 * DfE codes by major group, read from the dictionary's aliases. The first code listed for a
 * group (WBRI, MWBC, AIND, BAFR, OOTH) is the commonest; the rest share 30%.
 */
const ETHNICITY_CODES: ReadonlyMap<string, WeightedTable<string>> = (() => {
  const ethnicity = COMMON_DIMENSIONS.find((d) => d.name === 'ethnicity');
  const byGroup = new Map<string, string[]>();
  for (const [code, group] of Object.entries(ethnicity?.aliases ?? {})) {
    byGroup.set(group, [...(byGroup.get(group) ?? []), code.toUpperCase()]);
  }
  // Not obtained and refused are codes; a blank is the commonest way of not recording it.
  byGroup.set('unknown', [...(byGroup.get('unknown') ?? []), '']);
  return new Map(
    [...byGroup].map(([group, codes]) => [
      group,
      new WeightedTable(codes.map((code, i): [string, number] => [code, i === 0 ? 0.7 : 0.3 / (codes.length - 1)])),
    ]),
  );
})();

function ethnicityCode(group: string, prng: Prng): string {
  const codes = ETHNICITY_CODES.get(group);
  if (!codes) throw new Error(`no DfE ethnicity codes for ${group}`);
  return prng.choose(codes);
}

interface QuarterContext {
  readonly quarter: Quarter;
  readonly areaCode: string;
  readonly scenario: LaScenario;
  readonly maleShare: number;
  readonly ethnicity: WeightedTable<string>;
  readonly model: WeightedTable<string>;
}

/** Sex of a child referred: a few unknown or other, then boys at `maleShare`. */
export function drawReferralSex(prng: Prng, maleShare: number): string {
  const u = prng.next();
  if (u < SEX_UNKNOWN_SHARE) return 'unknown';
  if (u < SEX_UNKNOWN_SHARE + SEX_OTHER_SHARE) return 'other';
  return prng.bernoulli(maleShare) ? 'male' : 'female';
}

function drawRecord(ctx: QuarterContext, sources: WeightedTable<string>, prng: Prng): ReferralRecord {
  const { quarter } = ctx;
  const sex = drawReferralSex(prng, ctx.maleShare);
  const ageBand = prng.choose(REFERRAL_AGE[sex === 'male' ? 'male' : 'female']);
  const ageRange = AGE_YEARS[ageBand];
  const ethnicity = prng.bernoulli(onTrend(ETHNICITY_UNKNOWN, quarter)) ? 'unknown' : prng.choose(ctx.ethnicity);
  const risk = prng.bernoulli(onTrend(ctx.scenario.riskUnknown, quarter)) ? 'unknown' : prng.choose(RISK_LEVEL);
  const concernTable = CONCERN_BY_RISK[risk];
  if (!concernTable) throw new Error(`no concern mix for risk ${risk}`);
  return {
    quarter,
    date: isoDateInQuarter(quarter, prng.int(0, daysInQuarter(quarter) - 1)),
    areaCode: ctx.areaCode,
    age: ageRange ? prng.int(ageRange[0], ageRange[1]) : null,
    dims: {
      age_band: ageBand,
      sex,
      ethnicity,
      looked_after: prng.choose(LOOKED_AFTER),
      source: prng.choose(sources),
      risk_level: risk,
      concern: prng.choose(concernTable),
      exploitation_model: prng.bernoulli(onTrend(EXPLOITATION_MODEL_UNKNOWN, quarter))
        ? 'unknown'
        : prng.choose(ctx.model),
    },
    ethnicityCode: ethnicityCode(ethnicity, prng),
    repeat: prng.bernoulli(REPEAT_REFERRAL_SHARE),
  };
}

/** Every referral of the LA over the demo quarters, by quarter, then area, then date. */
export function simulateReferrals(la: DemoLa, prng: Prng): ReferralRecord[] {
  const scenario = LA_SCENARIOS[la.key];
  const ethnicity = new WeightedTable(Object.entries(scenario.ethnicity));
  const level = referralLevel(la);
  const records: ReferralRecord[] = [];
  for (const quarter of DEMO_QUARTERS) {
    const model = exploitationModel(quarter);
    for (const area of la.areas) {
      const ctx: QuarterContext = {
        quarter,
        areaCode: area.code,
        scenario,
        maleShare: shiftLevel('male_share', area.code, quarter) ?? MALE_SHARE,
        ethnicity,
        model,
      };
      const rng = prng.derive(`${area.code}/${quarter.year}Q${quarter.q}`);
      const expected = level(area.code, quarter);
      // Referrals an awareness campaign prompts arrive on top of the usual ones, from the
      // community and schools it reached.
      const extra = expected * (shiftFactor('referrals', area.code, quarter) - 1);
      const batch: ReferralRecord[] = [];
      for (let n = rng.poisson(expected); n > 0; n--) batch.push(drawRecord(ctx, REFERRAL_SOURCE, rng));
      for (let n = rng.poisson(extra); n > 0; n--) batch.push(drawRecord(ctx, CAMPAIGN_SOURCE, rng));
      batch.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
      records.push(...batch);
    }
  }
  return records;
}
