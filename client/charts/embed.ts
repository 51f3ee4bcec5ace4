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

/** Breaks a long title into lines that fit the chart's width (Arial bold 15px ≈ 8.5px a character). */
function wrapTitle(text: string, width: number): string | string[] {
  const max = Math.max(30, Math.floor((width - 24) / 8.5));
  if (text.length <= max) return text;
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && (line + ' ' + word).length > max) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * Fits the spec to its host: long titles wrap, and a chart whose height is a step per category
 * gets a fixed width (Vega-Lite cannot fit such a chart to its container).
 */
function fitToHost(spec: VlSpec, host: HTMLElement): VlSpec {
  const width = host.clientWidth || 800;
  const out: VlSpec = { ...spec };
  const title = spec.title as { text?: string; subtitle?: string | string[] } | undefined;
  if (title && typeof title.text === 'string') {
    // Subtitles (the source line) are 11px: about 6px a character.
    const subtitle = title.subtitle === undefined ? undefined
      : (Array.isArray(title.subtitle) ? title.subtitle : [title.subtitle]).flatMap((line) => [wrapTitle(line, (width * 8.5) / 6)].flat());
    out.title = { ...title, text: wrapTitle(title.text, width), ...(subtitle ? { subtitle } : {}) };
  }
  const height = spec.height;
  if (spec.width === 'container' && height && typeof height === 'object') {
    out.width = Math.max(200, width - 240);
    delete out.autosize;
  }
  return out;
}

export async function drawChart(host: HTMLElement, spec: VlSpec, fileName: string): Promise<DrawnChart> {
  const [{ default: embed }, { expressionInterpreter }] = await loadVega();
  const fitted = fitToHost(spec, host);
  host.replaceChildren();
  const result = await embed(host, { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', ...fitted } as never, {
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
