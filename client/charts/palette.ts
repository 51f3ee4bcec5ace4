/**
 * Colours from the UK Government Analysis Function palette, and the chart config that applies
 * them. Colour is never the only cue: every series also has a shape, a dash or a text label.
 */
export const CATEGORICAL = ['#12436D', '#28A197', '#801650', '#F46A25', '#3D3D3D', '#A285D1'] as const;

export const INK = '#0b0c0c';
export const MUTED = '#505a5f';
export const GRID = '#e1e1e1';

/** Selected area, England, region, statistical neighbours: colour, dash and point shape. */
export const SERIES_STYLE = {
  area: { colour: '#12436D', dash: [] as number[], shape: 'circle' },
  england: { colour: '#F46A25', dash: [6, 3], shape: 'square' },
  region: { colour: '#28A197', dash: [2, 2], shape: 'triangle-up' },
  neighbours: { colour: '#801650', dash: [8, 3, 2, 3], shape: 'diamond' },
} as const;

/** SPC point types (Making Data Count), each with a colour, a shape and words. */
export const SPC_STYLE = {
  common_cause: { colour: '#6f777b', shape: 'circle', label: 'Common cause variation' },
  improvement: { colour: '#12436D', shape: 'square', label: 'Special cause: improvement' },
  concern: { colour: '#F46A25', shape: 'diamond', label: 'Special cause: concern' },
  neutral: { colour: '#801650', shape: 'triangle-up', label: 'Special cause: neither better nor worse' },
} as const;

/** RAG delivery status of actions; always written as a word or letter beside the colour. */
export const RAG_STYLE: Record<string, { colour: string; text: string; letter: string }> = {
  red: { colour: '#d4351c', text: 'Red', letter: 'R' },
  amber: { colour: '#f47738', text: 'Amber', letter: 'A' },
  green: { colour: '#00703c', text: 'Green', letter: 'G' },
  complete: { colour: '#12436D', text: 'Complete', letter: 'C' },
  blue: { colour: '#12436D', text: 'Complete and embedded', letter: 'B' },
  none: { colour: '#6f777b', text: 'No status', letter: '–' },
};

export const VEGA_CONFIG = {
  font: 'Arial, Helvetica, sans-serif',
  background: '#ffffff',
  padding: 8,
  view: { stroke: null },
  range: { category: [...CATEGORICAL] },
  axis: {
    labelColor: INK,
    titleColor: INK,
    labelFontSize: 12,
    titleFontSize: 12,
    titleFontWeight: 'normal',
    gridColor: GRID,
    domainColor: MUTED,
    tickColor: MUTED,
  },
  legend: { labelFontSize: 12, titleFontSize: 12, labelColor: INK, titleColor: INK, orient: 'bottom', direction: 'horizontal', labelLimit: 320, symbolStrokeWidth: 2 },
  header: { labelFontSize: 12, titleFontSize: 12, labelColor: INK, labelFontWeight: 'bold' },
  title: {
    anchor: 'start',
    fontSize: 15,
    fontWeight: 'bold',
    color: INK,
    subtitleFontSize: 11,
    subtitleColor: MUTED,
    subtitlePadding: 4,
    offset: 14,
    limit: 900,
  },
  text: { font: 'Arial, Helvetica, sans-serif', fontSize: 11, fill: INK },
  locale: {
    number: { decimal: '.', thousands: ',', grouping: [3], currency: ['£', ''] },
  },
} as const;
