import { afterAll, beforeAll, expect, it } from 'vitest';
import { migrate } from '../../../server/db/migrations.js';
import { openTestStore, type TestStore } from '../../helpers/extract-files.js';

let store: TestStore;
beforeAll(async () => {
  store = await openTestStore();
});
afterAll(() => store.close());

it('migration 008 carries every earlier load into the attempts history, with its areas', async () => {
  const c = store.connection;
  expect((await store.ingest('referrals', 'period,area_code,referrals\n2024-Q1,E08000007,3\n2024-Q1,E08000011,2\n')).ok).toBe(true);
  expect((await store.ingest('mase', 'period,area_code,cases_discussed\n2024-Q2,E06000018,4\n')).ok).toBe(true);
  // As a database made before this version: no attempts table, version 8 not applied.
  await c.run('DROP TABLE upload_attempts');
  await c.run('DROP SEQUENCE upload_attempt_seq');
  await c.run('DROP TABLE area_other_names');
  await c.run('DROP TABLE area_name_lookup');
  await c.run('DELETE FROM schema_migrations WHERE version = 8');
  expect(await migrate(c)).toEqual([8]);
  const rows = (await c.runAndReadAll(`SELECT dataset, outcome, upload_id, rows, areas, error_count FROM upload_attempts ORDER BY id`)).getRowObjectsJS();
  const log = (await c.runAndReadAll('SELECT id FROM upload_log ORDER BY id')).getRowObjectsJS().map((r) => r.id);
  expect(rows.map((r) => r.upload_id)).toEqual(log);
  expect(rows.map((r) => [r.dataset, r.outcome, r.rows, r.areas, r.error_count])).toEqual([
    ['referrals', 'loaded', 2n, ['E08000007', 'E08000011'], 0n],
    ['mase', 'loaded', 1n, ['E06000018'], 0n],
  ]);
});
