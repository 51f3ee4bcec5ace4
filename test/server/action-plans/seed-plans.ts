/** The four seed plans (data/examples/action-plans) as an upload would send them. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { EXAMPLES_DIR } from '../../../pipelines/project-paths.js';

export const SEED_PLANS = [
  { slug: 'cherwell-csp-cse-prevention', area: 'E07000177', actions: 13 },
  { slug: 'warwickshire-wscb-cse-2013-14', area: 'E10000031', actions: 17 },
  { slug: 'nottingham-cse-2012-14', area: 'E06000018', actions: 26 },
  { slug: 'stockport-sscb-cse-2014-16', area: 'E08000007', actions: 40 },
] as const;

export function seedFiles(slug: string): { actions: string; status: string; measures?: string } {
  const path = (file: string) => join(EXAMPLES_DIR, 'action-plans', `${slug}.${file}.csv`);
  const read = (file: string) => readFileSync(path(file), 'utf8');
  return { actions: read('actions'), status: read('status'), ...(existsSync(path('measures')) ? { measures: read('measures') } : {}) };
}
