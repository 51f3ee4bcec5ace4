/**
 * A statistical process control (XmR) chart in the Making Data Count style: the values, the mean,
 * the process limits, special-cause points coloured and shaped by their meaning, a note when the
 * limits are trial limits, linked actions on the time axis, and, for a plan's measure of success,
 * the plan's target as a line of its own.
 */
import type { SeriesRow, Stat } from '../api-types.js';
import { SUPPRESSED_NOTE, formatNumber, statLabel } from '../format.js';
import { markerLayers, type ActionMarker } from './action-markers.js';
import { chartContent } from './chart-content.js';
import type { ChartContent } from './chart-figure.js';
import { SPC_STYLE } from './palette.js';
import { periodLabel, periodMid } from '../periods.js';
import { RULE_WORDS, TIME_X, toPoints, type ChartPoint } from './series-points.js';

/** The series as it was going before an action, carried on after it (impact charts). */
export interface CounterfactualPoint {
  period: string;
  value: number;
  lower95: number;
  upper95: number;
}

export interface SpcChartInput {
  title: string;
  source: string;
  indicatorName: string;
  areaName: string;
  stat: Stat;
  rows: readonly SeriesRow[];
  markers?: readonly ActionMarker[];
  counterfactual?: readonly CounterfactualPoint[];
  /** The plan's target for each period that has one (measures of success). */
  targets?: ReadonlyMap<string, number>;
}

/** The target line: a colour of its own, solid, so it reads apart from the dashed limits. */
const TARGET_COLOUR = '#1d70b8';

const TYPES = ['common_cause', 'improvement', 'concern', 'neutral'] as const;

