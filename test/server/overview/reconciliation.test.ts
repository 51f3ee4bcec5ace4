import { describe, expect, it } from 'vitest';
import { LOCAL_BEYOND_RATIO, LOCAL_SHORT_RATIO, reconcile, reconcileYear } from '../../../server/overview/reconciliation.js';

const count = (value: number | null, suppressed = false) => ({ value, suppressed });

describe('reconciling local CSE referrals with DfE CSE factor counts', () => {
  it('reads a ratio inside the bounds as consistent, and names the year to 31 March', () => {
    const line = reconcileYear('2025', count(120), count(100));
    expect(line).toMatchObject({ year: '2025', local: 120, published: 100, ratio: 1.2, reading: 'consistent' });
    expect(line.message).toContain('April 2024 to March 2025');
    expect(line.message).toContain('120 CSE referrals recorded locally against 100 DfE assessments');
  });

  it('says a local count well below DfE points to under-recording locally', () => {
    const line = reconcileYear('2019', count(40), count(61));
    expect(line.reading).toBe('local_short');
    expect(line.ratio).toBeCloseTo(40 / 61, 10);
    expect(line.message).toMatch(/under-recorded locally/);
  });

  it('says a local count far above DfE points to unrecorded CSE at assessment or a data problem', () => {
    const line = reconcileYear('2020', count(240), count(90));
    expect(line.reading).toBe('local_beyond');
    expect(line.message).toMatch(/unrecorded at assessment/);
    expect(line.message).toMatch(/data problem/);
  });

  it('puts the bounds themselves inside the consistent range', () => {
    expect(reconcileYear('2020', count(LOCAL_SHORT_RATIO * 100), count(100)).reading).toBe('consistent');
    expect(reconcileYear('2020', count(LOCAL_BEYOND_RATIO * 100), count(100)).reading).toBe('consistent');
    expect(reconcileYear('2020', count(LOCAL_SHORT_RATIO * 100 - 1), count(100)).reading).toBe('local_short');
    expect(reconcileYear('2020', count(LOCAL_BEYOND_RATIO * 100 + 1), count(100)).reading).toBe('local_beyond');
  });

  it('never compares a suppressed, missing or zero figure, and never echoes a suppressed one', () => {
    const hidden = reconcileYear('2021', count(null, true), count(50));
    expect(hidden).toMatchObject({ local: null, ratio: null, reading: 'not_comparable' });
    expect(hidden.message).toMatch(/suppressed/);
    expect(reconcileYear('2021', count(3, true), count(50)).local).toBeNull();
    expect(reconcileYear('2021', count(20), count(0)).reading).toBe('not_comparable');
    expect(reconcileYear('2021', count(null), count(10)).reading).toBe('not_comparable');
  });

  it('gives a line for each year both sources have, oldest first', () => {
    const local = new Map([['2017', count(90)], ['2019', count(40)], ['2018', count(100)]]);
    const published = new Map([['2019', count(61)], ['2018', count(97)], ['2020', count(90)]]);
    expect(reconcile(local, published).map((l) => [l.year, l.reading])).toEqual([['2018', 'consistent'], ['2019', 'local_short']]);
  });
});
