/**
 * Overview for board members, one screen that prints as a board paper: the partnership's local
 * quarterly figures, the published annual figures (each group with its own period), the line
 * where the two meet (reconciliation), and the action plan judged as at the end of the quarter.
 * Everything, the pickers' choices included, comes from one answer, GET /api/overview.
 */
import { ApiError, getJson } from '../api.js';
import type { OverviewAnswer, OverviewHeadline, ReconciliationLine } from '../api-types.js';
import { areaOptions } from '../areas.js';
import { sparkline } from '../charts/sparkline.js';
import { spcIcon, verdictTag } from '../charts/spc-icon.js';
import { RAG_STYLE } from '../charts/palette.js';
import { emptyMessage, errorMessage, selectField } from '../controls.js';
import { NOT_AVAILABLE_NOTE, PROTECTED_NOTE, SUPPRESSED_NOTE, formatCount, formatFigure, formatInterval, statLabel } from '../format.js';
import { html, setHtml, type Markup } from '../html.js';
import { reloader, type PageContext } from '../page.js';
import { formatDate, periodLabel } from '../periods.js';
import { offTargetMeasuresPanel } from './measures-panel.js';
import { ragKey, statusWords, type RagKey } from '../rag.js';
import { pageHref, writeSelection } from '../url-state.js';

type Selection = { area: string; period: string };

function figureCell(h: OverviewHeadline): Markup {
  if (h.error) return html`<span class="muted">unavailable</span>`;
  return html`<span class="figure">${h.row ? formatFigure(h.row, h.stat) : 'x'}</span>`;
}

function trendCell(h: OverviewHeadline, areaName: string): Markup {
  if (!h.history.length) return html``;
  const last = h.history.at(-1)!;
  const label = `${h.indicator.name}, ${areaName}: trend over ${h.history.length} periods to ${periodLabel(last.period)}${h.row ? `, latest ${formatFigure(h.row, h.stat)}` : ''}`;
  return sparkline(h.history, label);
}

function nameCell(h: OverviewHeadline, selection: Selection): Markup {
  const link = pageHref('/trends', { indicator: h.indicator.id, stat: h.stat }, selection);
  return html`<th scope="row"><a href="${link}">${h.indicator.name}</a> <span class="hint">${statLabel(h.stat)}</span></th>`;
}

function localTable(answer: OverviewAnswer, selection: Selection): Markup {
  const rows = answer.local.headlines.map((h) => html`<tr>${nameCell(h, selection)}
    <td class="num">${figureCell(h)}</td>
    <td class="num">${h.row ? formatInterval(h.row.lower95, h.row.upper95, h.row.suppressed, h.stat) : ''}</td>
    <td>${h.row ? spcIcon(h.row.spc, h.row.value) : ''}</td>
    <td>${trendCell(h, answer.area.name)}</td></tr>`);
  return html`<div class="table-scroll"><table class="headlines">
    <caption class="visually-hidden">Local figures for ${answer.area.name}, ${periodLabel(answer.local.period, true)}</caption>
    <thead><tr><th scope="col">Indicator</th><th scope="col" class="num">Value</th><th scope="col" class="num">95% interval</th>
      <th scope="col">Variation (SPC)</th><th scope="col">Last 12 quarters</th></tr></thead>
    <tbody>${rows}</tbody></table></div>`;
}

function publishedTable(answer: OverviewAnswer, selection: Selection): Markup {
  const period = answer.published.period;
  const rows = answer.published.headlines.map((h) => html`<tr>${nameCell(h, selection)}
    <td class="num">${figureCell(h)}</td>
    <td class="num">${h.row ? formatInterval(h.row.lower95, h.row.upper95, h.row.suppressed, h.stat) : ''}</td>
    <td>${verdictTag(h.verdicts?.england, h.indicator.polarity)}</td><td>${verdictTag(h.verdicts?.region, h.indicator.polarity)}</td><td>${verdictTag(h.verdicts?.neighbours, h.indicator.polarity)}</td>
    <td>${trendCell(h, answer.area.name)}</td></tr>`);
  return html`<div class="table-scroll"><table class="headlines">
    <caption class="visually-hidden">Published figures for ${answer.area.name}, ${period ? periodLabel(period, true) : ''}</caption>
    <thead><tr><th scope="col">Indicator</th><th scope="col" class="num">Value</th><th scope="col" class="num">95% interval</th>
      <th scope="col">vs England</th><th scope="col">vs region</th><th scope="col">vs neighbours</th><th scope="col">Years to date</th></tr></thead>
    <tbody>${rows}</tbody></table></div>`;
}

