/**
 * Counts by category for one period (who, where, how referred, ...): horizontal bars with the
 * figure written at the end of each bar; a suppressed cell has no bar and says `c`. With a
 * `group` (e.g. sex within age band) the bars are grouped, and each group is named in its label.
 */
import { SUPPRESSED_NOTE, formatFigure, humanise } from '../format.js';
import { chartContent } from './chart-content.js';
import type { ChartContent } from './chart-figure.js';
import { CATEGORICAL } from './palette.js';

export interface CategoryValue {
  category: string;
  group?: string;
  value: number | null;
  suppressed: boolean;
}

export interface CategoryBarsInput {
  title: string;
  source: string;
  measureLabel: string;
  categoryLabel: string;
  groupLabel?: string;
  values: readonly CategoryValue[];
  order?: readonly string[];
  groupOrder?: readonly string[];
  percent?: boolean;
}

export function categoryBars(input: CategoryBarsInput): ChartContent {
  const stat = input.percent ? 'proportion' : 'count';
  const order = input.order ?? [...new Set(input.values.map((v) => v.category))];
  const groups = input.groupOrder ?? [...new Set(input.values.map((v) => v.group).filter((g): g is string => !!g))];
  const data = input.values.map((v) => ({
    cat: humanise(v.category),
    grp: v.group ? humanise(v.group) : '',
    v: v.suppressed || v.value === null ? 0 : v.value,
    shown: formatFigure(v, stat),
    label: `${v.group ? `${humanise(v.group)}: ` : ''}${formatFigure(v, stat)}`,
  }));
  const grouped = groups.length > 0;
  const y = { field: 'cat', type: 'nominal', sort: order.map(humanise), title: input.categoryLabel, axis: { labelLimit: 200 } };
  const colourRange = grouped ? groups.map((_, i) => CATEGORICAL[i % CATEGORICAL.length]) : [CATEGORICAL[0]];
  const spec = {
    title: { text: input.title, subtitle: input.source },
    width: 'container',
    height: { step: grouped ? 14 : 22 },
    autosize: { type: 'fit-x', contains: 'padding' },
    data: { values: data },
    encoding: { y, ...(grouped ? { yOffset: { field: 'grp', type: 'nominal', sort: groups.map(humanise) } } : {}) },
    layer: [
      {
        mark: { type: 'bar', height: { band: 0.85 } },
        encoding: {
          x: { field: 'v', type: 'quantitative', title: input.measureLabel, axis: { tickCount: 5, tickMinStep: input.percent ? undefined : 1, format: input.percent ? '.0f' : ',d' } },
          color: grouped
            ? { field: 'grp', type: 'nominal', title: input.groupLabel, scale: { domain: groups.map(humanise), range: colourRange } }
            : { value: CATEGORICAL[0] },
          tooltip: [
            { field: 'cat', title: input.categoryLabel },
            ...(grouped ? [{ field: 'grp', title: input.groupLabel }] : []),
            { field: 'shown', title: input.measureLabel },
          ],
        },
      },
      {
        mark: { type: 'text', align: 'left', dx: 4, fontSize: grouped ? 10 : 11, color: '#0b0c0c', aria: false },
        encoding: { x: { field: 'v', type: 'quantitative' }, text: { field: grouped ? 'label' : 'shown' } },
      },
    ],
  };
  const descParts = order.map((c) => {
    const cells = input.values.filter((v) => v.category === c);
    return `${humanise(c)} ${cells.map((v) => `${v.group ? `${humanise(v.group)} ` : ''}${formatFigure(v, stat)}`).join(', ')}`;
  });
  const description = `Bar chart of ${input.measureLabel.toLowerCase()} by ${input.categoryLabel.toLowerCase()}${grouped ? ` and ${input.groupLabel?.toLowerCase()}` : ''}: ${descParts.join('; ')}.`;
  const columns = grouped
    ? [{ key: 'cat', label: input.categoryLabel, rowHeader: true }, ...groups.map((g, i) => ({ key: `g${i}`, label: humanise(g), numeric: true }))]
    : [{ key: 'cat', label: input.categoryLabel, rowHeader: true }, { key: 'v', label: input.measureLabel, numeric: true }];
  const rows = order.map((c) => {
    const row: Record<string, string> = { cat: humanise(c) };
    if (grouped) {
      groups.forEach((g, i) => {
        const cell = input.values.find((v) => v.category === c && v.group === g);
        row[`g${i}`] = cell ? formatFigure(cell, stat) : 'x';
      });
    } else {
      const cell = input.values.find((v) => v.category === c);
      row.v = cell ? formatFigure(cell, stat) : 'x';
    }
    return row;
  });
  const suppressed = input.values.some((v) => v.suppressed);
  return chartContent(input.title, description, spec, { columns, rows, notes: [SUPPRESSED_NOTE] }, suppressed ? [SUPPRESSED_NOTE] : []);
}
