import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../pipelines/project-paths.js';
import { Database } from '../../../server/db/database.js';
import { runCli } from '../../helpers/server-process.js';

const run = promisify(execFile);
const cli = join(PROJECT_ROOT, 'dist', 'server', 'cli', 'main.js');
const dir = mkdtempSync(join(tmpdir(), 'cse-cli-test-'));

async function cse(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], { env: { ...process.env, CSE_PROFILE_DB: join(dir, 'default.duckdb') } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('cse-profile ingest', () => {
  const db = join(dir, 'ingest.duckdb');

  it('prints exactly one JSON object on success and exits 0', async () => {
    const good = file('good.csv', 'period,area_code,sex,referrals,children\n2015-Q1,E08000007,female,5,4\n2015-Q2,E08000007,male,2,2\n');
    const r = await cse(['ingest', 'referrals', good, '--db', db, '--json']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      ok: true,
      dataset: 'referrals',
      rows: 2,
      partitions: [
        { area_code: 'E08000007', period: '2015-Q1', replaced: false },
        { area_code: 'E08000007', period: '2015-Q2', replaced: false },
      ],
      totals: { referrals: 7, children: 6 },
      warnings: [],
    });
  });

  it('loads a workbook from the sheet named by --sheet, and names sheet and cell when it refuses one', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Notes').addRow(['read me']);
    const ws = wb.addWorksheet('Return');
    for (const row of [['period', 'area_code', 'sex', 'referrals'], ['2015-Q3', 'E08000007', 'female', 5], ['2015-Q3', 'E08000007', 'male', 2.0000000000000004]]) ws.addRow(row);
    const xlsx = join(dir, 'return.xlsx');
    writeFileSync(xlsx, Buffer.from(await wb.xlsx.writeBuffer()));
    const ok = await cse(['ingest', 'referrals', xlsx, '--sheet', 'Return', '--db', db, '--json', '--dry-run']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, rows: 2, totals: { referrals: 7 } });
    const refused = await cse(['ingest', 'referrals', xlsx, '--db', db, '--json']);
    expect(refused.code).toBe(1);
    // Without --sheet, the first sheet: notes, not an extract.
    expect(JSON.parse(refused.stdout)).toMatchObject({ ok: false, errors: expect.arrayContaining([expect.objectContaining({ code: 'missing_column', line: 1, cell: 'Notes!1:1' })]) });
    const human = await cse(['ingest', 'referrals', xlsx, '--sheet', 'Nope', '--db', db]);
    expect(human.stdout).toContain('unknown_sheet: The workbook has no sheet "Nope"; its sheets are "Notes", "Return".');
  });

  it('prints the refusal object and exits 1, storing nothing', async () => {
    const bad = file('bad.csv', 'period,area_code,sex,referrals\n2015-Q3,E08000007,femal,5\n');
    const r = await cse(['ingest', 'referrals', bad, '--db', db, '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({
      ok: false,
      errors: [{ line: 2, column: 'sex', code: 'invalid_value' }],
      error_count: 1,
      warnings: [],
    });
    const check = await Database.open({ path: db });
    const n = await check.withConnection((c) => c.runAndReadAll(`SELECT count(*) AS n FROM referrals_facts WHERE period = '2015-Q3'`));
    check.close();
    expect(Number(n.getRowObjectsJS()[0]!.n)).toBe(0);
  });

  it('--dry-run validates without storing', async () => {
    const good = file('dry.csv', 'period,area_code,referrals\n2016-Q1,E08000007,9\n');
    const r = await cse(['ingest', 'referrals', good, '--db', db, '--json', '--dry-run']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, dry_run: true, upload_id: null });
  });

  it('explains a refusal in words without --json', async () => {
    const bad = file('bad2.csv', 'period,area_code,referals\n2015-Q3,E08000007,5\n');
    const r = await cse(['ingest', 'referrals', bad, '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Refused: 1 problem\(s\); nothing was stored\./);
    expect(r.stdout).toMatch(/Did you mean "referrals"\?/);
  });

  it('exits 2 for bad usage', async () => {
    for (const args of [['ingest'], ['ingest', 'nonsense', 'x.csv'], ['frobnicate'], ['ingest', 'referrals', join(dir, 'absent.csv')], ['serve', '--port', 'abc']]) {
      const r = await cse([...args, '--db', db, '--json']);
      expect(r.code, args.join(' ')).toBe(2);
      expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: 'usage' });
    }
  });

  it('says clearly when another process holds the database', async () => {
    const held = join(dir, 'held.duckdb');
    const holder = await DuckDBInstance.create(held);
    try {
      const good = file('held.csv', 'period,area_code,referrals\n2016-Q1,E08000007,9\n');
      const r = await cse(['ingest', 'referrals', good, '--db', held, '--json']);
      expect(r.code).toBe(3);
      const out = JSON.parse(r.stdout) as { error: string; message: string };
      expect(out.error).toBe('database_locked');
      expect(out.message).toMatch(/in use by another process.*server/);
      // Adding a user is not an upload: the advice says where users are added instead.
      const user = await runCli(['users', 'add', 'carol', '--role', 'viewer', '--db', held, '--json'], 'Plover-Quantum-Heron-27\n');
      const advice = (JSON.parse(user.stdout) as { message: string }).message;
      expect(advice).toMatch(/Admin page|POST \/api\/users/);
      expect(advice).not.toMatch(/upload/i);
    } finally {
      holder.closeSync();
    }
  });
});

describe('cse-profile export', () => {
  it('writes facts as Parquet partitioned by dataset and period, readable by DuckDB', async () => {
    const db = join(dir, 'export.duckdb');
    const good = file('exp.csv', 'period,area_code,referrals\n2015-Q1,E08000007,5\n2015-Q2,E08000007,6\n');
    expect((await cse(['ingest', 'referrals', good, '--db', db])).code).toBe(0);
    const out = join(dir, 'export');
    const r = await cse(['export', '--out', out, '--db', db, '--json']);
    expect(r.code).toBe(0);
    expect(readdirSync(join(out, 'facts', 'dataset=referrals')).sort()).toEqual(['period=2015-Q1', 'period=2015-Q2']);
    expect(readdirSync(out)).toContain('areas.parquet');
    const reader = await DuckDBInstance.create(':memory:');
    const c = await reader.connect();
    const rows = await c.runAndReadAll(`SELECT period, sum(referrals) AS n FROM read_parquet('${join(out, 'facts', '*', '*', '*.parquet')}', hive_partitioning = true)
      WHERE dataset = 'referrals' GROUP BY period ORDER BY period`);
    expect(rows.getRowObjectsJS().map((x) => [x.period, Number(x.n)])).toEqual([['2015-Q1', 5], ['2015-Q2', 6]]);
    c.closeSync();
    reader.closeSync();
  });
});