const READING_WORDS: Readonly<Record<ReconciliationLine['reading'], string>> = {
  consistent: 'Consistent',
  local_short: 'Local figure low',
  local_beyond: 'Local figure high',
  not_comparable: 'Not comparable',
};

function reconciliationSection(answer: OverviewAnswer): Markup {
  const { lines } = answer.reconciliation;
  const heading = html`<h2 id="reconciliation-heading">Local figures against published figures</h2>`;
  if (!lines.length) {
    return html`<section class="board-block" aria-labelledby="reconciliation-heading">${heading}
      <p>${answer.reconciliation.published_indicator
        ? 'DfE publishes children-in-need figures for each children’s services local authority: choose one (not a district, region or England) to set the partnership’s own CSE referrals against them.'
        : 'No published children-in-need statistics are loaded, so there is nothing to set the local figures against.'}</p></section>`;
  }
  const current = lines.find((l) => l.year === answer.published.period) ?? lines.at(-1)!;
  return html`<section class="board-block" aria-labelledby="reconciliation-heading">${heading}
    <p class="hint">The partnership’s own CSE referrals in the year to 31 March against the number of children’s social care assessments
      that recorded child sexual exploitation as a factor in DfE’s children-in-need statistics, for ${answer.area.name} and the same year.</p>
    <p class="reconciliation reading-${current.reading}" data-year="${current.year}"><strong>${READING_WORDS[current.reading]}.</strong> ${current.message}</p>
    <div class="table-scroll"><table class="compact reconciliation-table">
      <caption class="visually-hidden">Local CSE referrals and DfE CSE factor counts by year, ${answer.area.name}</caption>
      <thead><tr><th scope="col">Year to 31 March</th><th scope="col" class="num">Local referrals</th><th scope="col" class="num">DfE assessments with CSE</th>
        <th scope="col" class="num">Ratio</th><th scope="col">Reading</th></tr></thead>
      <tbody>${lines.map((l) => html`<tr data-year="${l.year}"><th scope="row">${periodLabel(l.year)}</th><td class="num">${formatCount(l.local)}</td>
        <td class="num">${formatCount(l.published)}</td><td class="num">${l.ratio === null ? '' : l.ratio.toFixed(2)}</td><td>${READING_WORDS[l.reading]}</td></tr>`)}</tbody>
    </table></div>
    <p class="hint">Below 0.75 the local figure looks under-recorded (an assessment recording CSE normally follows a referral); above 2.5
      CSE may be going unrecorded at assessment, or the extract counts referrals twice.</p>
  </section>`;
}

const RAG_KEYS: RagKey[] = ['red', 'amber', 'green', 'complete', 'none'];

function ragBar(counts: Record<RagKey, number>, label: string): Markup {
  const total = RAG_KEYS.reduce((sum, k) => sum + counts[k], 0) || 1;
  let x = 0;
  const rects = RAG_KEYS.filter((k) => counts[k] > 0).map((k) => {
    const w = (counts[k] / total) * 120;
    const r = html`<rect x="${x.toFixed(1)}" y="0" width="${w.toFixed(1)}" height="14" fill="${RAG_STYLE[k]!.colour}" stroke="#fff" stroke-width="1"></rect>`;
    x += w;
    return r;
  });
  return html`<svg width="120" height="14" viewBox="0 0 120 14" role="img" aria-label="${label}" focusable="false">${rects}</svg>`;
}

function countsOf(c: { red: number; amber: number; green: number; done: number; none: number }): Record<RagKey, number> {
  return { red: c.red, amber: c.amber, green: c.green, complete: c.done, blue: 0, none: c.none };
}

