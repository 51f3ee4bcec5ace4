import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthUser } from '../../../server/auth/roles.js';
import { buildDemoDatabase } from '../../../server/demo-database.js';
import { Database } from '../../../server/db/database.js';
import { areaIndexOf } from '../../../server/indicators/area-index.js';
import { DEFAULT_DISCLOSURE } from '../../../server/indicators/disclosure-policy.js';
import { auditDifferencing, type AuditResult } from './differencing-auditor.js';
import { publishedInvariantBreaches } from './published-invariants.js';

const NOTTINGHAMSHIRE = ['E07000170', 'E07000171', 'E07000172', 'E07000173', 'E07000174', 'E07000175', 'E07000176', 'E10000024', 'E06000018', 'E12000004', 'E92000001'];
const VIEWER: AuthUser = { id: 1, username: 'vera', role: 'viewer', areas: null };
let scratch: string;
let db: Database;
let result: AuditResult;

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'cse-auditor-'));
  const path = process.env.AUDIT_DB ?? join(scratch, 'demo.duckdb');
  if (!process.env.AUDIT_DB) await buildDemoDatabase(path);
  db = await Database.open({ path });
  const areas = await areaIndexOf(db);
  const started = Date.now();
  result = await db.withConnection((c) =>
    auditDifferencing(c, areas, {
      user: VIEWER,
      // A hidden figure is a published count from 1 to threshold − 1: the truth is within max_change of that.
      hiddenRange: process.env.AUDIT_OLD ? () => [0, Infinity] : (d) => [Math.max(0, 1 - d), DEFAULT_DISCLOSURE.threshold - 1 + d],
      // Nottinghamshire's districts, the county, Nottingham, the East Midlands and England: every
      // level of the hierarchy. A rolling year ending in March is the financial year, so these
      // two period types ask for every window a viewer can (AUDIT_FULL=1 asks for everything).
      ...(process.env.AUDIT_FULL ? {} : { areas: NOTTINGHAMSHIRE, periodTypes: ['quarter', 'rolling_12m'] as const }),
      // Referrals carry every kind of relation (eight breakdowns, shares, completeness); all datasets with AUDIT_FULL=1.
      ...(process.env.AUDIT_FULL ? {} : { datasets: ['referrals'] }),
    }),
  );
  console.log(`auditor: ${JSON.stringify({ ...result, examples: result.examples.slice(0, 3) })} in ${Date.now() - started} ms`);
}, process.env.AUDIT_FULL ? 3_600_000 : 300_000); // everything (AUDIT_FULL) takes several minutes more
afterAll(() => {
  db?.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('differencing auditor, as a viewer on the demo database', () => {
  it('asks every indicator, area, period type and breakdown, and understands every figure it is shown', () => {
    expect(result.requests).toBeGreaterThan(500);
    expect(result.figures).toBeGreaterThan(10_000);
    expect(result.unmodeled).toBe(0);
  });

  it('cannot narrow any true count of 1 to 4 to one or two values', () => {
    expect(result.examples).toEqual([]);
    expect(result.recovered).toBe(0);
  });

  it('rests on a published layer with every property the guarantee needs, in every dataset', async () => {
    const breaches = await db.withConnection((c) => publishedInvariantBreaches(c));
    expect(breaches.rows).toBeGreaterThan(40_000);
    expect(breaches).toMatchObject({ rowsDiffer: 0, breakdownsNotAddingUp: 0, ceilingsBroken: 0, negative: 0, errorsOutOfBound: 0 });
  });

  it('still publishes at least 90% of cells of 10 or more, within ±2 or ±10%', () => {
    expect(result.utility.cells).toBeGreaterThan(1000);
    expect(result.utility.close / result.utility.cells).toBeGreaterThanOrEqual(0.9);
  });
});
