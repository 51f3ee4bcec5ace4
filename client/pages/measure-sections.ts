/**
 * Measures of success on the Actions page: the plan's measures with their latest value against
 * target and a sparkline, each action's own measures, and (for analysts) the form that records a
 * quarter's value and target (POST /api/plans/:plan/measures).
 */
import { ApiError, send } from '../api.js';
import type { MeasureSummary, Plan } from '../api-types.js';
import { sparkline } from '../charts/sparkline.js';
import { errorText } from '../controls.js';
import { element, html, setHtml, type Markup } from '../html.js';
import { latestWords, measureFigure, TARGET_WORDS } from '../measures.js';
import { periodLabel } from '../periods.js';
import { pageHref } from '../url-state.js';

const STATUS_TONE: Record<string, string> = { on_target: 'better', off_target: 'worse', no_target: 'similar' };

export function targetTag(m: MeasureSummary): Markup {
  const status = m.latest?.status ?? 'no_target';
  return html`<span class="tag verdict-${STATUS_TONE[status] ?? 'similar'}">${TARGET_WORDS[status]}</span>`;
}

function measureSpark(m: MeasureSummary): Markup {
  return sparkline(m.values.map((v) => ({ period: v.period, value: v.value })), `${m.name}, ${m.values.length} quarters`);
}

function trendsHref(m: MeasureSummary, plan: Plan): string {
  return pageHref('/trends', { indicator: m.indicator, area: plan.area_code, view: 'spc' });
}

/** The plan's measures: what each is, which actions it belongs to, where it stands. */
export function planMeasuresSection(measures: readonly MeasureSummary[], plan: Plan): HTMLElement {
  return element(html`<section class="measures" aria-labelledby="measures-heading"><h2 id="measures-heading">Measures of success</h2>
    ${measures.length
      ? html`<div class="table-scroll"><table class="measures-table"><caption class="visually-hidden">The plan’s measures of success, latest quarter against target</caption>
          <thead><tr><th scope="col">Measure</th><th scope="col">Actions</th><th scope="col">Latest against target</th><th scope="col">Status</th><th scope="col">Trend</th></tr></thead>
          <tbody>${measures.map((m) => html`<tr>
            <th scope="row"><a href="${trendsHref(m, plan)}">${m.name}</a>${m.counts_children ? html`<br><span class="hint">Counts children</span>` : ''}</th>
            <td class="ref-links">${m.refs.map((ref) => html`<a class="nowrap" href="${pageHref('/actions', { plan: plan.plan, action: ref })}">${ref}</a> `)}</td>
            <td>${latestWords(m, periodLabel)}</td>
            <td>${targetTag(m)}</td>
            <td>${measureSpark(m)}</td></tr>`)}</tbody></table></div>`
      : html`<p>The plan has no measures of success yet. They come as the plan’s measures.csv (see the upload format).</p>`}
  </section>`);
}

/** An action's measures in one line each, for its row in the plan table. */
export function actionMeasuresLines(measures: readonly MeasureSummary[]): Markup {
  if (!measures.length) return html``;
  return html`<ul class="action-measures">${measures.map((m) => html`<li>${m.name}: ${latestWords(m, periodLabel)} ${targetTag(m)} ${measureSpark(m)}</li>`)}</ul>`;
}

/**
 * An action's measures quarter by quarter, and for analysts the form that records a quarter.
 * `onSaved` reloads the page, which then passes the message back as `flash`.
 */
export function actionMeasuresDetail(measures: readonly MeasureSummary[], plan: Plan, canRecord: boolean, thisQuarter: string, onSaved: (message: string) => void, flash: string | null): HTMLElement {
  const box = element(html`<div class="action-measures-detail">
    ${measures.length ? '' : html`<p>No measure of success names this action.</p>`}
    ${measures.map((m) => html`<div class="measure-block"><h4><a href="${trendsHref(m, plan)}">${m.name}</a> ${targetTag(m)}</h4>
      <div class="table-scroll"><table><caption class="visually-hidden">${m.name} by quarter</caption>
        <thead><tr><th scope="col">Quarter</th><th scope="col" class="num">Value</th><th scope="col" class="num">Target</th><th scope="col">Status</th></tr></thead>
        <tbody>${[...m.values].reverse().map((v) => html`<tr><th scope="row">${periodLabel(v.period)}</th>
          <td class="num">${measureFigure(v.value, m.unit, v.suppressed)}</td><td class="num">${v.target === null ? '' : measureFigure(v.target, m.unit)}</td>
          <td>${TARGET_WORDS[v.status]}</td></tr>`)}</tbody></table></div></div>`)}
    ${canRecord && measures.length ? html`<form class="record-measure" id="record-measure" novalidate>
        <h4>Record a quarter’s value</h4>
        <div id="measure-message" aria-live="polite">${flash ? html`<div class="message success" role="status"><p>${flash}</p></div>` : ''}</div>
        <div class="controls">
          <div class="field"><label for="measure-name">Measure</label>
            <select id="measure-name" name="measure">${measures.map((m) => html`<option value="${m.measure}">${m.name} (${m.unit})</option>`)}</select></div>
          <div class="field"><label for="measure-period">Quarter</label>
            <input type="text" id="measure-period" name="period" value="${thisQuarter}" aria-describedby="measure-period-hint" autocomplete="off">
            <span class="hint" id="measure-period-hint">For example 2016-Q3</span></div>
          <div class="field"><label for="measure-value">Value</label>
            <input type="text" id="measure-value" name="value" inputmode="decimal" autocomplete="off"></div>
          <div class="field"><label for="measure-target">Target (optional)</label>
            <input type="text" id="measure-target" name="target" inputmode="decimal" autocomplete="off"></div>
          <div class="field grow"><label for="measure-note">Note</label>
            <textarea id="measure-note" name="note" rows="2"></textarea></div>
          <div class="field"><button type="submit" class="button">Save value</button></div>
        </div>
      </form>` : ''}
  </div>`);

  const form = box.querySelector<HTMLFormElement>('#record-measure');
  form?.addEventListener('submit', (e) => {
    e.preventDefault();
    const field = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).value.trim();
    const entry = { measure: field('measure'), period: field('period'), value: field('value'), target: field('target'), note: field('note') };
    const message = box.querySelector<HTMLElement>('#measure-message')!;
    const button = form.querySelector('button')!;
    button.disabled = true;
    // The server checks every rule of measures.csv and says which field is wrong.
    send('POST', `/api/plans/${encodeURIComponent(plan.plan)}/measures`, entry)
      .then(() => onSaved(`Saved: ${measures.find((m) => m.measure === entry.measure)?.name ?? entry.measure} is ${entry.value} at ${entry.period}.`))
      .catch((error: unknown) => setHtml(message, html`<div class="message error" role="alert"><p>Not saved. ${refusalText(error)}</p></div>`))
      .finally(() => { button.disabled = false; });
  });
  return box;
}

/** A refusal in the words of the checks (“"140" is not a number from 0 to 100”), else the usual text. */
function refusalText(error: unknown): string {
  const body = error instanceof ApiError ? error.body : null;
  const errors = body && typeof body === 'object' && 'errors' in body ? (body as { errors: unknown }).errors : null;
  if (!Array.isArray(errors) || !errors.length) return errorText(error);
  return errors.map((e) => (e && typeof e === 'object' && 'message' in e ? String((e as { message: unknown }).message) : '')).filter(Boolean).join(' ');
}
