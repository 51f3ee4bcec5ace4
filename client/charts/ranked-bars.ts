/**
 * Local authorities ranked on one indicator, each with its 95% interval; the chosen LA, its
 * region and its statistical neighbours picked out by colour and by a marker shape, England as a
 * labelled reference line. `comparisonBars` shows the short list with names.
 */
import type { Polarity, Stat } from '../api-types.js';
import { SUPPRESSED_NOTE, chartValue, formatInterval, formatNumber, statLabel } from '../format.js';
import { verdictWords } from '../polarity-words.js';
import { chartContent } from './chart-content.js';
import type { ChartContent } from './chart-figure.js';

export type RankGroup = 'selected' | 'neighbour' | 'region' | 'other';

export interface RankedArea {
  code: string;
  name: string;
  value: number | null;
  lower95: number | null;
  upper95: number | null;
  suppressed: boolean;
  group: RankGroup;
  rank: number | null;
  verdict?: string | null;
  band?: string | null;
}

export interface RankedInput {
  title: string;
  source: string;
  indicatorName: string;
  periodLabel: string;
  stat: Stat;
  areas: readonly RankedArea[];
  england: number | null;
  /** Which way is better, for the verdicts' words. */
  polarity: Polarity;
  polarityNote: string;
}

const GROUPS: Record<RankGroup, { label: string; colour: string; shape: string }> = {
  selected: { label: 'Selected LA', colour: '#12436D', shape: 'circle' },
  neighbour: { label: 'Statistical neighbour', colour: '#801650', shape: 'diamond' },
  region: { label: 'Same region', colour: '#28A197', shape: 'triangle-up' },
  other: { label: 'Other LAs', colour: '#b1b4b6', shape: 'stroke' },
};
const ORDER: RankGroup[] = ['selected', 'neighbour', 'region', 'other'];

function rows(input: RankedInput) {
  return input.areas
    .filter((a) => a.value !== null && !a.suppressed)
    .map((a) => ({
      ...a,
      v: chartValue(a.value, input.stat),
      lo: chartValue(a.lower95, input.stat),
      hi: chartValue(a.upper95, input.stat),
      groupLabel: GROUPS[a.group].label,
      shown: formatNumber(a.value!, input.stat),
      interval: formatInterval(a.lower95, a.upper95, a.suppressed, input.stat),
    }))
    .sort((a, b) => (b.v ?? 0) - (a.v ?? 0));
}

function tableOf(input: RankedInput) {
  const sorted = [...input.areas].sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9));
  return {
    columns: [
      { key: 'rank', label: 'Rank', numeric: true },
      { key: 'band', label: 'Quartile band' },
      { key: 'name', label: 'Local authority', rowHeader: true },
      { key: 'value', label: 'Value', numeric: true },
      { key: 'ci', label: '95% interval', numeric: true },
      { key: 'group', label: 'Group' },
      { key: 'verdict', label: 'Compared with England (published)' },
    ],
    rows: sorted.map((a) => ({
      rank: a.rank ?? '',
      band: a.band ?? '',
      name: a.name,
      value: a.suppressed ? 'c' : a.value === null ? 'x' : formatNumber(a.value, input.stat),
      ci: formatInterval(a.lower95, a.upper95, a.suppressed, input.stat),
      group: GROUPS[a.group].label,
      verdict: a.verdict ? verdictWords(a.verdict, input.polarity) : '',
    })),
    notes: [SUPPRESSED_NOTE, 'x: not available.', input.polarityNote],
  };
}

