import { dataVersionsOf, type DataDomain, type DataVersions } from './data-versions.js';
import type { Database } from './db/database.js';

/**
 * Every data write (an upload, an import, a status update) runs through one queue per database,
 * one at a time, so two loads never interleave and replacing a partition never races another.
 * Each write is one DuckDB transaction, so reads neither wait for it nor see half of it.
 */
export class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;

  constructor(private readonly versions: DataVersions) {}

  /**
   * Runs `work` after every write queued before it; its result or error goes to the caller only.
   * `touches` names what the write may change (everything when not said): its data version moves
   * once the write has committed (or failed). Answers are kept under the version a request saw
   * when it began, so an answer computed before or while the write ran is never served to a
   * request that begins after it; until then, readers keep getting the answers they had, which
   * is what keeps a long upload from stalling them.
   */
  run<T>(work: () => Promise<T>, touches: readonly DataDomain[] | 'all' = 'all'): Promise<T> {
    this.pending += 1;
    const result = this.tail.then(async () => {
      try {
        return await work();
      } finally {
        this.versions.bump(touches);
      }
    });
    this.tail = result.then(
      () => this.settle(),
      () => this.settle(),
    );
    return result;
  }

  /** Writes queued or running. */
  get size(): number {
    return this.pending;
  }

  /** Resolves once every write queued so far has finished (for shutdown). */
  async drain(): Promise<void> {
    while (this.pending > 0) await this.tail;
  }

  private settle(): void {
    this.pending -= 1;
  }
}

const queues = new WeakMap<Database, WriteQueue>();

/** The database's one write queue: routes reach it from the database they were given. */
export function writeQueueFor(db: Database): WriteQueue {
  let queue = queues.get(db);
  if (!queue) {
    queue = new WriteQueue(dataVersionsOf(db));
    queues.set(db, queue);
  }
  return queue;
}
