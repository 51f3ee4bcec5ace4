/**
 * One small chart per breakdown value (age band, sex, ...), on a shared scale so the panels can
 * be compared, each with its 95% interval band.
 */
import type { SeriesRow, Stat } from '../api-types.js';
import { PROTECTED_NOTE, SUPPRESSED_NOTE, humanise, statLabel } from '../format.js';
import { comparePeriods } from '../periods.js';
import { chartContent } from './chart-content.js';
import type { ChartContent } from './chart-figure.js';
import { CATEGORICAL } from './palette.js';
import { TIME_X, toPoints } from './series-points.js';

export interface SmallMultiplesInput {
  title: string;
  source: string;
  indicatorName: string;
  areaName: string;
  breakdownLabel: string;
  stat: Stat;
  rows: readonly SeriesRow[];
  /** Display order of the breakdown values (the dictionary's order). */
  order?: readonly string[];
  panelWidth?: number;
  /** Panels side by side (4 on a wide screen, fewer on a phone). */
  columns?: number;
}

export function smallMultiples(input: SmallMultiplesInput): ChartContent {
  const values = [...new Set(input.rows.map((r) => r.breakdown ?? 'all'))];
  const order = input.order ? [...input.order.filter((v) => values.includes(v)), ...values.filter((v) => !input.order!.includes(v))] : values;
  const data = order.flatMap((b) =>
    toPoints(input.rows.filter((r) => (r.breakdown ?? 'all') === b), input.stat).map((p) => ({ ...p, panel: humanise(b) })),
  );
  const panels = order.map(humanise);
  const latest = panels.map((p) => {
    const last = data.filter((d) => d.panel === p && (d.value !== null || d.suppressed)).at(-1);
    return last ? `${p} ${last.shown}` : `${p} x`;
  });
  const description = `${panels.length} small charts of ${input.indicatorName} (${statLabel(input.stat)}) for ${input.areaName} by ${input.breakdownLabel.toLowerCase()}, on a shared scale, each with its 95% confidence interval as a band. Latest period: ${latest.join('; ')}.`;
  const width = input.panelWidth ?? 230;
  const spec = {
    title: { text: input.title, subtitle: input.source },
    data: { values: data },
    facet: { field: 'panel', type: 'nominal', title: null, sort: panels, header: { labelAnchor: 'start', labelFontSize: 12 } },
    columns: input.columns ?? 4,
    spec: {
      width,
      height: 110,
      layer: [
        {
          mark: { type: 'area', opacity: 0.18, color: CATEGORICAL[0], aria: false, invalid: 'break-paths-show-domains' },
          encoding: { x: { ...TIME_X, axis: { ...TIME_X.axis, tickCount: 3 } }, y: { field: 'lower', type: 'quantitative', title: statLabel(input.stat) }, y2: { field: 'upper' } },
        },
        {
          mark: { type: 'line', color: CATEGORICAL[0], strokeWidth: 1.75, invalid: 'break-paths-show-domains', point: { filled: true, size: 18, color: CATEGORICAL[0] } },
          encoding: {
            x: { ...TIME_X, axis: { ...TIME_X.axis, tickCount: 3 } },
            y: { field: 'value', type: 'quantitative' },
            tooltip: [
              { field: 'panel', title: input.breakdownLabel },
              { field: 'periodLabel', title: 'Period' },
              { field: 'shown', title: 'Value' },
              { field: 'interval', title: '95% interval' },
            ],
          },
        },
        {
          transform: [{ filter: 'datum.suppressed' }],
          mark: { type: 'text', text: 'c', fontSize: 10, fontWeight: 'bold', color: '#0b0c0c', baseline: 'bottom', dy: -1, aria: false },
          encoding: { x: { field: 'date', type: 'temporal' }, y: { datum: 0, type: 'quantitative' } },
        },
      ],
    },
  };
  // In time order: a period held for only some series or panels would otherwise come last.
  const periods = [...new Set(data.map((d) => d.period))].sort(comparePeriods);
  return chartContent(input.title, description, spec, {
    columns: [{ key: 'period', label: 'Period', rowHeader: true }, ...panels.map((p, i) => ({ key: `p${i}`, label: p, numeric: true }))],
    rows: periods.map((period) => {
      const row: Record<string, string> = { period: data.find((d) => d.period === period)!.periodLabel };
      panels.forEach((p, i) => {
        row[`p${i}`] = data.find((d) => d.panel === p && d.period === period)?.shown ?? 'x';
      });
      return row;
    }),
    notes: [PROTECTED_NOTE, SUPPRESSED_NOTE],
  }, data.some((d) => d.suppressed) ? [SUPPRESSED_NOTE] : []);
}
