/**
 * Measures of success as indicators (contracts.md): each measure of each plan is
 * `plan.<plan>.<measure>` in GET /api/indicators, for users who may read the plan's area, and its
 * quarterly values are a series in GET /api/series (`stat=value`, a `target` on each row), with SPC
 * like any other series, so that Trends draws it beside the extract indicators.
 */
import type { DuckDBConnection } from '@duckdb/node-api';

import type { MeasureDefinition } from '../../pipelines/action-plans/measures-file.js';
import { readMeasureHistory } from '../../pipelines/action-plans/measure-tables.js';
import type { MeasurePolarity } from '../../pipelines/action-plans/measure-values.js';
import type { AuthUser } from '../auth/roles.js';
import type { AreaIndex } from '../indicators/area-index.js';
import { mayReadArea } from '../indicators/area-access.js';
import type { IndicatorInfo, Unit } from '../indicators/catalogue.js';
import type { ListedIndicator } from '../indicators/load-catalogue.js';
import type { Polarity } from '../statistics/polarity.js';
import { measureIndicatorId } from './measure-view.js';
import { listPlans } from './plan-store.js';
import type { PlanListing } from './plan-view.js';

/** A measure's catalogue entry: the listing's fields, and the plan it belongs to. */
export interface MeasureIndicator extends ListedIndicator {
  kind: 'plan';
  plan: string;
  area_code: string;
  measure: string;
}

const UNIT: Readonly<Record<MeasureDefinition['unit'], Unit>> = { count: 'count', percent: 'percentage', score: 'value' };
const POLARITY: Readonly<Record<MeasurePolarity, Polarity>> = { up: 'high_is_good', down: 'low_is_good' };

const CAVEATS = [
  'A measure of success the partnership set itself in its action plan, recorded by the partnership quarter by quarter: not official statistics and not comparable between areas.',
  'The target is the plan\u2019s own aim for each quarter, where the plan gives one.',
];
const CHILDREN_CAVEAT = 'Counts children or young people: for viewers, counts from 1 to 4 are hidden.';

const PREFIX = 'plan.';

export function isMeasureIndicatorId(id: string): boolean {
  return id.startsWith(PREFIX);
}

/** The measures of every plan the user may read, as catalogue entries. */
export async function measureIndicators(c: DuckDBConnection, user: AuthUser, areas: AreaIndex): Promise<MeasureIndicator[]> {
  const found: MeasureIndicator[] = [];
  for (const plan of await listPlans(c)) {
    const area = areas.get(plan.area_code);
    if (area === undefined || !mayReadArea(user, area, areas)) continue;
    const history = await readMeasureHistory(c, plan.plan);
    for (const m of history.measures) {
      const periods = [...new Set(history.values.filter((v) => v.measure === m.measure).map((v) => v.period))].sort();
      found.push(measureIndicator(plan, m, periods));
    }
  }
  return found;
}

/** The one measure an id names, with its plan, or null: the id is matched, never put in SQL. */
export async function findMeasureIndicator(c: DuckDBConnection, id: string): Promise<MeasureIndicator | null> {
  if (!isMeasureIndicatorId(id)) return null;
  const plan = (await listPlans(c)).find((p) => id.startsWith(`${PREFIX}${p.plan}.`));
  if (plan === undefined) return null;
  const history = await readMeasureHistory(c, plan.plan);
  const measure = history.measures.find((m) => measureIndicatorId(plan.plan, m.measure) === id);
  if (measure === undefined) return null;
  const periods = history.values.filter((v) => v.measure === measure.measure).map((v) => v.period).sort();
  return measureIndicator(plan, measure, periods);
}

function measureIndicator(plan: PlanListing, m: MeasureDefinition, periods: string[]): MeasureIndicator {
  const info: IndicatorInfo = {
    id: measureIndicatorId(plan.plan, m.measure),
    name: m.name,
    definition: `${m.name}: a measure of success of ${plan.name}, recorded quarter by quarter against the plan\u2019s target.`,
    numerator: m.name,
    denominator: 'None: the value as the partnership recorded it',
    unit: UNIT[m.unit],
    polarity: m.polarity === null ? 'none' : POLARITY[m.polarity],
    polarity_reason: m.polarity === null
      ? 'The plan does not say which way is better for this measure.'
      : `The plan's own reading: ${m.polarity === 'up' ? 'higher' : 'lower'} is better (its measures.csv gives polarity ${m.polarity}).`,
    source: `${plan.name} (measures of success recorded by the partnership)`,
    caveats: m.counts_children ? [...CAVEATS, CHILDREN_CAVEAT] : [...CAVEATS],
    breakdowns: [],
    stats: ['value'],
    period_types: ['quarter'],
  };
  // Measures are listed on their plan's page, which says when each quarter was recorded.
  return { ...info, kind: 'plan', dataset: null, filters: [], periods, last_updated: null, plan: plan.plan, area_code: plan.area_code, measure: m.measure };
}
