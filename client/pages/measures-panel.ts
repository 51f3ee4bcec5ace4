/**
 * The Overview's (and so the board paper's) panel of a plan's measures of success that are off
 * target: each measure's latest quarter up to the chosen one, where its value misses the plan's
 * target. Self-contained: given the measures, it says everything itself.
 */
import type { MeasureSummary } from '../api-types.js';
import { html, type Markup } from '../html.js';
import { measureFigure } from '../measures.js';
import { comparePeriods, periodLabel } from '../periods.js';

/** Each measure's latest quarter up to `period`, when that quarter is off target. */
export function offTargetAt(measures: readonly MeasureSummary[], period: string): { measure: MeasureSummary; point: MeasureSummary['values'][number] }[] {
  return measures.flatMap((measure) => {
    const point = measure.values.filter((v) => comparePeriods(v.period, period) <= 0).at(-1);
    return point?.status === 'off_target' ? [{ measure, point }] : [];
  });
}

export function offTargetMeasuresPanel(measures: readonly MeasureSummary[], period: string, actionsHref: string): Markup {
  const off = offTargetAt(measures, period);
  const withTarget = measures.filter((m) => m.values.some((v) => v.target !== null && comparePeriods(v.period, period) <= 0)).length;
  return html`<section class="board-block measures-panel" aria-labelledby="off-target-heading">
    <h2 id="off-target-heading">Measures of success off target (${off.length} of ${withTarget} with a target)</h2>
    ${!measures.length
      ? html`<p>The plan has no measures of success recorded.</p>`
      : off.length
        ? html`<ul class="action-list">${off.map(({ measure, point }) => html`<li><a href="${actionsHref}">${measure.name}</a>:
            ${measureFigure(point.value, measure.unit, point.suppressed)} against a target of ${measureFigure(point.target, measure.unit)}
            <span class="hint">(${periodLabel(point.period)}${measure.refs.length ? `; actions ${measure.refs.join(', ')}` : ''})</span>
            <span class="tag verdict-worse">Off target</span></li>`)}</ul>`
        : html`<p>Every measure with a target met it at its latest quarter up to ${periodLabel(period)}.</p>`}
  </section>`;
}
