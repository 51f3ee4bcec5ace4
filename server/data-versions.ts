import { randomBytes } from 'node:crypto';
import type { Database } from './db/database.js';

/**
 * What a write changes, named so that answers can say what they depend on: `data:<dataset>` for
 * an extract dataset's uploads, `data:<name>` for an official statistics import, `plans` for
 * action plans and their statuses.
 */
export type DataDomain = `data:${string}` | 'plans';

/**
 * The version of the data behind every answer, per domain. Only this process writes to the
 * database while it serves (DuckDB holds the file), so counters in memory are the truth; the
 * random epoch makes every version after a restart new, so an entity tag handed out before the
 * restart (when a CLI ingest may have run in between) can never match again.
 */
export class DataVersions {
  private readonly epoch = randomBytes(9).toString('base64url');
  /** Writes of any kind: the version of answers that depend on everything. */
  private writes = 0;
  /** Writes that did not say what they touch, and so touched every domain. */
  private everything = 0;
  private readonly counters = new Map<DataDomain, number>();
  private readonly listeners: ((domains: readonly DataDomain[] | 'all') => void)[] = [];

  /** The version of the given domains, or of everything; changes whenever any of them does. */
  token(domains: readonly DataDomain[] | 'all'): string {
    if (domains === 'all') return `${this.epoch}.${this.writes}`;
    return `${this.epoch}.${this.everything}.${domains.map((d) => `${d}=${this.counters.get(d) ?? 0}`).join(',')}`;
  }

  /** Marks the domains (or, when a writer does not say, everything) as changed. */
  bump(domains: readonly DataDomain[] | 'all'): void {
    this.writes += 1;
    if (domains === 'all') this.everything += 1;
    else for (const d of domains) this.counters.set(d, (this.counters.get(d) ?? 0) + 1);
    for (const listener of this.listeners) listener(domains);
  }

  onChange(listener: (domains: readonly DataDomain[] | 'all') => void): void {
    this.listeners.push(listener);
  }
}

const versions = new WeakMap<Database, DataVersions>();

/** The database's data versions: the write queue bumps them, the answer cache reads them. */
export function dataVersionsOf(db: Database): DataVersions {
  let found = versions.get(db);
  if (!found) {
    found = new DataVersions();
    versions.set(db, found);
  }
  return found;
}
