import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDemoLas } from '../../../pipelines/demo/demo-areas.js';
import { RECORD_STREAM_COLUMNS, writeSyntheticReferralRecords } from '../../../pipelines/demo/record-stream.js';
import { readExtract } from './read-extract.js';

const dir = mkdtempSync(join(tmpdir(), 'record-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const areas = new Map(loadDemoLas().flatMap((la) => la.areas.map((a) => [a.name, a.code])));

describe('writeSyntheticReferralRecords', () => {
  it('writes a valid header and exactly N record-level rows over many chunks', async () => {
    const path = join(dir, 'big.csv');
    await writeSyntheticReferralRecords(path, 12_345, 1);
    const text = readFileSync(path, 'utf8');
    expect(text.length).toBeGreaterThan(4 * 64 * 1024); // spans several chunks
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.slice(0, -1).split('\n');
    expect(lines[0]).toBe(RECORD_STREAM_COLUMNS.join(','));
    expect(lines).toHaveLength(12_346);

    const extract = readExtract(text, 'referrals', areas);
    expect(extract.problems.slice(0, 5)).toEqual([]);
    expect(extract.aggregate).toBe(false);
    expect(extract.rows).toHaveLength(12_345);
    for (const line of lines.slice(1)) expect(line).toMatch(/^201[2-6]-\d{2}-\d{2},E0[678]\d{6},/);
    expect(new Set(extract.rows.map((r) => r.areaCode)).size).toBe(areas.size);
  });

  it('writes the same bytes for a seed and others for another seed', async () => {
    const [a, b, c] = ['a.csv', 'b.csv', 'c.csv'].map((f) => join(dir, f)) as [string, string, string];
    await writeSyntheticReferralRecords(a, 2_000, 5);
    await writeSyntheticReferralRecords(b, 2_000, 5);
    await writeSyntheticReferralRecords(c, 2_000, 6);
    expect(readFileSync(b, 'utf8')).toBe(readFileSync(a, 'utf8'));
    expect(readFileSync(c, 'utf8')).not.toBe(readFileSync(a, 'utf8'));
  });

  it('writes only the header for no rows, and refuses a row count that is not a whole number', async () => {
    const path = join(dir, 'empty.csv');
    await writeSyntheticReferralRecords(path, 0, 1);
    expect(readFileSync(path, 'utf8')).toBe(`${RECORD_STREAM_COLUMNS.join(',')}\n`);
    await expect(writeSyntheticReferralRecords(path, 1.5, 1)).rejects.toThrow(RangeError);
    await expect(writeSyntheticReferralRecords(path, -1, 1)).rejects.toThrow(RangeError);
  });
});
