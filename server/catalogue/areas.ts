import type { DuckDBConnection } from '@duckdb/node-api';
import { DATASET_IDS } from '../../pipelines/extract-schema.js';
import { AreaIndex, type AreaKind } from '../indicators/area-index.js';

/** One area as GET /api/areas lists it. */
export interface AreaListing {
  code: string;
  name: string;
  kind: AreaKind;
  parent_code: string | null;
  /** The region the area lies in (itself for a region), null for England. */
  region_code: string | null;
  live: boolean;
  /** Older codes of the same area (Sheffield E08000039: E08000019), newest first; empty for most. */
  former_codes: string[];
  /** DfE statistical neighbours, closest first (live LAs only; empty otherwise). */
  neighbours: string[];
  /** Whether any extract dataset holds rows for the area; null where the user may not read it. */
  has_data: boolean | null;
  /** Whether the user may read the area's own figures (England and the regions: always). */
  readable: boolean;
}

interface AreaRow {
  code: string;
  name: string;
  kind: AreaKind;
  parent_code: string | null;
  live: boolean;
}

/**
 * Every area of the reference data with its region, statistical neighbours and whether extract
 * data are loaded for it, in code order. `readable` is true for all; the route narrows it.
 */
export async function listAreas(c: DuckDBConnection): Promise<AreaListing[]> {
  const areas = (await c.runAndReadAll('SELECT code, name, kind, parent_code, live FROM areas ORDER BY code'))
    .getRowObjectsJS()
    .map((r): AreaRow => ({
      code: String(r.code),
      name: String(r.name),
      kind: String(r.kind) as AreaKind,
      parent_code: r.parent_code === null ? null : String(r.parent_code),
      live: Boolean(r.live),
    }));
  const neighbours = new Map(
    (await c.runAndReadAll('SELECT area_code, list(neighbour_code ORDER BY rank) AS codes FROM statistical_neighbours GROUP BY area_code'))
      .getRowObjectsJS()
      .map((r) => [String(r.area_code), (r.codes as unknown[]).map(String)]),
  );
  const withData = new Set(
    (await c.runAndReadAll(DATASET_IDS.map((id) => `SELECT DISTINCT area_code FROM ${id}_facts`).join(' UNION ')))
      .getRowObjectsJS()
      .map((r) => String(r.area_code)),
  );
  const index = await AreaIndex.load(c);
  const regions = regionsOf(areas);
  return areas.map((a) => ({
    ...a,
    region_code: regions.get(a.code) ?? null,
    former_codes: index.predecessors(a.code),
    neighbours: neighbours.get(a.code) ?? [],
    has_data: withData.has(a.code),
    readable: true,
  }));
}

/** Area code → the code of the region it is or lies in (parents followed, cycles cut). */
export function regionsOf(areas: readonly Pick<AreaRow, 'code' | 'kind' | 'parent_code'>[]): Map<string, string> {
  const byCode = new Map(areas.map((a) => [a.code, a]));
  const out = new Map<string, string>();
  for (const area of areas) {
    const seen = new Set<string>();
    for (let a: typeof area | undefined = area; a && !seen.has(a.code); a = a.parent_code ? byCode.get(a.parent_code) : undefined) {
      seen.add(a.code);
      if (a.kind === 'region') {
        out.set(area.code, a.code);
        break;
      }
    }
  }
  return out;
}
