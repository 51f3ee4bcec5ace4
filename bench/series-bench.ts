/**
 * GET /api/series over a large store: the latency of the route (parse, authorise, aggregate,
 * statistics, JSON) against the bare DuckDB time of its aggregate query, in one run.
 *
 * The store holds the equivalent of 10,000,000 record-level referrals. They are generated in
 * DuckDB (range() and hash(), no CSV) and stored as ingest stores a record-level upload: one
 * aggregated row per area, quarter and combination of dimension values, `referrals` = the number
 * of records, `children` NULL, with its upload log entry and partitions. The database is kept
 * under bench/out and reused by later runs.
 */
import { mkdirSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import express from 'express';
import { republishAreas } from '../pipelines/disclosure-layer.js';
import { insertRollupSql } from '../pipelines/extract-rollup.js';
import { DATASETS } from '../pipelines/extract-schema.js';
import { PROJECT_ROOT } from '../pipelines/project-paths.js';
import type { AuthUser } from '../server/auth/roles.js';
import { Database } from '../server/db/database.js';
import { areaIndexOf } from '../server/indicators/area-index.js';
import { DEFAULT_DISCLOSURE } from '../server/indicators/disclosure-policy.js';
import { findIndicator } from '../server/indicators/load-catalogue.js';
import { queryExtractAggregates, type Unit } from '../server/indicators/series-query.js';
import { parseSeriesQuery, resolveSeriesRequest } from '../server/indicators/series-request.js';
import { extractUnits } from '../server/indicators/series-units.js';
import type { ExtractPeriodType } from '../server/indicators/periods.js';
import { setCurrentUser } from '../server/http/request-user.js';
import { seriesRoutes } from '../server/http/routes/series.js';

export interface SeriesBenchOptions {
  /** Record-level referrals the store stands for (default 10,000,000). */
  records?: number;
  /** HTTP requests timed, and as many bare queries (default 200, at least 200 for the target). */
  requests?: number;
  /** Default bench/out/series-<records>.duckdb; reused when it already holds the records. */
  dbPath?: string;
  /** Build the store again even if one is there. */
  rebuild?: boolean;
  threads?: number;
  log?: (message: string) => void;
}

export interface LatencySummary {
  medianMs: number;
  p95Ms: number;
  minMs: number;
  maxMs: number;
}

export interface SeriesBenchResult {
  records: number;
  factRows: number;
  /** Seconds spent generating the store, or null when an earlier run's store was reused. */
  buildSeconds: number | null;
  requests: number;
  /** GET /api/series through a local HTTP server, one request at a time, as an analyst (raw figures). */
  http: LatencySummary;
  /** The same requests as a viewer: every figure from the published (perturbed) layer. */
  httpViewer: LatencySummary;
  /** Seconds spent building the published layer of the whole store, or null when reused. */
  publishSeconds: number | null;
  /** Viewer's median HTTP time over the median of the full bare (raw) query. */
  viewerOverheadRatio: number;
  /** The same aggregate query run directly on a DuckDB connection, comparators included. */
  duckdb: LatencySummary;
  /**
   * The part the route runs once England's and regions' sums are cached (per dataset version):
   * the area's own rows (and neighbours').
   */
  duckdbWithoutComparators: LatencySummary;
  /** Median HTTP time over the median of the full bare query. */
  overheadRatio: number;
  /** The query mix, cycled: indicator, stat, period type, breakdown, comparator. */
  queries: string[];
  /** The store, kept for the load tests. */
  dbPath: string;
  /** Upper-tier authorities with statistical neighbours: the areas the load tests ask about. */
  areaCodes: string[];
}

const BENCH_FILE = (records: number) => `bench:synthetic-referral-records-${records}`;
const ANALYST: AuthUser = { id: 0, username: 'bench', role: 'analyst', areas: null };
const VIEWER: AuthUser = { id: 1, username: 'bench-viewer', role: 'viewer', areas: null };

/** The mix a dashboard asks for, over many areas: rates against England, breakdowns, years. */
const QUERY_SHAPES = [
  'indicator=referrals.referrals&stat=rate&compare=england',
  'indicator=referrals.referrals&stat=count&breakdown=risk_level',
  'indicator=referrals.high_risk_share&period_type=financial_year&compare=region',
  'indicator=referrals.referrals&stat=rate&breakdown=age_band&period_type=rolling_12m',
];

export async function runSeriesBench(options: SeriesBenchOptions = {}): Promise<SeriesBenchResult> {
  const records = options.records ?? 10_000_000;
  const requests = options.requests ?? 200;
  const log = options.log ?? (() => {});
  const outDir = join(PROJECT_ROOT, 'bench', 'out');
  mkdirSync(outDir, { recursive: true });
  const dbPath = options.dbPath ?? join(outDir, `series-${records}.duckdb`);

  let db = await Database.open({ path: dbPath, threads: options.threads, memoryLimit: '2GB' });
  let buildSeconds: number | null = null;
  let publishSeconds: number | null = null;
  if (options.rebuild || !(await holdsRecords(db, records))) {
    db.close();
    for (const f of [dbPath, `${dbPath}.wal`]) rmSync(f, { force: true });
    db = await Database.open({ path: dbPath, threads: options.threads, memoryLimit: '2GB' });
    log(`series: generating ${records.toLocaleString('en-GB')} referral records in DuckDB…`);
    const started = performance.now();
    await db.withConnection((c) => generate(c, records));
    await db.checkpoint();
    buildSeconds = (performance.now() - started) / 1000;
    log('series: building the published layer of every area…');
    const publishing = performance.now();
    await db.withConnection(async (c) => {
      await c.run('BEGIN TRANSACTION');
      await republishAreas(c, DATASETS.referrals, 'SELECT DISTINCT area_code FROM referrals_rollup');
      await c.run('COMMIT');
    });
    await db.checkpoint();
    publishSeconds = (performance.now() - publishing) / 1000;
  }
  try {
    const factRows = Number(
      (await db.withConnection((c) => c.runAndReadAll('SELECT count(*) AS n FROM referrals_facts'))).getRowObjectsJS()[0]!.n,
    );
    const areaCodes = await benchAreas(db);
    const queries = Array.from({ length: requests }, (_, i) => `${QUERY_SHAPES[i % QUERY_SHAPES.length]}&area=${areaCodes[(i * 7) % areaCodes.length]}`);
    log(`series: ${factRows.toLocaleString('en-GB')} fact rows; timing ${requests} requests over HTTP and ${requests} bare queries…`);

    const server = await listen(db, ANALYST);
    const viewerServer = await listen(db, VIEWER);
    try {
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/api/series?`;
      const viewerUrl = `http://127.0.0.1:${(viewerServer.address() as { port: number }).port}/api/series?`;
      await timeHttp(url, queries.slice(0, 4)); // warm-up: first plans, caches, connections
      await timeHttp(viewerUrl, queries.slice(0, 4));
      const http = await timeHttp(url, queries);
      const httpViewer = await timeHttp(viewerUrl, queries);
      const bare = await timeBare(db, queries);
      return {
        records,
        factRows,
        buildSeconds,
        requests,
        http: summarise(http),
        httpViewer: summarise(httpViewer),
        publishSeconds,
        viewerOverheadRatio: summarise(httpViewer).medianMs / summarise(bare.full).medianMs,
        duckdb: summarise(bare.full),
        duckdbWithoutComparators: summarise(bare.own),
        overheadRatio: summarise(http).medianMs / summarise(bare.full).medianMs,
        queries: QUERY_SHAPES,
        dbPath,
        areaCodes,
      };
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => viewerServer.close(() => resolve()));
    }
  } finally {
    db.close();
  }
}

