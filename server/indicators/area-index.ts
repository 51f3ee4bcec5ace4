import type { DuckDBConnection } from '@duckdb/node-api';
import type { Database } from '../db/database.js';

export type AreaKind = 'country' | 'region' | 'la' | 'district' | 'locality';

export interface Area {
  code: string;
  name: string;
  kind: AreaKind;
  parent: string | null;
  live: boolean;
}

export const ENGLAND = 'E92000001';

/** Areas change rarely (a partnership registers a locality); a series should not reread them. */
const CACHE_MS = 30_000;
const cache = new WeakMap<Database, { at: number; index: Promise<AreaIndex> }>();

/** The database's area index, reread at most every 30 seconds. */
export function areaIndexOf(db: Database): Promise<AreaIndex> {
  const hit = cache.get(db);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.index;
  const index = db.withConnection((c) => AreaIndex.load(c));
  cache.set(db, { at: Date.now(), index });
  index.catch(() => cache.delete(db));
  return index;
}

/**
 * The area hierarchy, code successions and statistical neighbours in memory: a few hundred rows.
 * Every series question about "which rows belong to this area" is answered here and handed to
 * SQL as lists.
 */
export class AreaIndex {
  private readonly children = new Map<string, string[]>();

  private constructor(
    private readonly areas: Map<string, Area>,
    /** new code → old code, only where a code changed and the area did not (one to one). */
    private readonly predecessor: Map<string, string>,
    private readonly neighbourLists: Map<string, string[]>,
  ) {
    for (const a of areas.values()) {
      if (!a.parent) continue;
      const list = this.children.get(a.parent) ?? [];
      list.push(a.code);
      this.children.set(a.parent, list);
    }
  }

  static async load(c: DuckDBConnection): Promise<AreaIndex> {
    const areas = await c.runAndReadAll('SELECT code, name, kind, parent_code, live FROM areas ORDER BY code');
    // One to one: the old code has one successor and the new code one predecessor. Splits
    // (Northamptonshire) and mergers (Bournemouth and Poole into BCP) are different areas.
    const successions = await c.runAndReadAll(`
      SELECT old_code, new_code FROM (
        SELECT *, count(*) OVER (PARTITION BY old_code) AS successors, count(*) OVER (PARTITION BY new_code) AS predecessors
        FROM area_successors)
      WHERE successors = 1 AND predecessors = 1`);
    const neighbours = await c.runAndReadAll(
      'SELECT area_code, list(neighbour_code ORDER BY rank) AS codes FROM statistical_neighbours GROUP BY area_code',
    );
    return new AreaIndex(
      new Map(
        areas.getRowObjectsJS().map((r) => [
          String(r.code),
          { code: String(r.code), name: String(r.name), kind: String(r.kind) as AreaKind, parent: r.parent_code === null ? null : String(r.parent_code), live: Boolean(r.live) },
        ]),
      ),
      new Map(successions.getRowObjectsJS().map((r) => [String(r.new_code), String(r.old_code)])),
      new Map(neighbours.getRowObjectsJS().map((r) => [String(r.area_code), (r.codes as string[]).map(String)])),
    );
  }

  get(code: string): Area | undefined {
    return this.areas.get(code);
  }

  /** The area and everything below it (districts, localities). */
  subtree(code: string): string[] {
    const out: string[] = [];
    const visit = (c: string) => {
      out.push(c);
      for (const child of this.children.get(c) ?? []) visit(child);
    };
    visit(code);
    return out;
  }

  /** Older codes of the same area, most recent first (North Yorkshire E06000065 ← E10000023). */
  predecessors(code: string): string[] {
    const out: string[] = [];
    for (let old = this.predecessor.get(code); old && !out.includes(old); old = this.predecessor.get(old)) out.push(old);
    return out;
  }

  /** The area itself and its ancestors, nearest first. */
  ancestry(code: string): Area[] {
    const out: Area[] = [];
    for (let a = this.areas.get(code); a && !out.includes(a); a = a.parent ? this.areas.get(a.parent) : undefined) out.push(a);
    return out;
  }

  /** The local authority (upper tier) the area is, or lies in. */
  authorityOf(code: string): Area | null {
    return this.ancestry(code).find((a) => a.kind === 'la') ?? null;
  }

  regionOf(code: string): Area | null {
    return this.ancestry(code).find((a) => a.kind === 'region') ?? null;
  }

  /** Upper-tier local authorities, live or retired, within a region or England. */
  authoritiesIn(code: string): Area[] {
    return [...this.areas.values()].filter((a) => a.kind === 'la' && this.ancestry(a.code).some((x) => x.code === code));
  }

  regions(): Area[] {
    return [...this.areas.values()].filter((a) => a.kind === 'region');
  }

  /** DfE's ten statistical neighbours of a local authority (2025 model; live authorities only). */
  neighbours(laCode: string): string[] {
    return this.neighbourLists.get(laCode) ?? [];
  }
}
