import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../pipelines/project-paths.js';
import { fingerprint, openTestStore, success } from '../helpers/extract-files.js';

const dir = mkdtempSync(join(tmpdir(), 'cse-kill-test-'));
const dbPath = join(dir, 'store.duckdb');
const cli = join(PROJECT_ROOT, 'dist', 'server', 'cli', 'main.js');
const bigFile = join(dir, 'big.csv');

/** Record-level referrals spread over many dimension values, so the load phase takes a while. */
async function writeBigExtract(rows: number): Promise<void> {
  const out = createWriteStream(bigFile);
  const sexes = ['female', 'male', 'unknown'];
  const sources = ['police', 'education', 'health', 'childrens_social_care', 'self', 'other'];
  const models = ['peer_on_peer', 'boyfriend', 'party', 'online', 'lone_offender', 'group_or_gang'];
  out.write('period,area_code,age,sex,source,exploitation_model,risk_level\n');
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    const month = 1 + (i % 12);
    const day = 1 + (i % 28);
    chunk += `2015-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')},E08000007,${i % 25},${sexes[i % 3]},${sources[(i >> 2) % 6]},${models[(i >> 4) % 6]},${['low', 'medium', 'high', ''][(i >> 6) % 4]}\n`;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

beforeAll(async () => {
  const store = await openTestStore(dbPath);
  success(await store.ingest('referrals', 'period,area_code,referrals\n2015-Q1,E08000007,11\n2015-Q2,E08000007,12\n'));
  store.close();
  await writeBigExtract(1_500_000);
}, 120_000);


describe('a load killed with SIGKILL part-way', () => {
  it('leaves the previous state intact', async () => {
    const store = await openTestStore(dbPath);
    const before = await fingerprint(store.connection);
    store.close();

    // The CLI reports each phase on stderr once work has lasted a second; kill on "loading".
    const child = spawn(process.execPath, [cli, 'ingest', 'referrals', bigFile, '--db', dbPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let killedWhileLoading = false;
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (!killedWhileLoading && stderr.includes('loading')) {
        killedWhileLoading = true;
        child.kill('SIGKILL');
      }
    });
    const [, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
    expect(killedWhileLoading, `stderr was: ${stderr}`).toBe(true);
    expect(signal).toBe('SIGKILL');

    const after = await openTestStore(dbPath);
    try {
      expect(await fingerprint(after.connection)).toEqual(before);
      const log = await after.connection.runAndReadAll('SELECT count(*) AS n FROM upload_log');
      expect(Number(log.getRowObjectsJS()[0]!.n)).toBe(1);
      // And the store still takes uploads after the crash.
      success(await after.ingest('referrals', 'period,area_code,referrals\n2015-Q2,E08000007,13\n'));
    } finally {
      after.close();
    }
  }, 120_000);
});