async function holdsRecords(db: Database, records: number): Promise<boolean> {
  const reader = await db.withConnection((c) =>
    c.runAndReadAll(`SELECT count(*) AS n FROM upload_log WHERE file_name = $file AND dataset = 'referrals'`, { file: BENCH_FILE(records) }),
  );
  return Number(reader.getRowObjectsJS()[0]!.n) > 0;
}

/**
 * The records: a leaf area (district, or an authority without districts), a quarter from 2012 to
 * 2024, and every dimension drawn from a hash of the record number, with skewed weights as real
 * referrals have (mostly 13–17, mostly girls). Aggregated as ingest aggregates records.
 */
async function generate(c: DuckDBConnection, records: number): Promise<void> {
  const pick = (bits: number, values: readonly string[]) =>
    `[${values.map((v) => `'${v}'`).join(', ')}][1 + ((h >> ${bits}) % ${values.length})::INTEGER]`;
  await c.run(`CREATE TEMP TABLE bench_areas AS
    SELECT (row_number() OVER (ORDER BY code) - 1)::UBIGINT AS i, code FROM areas a
    WHERE a.live AND (a.kind = 'district' OR (a.kind = 'la' AND NOT EXISTS (SELECT 1 FROM areas d WHERE d.parent_code = a.code)))`);
  await c.run(`CREATE TEMP TABLE bench_quarters AS
    SELECT i::UBIGINT AS i, (2012 + i // 4)::VARCHAR || '-Q' || (i % 4 + 1)::VARCHAR AS period FROM range(52) t(i)`);
  const areaCount = Number((await c.runAndReadAll('SELECT count(*) AS n FROM bench_areas')).getRowObjectsJS()[0]!.n);
  await c.run('BEGIN TRANSACTION');
  try {
    const id = Number((await c.runAndReadAll(`SELECT nextval('upload_id_seq') AS id`)).getRowObjectsJS()[0]!.id);
    await c.run(`INSERT INTO referrals_facts (upload_id, area_code, period, age_band, sex, ethnicity, looked_after, source,
        risk_level, concern, exploitation_model, referrals, children)
      WITH r AS (SELECT hash(i) AS h FROM range(${records}) t(i))
      SELECT ${id}, a.code, q.period,
        ${pick(8, ['0-9', '10-12', '13-15', '13-15', '13-15', '16-17', '16-17', '18-24', 'unknown'])},
        ${pick(13, ['female', 'female', 'female', 'male', 'other', 'unknown'])},
        ${pick(17, ['white', 'white', 'white', 'mixed', 'asian', 'black', 'other', 'unknown'])},
        ${pick(21, ['yes', 'no', 'no', 'unknown'])},
        ${pick(25, ['police', 'education', 'health', 'childrens_social_care', 'voluntary_sector', 'family_or_public', 'self', 'other', 'unknown'])},
        ${pick(30, ['low', 'medium', 'medium', 'high', 'unknown'])},
        ${pick(34, ['at_risk', 'at_risk', 'known_victim', 'unknown'])},
        ${pick(38, ['peer_on_peer', 'boyfriend', 'party', 'online', 'lone_offender', 'group_or_gang', 'trafficking', 'other', 'unknown'])},
        count(*) AS referrals, NULL AS children
      FROM r
      JOIN bench_areas a ON a.i = r.h % ${areaCount}
      JOIN bench_quarters q ON q.i = (r.h >> 44) % 52
      GROUP BY ALL`);
    // Written directly, as loadPartitions would, rollup included: series read only the rollup.
    await c.run(insertRollupSql(DATASETS.referrals, `(SELECT * FROM referrals_facts WHERE upload_id = ${id})`));
    await c.run(`INSERT INTO upload_partitions
      SELECT ${id}, 'referrals', area_code, period, false, NULL, NULL, json_object('referrals', sum(referrals), 'children', NULL)
      FROM referrals_facts WHERE upload_id = ${id} GROUP BY area_code, period`);
    await c.run(`INSERT INTO upload_log VALUES (${id}, 'referrals', $file, '', 'bench', now(), 'records', ${records},
      (SELECT count(*) FROM upload_partitions WHERE upload_id = ${id}), json_object('referrals', ${records}, 'children', NULL), [])`,
      { file: BENCH_FILE(records) });
    await c.run('COMMIT');
  } catch (error) {
    await c.run('ROLLBACK');
    throw error;
  } finally {
    await c.run('DROP TABLE IF EXISTS bench_areas');
    await c.run('DROP TABLE IF EXISTS bench_quarters');
  }
}

