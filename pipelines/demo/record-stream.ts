/**
 * A large synthetic record-level referrals file for the ingest benchmark (millions of rows).
 *
 * Rows are built into ~64 KB strings and streamed through `pipeline`, which waits for the file to
 * drain: memory stays bounded whatever the row count, and there is one write per chunk, not per row.
 * The mixes are the demo scenario's, so the file looks like a big partnership's referrals.
 */
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { loadDemoLas, populationIn } from './demo-areas.js';
import { DEMO_QUARTERS, FIRST_DEMO_YEAR } from './demo-quarters.js';

/**
 * The bench's stream keeps the 2012–2016 span its ingest figures were measured on (the committed
 * demo runs on to 2025): more periods would mean more groups, and figures no longer comparable.
 */
const LAST_STREAM_YEAR = 2016;
const STREAM_QUARTERS = DEMO_QUARTERS.filter((q) => q.year <= LAST_STREAM_YEAR);
import {
  CONCERN_BY_RISK,
  ETHNICITY_UNKNOWN,
  EXPLOITATION_MODEL_UNKNOWN,
  LA_SCENARIOS,
  LOOKED_AFTER,
  MALE_SHARE,
  REFERRAL_AGE,
  REFERRAL_SOURCE,
  RISK_LEVEL,
  exploitationModel,
  onTrend,
} from './demo-scenario.js';
import { Prng, WeightedTable } from './prng.js';
import { drawReferralSex } from './simulate-referrals.js';

export const RECORD_STREAM_COLUMNS = [
  'period',
  'area_code',
  'age_band',
  'sex',
  'ethnicity',
  'looked_after',
  'source',
  'risk_level',
  'concern',
  'exploitation_model',
] as const;

/** Characters per chunk handed to the stream (ASCII, so also bytes). */
const CHUNK_CHARS = 64 * 1024;

/** What a row's date, area and quarter decide, worked out once rather than per row. */
interface Tables {
  readonly dates: readonly string[];
  /** Index into STREAM_QUARTERS of each date. */
  readonly dateQuarter: readonly number[];
  readonly areas: WeightedTable<number>;
  readonly areaCodes: readonly string[];
  readonly areaEthnicity: readonly WeightedTable<string>[];
  /** [area][quarter] share of risk level left blank. */
  readonly areaRiskUnknown: readonly (readonly number[])[];
  readonly quarterModel: readonly WeightedTable<string>[];
  readonly quarterModelUnknown: readonly number[];
  readonly quarterEthnicityUnknown: readonly number[];
}

function buildTables(): Tables {
  const dates: string[] = [];
  const quarterOfDate: number[] = [];
  const end = Date.UTC(LAST_STREAM_YEAR, 11, 31);
  for (let t = Date.UTC(FIRST_DEMO_YEAR, 0, 1); t <= end; t += 86_400_000) {
    const iso = new Date(t).toISOString().slice(0, 10);
    dates.push(iso);
    const year = Number(iso.slice(0, 4));
    const month = Number(iso.slice(5, 7));
    quarterOfDate.push((year - FIRST_DEMO_YEAR) * 4 + Math.floor((month - 1) / 3));
  }
  const areas = loadDemoLas().flatMap((la) => la.areas.map((area) => ({ la, area })));
  const midYear = Math.round((FIRST_DEMO_YEAR + LAST_STREAM_YEAR) / 2);
  return {
    dates,
    dateQuarter: quarterOfDate,
    areas: new WeightedTable(areas.map(({ area }, i): [number, number] => [i, populationIn(area.population, midYear)])),
    areaCodes: areas.map(({ area }) => area.code),
    areaEthnicity: areas.map(({ la }) => new WeightedTable(Object.entries(LA_SCENARIOS[la.key].ethnicity))),
    areaRiskUnknown: areas.map(({ la }) => STREAM_QUARTERS.map((q) => onTrend(LA_SCENARIOS[la.key].riskUnknown, q))),
    quarterModel: STREAM_QUARTERS.map(exploitationModel),
    quarterModelUnknown: STREAM_QUARTERS.map((q) => onTrend(EXPLOITATION_MODEL_UNKNOWN, q)),
    quarterEthnicityUnknown: STREAM_QUARTERS.map((q) => onTrend(ETHNICITY_UNKNOWN, q)),
  };
}

function at<T>(items: readonly T[], i: number): T {
  const item = items[i];
  if (item === undefined) throw new RangeError(`no item ${i}`);
  return item;
}

/** A blank cell is how these files record `unknown`. */
function cell(value: string): string {
  return value === 'unknown' ? '' : value;
}

function line(t: Tables, prng: Prng): string {
  const day = prng.int(0, t.dates.length - 1);
  const quarter = at(t.dateQuarter, day);
  const area = prng.choose(t.areas);
  const sex = drawReferralSex(prng, MALE_SHARE);
  const ageBand = prng.choose(REFERRAL_AGE[sex === 'male' ? 'male' : 'female']);
  const ethnicity = prng.bernoulli(at(t.quarterEthnicityUnknown, quarter))
    ? 'unknown'
    : prng.choose(at(t.areaEthnicity, area));
  const risk = prng.bernoulli(at(at(t.areaRiskUnknown, area), quarter)) ? 'unknown' : prng.choose(RISK_LEVEL);
  const concern = CONCERN_BY_RISK[risk];
  if (!concern) throw new Error(`no concern mix for risk ${risk}`);
  const model = prng.bernoulli(at(t.quarterModelUnknown, quarter)) ? 'unknown' : prng.choose(at(t.quarterModel, quarter));
  return (
    `${at(t.dates, day)},${at(t.areaCodes, area)},${cell(ageBand)},${cell(sex)},${cell(ethnicity)},` +
    `${cell(prng.choose(LOOKED_AFTER))},${cell(prng.choose(REFERRAL_SOURCE))},${cell(risk)},${cell(prng.choose(concern))},${cell(model)}\n`
  );
}

function* chunks(rows: number, seed: number): Generator<string> {
  const tables = buildTables();
  const prng = new Prng(seed, 'record-stream');
  let chunk = `${RECORD_STREAM_COLUMNS.join(',')}\n`;
  for (let i = 0; i < rows; i++) {
    chunk += line(tables, prng);
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}

/** Writes a header and `rows` synthetic referral records (one per line) to `path`. */
export async function writeSyntheticReferralRecords(path: string, rows: number, seed: number): Promise<void> {
  if (!Number.isSafeInteger(rows) || rows < 0) throw new RangeError(`rows must be a whole number >= 0, not ${rows}`);
  await pipeline(Readable.from(chunks(rows, seed)), createWriteStream(path));
}
