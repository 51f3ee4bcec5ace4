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

/**
 * Code changes where the area stayed the same: the old code has one successor and the new code
 * one predecessor. Splits (Northamptonshire) and mergers (Bournemouth and Poole into BCP) are
 * different areas.
 */
const RECODINGS_SQL = `
  SELECT old_code, new_code FROM (
    SELECT *, count(*) OVER (PARTITION BY old_code) AS successors, count(*) OVER (PARTITION BY new_code) AS predecessors
    FROM area_successors)
  WHERE successors = 1 AND predecessors = 1`;

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
  /** old code → new code, the inverse of `predecessor`. */
  private readonly successor = new Map<string, string>();

  private constructor(
    private readonly areas: Map<string, Area>,
    /** new code → old code, only where a code changed and the area did not (one to one). */
    private readonly predecessor: Map<string, string>,
    private readonly neighbourLists: Map<string, string[]>,
    /** Areas defined by a list of authorities rather than by parenthood (Inner and Outer London). */
    private readonly groups: Map<string, string[]>,
  ) {
    for (const [now, old] of predecessor) this.successor.set(old, now);
    for (const a of areas.values()) {
      if (!a.parent) continue;
      const list = this.children.get(a.parent) ?? [];
      list.push(a.code);
      this.children.set(a.parent, list);
    }
  }

  static async load(c: DuckDBConnection): Promise<AreaIndex> {
    const areas = await c.runAndReadAll('SELECT code, name, kind, parent_code, live FROM areas ORDER BY code');
    const successions = await c.runAndReadAll(RECODINGS_SQL);
    const neighbours = await c.runAndReadAll(
      'SELECT area_code, list(neighbour_code ORDER BY rank) AS codes FROM statistical_neighbours GROUP BY area_code',
    );
    const groups = await c.runAndReadAll('SELECT group_code, list(member_code ORDER BY member_code) AS codes FROM area_groups GROUP BY group_code');
    return new AreaIndex(
      new Map(
        areas.getRowObjectsJS().map((r) => [
          String(r.code),
          { code: String(r.code), name: String(r.name), kind: String(r.kind) as AreaKind, parent: r.parent_code === null ? null : String(r.parent_code), live: Boolean(r.live) },
        ]),
      ),
      new Map(successions.getRowObjectsJS().map((r) => [String(r.new_code), String(r.old_code)])),
      new Map(neighbours.getRowObjectsJS().map((r) => [String(r.area_code), (r.codes as string[]).map(String)])),
      new Map(groups.getRowObjectsJS().map((r) => [String(r.group_code), (r.codes as string[]).map(String)])),
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

  /** The code the area has today: its newest code where it was recoded (Sheffield E08000019 → E08000039). */
  current(code: string): string {
    const seen = new Set([code]);
    let now = code;
    for (let next = this.successor.get(now); next && !seen.has(next); next = this.successor.get(next)) {
      seen.add(next);
      now = next;
    }
    return now;
  }

  /** Every code the same area has had, newest first: one authority through time, whichever code is asked. */
  codesOf(code: string): string[] {
    const now = this.current(code);
    return [now, ...this.predecessors(now)];
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

  /** Upper-tier local authorities, live or retired, within a region (or Inner/Outer London) or England. */
  authoritiesIn(code: string): Area[] {
    const listed = this.groups.get(code);
    if (listed) return listed.map((c) => this.areas.get(c)).filter((a): a is Area => a !== undefined);
    return [...this.areas.values()].filter((a) => a.kind === 'la' && this.ancestry(a.code).some((x) => x.code === code));
  }

  /** England's nine regions, which between them cover it once (not Inner and Outer London). */
  regions(): Area[] {
    return [...this.areas.values()].filter((a) => a.kind === 'region' && a.parent === ENGLAND);
  }

  /** DfE's ten statistical neighbours of a local authority (2025 model), by the authority's code today. */
  neighbours(laCode: string): string[] {
    return this.neighbourLists.get(this.current(laCode)) ?? [];
  }
}