/** Upper-tier authorities with data and statistical neighbours: the areas a dashboard shows. */
async function benchAreas(db: Database): Promise<string[]> {
  const reader = await db.withConnection((c) =>
    c.runAndReadAll(`SELECT DISTINCT a.code FROM areas a JOIN statistical_neighbours s ON s.area_code = a.code ORDER BY a.code`),
  );
  return reader.getRowObjectsJS().map((r) => String(r.code));
}

async function listen(db: Database, user: AuthUser): Promise<Server> {
  const app = express();
  // Sign-in is not what is measured: every request is this user's (an analyst's raw figures, or a viewer's published ones).
  app.use((req, _res, next) => {
    setCurrentUser(req, user);
    next();
  });
  app.use(seriesRoutes(db, DEFAULT_DISCLOSURE));
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server));
  });
}

async function timeHttp(url: string, queries: readonly string[]): Promise<number[]> {
  const times: number[] = [];
  for (const q of queries) {
    const started = performance.now();
    const res = await fetch(url + q);
    const body = (await res.json()) as { rows?: unknown[] };
    times.push(performance.now() - started);
    if (res.status !== 200 || !Array.isArray(body.rows)) throw new Error(`${q}: ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
  }
  return times;
}

/**
 * The aggregate query of each request, resolved as the route resolves it, timed alone: in full
 * (what the route runs before England's and regions' sums are cached) and without the comparators.
 */
async function timeBare(db: Database, queries: readonly string[]): Promise<{ full: number[]; own: number[] }> {
  const areas = await areaIndexOf(db);
  return db.withConnection(async (c) => {
    const full: number[] = [];
    const own: number[] = [];
    for (const q of queries) {
      const parsed = parseSeriesQuery(new URLSearchParams(q));
      if (!parsed.ok) throw new Error(parsed.message);
      const request = resolveSeriesRequest(parsed.value, await findIndicator(c, parsed.value.indicator), areas);
      if (!request.ok) throw new Error(request.message);
      const { indicator, stat, breakdown } = request.value;
      if (indicator.kind !== 'extract') throw new Error('the bench times extract indicators');
      const periodType = request.value.periodType as ExtractPeriodType;
      const units = extractUnits(request.value, areas);
      const time = async (selected: Unit[]) => {
        const started = performance.now();
        await queryExtractAggregates(c, { indicator, stat, breakdown, periodType, units: selected, published: false });
        return performance.now() - started;
      };
      full.push(await time(units));
      own.push(await time(units.filter((u) => u.group !== 'england' && u.group !== 'region')));
    }
    return { full, own };
  });
}

function summarise(times: readonly number[]): LatencySummary {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  const mid = Math.floor(sorted.length / 2);
  return {
    medianMs: sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2,
    p95Ms: at(0.95),
    minMs: sorted[0]!,
    maxMs: sorted[sorted.length - 1]!,
  };
}

