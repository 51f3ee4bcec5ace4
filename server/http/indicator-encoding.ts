/** GET /api/indicators as CSV (lists joined with "; ") and as an Arrow table (lists as lists). */
import { Field, List, Table, Utf8, vectorFromArray } from 'apache-arrow';
import type { ListedIndicator } from '../indicators/load-catalogue.js';
import { csvLine } from './response-format.js';

const TEXT = ['id', 'name', 'kind', 'dataset', 'unit', 'polarity', 'polarity_reason', 'source', 'definition', 'numerator', 'denominator'] as const;
const LISTS = ['stats', 'period_types', 'breakdowns', 'periods', 'caveats'] as const;

export function indicatorsCsv(list: readonly ListedIndicator[]): string[] {
  return [
    csvLine([...TEXT, ...LISTS]),
    ...list.map((i) => csvLine([...TEXT.map((k) => i[k]), ...LISTS.map((k) => i[k].join('; '))])),
  ];
}

export function indicatorsArrow(list: readonly ListedIndicator[]): Table {
  const listType = new List(Field.new('item', new Utf8(), true));
  return new Table({
    ...Object.fromEntries(TEXT.map((k) => [k, vectorFromArray(list.map((i) => i[k]), new Utf8())])),
    ...Object.fromEntries(LISTS.map((k) => [k, vectorFromArray(list.map((i) => [...i[k]]), listType)])),
  });
}
