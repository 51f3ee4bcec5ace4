/**
 * What the Overview's pickers offer a user, and where the Overview starts when the address names
 * no area or quarter: carried in the Overview's own answer, so that a board member's first page is
 * drawn from one request (with the session) instead of also fetching the area list and catalogue.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { rollupTable } from '../../pipelines/extract-rollup.js';
import { DATASET_IDS, DATASETS } from '../../pipelines/extract-schema.js';
import type { AuthUser } from '../auth/roles.js';
import { mayReadArea, readableAreaCodes } from '../indicators/area-access.js';
import type { AreaIndex, AreaKind } from '../indicators/area-index.js';
import { quarterIndex } from '../indicators/periods.js';

export interface OverviewChoices {
  /**
   * Areas with extract data, and the LAs their districts roll up to, that the user may read:
   * LAs first, then districts (and any other kind), each in name order.
   */
  areas: { code: string; name: string; kind: AreaKind }[];
  /** Quarters of extract data in the areas the user may read, newest first. */
  quarters: string[];
}

const KIND_ORDER: Readonly<Record<AreaKind, number>> = { la: 0, district: 1, locality: 2, region: 3, country: 4 };

export async function overviewChoices(c: DuckDBConnection, areas: AreaIndex, user: AuthUser): Promise<OverviewChoices> {
  // A partition is stored when its rollup has a total row: far fewer rows to read than the facts.
  const totals = (sql: (table: string) => string) => DATASET_IDS.map((id) => sql(rollupTable(DATASETS[id]))).join(' UNION ');
  const withData = (await c.runAndReadAll(totals((t) => `SELECT DISTINCT area_code FROM ${t} WHERE dimension = ''`)))
    .getRowObjectsJS()
    .map((r) => String(r.area_code));
  const codes = new Set(withData);
  for (const code of withData) {
    const parent = areas.get(code)?.parent;
    if (parent && areas.get(parent)?.kind === 'la') codes.add(parent);
  }
  const offered = [...codes]
    .map((code) => areas.get(code))
    .filter((a) => a !== undefined && mayReadArea(user, a, areas))
    .map((a) => ({ code: a!.code, name: a!.name, kind: a!.kind }))
    .sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.name.localeCompare(b.name, 'en-GB'));

  // Only the user's areas' quarters, as GET /api/indicators lists them: they do not learn when others reported.
  const readable = readableAreaCodes(user, areas);
  const periods = await c.runAndReadAll(
    totals((t) => `SELECT DISTINCT period FROM ${t} WHERE dimension = ''${readable === null ? '' : ' AND list_contains($codes::JSON::VARCHAR[], area_code)'}`),
    readable === null ? {} : { codes: JSON.stringify(readable) },
  );
  const quarters = periods.getRowObjectsJS().map((r) => String(r.period)).filter((p) => quarterIndex(p) !== null).sort().reverse();
  return { areas: offered, quarters };
}

/** Where the Overview starts: the user's own first area, else the first LA with data, else the first area offered. */
export function defaultOverviewArea(choices: OverviewChoices, user: AuthUser, areas: AreaIndex): string | null {
  const own = user.areas?.[0];
  if (own !== undefined && areas.get(own) !== undefined) return own;
  return choices.areas.find((a) => a.kind === 'la')?.code ?? choices.areas[0]?.code ?? null;
}
