import { tableFromIPC } from 'apache-arrow';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATASETS, DATASET_IDS } from '../../../pipelines/extract-schema.js';
import { importDemoStatistics } from '../../../pipelines/official-stats/demo-statistics.js';
import { Database } from '../../../server/db/database.js';
import { DERIVED_INDICATOR_IDS, EXTRACT_INDICATORS } from '../../../server/indicators/catalogue.js';
import type { ListedIndicator } from '../../../server/indicators/load-catalogue.js';
import { startSeriesApp, testUser, type SeriesApp } from './series-app.js';

describe('the extract indicators', () => {
  const byId = new Map(EXTRACT_INDICATORS.map((i) => [i.id, i]));

  it('has an indicator for every measure of every dataset, as a count and a rate', () => {
    for (const dataset of DATASET_IDS) {
      for (const measure of DATASETS[dataset].measures) {
        const indicator = byId.get(`${dataset}.${measure.name}`);
        expect(indicator, `${dataset}.${measure.name}`).toBeDefined();
        expect(indicator!.stats).toEqual(expect.arrayContaining(['count', 'rate']));
        expect(indicator!.breakdowns).toEqual(DATASETS[dataset].dimensions.map((d) => d.name));
      }
    }
  });

  it('keeps the derived ids action plans link to', () => {
    expect(DERIVED_INDICATOR_IDS).toEqual([
      'referrals.high_risk_share',
      'referrals.known_victim_share',
      'referrals.looked_after_share',
      'referrals.boys_share',
      'referrals.under13_share',
      'missing.return_interview_offered_share',
      'missing.return_interview_72h_share',
      'missing.cse_concern_share',
      'mase.risk_reduced_share',
    ]);
    for (const id of DERIVED_INDICATOR_IDS) expect(byId.get(id)).toMatchObject({ unit: 'percentage', stats: ['proportion', 'count'] });
  });

  it('measures the completeness of every dimension, lower being better', () => {
    for (const dataset of DATASET_IDS) {
      for (const dimension of DATASETS[dataset].dimensions) {
        expect(byId.get(`${dataset}.completeness.${dimension.name}`)).toMatchObject({ unit: 'percentage', polarity: 'low_is_good' });
      }
    }
    expect(byId.get('referrals.completeness.risk_level')!.breakdowns).not.toContain('risk_level');
  });

  it('describes every indicator fully, under a unique id', () => {
    expect(new Set(EXTRACT_INDICATORS.map((i) => i.id)).size).toBe(EXTRACT_INDICATORS.length);
    for (const i of EXTRACT_INDICATORS) {
      for (const field of ['name', 'definition', 'numerator', 'denominator', 'source'] as const) expect(i[field], `${i.id} ${field}`).not.toBe('');
      expect(i.caveats.length).toBeGreaterThan(0);
      expect(i.period_types).toEqual(['quarter', 'financial_year', 'rolling_12m', 'year']);
      expect(['none', 'high_is_good', 'low_is_good']).toContain(i.polarity);
    }
  });

  it('says which way is better and why, in words that agree with the polarity', () => {
    const opening = { high_is_good: /^Higher is better: \S/, low_is_good: /^Lower is better: \S/, none: /^Neither direction is better\b.{20,}/ } as const;
    for (const i of EXTRACT_INDICATORS) expect(i.polarity_reason, i.id).toMatch(opening[i.polarity]);
    // A rise in CSE referrals can mean better identification: the catalogue says so.
    expect(byId.get('referrals.referrals')!.polarity_reason).toMatch(/rise in CSE referrals can mean better identification/);
    expect(byId.get('mase.disruption_actions')!.polarity).toBe('high_is_good');
  });
});

describe('GET /api/indicators', () => {
  let db: Database;
  let app: SeriesApp;

  beforeAll(async () => {
    db = await Database.open({ path: ':memory:' });
    const c = await db.connect();
    try {
      await importDemoStatistics(c);
    } finally {
      c.closeSync();
    }
    app = await startSeriesApp(db);
  }, 60_000);

  afterAll(async () => {
    await app.close();
    db.close();
  });

  it('lists extract indicators and imported official statistics with their periods', async () => {
    const res = await fetch(`${app.url}/api/indicators`, { headers: testUser('viewer') });
    expect(res.status).toBe(200);
    const list = (await res.json()) as ListedIndicator[];
    const cse = list.find((i) => i.id === 'cin_factors.child_sexual_exploitation')!;
    expect(cse).toMatchObject({
      kind: 'official',
      unit: 'count',
      polarity: 'none',
      stats: ['count', 'rate'],
      period_types: ['year'],
      periods: ['2018', '2019', '2020', '2021', '2022', '2023', '2024', '2025'],
      breakdowns: [],
    });
    expect(cse.source).toContain('c3_factors_identified_at_end_of_assessment_2018_to_2025.csv');
    expect(list.find((i) => i.id === 'referrals.referrals')).toMatchObject({ kind: 'extract', dataset: 'referrals', periods: [] });
    for (const i of list) expect(Object.keys(i)).toEqual(expect.arrayContaining(['id', 'name', 'unit', 'polarity', 'source', 'periods']));
  });

  it('answers CSV and Arrow too', async () => {
    const csv = await fetch(`${app.url}/api/indicators`, { headers: { ...testUser('viewer'), accept: 'text/csv' } });
    const rows = Papa.parse<Record<string, string>>(await csv.text(), { header: true, skipEmptyLines: true }).data;
    expect(rows.find((r) => r.id === 'cin_factors.going_missing')!.periods).toBe('2018; 2019; 2020; 2021; 2022; 2023; 2024; 2025');
    const arrow = await fetch(`${app.url}/api/indicators`, { headers: { ...testUser('viewer'), accept: 'application/vnd.apache.arrow.stream' } });
    const table = tableFromIPC(new Uint8Array(await arrow.arrayBuffer()));
    expect(table.numRows).toBe(rows.length);
    expect(table.getChild('id')!.toArray()).toContain('mase.risk_reduced_share');
  });
});
