/**
 * A small trend line drawn as plain SVG (no Vega), so that the Overview shows every headline's
 * trend without downloading a charting library. It carries its own text alternative.
 */
import { html, type Markup } from '../html.js';

export interface SparkPoint {
  period: string;
  value: number | null;
}

export function sparkline(points: readonly SparkPoint[], label: string, width = 132, height = 34): Markup {
  const values = points.map((p) => p.value).filter((v): v is number => v !== null && Number.isFinite(v));
  if (values.length < 2) {
    return html`<span class="muted">Too few points for a trend</span>`;
  }
  const pad = 3;
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const x = (i: number) => pad + (i * (width - 2 * pad)) / Math.max(1, points.length - 1);
  const y = (v: number) => height - pad - ((v - min) * (height - 2 * pad)) / span;
  let d = '';
  let pen = false;
  points.forEach((p, i) => {
    if (p.value === null || !Number.isFinite(p.value)) {
      pen = false;
      return;
    }
    d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(p.value).toFixed(1)}`;
    pen = true;
  });
  const lastIndex = points.map((p) => p.value !== null).lastIndexOf(true);
  const last = points[lastIndex]!;
  return html`<svg class="sparkline" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${label}" focusable="false">
    <title>${label}</title>
    <path class="line" d="${d}"></path>
    <circle class="last" cx="${x(lastIndex).toFixed(1)}" cy="${y(last.value!).toFixed(1)}" r="3"></circle>
  </svg>`;
}
