/**
 * A plan's measures written back as measures.csv (action-plan-format.md), so that exporting a plan
 * and importing it again changes nothing: a measure's details on its first row only, then one row
 * per quarter, in the plan's order of measures and time order within each.
 */
import type { MeasureHistory } from '../../pipelines/action-plans/measure-history.js';
import { csvLine } from '../http/response-format.js';
import { cell } from './plan-export.js';

const MEASURE_HEADER = ['plan', 'measure', 'name', 'unit', 'polarity', 'refs', 'counts_children', 'period', 'value', 'target', 'note'];

export function measuresCsv(plan: string, history: MeasureHistory): string[] {
  return [
    csvLine(MEASURE_HEADER),
    ...history.measures.flatMap((measure) =>
      history.values
        .filter((row) => row.measure === measure.measure)
        .sort((a, b) => a.period.localeCompare(b.period))
        .map((row, index) => {
          const first = index === 0;
          return csvLine([
            plan,
            measure.measure,
            first ? cell(measure.name) : null,
            first ? measure.unit : null,
            first ? measure.polarity : null,
            first ? cell(measure.refs.join(';')) : null,
            first && measure.counts_children ? 'yes' : null,
            row.period,
            row.value,
            row.target,
            cell(row.note),
          ]);
        })),
  ];
}