function planSection(answer: OverviewAnswer, selection: Selection): Markup {
  const plan = answer.plan;
  const asAt = formatDate(answer.as_at);
  if (!plan) return html`<section class="board-block"><h2>Action plan</h2><p>No action plan is loaded for ${answer.area.name}.</p></section>`;
  const planHref = pageHref('/actions', { plan: plan.plan }, selection);
  const { delivery } = plan;
  const review = delivery.rag_by_review.at(-1) ?? null;
  const rows = (review?.strands ?? []).map((s) => {
    const counts = countsOf(s);
    const words = RAG_KEYS.filter((k) => counts[k]).map((k) => `${counts[k]} ${RAG_STYLE[k]!.text.toLowerCase()}`).join(', ');
    return html`<tr><th scope="row">${s.strand}</th>${RAG_KEYS.map((k) => html`<td class="num">${counts[k]}</td>`)}
      <td>${ragBar(counts, `${s.strand}: ${words}`)}</td></tr>`;
  });
  const link = (ref: string) => `${planHref}&action=${encodeURIComponent(ref)}`;
  const short = (text: string) => (text.length > 120 ? `${text.slice(0, 117)}…` : text);
  const name = (id: string) => plan.indicator_names[id] ?? id;
  const overdue = delivery.overdue;
  const redRed = plan.red_red;
  return html`<section class="board-block" aria-labelledby="rag-heading">
      <h2 id="rag-heading">Action plan by strand</h2>
      <p class="hint">${plan.name}: ${review ? `RAG status at the review of ${periodLabel(review.period)}, the latest by ${asAt}.` : `no review recorded by ${asAt}.`}</p>
      ${review ? html`<div class="table-scroll"><table class="compact">
        <caption class="visually-hidden">Actions by strand and RAG status at ${periodLabel(review.period)}</caption>
        <thead><tr><th scope="col">Strand</th>${RAG_KEYS.map((k) => html`<th scope="col" class="num">${RAG_STYLE[k]!.text}</th>`)}<th scope="col">Share</th></tr></thead>
        <tbody>${rows}</tbody></table></div>` : ''}
    </section>
    <section class="board-block" aria-labelledby="overdue-heading">
      <h2 id="overdue-heading">Overdue at ${asAt} (${overdue.length})</h2>
      ${overdue.length
        ? html`<ul class="action-list">${overdue.map((a, i) => html`<li class="${i >= 6 ? 'more' : ''}"><a href="${link(a.ref)}">${a.ref}</a> ${short(a.action)}
            <span class="tag overdue">Due ${formatDate(a.due_date)}</span> <span class="tag rag-${ragKey(a.status)}">${a.status ? `Last status: ${statusWords(a.status)}` : 'No status'}</span>
            ${plan.overdue_notes[a.ref] ? html`<br><span class="hint">${plan.overdue_notes[a.ref]}</span>` : ''}</li>`)}</ul>
          ${overdue.length > 6 ? html`<p class="no-print"><a href="${planHref}">All ${overdue.length} overdue actions</a></p>` : ''}`
        : html`<p>No action is overdue at ${asAt}.</p>`}
      <h2 id="redred-heading">Red-red: behind schedule and indicator worsening (${redRed.length})</h2>
      ${redRed.length
        ? html`<ul class="action-list">${redRed.map((a) => html`<li><a href="${link(a.ref)}">${a.ref}</a> ${short(a.action)}
            <span class="tag rag-red">${a.behind.map((b) => (b === 'overdue' ? 'Overdue' : 'Red')).join(' and ')}</span>
            <span class="hint">worsening: ${a.worsening.map((w) => `${name(w.indicator)} (wanted ${w.wanted})`).join(', ')}</span></li>`)}</ul>`
        : html`<p>No action is both behind schedule and seeing its indicators get worse.</p>`}
    </section>`;
}

function answerMarkup(answer: OverviewAnswer, selection: Selection): Markup {
  const all = [...answer.local.headlines, ...answer.published.headlines];
  const anySuppressed = all.some((h) => h.row?.suppressed);
  const anyProtected = all.some((h) => h.row && h.row.protection !== 'none');
  const failed = all.filter((h) => h.error);
  const published = answer.published.period;
  return html`<section aria-labelledby="local-heading">
      <h2 id="local-heading">Local figures: ${periodLabel(answer.local.period, true)}</h2>
      <p class="hint">From the partnership’s own quarterly extracts (management information, not official statistics).</p>
      ${answer.local.headlines.length ? localTable(answer, selection) : emptyMessage('No local indicators are available yet.')}
    </section>
    <section aria-labelledby="published-heading">
      <h2 id="published-heading">Published figures: ${published ? periodLabel(published, true) : 'none yet'}</h2>
      <p class="hint">DfE children-in-need statistics, the latest year ending by ${formatDate(answer.as_at)}; compared with England, the region and the median of the 10 statistical neighbours.</p>
      ${answer.published.headlines.length && published ? publishedTable(answer, selection) : emptyMessage('No published statistics cover a year ending by this quarter.')}
    </section>
    ${reconciliationSection(answer)}
    <ul class="notes">
      ${anyProtected ? html`<li class="disclosure-note">${PROTECTED_NOTE}</li>` : ''}
      ${anySuppressed ? html`<li>${SUPPRESSED_NOTE}</li>` : ''}
      <li>${NOT_AVAILABLE_NOTE}</li>
      <li>Variation: statistical process control (Making Data Count) of the quarterly series; H or L marks a special cause above or below the mean.</li>
      <li>Key: Better / Worse where an indicator has a polarity (its definition says which way is better and why); Higher / Lower where it has none, as for CSE referrals, where a rise can mean better identification as much as more exploitation. Similar: the comparator lies inside the 95% interval.</li>
      ${failed.length ? html`<li>Could not load: ${failed.map((h) => h.indicator.name).join(', ')}.</li>` : ''}
    </ul>
    <div class="grid-2 board-grid">${planSection(answer, selection)}<div id="off-target-measures"></div></div>`;
}

