/**
 * A line with its 95% confidence interval as a band, comparators (England, region, statistical
 * neighbours) overlaid with their own colour, dash and point shape, and linked actions marked.
 */
import type { SeriesRow, Stat } from '../api-types.js';
import { PROTECTED_NOTE, SUPPRESSED_NOTE, statLabel } from '../format.js';
import { comparePeriods } from '../periods.js';
import { markerLayers, type ActionMarker } from './action-markers.js';
import { chartContent } from './chart-content.js';
import type { ChartContent } from './chart-figure.js';
import { SERIES_STYLE } from './palette.js';
import { TIME_X, toPoints } from './series-points.js';

export interface LineSeries {
  key: keyof typeof SERIES_STYLE;
  name: string;
  rows: readonly SeriesRow[];
}

export interface IntervalLineInput {
  title: string;
  source: string;
  indicatorName: string;
  stat: Stat;
  series: readonly LineSeries[];
  markers?: readonly ActionMarker[];
  height?: number;
}

export function intervalLine(input: IntervalLineInput): ChartContent {
  const names = input.series.map((s) => s.name);
  const colours = input.series.map((s) => SERIES_STYLE[s.key].colour);
  const dashes = input.series.map((s) => SERIES_STYLE[s.key].dash);
  const shapes = input.series.map((s) => SERIES_STYLE[s.key].shape);
  const data = input.series.flatMap((s) => toPoints(s.rows, input.stat).map((p) => ({ ...p, series: s.name })));
  const main = input.series[0];
  const mainPoints = data.filter((d) => d.series === main?.name);
  const ends = dodge(
    input.series
      .map((s) => data.filter((d) => d.series === s.name && d.value !== null).at(-1))
      .filter((d): d is (typeof data)[number] => d !== undefined)
      .map((d) => ({ date: d.date, value: d.value!, label: d.series, series: d.series })),
    data.flatMap((d) => [d.value, d.lower, d.upper]).filter((v): v is number => v !== null),
  );
  const anySuppressed = data.some((d) => d.suppressed);
  const latest = mainPoints.filter((p) => p.value !== null).at(-1);
  // One entry a line: comparators' names are long ("Partnerships reporting in the North West, 3 of
  // 24 authorities report"), and a row of them would squeeze the plot on a phone.
  const legend = names.length > 1 ? { legend: { columns: 1 } } : { legend: null };
  const colour = { field: 'series', type: 'nominal', title: null, scale: { domain: names, range: colours }, ...legend };

  const description = [
    `Line chart of ${input.indicatorName} (${statLabel(input.stat)}) for ${names.join(', ')}, ${mainPoints[0]?.periodLabel ?? ''} to ${mainPoints.at(-1)?.periodLabel ?? ''}.`,
    main ? `The shaded band is the 95% confidence interval for ${main.name}.` : '',
    latest ? `Latest for ${main?.name}: ${latest.shown} (95% interval ${latest.interval}) in ${latest.periodLabel}.` : '',
    ...input.series.slice(1).map((s) => {
      const last = data.filter((d) => d.series === s.name && d.value !== null).at(-1);
      return last ? `${s.name}: ${last.shown} in ${last.periodLabel}.` : `${s.name}: no figures.`;
    }),
    input.markers?.length ? `Linked actions numbered on the time axis: ${input.markers.map((m) => `${m.label}, ${m.ref} due ${m.date} (${m.status})`).join('; ')}.` : '',
  ].filter(Boolean).join(' ');

  const spec = {
    title: { text: input.title, subtitle: input.source },
    width: 'container',
    height: input.height ?? 300,
    autosize: { type: 'fit-x', contains: 'padding' },
    layer: [
      {
        data: { values: mainPoints },
        mark: { type: 'area', opacity: 0.18, color: colours[0], aria: false, invalid: 'break-paths-show-domains' },
        encoding: { x: TIME_X, y: { field: 'lower', type: 'quantitative', title: statLabel(input.stat), scale: { zero: false } }, y2: { field: 'upper' } },
      },
      {
        data: { values: data },
        mark: { type: 'line', strokeWidth: 2, invalid: 'break-paths-show-domains' },
        encoding: {
          x: TIME_X,
          y: { field: 'value', type: 'quantitative' },
          color: colour,
          strokeDash: { field: 'series', type: 'nominal', title: null, scale: { domain: names, range: dashes }, ...legend },
        },
      },
      {
        data: { values: data },
        transform: [{ filter: 'datum.value != null' }],
        mark: { type: 'point', filled: true, size: 40 },
        encoding: {
          x: TIME_X,
          y: { field: 'value', type: 'quantitative' },
          color: colour,
          shape: { field: 'series', type: 'nominal', title: null, scale: { domain: names, range: shapes }, ...legend },
          tooltip: [
            { field: 'series', title: 'Area' },
            { field: 'periodLabel', title: 'Period' },
            { field: 'shown', title: 'Value' },
            { field: 'interval', title: '95% interval' },
          ],
        },
      },
      {
        data: { values: ends },
        // Cut short: a comparator's full name ("Statistical neighbours (median), 9 of
        // 10 have a value") would otherwise squeeze the plot to nothing on a phone. The legend,
        // table and description carry it whole.
        mark: { type: 'text', align: 'left', dx: 7, fontSize: 10, fontWeight: 'bold', aria: false, limit: 130 },
        encoding: { x: { field: 'date', type: 'temporal' }, y: { field: 'labelY', type: 'quantitative' }, text: { field: 'label' }, color: colour },
      },
      ...markerLayers(input.markers ?? []),
    ],
    // The end labels count in the chart's bounds (autosize fit-x), so they need no padding of their own.
    config: { padding: { right: 8, left: 8, top: 8, bottom: 8 } },
  };

  // In time order: a period held for only some series or panels would otherwise come last.
  const periods = [...new Set(data.map((d) => d.period))].sort(comparePeriods);
  const byKey = new Map(data.map((d) => [`${d.series}|${d.period}`, d]));
  return chartContent(input.title, description, spec, {
    columns: [
      { key: 'period', label: 'Period', rowHeader: true },
      ...input.series.flatMap((s, i) => [
        { key: `v${i}`, label: s.name, numeric: true },
        ...(i === 0 ? [{ key: `ci${i}`, label: `${s.name}: 95% interval`, numeric: true }] : []),
      ]),
    ],
    rows: periods.map((p) => {
      const row: Record<string, string> = { period: data.find((d) => d.period === p)!.periodLabel };
      input.series.forEach((s, i) => {
        const d = byKey.get(`${s.name}|${p}`);
        row[`v${i}`] = d?.shown ?? 'x';
        if (i === 0) row[`ci${i}`] = d?.interval ?? 'x';
      });
      return row;
    }),
    notes: [PROTECTED_NOTE, SUPPRESSED_NOTE, 'x: not available.'],
  }, anySuppressed ? [SUPPRESSED_NOTE] : []);
}

/** Spreads end-of-line labels apart so that close values do not print over each other. */
function dodge<T extends { value: number }>(labels: T[], all: number[]): (T & { labelY: number })[] {
  const span = all.length ? Math.max(...all) - Math.min(...all) : 1;
  const gap = (span || 1) * 0.06;
  const sorted = [...labels].sort((a, b) => a.value - b.value);
  let previous = -Infinity;
  return sorted.map((l) => {
    const labelY = Math.max(l.value, previous + gap);
    previous = labelY;
    return { ...l, labelY };
  });
}
