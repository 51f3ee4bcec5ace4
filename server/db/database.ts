import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { migrate } from './migrations.js';

export const DEFAULT_DB_PATH = 'data/cse-profile.duckdb';

export interface DatabaseOptions {
  path: string;
  /** DuckDB's own cap; the process also holds Node's heap, so keep this well under the machine. */
  memoryLimit?: string;
  tempDirectory?: string;
  threads?: number;
  /** Connections kept open for reads; writes take their own. */
  poolSize?: number;
}

/** Thrown when another process holds the database file's lock (for example a running server). */
export class DatabaseLockedError extends Error {
  constructor(readonly path: string) {
    super(`The database ${path} is in use by another process (is the server running?).`);
    this.name = 'DatabaseLockedError';
  }
}

export function resolveDbPath(flag?: string): string {
  return resolve(flag ?? process.env.CSE_PROFILE_DB ?? DEFAULT_DB_PATH);
}

/**
 * One DuckDB instance per process, with a small pool of connections. DuckDB connections run
 * queries on libuv's thread pool, so the pool must stay smaller than UV_THREADPOOL_SIZE or a
 * burst of queries can starve each other and hang.
 */
export class Database {
  private readonly idle: DuckDBConnection[] = [];
  private readonly waiting: ((c: DuckDBConnection) => void)[] = [];
  private open = 0;
  private closed = false;

  private constructor(
    readonly instance: DuckDBInstance,
    readonly path: string,
    private readonly poolSize: number,
  ) {}

  static async open(options: DatabaseOptions): Promise<Database> {
    const path = options.path === ':memory:' ? ':memory:' : resolve(options.path);
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const tempDirectory = options.tempDirectory ?? (path === ':memory:' ? resolve('data/tmp') : `${path}.tmp`);
    const config: Record<string, string> = {
      // DuckDB spills beyond this; the process's peak stays under 1 GiB even for a
      // 5-million-row upload (see npm run bench).
      memory_limit: options.memoryLimit ?? process.env.CSE_PROFILE_MEMORY_LIMIT ?? '512MB',
      temp_directory: tempDirectory,
      threads: String(options.threads ?? Math.max(1, Math.min(4, defaultThreads()))),
      // Order is kept only where it is asked for (ORDER BY, or the ingest slow path's single-
      // threaded read); keeping it everywhere costs a third of an upload's time.
      preserve_insertion_order: 'false',
    };
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path, config);
    } catch (error) {
      if (error instanceof Error && /lock/i.test(error.message)) throw new DatabaseLockedError(path);
      throw error;
    }
    const poolSize = options.poolSize ?? defaultPoolSize();
    const db = new Database(instance, path, poolSize);
    await db.withConnection((c) => migrate(c));
    return db;
  }

  /** Borrow a pooled connection for the duration of `fn`. */
  async withConnection<T>(fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
    const connection = await this.acquire();
    try {
      return await fn(connection);
    } finally {
      this.release(connection);
    }
  }

  /** A connection of its own for long work (an ingest) that must not hold a pooled one. */
  async connect(): Promise<DuckDBConnection> {
    if (this.closed) throw new Error('database is closed');
    return this.instance.connect();
  }

  async checkpoint(): Promise<void> {
    if (this.path === ':memory:') return;
    await this.withConnection((c) => c.run('CHECKPOINT'));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const c of this.idle.splice(0)) c.closeSync();
    this.instance.closeSync();
  }

  private async acquire(): Promise<DuckDBConnection> {
    if (this.closed) throw new Error('database is closed');
    const idle = this.idle.pop();
    if (idle) return idle;
    if (this.open < this.poolSize) {
      this.open += 1;
      return this.instance.connect();
    }
    return new Promise((resolveWaiter) => this.waiting.push(resolveWaiter));
  }

  private release(connection: DuckDBConnection): void {
    const next = this.waiting.shift();
    if (next) next(connection);
    else if (this.closed) connection.closeSync();
    else this.idle.push(connection);
  }
}

function defaultThreads(): number {
  return Number(process.env.CSE_PROFILE_THREADS) || availableParallelism();
}

function defaultPoolSize(): number {
  const uv = Number(process.env.UV_THREADPOOL_SIZE) || 4;
  return Math.max(1, uv - 1);
}