export function rankedBars(input: RankedInput): ChartContent {
  const data = rows(input);
  const selected = input.areas.find((a) => a.group === 'selected');
  const colour = { field: 'groupLabel', type: 'nominal', title: null, scale: { domain: ORDER.map((g) => GROUPS[g].label), range: ORDER.map((g) => GROUPS[g].colour) } };
  const description = [
    `Ranked chart of ${input.indicatorName} (${statLabel(input.stat)}) for ${data.length} local authorities in ${input.periodLabel}, highest on the left, each with its 95% confidence interval.`,
    selected ? `${selected.name}: ${selected.suppressed ? 'c' : selected.value === null ? 'not available' : formatNumber(selected.value, input.stat)}${selected.rank ? `, ranked ${selected.rank} of ${data.length}` : ''}.` : '',
    input.england !== null ? `England (published): ${formatNumber(input.england, input.stat)} (the horizontal line).` : '',
    'Statistical neighbours and LAs in the same region are picked out.',
    'Intervals taller than the chart are cut at its top.',
  ].filter(Boolean).join(' ');
  const x = { field: 'name', type: 'nominal', sort: data.map((d) => d.name), axis: null, title: null };
  // A tiny LA's interval can be ten times the tallest bar: cap the scale and clip such intervals.
  const top = Math.max(0, ...data.map((d) => d.v ?? 0)) * 1.3 || 1;
  const yScale = { domainMax: top, nice: true, clamp: true };
  const spec = {
    title: { text: input.title, subtitle: input.source },
    width: 'container',
    height: 300,
    autosize: { type: 'fit-x', contains: 'padding' },
    data: { values: data },
    layer: [
      {
        mark: { type: 'bar', width: { band: 0.8 } },
        encoding: {
          x,
          y: { field: 'v', type: 'quantitative', title: statLabel(input.stat), scale: yScale },
          color: colour,
          tooltip: [
            { field: 'name', title: 'LA' },
            { field: 'shown', title: 'Value' },
            { field: 'interval', title: '95% interval' },
            { field: 'groupLabel', title: 'Group' },
          ],
        },
      },
      {
        transform: [{ filter: 'datum.lo != null' }],
        mark: { type: 'rule', color: '#0b0c0c', strokeWidth: 0.8, aria: false, clip: true },
        encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } },
      },
      {
        transform: [{ filter: "datum.group != 'other'" }],
        mark: { type: 'point', filled: true, size: 45, stroke: '#fff', strokeWidth: 0.5 },
        encoding: {
          x,
          y: { field: 'hi', type: 'quantitative' },
          yOffset: { value: -8 },
          color: { ...colour, legend: null },
          shape: { field: 'groupLabel', type: 'nominal', title: null, scale: { domain: ORDER.map((g) => GROUPS[g].label), range: ORDER.map((g) => GROUPS[g].shape) }, legend: null },
        },
      },
      {
        transform: [{ filter: "datum.group == 'selected'" }],
        mark: { type: 'text', dy: -22, fontWeight: 'bold', fontSize: 12, color: '#12436D' },
        encoding: { x, y: { field: 'hi', type: 'quantitative' }, text: { field: 'name' } },
      },
      ...(input.england !== null
        ? [
            {
              data: { values: [{ y: chartValue(input.england, input.stat), label: `England (published) ${formatNumber(input.england, input.stat)}` }] },
              layer: [
                { mark: { type: 'rule', color: '#F46A25', strokeDash: [6, 3], strokeWidth: 2 }, encoding: { y: { field: 'y', type: 'quantitative' } } },
                { mark: { type: 'text', align: 'right', dy: -6, x: 'width', fontWeight: 'bold', color: '#8a3d00' }, encoding: { y: { field: 'y', type: 'quantitative' }, text: { field: 'label' } } },
              ],
            },
          ]
        : []),
    ],
  };
  return chartContent(input.title, description, spec, tableOf(input), [SUPPRESSED_NOTE]);
}

/** The selected LA, its neighbours and England as labelled horizontal bars with intervals. */
export function comparisonBars(input: RankedInput & { extra?: { name: string; value: number | null; lower95: number | null; upper95: number | null }[] }): ChartContent {
  const chosen = input.areas.filter((a) => a.group === 'selected' || a.group === 'neighbour');
  const data = [
    ...rows({ ...input, areas: chosen }),
    ...(input.extra ?? [])
      .filter((e) => e.value !== null)
      .map((e) => ({
        name: e.name, v: chartValue(e.value, input.stat), lo: chartValue(e.lower95, input.stat), hi: chartValue(e.upper95, input.stat),
        groupLabel: 'Comparator', shown: formatNumber(e.value!, input.stat),
        interval: formatInterval(e.lower95, e.upper95, false, input.stat), group: 'other' as RankGroup,
      })),
  ].sort((a, b) => (b.v ?? 0) - (a.v ?? 0));
  const domain = ['Selected LA', 'Statistical neighbour', 'Comparator'];
  const colour = { field: 'groupLabel', type: 'nominal', title: null, scale: { domain, range: ['#12436D', '#801650', '#F46A25'] } };
  const y = { field: 'name', type: 'nominal', sort: data.map((d) => d.name), title: null, axis: { labelLimit: 220 } };
  const description = `Bar chart of ${input.indicatorName} in ${input.periodLabel}: ${data.map((d) => `${d.name} ${d.shown}`).join('; ')}. Lines show 95% confidence intervals.`;
  const spec = {
    title: { text: input.title, subtitle: input.source },
    width: 'container',
    height: { step: 20 },
    autosize: { type: 'fit-x', contains: 'padding' },
    data: { values: data },
    layer: [
      { mark: { type: 'bar', height: { band: 0.7 } }, encoding: { y, x: { field: 'v', type: 'quantitative', title: statLabel(input.stat) }, color: colour, tooltip: [{ field: 'name', title: 'Area' }, { field: 'shown', title: 'Value' }, { field: 'interval', title: '95% interval' }] } },
      { transform: [{ filter: 'datum.lo != null' }], mark: { type: 'rule', color: '#0b0c0c' }, encoding: { y, x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } } },
      { mark: { type: 'text', align: 'left', dx: 4, fontSize: 11 }, encoding: { y, x: { field: 'hi', type: 'quantitative' }, text: { field: 'shown' } } },
    ],
  };
  return chartContent(input.title, description, spec, {
    columns: [{ key: 'name', label: 'Area', rowHeader: true }, { key: 'value', label: 'Value', numeric: true }, { key: 'ci', label: '95% interval', numeric: true }],
    rows: data.map((d) => ({ name: d.name, value: d.shown, ci: d.interval })),
    notes: [SUPPRESSED_NOTE],
  });
}
