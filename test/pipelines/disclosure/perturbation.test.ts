import { describe, expect, it } from 'vitest';
import { DATASETS } from '../../../pipelines/extract-schema.js';
import { perturbArea, SERIES_MAX_CHANGE, type CountRow } from '../../../pipelines/disclosure-perturbation.js';

const missing = DATASETS.missing;
const KEY = 'fixed-test-key';

/** A seeded generator, so the inputs are fixed but varied (small counts, zeros, gaps). */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** Rollup rows of one area: missing_from × the five measures, with children <= episodes etc. */
function rollup(quarters: string[], seed: number, blankWithin72h = false): CountRow[] {
  const rnd = seeded(seed);
  const rows: CountRow[] = [];
  for (const period of quarters) {
    const cells = ['home', 'care', 'unknown', null].map((value) => {
      const episodes = Math.floor(rnd() * (value === null ? 3 : 9));
      const offered = Math.floor(rnd() * (episodes + 1));
      return {
        value,
        counts: {
          episodes,
          children: Math.floor(rnd() * (episodes + 1)),
          return_interviews_offered: offered,
          return_interviews_within_72h: blankWithin72h ? null : Math.floor(rnd() * (offered + 1)),
          episodes_with_cse_concern: Math.floor(rnd() * (episodes + 1)),
        } as Record<string, number | null>,
      };
    });
    const total: Record<string, number | null> = {};
    for (const m of missing.measures) total[m.name] = blankWithin72h && m.name === 'return_interviews_within_72h' ? null : cells.reduce((a, c) => a + (c.counts[m.name] ?? 0), 0);
    rows.push({ period, dimension: '', value: null, counts: total });
    for (const c of cells) if (c.counts.episodes! > 0 || c.value !== null) rows.push({ period, dimension: 'missing_from', value: c.value, counts: c.counts });
  }
  return rows;
}

const QUARTERS = ['2020-Q1', '2020-Q2', '2020-Q3', '2020-Q4', '2021-Q1', '2021-Q2', '2021-Q3', '2021-Q4', '2022-Q1', '2022-Q2', '2022-Q3', '2022-Q4'];
const key = (r: CountRow) => `${r.period}|${r.dimension}|${r.value}`;
const count = (rows: CountRow[], period: string, dimension: string, value: string | null, m: string) =>
  rows.find((r) => r.period === period && r.dimension === dimension && r.value === value)?.counts[m] ?? 0;

describe('consistent bounded perturbation', () => {
  const truth = rollup(QUARTERS, 7);
  const published = perturbArea(missing, 'E06000001', truth, KEY);

  it('gives fixed published values for fixed inputs and key', () => {
    // The first quarter's total episodes and its split, as this key and method give them.
    const first = ['', 'home', 'care', 'unknown', null].map((v) => count(published, '2020-Q1', v === '' ? '' : 'missing_from', v === '' ? null : v, 'episodes'));
    const firstTruth = ['', 'home', 'care', 'unknown', null].map((v) => count(truth, '2020-Q1', v === '' ? '' : 'missing_from', v === '' ? null : v, 'episodes'));
    expect(firstTruth).toEqual([19, 2, 7, 8, 2]);
    expect(first).toEqual([18, 2, 7, 7, 2]);
    expect(perturbArea(missing, 'E06000001', truth, KEY)).toEqual(published);
  });

  it('draws differently under another key or for another area', () => {
    expect(perturbArea(missing, 'E06000001', truth, 'another-key')).not.toEqual(published);
    expect(perturbArea(missing, 'E06000002', truth, KEY)).not.toEqual(published);
  });

  it('keeps every breakdown adding up to the published total, in every quarter and measure', () => {
    for (const q of QUARTERS) {
      for (const m of missing.measures) {
        const cells = published.filter((r) => r.period === q && r.dimension === 'missing_from').reduce((a, r) => a + (r.counts[m.name] ?? 0), 0);
        expect(cells).toBe(count(published, q, '', null, m.name));
      }
    }
  });

  it('keeps every run of consecutive quarters within 2 of the truth, and every count non-negative', () => {
    const names = new Set([...truth, ...published].map(key));
    let moved = 0;
    for (const name of names) {
      const [, dimension, v] = name.split('|');
      const value = v === 'null' ? null : v!;
      for (const m of missing.measures) {
        for (let from = 0; from < QUARTERS.length; from++) {
          let t = 0;
          let p = 0;
          for (let to = from; to < QUARTERS.length; to++) {
            t += count(truth, QUARTERS[to]!, dimension!, value, m.name);
            const pq = count(published, QUARTERS[to]!, dimension!, value, m.name);
            expect(pq).toBeGreaterThanOrEqual(0);
            p += pq;
            expect(Math.abs(p - t)).toBeLessThanOrEqual(SERIES_MAX_CHANGE);
            if (p !== t) moved++;
          }
        }
      }
    }
    expect(moved).toBeGreaterThan(100); // it does perturb
  });

  it('publishes exactly the rows of the rollup: a value with no records in a quarter stays 0, in every key', () => {
    // The fixture leaves out the not-broken-down row in quarters where it has no records.
    const absent = QUARTERS.filter((q) => !truth.some((r) => r.period === q && r.dimension === 'missing_from' && r.value === null));
    expect(absent.length).toBeGreaterThan(0);
    for (const k of [KEY, 'another-key', 'a third key', 'a fourth key']) {
      const out = perturbArea(missing, 'E06000001', truth, k);
      expect(out.map(key).sort()).toEqual(truth.map(key).sort());
    }
  });

  it('keeps a measure at most its ceiling in every published cell', () => {
    for (const r of published) {
      for (const m of missing.measures) {
        if (m.atMost) expect(r.counts[m.name]!).toBeLessThanOrEqual(r.counts[m.atMost]!);
      }
    }
  });

  it('gives an identical re-upload identical values, and a later correction changes nothing before it', () => {
    const corrected = truth.map((r) => (r.period === '2022-Q2' && r.dimension === '' ? r : r));
    expect(perturbArea(missing, 'E06000001', corrected, KEY)).toEqual(published);
    const changed = truth.map((r) =>
      r.period === '2022-Q2' && (r.dimension === '' || r.value === 'home') ? { ...r, counts: { ...r.counts, episodes: r.counts.episodes! + 3 } } : r,
    );
    const after = perturbArea(missing, 'E06000001', changed, KEY);
    const before = (rows: CountRow[]) => rows.filter((r) => r.period < '2022-Q2');
    expect(before(after)).toEqual(before(published));
  });

  it('keeps blank measures blank and treats each pattern of blanks as its own table', () => {
    const mixed = [...rollup(QUARTERS.slice(0, 4), 3), ...rollup(QUARTERS.slice(0, 4), 4, true)];
    const out = perturbArea(missing, 'E06000001', mixed, KEY);
    expect(out.filter((r) => r.counts.return_interviews_within_72h === null).length).toBe(mixed.filter((r) => r.counts.return_interviews_within_72h === null).length);
    for (const q of QUARTERS.slice(0, 4)) {
      const sum = (rows: CountRow[]) => rows.filter((r) => r.period === q && r.dimension === '').reduce((a, r) => a + r.counts.episodes!, 0);
      expect(Math.abs(sum(out) - sum(mixed))).toBeLessThanOrEqual(2 * SERIES_MAX_CHANGE);
    }
  });
});
