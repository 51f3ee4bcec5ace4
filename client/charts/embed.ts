/**
 * Draws a Vega-Lite spec the CSP-safe way: SVG renderer, the AST and the expression interpreter
 * instead of generated functions (no eval), no injected stylesheet, and only the export actions.
 * Vega is loaded on first use, so pages without charts never download it.
 */
import type { View } from 'vega';
import { prepareExportLinks } from './chart-export.js';
import { VEGA_CONFIG } from './palette.js';

export type VlSpec = Record<string, unknown>;

export interface DrawnChart {
  view: View;
  finalize(): void;
}

let loading: Promise<[typeof import('vega-embed'), typeof import('vega-interpreter')]> | null = null;

function loadVega() {
  loading ??= Promise.all([import('vega-embed'), import('vega-interpreter')]);
  return loading;
}

export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80) || 'chart';
}

export async function drawChart(host: HTMLElement, spec: VlSpec, fileName: string): Promise<DrawnChart> {
  const [{ default: embed }, { expressionInterpreter }] = await loadVega();
  const result = await embed(host, { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', ...spec } as never, {
    renderer: 'svg',
    ast: true,
    expr: expressionInterpreter,
    actions: { export: true, source: false, compiled: false, editor: false },
    defaultStyle: false,
    config: VEGA_CONFIG as never,
    tooltip: { disableDefaultStyle: true, theme: 'custom' } as never,
    downloadFileName: slug(fileName),
    scaleFactor: { png: 2, svg: 1 },
    i18n: { SVG_ACTION: 'Download chart as SVG', PNG_ACTION: 'Download chart as PNG' },
    formatLocale: VEGA_CONFIG.locale.number as never,
  });
  prepareExportLinks(host, result.view);
  return { view: result.view, finalize: result.finalize };
}
