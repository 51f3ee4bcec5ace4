/**
 * A choropleth of local authorities (ONS Counties and Unitary Authorities, Dec 2024, ultra-
 * generalised; OGL v3) with the chosen LA outlined. The boundary file predates the May 2025
 * Barnsley/Sheffield codes: each boundary's code is read as the code its area has today, from the
 * code history (`former_codes` of GET /api/areas; see data/reference/boundaries/SOURCE.md).
 */
import type { Stat } from '../api-types.js';
import { chartValue, formatNumber, statLabel } from '../format.js';
import { chartContent } from './chart-content.js';
import type { ChartContent } from './chart-figure.js';

export const MAP_URL = '/assets/maps/utla.topo.json';

export interface MapValue {
  code: string;
  name: string;
  value: number | null;
  suppressed: boolean;
}

export interface LaMapInput {
  title: string;
  source: string;
  indicatorName: string;
  periodLabel: string;
  stat: Stat;
  values: readonly MapValue[];
  selected: string;
  selectedName: string;
  /** Former code → the code the area has today (E08000019 → E08000039). */
  currentCodes: ReadonlyMap<string, string>;
}

const RANGE = ['#dbe6f0', '#a9c4dc', '#6f9cc3', '#3a6f9f', '#12436D'];

export function laMap(input: LaMapInput): ChartContent {
  const values = input.values
    .filter((v) => !v.suppressed && v.value !== null)
    .map((v) => ({ code: v.code, v: chartValue(v.value, input.stat), shown: formatNumber(v.value!, input.stat) }));
  const code = (c: string) => c.replace(/[^A-Z0-9]/g, '');
  const remap = [...input.currentCodes]
    .map(([from, to]) => `datum.properties.AREACD == '${code(from)}' ? '${code(to)}' : `)
    .join('');
  const spec = {
    title: { text: input.title, subtitle: [input.source, 'Boundaries: ONS, OGL v3. Contains OS data © Crown copyright and database right 2025.'] },
    width: 420,
    height: 520,
    projection: { type: 'mercator' },
    data: { url: MAP_URL, format: { type: 'topojson', feature: 'data' } },
    transform: [
      { calculate: `${remap}datum.properties.AREACD`, as: 'code' },
      { calculate: 'datum.properties.AREANM', as: 'name' },
      { lookup: 'code', from: { data: { values }, key: 'code', fields: ['v', 'shown'] } },
      { calculate: "datum.shown == null ? 'no figure' : datum.shown", as: 'figure' },
    ],
    layer: [
      {
        mark: { type: 'geoshape', stroke: '#ffffff', strokeWidth: 0.4 },
        encoding: {
          color: {
            condition: { test: 'datum.v == null', value: '#f3f2f1' },
            field: 'v', type: 'quantitative', title: input.stat === 'rate' ? 'Per 10,000 children' : statLabel(input.stat),
            scale: { type: 'quantile', range: RANGE },
            legend: { orient: 'top-left', direction: 'vertical', format: ',.1f', offset: 0 },
          },
          tooltip: [{ field: 'name', title: 'LA' }, { field: 'figure', title: 'Value' }],
        },
      },
      {
        transform: [{ filter: `datum.code == '${input.selected.replace(/'/g, '')}'` }],
        mark: { type: 'geoshape', fill: null, stroke: '#F46A25', strokeWidth: 3 },
      },
    ],
  };
  const description = `Map of England's local authorities shaded by ${input.indicatorName} (${statLabel(input.stat)}) in ${input.periodLabel}, in five bands of equal numbers of LAs; darker is higher. ${input.selectedName} is outlined in orange. LAs with no figure are pale grey. The figures are in the table.`;
  return chartContent(input.title, description, spec, {
    columns: [{ key: 'name', label: 'Local authority', rowHeader: true }, { key: 'value', label: 'Value', numeric: true }],
    rows: [...input.values].sort((a, b) => a.name.localeCompare(b.name)).map((v) => ({
      name: v.name,
      value: v.suppressed ? 'c' : v.value === null ? 'x' : formatNumber(v.value, input.stat),
    })),
  });
}
