import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../server/db/database.js';
import { WriteQueue, writeQueueFor } from '../../server/write-queue.js';
import { DataVersions } from '../../server/data-versions.js';

describe('WriteQueue', () => {
  it('runs writes one at a time, in order, and a failure does not stop the ones after it', async () => {
    const queue = new WriteQueue(new DataVersions());
    const log: string[] = [];
    const write = (name: string, ms: number, fail = false) =>
      queue.run(async () => {
        log.push(`start ${name}`);
        await new Promise((r) => setTimeout(r, ms));
        log.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      });
    const results = await Promise.allSettled([write('a', 30), write('b', 5, true), write('c', 1)]);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(queue.size).toBe(0);
  });

  it('drains: resolves once everything queued so far has finished', async () => {
    const queue = new WriteQueue(new DataVersions());
    let done = 0;
    for (let i = 0; i < 3; i++) void queue.run(async () => {
      await new Promise((r) => setTimeout(r, 10));
      done += 1;
    });
    expect(queue.size).toBe(3);
    await queue.drain();
    expect(done).toBe(3);
  });

  it('is one queue per database', async () => {
    const db = await Database.open({ path: ':memory:' });
    try {
      expect(writeQueueFor(db)).toBe(writeQueueFor(db));
    } finally {
      db.close();
    }
  });
});

describe('DuckDB MVCC, which the queue relies on', () => {
  let db: Database;
  beforeAll(async () => {
    db = await Database.open({ path: ':memory:' });
    await db.withConnection((c) => c.run('CREATE TABLE mvcc_probe (x INTEGER)'));
  });
  afterAll(() => db.close());

  it('lets a read run, without waiting, while a write transaction is open, and shows none of it until commit', async () => {
    const writer = await db.connect();
    try {
      await writer.run('BEGIN TRANSACTION');
      await writer.run('INSERT INTO mvcc_probe VALUES (1), (2)');
      const started = performance.now();
      const during = await db.withConnection((c) => c.runAndReadAll('SELECT count(*) AS n FROM mvcc_probe'));
      expect(performance.now() - started).toBeLessThan(1000);
      expect(Number(during.getRowObjectsJS()[0]!.n)).toBe(0);
      await writer.run('INSERT INTO mvcc_probe VALUES (3)');
      await writer.run('COMMIT');
      const after = await db.withConnection((c) => c.runAndReadAll('SELECT count(*) AS n FROM mvcc_probe'));
      expect(Number(after.getRowObjectsJS()[0]!.n)).toBe(3);
    } finally {
      writer.closeSync();
    }
  });
});
