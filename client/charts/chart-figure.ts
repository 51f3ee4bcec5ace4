/**
 * The frame around every chart: a heading, a text description, the chart, a "show as table"
 * button with the same figures as text, and footnotes. Export links come from vega-embed
 * (see embed.ts); the chart's own title and source line travel with the exported image.
 */
import { html, element, setHtml, uniqueId } from '../html.js';
import { dataTable, type TableSpec } from './chart-table.js';
import { drawChart, type VlSpec } from './embed.js';

export interface ChartContent {
  /** The chart's title, also drawn in the chart so that exports carry it. */
  title: string;
  /** What the chart shows, in words: read by screen readers and shown above the chart. */
  description: string;
  spec: VlSpec;
  table: TableSpec;
  notes?: string[];
  headingLevel?: 2 | 3 | 4;
}

export interface ChartFigure {
  figure: HTMLElement;
  ready: Promise<void>;
}

export function chartFigure(parent: HTMLElement, content: ChartContent): ChartFigure {
  const id = uniqueId('chart');
  const level = content.headingLevel ?? 3;
  const figure = element(html`<figure class="chart-figure" aria-labelledby="${id}-title" data-chart="${id}">
    <h${String(level)} id="${id}-title" class="visually-hidden">${content.title}</h${String(level)}>
    <p class="chart-description" id="${id}-desc">${content.description}</p>
    <div class="chart-host" id="${id}-host"><p class="loading">Drawing chart…</p></div>
    <div class="chart-tools no-print">
      <button type="button" class="button secondary" aria-expanded="false" aria-controls="${id}-table">Show as table</button>
    </div>
    <div class="chart-table" id="${id}-table" hidden></div>
    ${content.notes?.length ? html`<ul class="notes">${content.notes.map((n) => html`<li>${n}</li>`)}</ul>` : ''}
  </figure>`);
  parent.append(figure);
  const tableBox = figure.querySelector<HTMLElement>(`#${id}-table`)!;
  const toggle = figure.querySelector<HTMLButtonElement>('.chart-tools button')!;
  toggle.addEventListener('click', () => {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    // A note the figure already shows under the chart is not repeated under its table.
    const notes = content.table.notes?.filter((n) => !content.notes?.includes(n));
    if (open && !tableBox.firstChild) setHtml(tableBox, dataTable({ ...content.table, notes }));
    tableBox.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    toggle.textContent = open ? 'Hide table' : 'Show as table';
  });
  const host = figure.querySelector<HTMLElement>(`#${id}-host`)!;
  const spec: VlSpec = { description: content.description, ...content.spec };
  const ready = drawChart(host, spec, content.title)
    .then(() => {
      host.querySelector('.loading')?.remove();
      const svg = host.querySelector('svg');
      svg?.setAttribute('aria-describedby', `${id}-desc`);
      hideUnnamedMarks(host);
      figure.dataset.rendered = 'true';
      const tools = figure.querySelector('.chart-tools')!;
      const actions = host.querySelector('.vega-actions');
      if (actions) tools.append(actions);
    })
    .catch((error: unknown) => {
      host.textContent = `The chart could not be drawn (${error instanceof Error ? error.message : String(error)}). The figures are in the table.`;
      toggle.click();
    });
  return { figure, ready };
}

/**
 * Vega gives an empty mark container (a panel whose values are all suppressed, say) a graphics
 * role but no name; such an element says nothing, so hide it from assistive technology.
 */
export function hideUnnamedMarks(host: HTMLElement): void {
  for (const el of host.querySelectorAll('svg [role="graphics-symbol"]:not([aria-label]), svg [role="img"]:not([aria-label])')) {
    el.setAttribute('aria-hidden', 'true');
    el.removeAttribute('role');
  }
}
