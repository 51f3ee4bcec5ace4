/** What every chart builder returns, with its table of the same figures captioned from the title. */
import type { ChartContent } from './chart-figure.js';
import type { TableSpec } from './chart-table.js';
import type { VlSpec } from './embed.js';

export function chartContent(title: string, description: string, spec: VlSpec, table: Omit<TableSpec, 'caption'>, notes?: string[]): ChartContent {
  return { title, description, spec, table: { caption: `${title}: figures`, ...table }, ...(notes ? { notes } : {}) };
}