export function spcChart(input: SpcChartInput): ChartContent {
  const points = toPoints(input.rows, input.stat);
  const phases = phaseStarts(points);
  const counterfactual = (input.counterfactual ?? []).map((c) => ({ ...c, date: periodMid(c.period), periodLabel: periodLabel(c.period) }));
  const shown = points.filter((p) => p.value !== null);
  const special = shown.filter((p) => p.spcType !== 'common_cause');
  const trial = points.some((p) => p.trial) || shown.length < 13;
  const latest = shown.at(-1);
  const fmt = (n: number | null) => (n === null ? 'x' : formatNumber(n, input.stat));
  const targetOf = (p: ChartPoint) => input.targets?.get(p.period) ?? null;
  const data = points.map((p, i) => ({ ...p, target: targetOf(p), phase: phases.filter((start) => start <= i).length, typeLabel: SPC_STYLE[p.spcType].label, ruleWords: RULE_WORDS[p.rule] }));
  const withTarget = data.filter((p) => p.target !== null);
  const last = shown.at(-1);
  const lastTarget = withTarget.at(-1);
  const lineLabels = last
    ? [
        { date: last.date, y: last.mean, label: `Mean ${fmt(last.mean)}` },
        { date: last.date, y: last.limitUpper, label: 'Upper limit' },
        { date: last.date, y: last.limitLower, label: 'Lower limit' },
        ...(lastTarget ? [{ date: lastTarget.date, y: lastTarget.target, label: `Target ${fmt(lastTarget.target)}` }] : []),
      ].filter((l) => l.y !== null)
    : [];
  const allY = [...points.flatMap((p) => [p.value, p.limitLower, p.limitUpper]), ...counterfactual.flatMap((c) => [c.lower95, c.upper95]), ...points.map(targetOf)]
    .filter((v): v is number => v !== null);
  const domain = yDomain(allY, input.stat);
  // `c` marks a figure withheld from this user; a quarter with no figure at all shows nothing.
  const suppressed = points.filter((p) => p.suppressed).map((p) => ({ date: p.date, y: domain[0], label: 'c' }));
  const rebased = phases.map((i) => points[i]!.periodLabel);

  const description = [
    `SPC chart of ${input.indicatorName} (${statLabel(input.stat)}) for ${input.areaName}, ${points[0]?.periodLabel ?? ''} to ${points.at(-1)?.periodLabel ?? ''}, ${shown.length} points.`,
    latest ? `Latest: ${latest.shown} in ${latest.periodLabel}.` : '',
    last && last.mean !== null ? `Mean ${fmt(last.mean)}; process limits ${fmt(last.limitLower)} to ${fmt(last.limitUpper)}.` : '',
    special.length ? specialSummary(special) : 'Common cause variation only: no special causes.',
    trial ? 'Trial limits: fewer than 13 points, so the limits may change as data are added.' : '',
    rebased.length ? `Limits re-based from ${rebased.join(' and ')}, where a sustained shift followed a known change: each phase has its own mean and limits.` : '',
    counterfactual.length ? `Shaded: the series as it was going before the action, carried on (the counterfactual, ${fmt(counterfactual[0]!.value)} in ${counterfactual[0]!.periodLabel} to ${fmt(counterfactual.at(-1)!.value)} in ${counterfactual.at(-1)!.periodLabel}), with its 95% band.` : '',
    lastTarget ? `The plan's target, drawn as a solid blue line: ${fmt(lastTarget.target)} in ${lastTarget.periodLabel}${latest ? `; latest value ${latest.shown}` : ''}.` : '',
    input.markers?.length ? `Linked actions numbered on the time axis: ${input.markers.map((m) => `${m.label}, ${m.ref} due ${m.date} (${m.status})`).join('; ')}.` : '',
  ].filter(Boolean).join(' ');

  const y = { type: 'quantitative', title: statLabel(input.stat), scale: { zero: false, domain, nice: false } };
  const byPhase = { detail: { field: 'phase', type: 'ordinal' } };
  const spec = {
    title: { text: input.title, subtitle: [input.source, ...(trial ? ['Trial limits (fewer than 13 points).'] : [])] },
    width: 'container',
    height: 300,
    autosize: { type: 'fit-x', contains: 'padding' },
    layer: [
      ...(counterfactual.length ? [
        { data: { values: counterfactual }, mark: { type: 'area', color: '#1d70b8', opacity: 0.15, aria: false }, encoding: { x: TIME_X, y: { ...y, field: 'lower95' }, y2: { field: 'upper95' } } },
        { data: { values: counterfactual }, mark: { type: 'line', color: '#1d70b8', strokeDash: [2, 3], strokeWidth: 2, aria: false }, encoding: { x: TIME_X, y: { ...y, field: 'value' } } },
      ] : []),
      { data: { values: data }, mark: { type: 'line', color: '#3D3D3D', strokeWidth: 1.5, aria: false }, encoding: { x: TIME_X, y: { ...y, field: 'mean' }, ...byPhase } },
      { data: { values: data }, mark: { type: 'line', color: '#6f777b', strokeDash: [5, 4], strokeWidth: 1.5, aria: false }, encoding: { x: TIME_X, y: { ...y, field: 'limitUpper' }, ...byPhase } },
      { data: { values: data }, mark: { type: 'line', color: '#6f777b', strokeDash: [5, 4], strokeWidth: 1.5, aria: false }, encoding: { x: TIME_X, y: { ...y, field: 'limitLower' }, ...byPhase } },
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
      ...(withTarget.length ? [{
        data: { values: withTarget },
        mark: { type: 'line', interpolate: 'step-after', color: TARGET_COLOUR, strokeWidth: 2, point: { filled: true, size: 18, color: TARGET_COLOUR }, aria: false },
        encoding: { x: TIME_X, y: { field: 'target', type: 'quantitative' }, tooltip: [{ field: 'periodLabel', title: 'Period' }, { field: 'target', title: 'Target' }] },
      }] : []),
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
      ...(withTarget.length ? [{ key: 'target', label: 'Target', numeric: true }] : []),
    ],
    rows: points.map((p) => ({
      period: p.periodLabel,
      value: p.shown,
      interval: p.interval,
      mean: p.mean === null ? '' : fmt(p.mean),
      limits: p.limitLower === null ? '' : `${fmt(p.limitLower)} to ${fmt(p.limitUpper)}`,
      reading: p.suppressed ? 'c' : p.spcType === 'common_cause' ? 'Common cause' : `${SPC_STYLE[p.spcType].label} (${RULE_WORDS[p.rule]})`,
      target: targetOf(p) === null ? '' : fmt(targetOf(p)),
    })),
    notes: [SUPPRESSED_NOTE, ...(trial ? ['Trial limits: fewer than 13 points.'] : [])],
  }, [
    ...(points.some((p) => p.suppressed) ? [SUPPRESSED_NOTE] : []),
    ...(trial ? ['Trial limits: with fewer than 13 points the process limits are provisional.'] : []),
    'Special causes (Making Data Count rules): a point outside the limits; a run of 7 rising or falling; 2 of 3 points near a limit; a run of 7 on one side of the mean.',
  ]);
}

/** Indices where a new phase of limits begins: the mean or the limits change from the point before. */
function phaseStarts(points: readonly ChartPoint[]): number[] {
  const starts: number[] = [];
  let previous: ChartPoint | null = null;
  points.forEach((p, i) => {
    if (p.mean === null) return;
    if (previous && (p.mean !== previous.mean || p.limitLower !== previous.limitLower || p.limitUpper !== previous.limitUpper)) starts.push(i);
    previous = p;
  });
  return starts;
}

/** The y axis: the figures with a little room, never below 0 nor, for percentages, above 100. */
function yDomain(values: readonly number[], stat: Stat): [number, number] {
  if (!values.length) return [0, stat === 'proportion' ? 100 : 1];
  const low = Math.min(...values);
  const high = Math.max(...values);
  const pad = (high - low || Math.abs(high) || 1) * 0.08;
  const floor = stat === 'value' ? -Infinity : 0;
  const ceiling = stat === 'proportion' ? 100 : Infinity;
  return [Math.max(floor, low - pad), Math.min(ceiling, high + pad)];
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