/**
 * The first answer, for the area and quarter in the address or, where it names none, the user's
 * own. An address that names an area or quarter that is not one (an old or mistyped link) starts
 * from the user's own instead, as the pickers would; one the user may not read is refused.
 */
async function firstAnswer(selection: Partial<Selection>): Promise<OverviewAnswer> {
  const asked = { area: selection.area ?? null, period: selection.period ?? null };
  try {
    const answer = await getJson<OverviewAnswer>('/api/overview', asked);
    if (asked.period && !answer.choices.quarters.includes(asked.period) && answer.choices.quarters.length) {
      return await getJson<OverviewAnswer>('/api/overview', { area: answer.area.code });
    }
    return answer;
  } catch (error) {
    if (error instanceof ApiError && error.status === 400 && (asked.area || asked.period)) return getJson<OverviewAnswer>('/api/overview');
    throw error;
  }
}

export async function render(ctx: PageContext): Promise<void> {
  setHtml(ctx.main, html`<div class="page-header"><h1 id="page-title">Overview</h1>
    <button type="button" class="button secondary no-print" id="print">Print board paper</button></div>
    <form class="controls" aria-label="Choose area and quarter"></form>
    <p class="print-only" id="print-note"></p>
    <div id="overview-results" aria-live="polite"></div>`);
  const form = ctx.main.querySelector('form')!;
  const results = ctx.main.querySelector<HTMLElement>('#overview-results')!;
  ctx.main.querySelector('#print')!.addEventListener('click', () => window.print());
  form.addEventListener('submit', (e) => e.preventDefault());

  // One answer draws the page, pickers included: no area list or catalogue to fetch first.
  let first: OverviewAnswer;
  try {
    first = await firstAnswer({ ...(ctx.selection.area ? { area: ctx.selection.area } : {}), ...(ctx.selection.period ? { period: ctx.selection.period } : {}) });
  } catch (error) {
    if (!(error instanceof ApiError && error.code === 'no_data')) throw error;
    setHtml(results, emptyMessage('No extract data is loaded yet. An analyst can upload extracts on the Upload page.'));
    return;
  }
  let area = first.area.code;
  let period = first.period;
  const names = new Map(first.choices.areas.map((a) => [a.code, a.name]));
  names.set(first.area.code, first.area.name);
  const heading = (a: string, p: string) => {
    const areaName = names.get(a) ?? a;
    ctx.main.querySelector('#page-title')!.textContent = `Overview: ${areaName}, ${periodLabel(p)}`;
    ctx.main.querySelector('#print-note')!.textContent = `Board paper for ${areaName}, ${periodLabel(p, true)}. Printed ${formatDate(new Date().toISOString())}.`;
  };
  const draw = (answer: OverviewAnswer) => {
    const selection = { area: answer.area.code, period: answer.period };
    setHtml(results, answerMarkup(answer, selection));
    // The plan's measures of success that are off target, from the same answer (issue 16).
    const measures = answer.plan?.measures;
    const slot = results.querySelector<HTMLElement>('#off-target-measures');
    if (answer.plan && measures && slot) setHtml(slot, offTargetMeasuresPanel(measures, answer.period, pageHref('/actions', { plan: answer.plan.plan }, selection)));
  };

  // Each change is a step in the browser's history: Back returns to the previous selection.
  const areaField = selectField({ label: 'Area', name: 'area', options: areaOptions(first.choices.areas), value: area, onChange: (v) => { area = v; writeSelection({ area: v }, 'push'); void reload(); } });
  const periodField = selectField({ label: 'Quarter', name: 'period', options: first.choices.quarters.map((p) => ({ value: p, label: periodLabel(p, true) })), value: period, onChange: (v) => { period = v; writeSelection({ period: v }, 'push'); void reload(); } });
  form.append(areaField.field, periodField.field);
  writeSelection({ area, period });
  heading(area, period);
  draw(first);

  const reload = reloader(ctx.main, async (isLatest) => {
    const [a, p] = [area, period];
    heading(a, p);
    setHtml(results, html`<p class="loading">Loading figures…</p>`);
    try {
      const answer = await getJson<OverviewAnswer>('/api/overview', { area: a, period: p });
      if (isLatest()) draw(answer);
    } catch (error) {
      if (isLatest()) setHtml(results, errorMessage(error));
    }
  });
}
