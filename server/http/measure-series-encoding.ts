/**
 * A measure's series as CSV and Arrow: the series' own encoding, with the plan's `target` for each
 * row as the last column.
 */
import { Float64, Table, vectorFromArray } from 'apache-arrow';

import type { MeasureSeriesResult } from '../action-plans/measure-series.js';
import { csvLine } from './response-format.js';
import { seriesArrow, seriesCsv } from './series-encoding.js';

export function measureSeriesCsv(result: MeasureSeriesResult): string[] {
  const [header = '', ...lines] = seriesCsv(result);
  return [`${header},target`, ...lines.map((line, index) => `${line},${csvLine([result.rows[index]?.target ?? null])}`)];
}

export function measureSeriesArrow(result: MeasureSeriesResult): Table {
  const table = seriesArrow(result);
  const target = new Table({ target: vectorFromArray(result.rows.map((row) => row.target), new Float64()) });
  const joined = table.assign(target);
  for (const [key, value] of table.schema.metadata) joined.schema.metadata.set(key, value);
  return joined;
}
