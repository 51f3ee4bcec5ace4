/**
 * The "show as table" alternative every chart has: the same figures as text, with `c` for
 * suppressed values and the chart's footnotes.
 */
import { html, type Markup } from '../html.js';

export interface TableColumn {
  key: string;
  label: string;
  numeric?: boolean;
  /** The column that names each row (a row header for screen readers). */
  rowHeader?: boolean;
}

export type TableCell = string | number | Markup | null | undefined;

export interface TableSpec {
  caption: string;
  columns: TableColumn[];
  rows: Record<string, TableCell>[];
  notes?: string[];
}

function cell(value: TableCell): string | Markup {
  if (value === null || value === undefined) return '';
  return typeof value === 'number' ? value.toLocaleString('en-GB') : value;
}

export function dataTable(spec: TableSpec): Markup {
  const head = spec.columns.map((c) => html`<th scope="col" class="${c.numeric ? 'num' : ''}">${c.label}</th>`);
  const body = spec.rows.map(
    (r) =>
      html`<tr>${spec.columns.map((c) =>
        c.rowHeader
          ? html`<th scope="row">${cell(r[c.key])}</th>`
          : html`<td class="${c.numeric ? 'num' : ''}">${cell(r[c.key])}</td>`,
      )}</tr>`,
  );
  return html`<div class="table-scroll" tabindex="0" role="region" aria-label="${spec.caption}">
    <table class="data-table"><caption>${spec.caption}</caption>
    <thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>
    ${spec.notes?.length ? html`<ul class="notes">${spec.notes.map((n) => html`<li>${n}</li>`)}</ul>` : ''}`;
}

/** The table as CSV text (for "download data"). */
export function tableCsv(spec: TableSpec): string {
  const esc = (v: TableCell) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [spec.columns.map((c) => esc(c.label)).join(',')];
  for (const r of spec.rows) lines.push(spec.columns.map((c) => esc(r[c.key])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
