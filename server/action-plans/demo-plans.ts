/**
 * The four seed plans (data/examples/action-plans) in the demo database, so that the plan pages and
 * the impact views have the real plans to show against the demo series, whose planted shifts
 * follow some of these actions (pipelines/demo/planted-shifts.ts).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { importActionPlans } from '../../pipelines/action-plans/import-plan.js';
import { decodePlanFile } from '../../pipelines/action-plans/plan-text.js';
import { EXAMPLES_DIR } from '../../pipelines/project-paths.js';
import { linkableIndicatorIds } from './linkable-indicators.js';

const PLANS_DIR = join(EXAMPLES_DIR, 'action-plans');
const ACTIONS_SUFFIX = '.actions.csv';

export async function importDemoPlans(c: DuckDBConnection): Promise<void> {
  const indicatorIds = await linkableIndicatorIds(c);
  const slugs = readdirSync(PLANS_DIR).filter((file) => file.endsWith(ACTIONS_SUFFIX)).map((file) => file.slice(0, -ACTIONS_SUFFIX.length)).sort();
  for (const slug of slugs) {
    const read = (suffix: string) => decodePlanFile(readFileSync(join(PLANS_DIR, `${slug}.${suffix}.csv`)));
    // Measures of success are optional; the demo's are synthetic (see the examples' README).
    const measures = existsSync(join(PLANS_DIR, `${slug}.measures.csv`)) ? { measures: read('measures') } : {};
    const result = await importActionPlans(c, { actions: read('actions'), status: read('status'), ...measures, indicatorIds, user: 'demo' });
    if (!result.ok) throw new Error(`demo plan ${slug} was refused: ${result.errors[0]?.message ?? 'unknown problem'}`);
  }
}
