/**
 * A statistical process control (XmR) chart in the Making Data Count style: the values, the mean,
 * the process limits, special-cause points coloured and shaped by their meaning, a note when the
 * limits are trial limits, and linked actions on the time axis.
 */
import type { SeriesRow, Stat } from '../api-types.js';
import { SUPPRESSED_NOTE, formatNumber, statLabel } from '../format.js';
import { markerLayers, type ActionMarker } from './action-markers.js';
import { chartContent } from './chart-content.js';
import type { ChartContent } from './chart-figure.js';
import { SPC_STYLE } from './palette.js';
import { RULE_WORDS, TIME_X, toPoints, type ChartPoint } from './series-points.js';

export interface SpcChartInput {
  title: string;
  source: string;
  indicatorName: string;
  areaName: string;
  stat: Stat;
  rows: readonly SeriesRow[];
  markers?: readonly ActionMarker[];
}

const TYPES = ['common_cause', 'improvement', 'concern', 'neutral'] as const;

export function spcChart(input: SpcChartInput): ChartContent {
  const points = toPoints(input.rows, input.stat);
  const shown = points.filter((p) => p.value !== null);
  const special = shown.filter((p) => p.spcType !== 'common_cause');
  const trial = points.some((p) => p.trial) || shown.length < 13;
  const latest = shown.at(-1);
  const fmt = (n: number | null) => (n === null ? 'x' : formatNumber(n, input.stat));
  const data = points.map((p) => ({ ...p, typeLabel: SPC_STYLE[p.spcType].label, ruleWords: RULE_WORDS[p.rule] }));
  const last = shown.at(-1);
  const lineLabels = last
    ? [
        { date: last.date, y: last.mean, label: `Mean ${fmt(last.mean)}` },
        { date: last.date, y: last.limitUpper, label: 'Upper limit' },
        { date: last.date, y: last.limitLower, label: 'Lower limit' },
      ].filter((l) => l.y !== null)
    : [];
  const allY = points.flatMap((p) => [p.value, p.limitLower, p.limitUpper]).filter((v): v is number => v !== null);
  const floor = allY.length ? Math.min(...allY) : 0;
  const suppressed = points.filter((p) => p.suppressed).map((p) => ({ date: p.date, y: floor, label: 'c' }));

  const description = [
    `SPC chart of ${input.indicatorName} (${statLabel(input.stat)}) for ${input.areaName}, ${points[0]?.periodLabel ?? ''} to ${points.at(-1)?.periodLabel ?? ''}, ${shown.length} points.`,
    latest ? `Latest: ${latest.shown} in ${latest.periodLabel}.` : '',
    last && last.mean !== null ? `Mean ${fmt(last.mean)}; process limits ${fmt(last.limitLower)} to ${fmt(last.limitUpper)}.` : '',
    special.length ? specialSummary(special) : 'Common cause variation only: no special causes.',
    trial ? 'Trial limits: fewer than 13 points, so the limits may change as data are added.' : '',
    input.markers?.length ? `Linked actions marked on the time axis: ${input.markers.map((m) => `${m.ref} due ${m.date} (${m.status})`).join('; ')}.` : '',
  ].filter(Boolean).join(' ');

  const y = { type: 'quantitative', title: statLabel(input.stat), scale: { zero: false } };
  const spec = {
    title: { text: input.title, subtitle: [input.source, ...(trial ? ['Trial limits (fewer than 13 points).'] : [])] },
    width: 'container',
    height: 300,
    autosize: { type: 'fit-x', contains: 'padding' },
    layer: [
      { data: { values: data }, mark: { type: 'line', color: '#3D3D3D', strokeWidth: 1.5, aria: false }, encoding: { x: TIME_X, y: { ...y, field: 'mean' } } },
      { data: { values: data }, mark: { type: 'line', color: '#6f777b', strokeDash: [5, 4], strokeWidth: 1.5, aria: false }, encoding: { x: TIME_X, y: { field: 'limitUpper', type: 'quantitative' } } },
      { data: { values: data }, mark: { type: 'line', color: '#6f777b', strokeDash: [5, 4], strokeWidth: 1.5, aria: false }, encoding: { x: TIME_X, y: { field: 'limitLower', type: 'quantitative' } } },
      { data: { values: data }, mark: { type: 'line', color: '#6f777b', strokeWidth: 1.25, aria: false, invalid: 'break-paths-show-domains' }, encoding: { x: TIME_X, y: { ...y, field: 'value' } } },
      {
        data: { values: data },
        transform: [{ filter: 'datum.value != null' }],
        mark: { type: 'point', filled: true, size: 70, opacity: 1 },
        encoding: {
          x: TIME_X,
          y: { field: 'value', type: 'quantitative' },
          color: { field: 'typeLabel', type: 'nominal', title: null, scale: { domain: TYPES.map((t) => SPC_STYLE[t].label), range: TYPES.map((t) => SPC_STYLE[t].colour) } },
          shape: { field: 'typeLabel', type: 'nominal', title: null, scale: { domain: TYPES.map((t) => SPC_STYLE[t].label), range: TYPES.map((t) => SPC_STYLE[t].shape) } },
          tooltip: [
            { field: 'periodLabel', title: 'Period' },
            { field: 'shown', title: 'Value' },
            { field: 'interval', title: '95% interval' },
            { field: 'typeLabel', title: 'Reading' },
            { field: 'ruleWords', title: 'Rule' },
          ],
        },
      },
      ...(lineLabels.length ? [{
        data: { values: lineLabels },
        mark: { type: 'text', align: 'left', dx: 6, fontSize: 10, color: '#3D3D3D', aria: false },
        encoding: { x: { field: 'date', type: 'temporal' }, y: { field: 'y', type: 'quantitative' }, text: { field: 'label' } },
      }] : []),
      ...(suppressed.length ? [{
        data: { values: suppressed },
        mark: { type: 'text', fontSize: 12, fontWeight: 'bold', color: '#0b0c0c', dy: -2 },
        encoding: { x: { field: 'date', type: 'temporal' }, y: { field: 'y', type: 'quantitative' }, text: { field: 'label' } },
      }] : []),
      ...markerLayers(input.markers ?? []),
    ],
    config: { padding: { right: 70, left: 8, top: 8, bottom: 8 } },
  };

  return chartContent(input.title, description, spec, {
    columns: [
      { key: 'period', label: 'Period', rowHeader: true },
      { key: 'value', label: 'Value', numeric: true },
      { key: 'interval', label: '95% confidence interval', numeric: true },
      { key: 'mean', label: 'Mean', numeric: true },
      { key: 'limits', label: 'Process limits', numeric: true },
      { key: 'reading', label: 'SPC reading' },
    ],
    rows: points.map((p) => ({
      period: p.periodLabel,
      value: p.shown,
      interval: p.interval,
      mean: p.mean === null ? '' : fmt(p.mean),
      limits: p.limitLower === null ? '' : `${fmt(p.limitLower)} to ${fmt(p.limitUpper)}`,
      reading: p.suppressed ? 'c' : p.spcType === 'common_cause' ? 'Common cause' : `${SPC_STYLE[p.spcType].label} (${RULE_WORDS[p.rule]})`,
    })),
    notes: [SUPPRESSED_NOTE, ...(trial ? ['Trial limits: fewer than 13 points.'] : [])],
  }, [
    ...(points.some((p) => p.suppressed) ? [SUPPRESSED_NOTE] : []),
    ...(trial ? ['Trial limits: with fewer than 13 points the process limits are provisional.'] : []),
    'Special causes (Making Data Count rules): a point outside the limits; a run of 7 rising or falling; 2 of 3 points near a limit; a run of 7 on one side of the mean.',
  ]);
}

/** Special causes in words: how many of each kind, and the most recent few. */
function specialSummary(special: readonly ChartPoint[]): string {
  const kinds = (['improvement', 'concern', 'neutral'] as const)
    .map((t) => ({ t, n: special.filter((p) => p.spcType === t).length }))
    .filter((k) => k.n > 0)
    .map((k) => `${k.n} ${k.t === 'neutral' ? 'neither better nor worse' : k.t}`);
  const recent = special.slice(-3).map((p) => `${p.periodLabel} (${SPC_STYLE[p.spcType].label.replace('Special cause: ', '')}, ${RULE_WORDS[p.rule]})`);
  return `${special.length} special-cause point${special.length > 1 ? 's' : ''} (${kinds.join(', ')}); the latest: ${recent.join('; ')}.`;
}
