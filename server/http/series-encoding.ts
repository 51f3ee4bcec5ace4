/**
 * A series as CSV and as an Arrow table. CSV writes `c` where a figure is suppressed and the
 * published symbol (x, z, u, low, k) where official statistics give one instead of a number;
 * Arrow, like JSON, gives null with `suppressed` true. Both say how each row was protected
 * (`protection`, `max_change`; docs/disclosure.md); Arrow also carries the answer's `disclosure`.
 */
import { Bool, Field, Float64, Struct, Table, Utf8, vectorFromArray } from 'apache-arrow';
import type { SeriesResult } from '../indicators/series.js';
import type { SeriesRow } from '../indicators/series-rows.js';
import { csvLine } from './response-format.js';

const FIGURES = ['numerator', 'denominator', 'value', 'lower95', 'upper95', 'lower998', 'upper998'] as const;
const SPC_FIELDS = ['mean', 'lower', 'upper', 'rule', 'type', 'trial'] as const;

export function seriesCsv(result: SeriesResult): string[] {
  const symbols = new Map(result.symbols.map((s) => [rowKey(s), s.symbol]));
  const header = ['period', 'area_code', 'breakdown', ...FIGURES, 'suppressed', 'protection', 'max_change', 'benchmark', ...SPC_FIELDS.map((f) => `spc_${f}`)];
  const countsOnly = result.stat === 'count' || result.stat === 'value';
  const lines = result.rows.map((r) => {
    const missing = r.suppressed ? 'c' : (symbols.get(rowKey(r)) ?? null);
    // A count has no denominator to hide; any other missing figure says why it is missing.
    const figures = FIGURES.map((f) => r[f] ?? (f === 'denominator' && countsOnly ? null : missing));
    const spc = SPC_FIELDS.map((f) => r.spc?.[f] ?? null);
    return csvLine([r.period, r.area_code, r.breakdown, ...figures, r.suppressed, r.protection, r.max_change, r.benchmark, ...spc]);
  });
  return [csvLine(header), ...lines];
}

export function seriesArrow(result: SeriesResult): Table {
  const rows = result.rows;
  const text = (pick: (r: SeriesRow) => string | null) => vectorFromArray(rows.map(pick), new Utf8());
  const spcType = new Struct([
    Field.new('mean', new Float64(), true),
    Field.new('lower', new Float64(), true),
    Field.new('upper', new Float64(), true),
    Field.new('rule', new Utf8(), true),
    Field.new('type', new Utf8(), true),
    Field.new('trial', new Bool(), true),
  ]);
  const table = new Table({
    period: text((r) => r.period),
    area_code: text((r) => r.area_code),
    breakdown: text((r) => r.breakdown),
    ...Object.fromEntries(FIGURES.map((f) => [f, vectorFromArray(rows.map((r) => r[f]), new Float64())])),
    suppressed: vectorFromArray(rows.map((r) => r.suppressed), new Bool()),
    protection: text((r) => r.protection),
    max_change: vectorFromArray(rows.map((r) => r.max_change), new Float64()),
    benchmark: text((r) => r.benchmark),
    spc: vectorFromArray(rows.map((r) => r.spc), spcType),
  });
  for (const key of ['indicator', 'area', 'stat', 'period_type'] as const) table.schema.metadata.set(key, String(result[key]));
  // What each comparator is travels with its rows, as in the JSON answer.
  if (result.comparators) table.schema.metadata.set('comparators', JSON.stringify(result.comparators));
  table.schema.metadata.set('disclosure', JSON.stringify(result.disclosure));
  return table;
}

function rowKey(r: { period: string; area_code: string; breakdown: string | null }): string {
  return `${r.period}|${r.area_code}|${r.breakdown ?? ''}`;
}
