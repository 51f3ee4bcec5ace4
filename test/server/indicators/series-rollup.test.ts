/**
 * The rollup answers every series shape exactly as the fact rows do: over a store loaded with
 * aggregate and record-level uploads, blank measures and a re-upload, each indicator and
 * breakdown sums to the same rows either way, and the rollup kept by the uploads is the one a
 * rebuild from the facts would give.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRollupSql, rollupTable } from '../../../pipelines/extract-rollup.js';
import { DATASETS } from '../../../pipelines/extract-schema.js';
import { EXTRACT_INDICATORS } from '../../../server/indicators/catalogue.js';
import { factSource, seriesSource, type SeriesSource } from '../../../server/indicators/series-source.js';
import { openTestStore, success, type TestStore } from '../../helpers/extract-files.js';

const CHERWELL = 'E07000177';
const OXFORD = 'E07000178';
const STOCKPORT = 'E08000007';
const OXFORDSHIRE = 'E10000025';

let store: TestStore;

beforeAll(async () => {
  store = await openTestStore();
  // Aggregate, broken down by sex and risk, with children blank on some rows.
  success(await store.ingest('referrals', [
    'period,area_code,sex,risk_level,concern,referrals,children',
    `2015-Q1,${CHERWELL},female,high,known_victim,10,8`,
    `2015-Q1,${CHERWELL},female,low,,5,`,
    `2015-Q1,${CHERWELL},male,,at_risk,3,3`,
    `2015-Q2,${CHERWELL},male,high,known_victim,2,`,
    `2015-Q1,${OXFORD},female,medium,unknown,7,6`,
    `2015-Q2,${OXFORD},other,high,at_risk,4,4`,
  ].join('\n')));
  // Record level: one row per referral, other dimensions.
  const ages = [8, 11, 13, 14, 15, 16, 17, 19, ''];
  success(await store.ingest('referrals', [
    'period,area_code,age,sex,ethnicity,looked_after,source,exploitation_model',
    ...ages.map((age, i) =>
      `2015-Q${(i % 2) + 1},${STOCKPORT},${age},${i % 3 ? 'female' : 'male'},${['wbri', 'aind', ''][i % 3]},${['yes', 'no', ''][i % 3]},police,${i % 2 ? 'online' : 'party'}`),
    ...ages.map((age) => `2015-Q1,${CHERWELL},${age},female,bafr,yes,health,boyfriend`),
  ].join('\n')));
  // Re-upload of one partition, broken down differently from the first time.
  success(await store.ingest('referrals', [
    'period,area_code,age_band,risk_level,referrals',
    `2015-Q2,${OXFORD},13-15,high,6`,
    `2015-Q2,${OXFORD},16-17,unknown,1`,
  ].join('\n')));
  // Measures given on some rows only, so that a share's numerator and denominator are not always both there.
  success(await store.ingest('missing', [
    'period,area_code,missing_from,sex,episodes,children,return_interviews_offered,return_interviews_within_72h,episodes_with_cse_concern',
    `2015-Q1,${STOCKPORT},home,female,20,10,15,9,2`,
    `2015-Q1,${STOCKPORT},care,female,12,4,,,1`,
    `2015-Q1,${STOCKPORT},care,male,5,3,5,,`,
    `2015-Q2,${STOCKPORT},home,unknown,8,,6,6,0`,
  ].join('\n')));
  success(await store.ingest('missing', [
    'period,area_code,age_band,ethnicity,looked_after,episodes,return_interviews_offered',
    `2015-Q1,${CHERWELL},13-15,white,yes,6,4`,
    `2015-Q1,${CHERWELL},unknown,unknown,no,3,`,
    `2015-Q2,${CHERWELL},16-17,mixed,unknown,2,2`,
  ].join('\n')));
  success(await store.ingest('mase', [
    'period,area_code,age_band,sex,ethnicity,looked_after,risk_level,cases_discussed,new_cases,cases_closed,closed_risk_reduced,perpetrators_identified,locations_identified,disruption_actions',
    `2015-Q1,${STOCKPORT},13-15,female,white,yes,high,6,2,3,2,1,2,3`,
    `2015-Q1,${STOCKPORT},16-17,unknown,unknown,unknown,low,4,1,,,,1,0`,
    `2015-Q2,${STOCKPORT},unknown,male,black,no,,5,2,2,1,2,,1`,
  ].join('\n')));
});
afterAll(() => store.close());

/** What the series query takes from a source: sums per area, quarter and breakdown cell. */
async function sums(source: SeriesSource): Promise<Record<string, unknown>[]> {
  const reader = await store.connection.runAndReadAll(
    `SELECT f.area_code, f.period, ${source.breakdown} AS breakdown, sum(${source.num}) AS num, sum(${source.den}) AS den
     FROM ${source.from} WHERE ${source.where} GROUP BY ALL ORDER BY ALL`,
    source.dimension === null ? {} : { dimension: source.dimension },
  );
  return reader.getRowObjectsJS();
}

describe('series read from the rollup', () => {
  for (const indicator of EXTRACT_INDICATORS) {
    for (const breakdown of [null, ...indicator.breakdowns]) {
      it(`${indicator.id} by ${breakdown ?? 'nothing'} sums as the facts do`, async () => {
        const fromFacts = await sums(factSource(indicator, breakdown));
        expect(fromFacts.length).toBeGreaterThan(0);
        expect(await sums(seriesSource(indicator, breakdown))).toEqual(fromFacts);
      });
    }
  }

  for (const dataset of Object.values(DATASETS)) {
    it(`${dataset.id}: the rollup the uploads kept is the one the facts give`, async () => {
      const c = store.connection;
      const rows = async () => (await c.runAndReadAll(`SELECT * FROM ${rollupTable(dataset)} ORDER BY ALL`)).getRowObjectsJS();
      const kept = await rows();
      expect(kept.length).toBeGreaterThan(0);
      await c.run('BEGIN TRANSACTION');
      try {
        await c.run(`DELETE FROM ${rollupTable(dataset)}`);
        await c.run(insertRollupSql(dataset, `${dataset.id}_facts`));
        expect(await rows()).toEqual(kept);
      } finally {
        await c.run('ROLLBACK');
      }
    });
  }
});

describe('uploads read the rollup', () => {
  it('warn when a district joins rows its county already has of its own in that quarter', async () => {
    success(await store.ingest('referrals', `period,area_code,referrals\n2015-Q3,${OXFORDSHIRE},4\n`));
    const district = success(await store.ingest('referrals', `period,area_code,referrals\n2015-Q3,${CHERWELL},2\n2015-Q4,${CHERWELL},1\n`));
    expect(district.warnings.filter((w) => w.includes('has rows of its own'))).toHaveLength(1);
  });
});
