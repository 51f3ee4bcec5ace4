/**
 * Actions: the plan by strand with RAG history across reviews, due dates, overdue flags and
 * costs; per action its linked indicators with an impact verdict and chart; analysts record this
 * quarter's status (POST /api/plans/:plan/status with a JSON entry).
 */
import { getJson, send } from '../api.js';
import type { Delivery, Indicator, LinkImpact, MeasureSummary, Plan, PlanAction, PlanImpact, SeriesRow, Stat } from '../api-types.js';
import { loadAreas, type AreaCatalogue } from '../areas.js';
import type { ActionMarker } from '../charts/action-markers.js';
import { chartFigure, type ChartFigure } from '../charts/chart-figure.js';
import { RAG_STYLE } from '../charts/palette.js';
import { spcChart } from '../charts/spc-chart.js';
import { emptyMessage, errorMessage, errorText, selectField } from '../controls.js';
import { formatGbp, formatNumber } from '../format.js';
import { element, html, setHtml, type Markup } from '../html.js';
import { loadIndicators, statsFor } from '../indicators.js';
import { loadMeasures, measuresOfAction } from '../measures.js';
import { reloader, type PageContext } from '../page.js';
import { actionMeasuresDetail, actionMeasuresLines, planMeasuresSection } from './measure-sections.js';
import { formatDate, periodEnd, periodLabel, quarterOf } from '../periods.js';
import { linkedIndicators, loadActions, loadPlans, plansForArea, reviewPeriods, statusAt, strands } from '../plans.js';
import { ragKey, statusWords } from '../rag.js';
import { pageHref, writeSelection } from '../url-state.js';
import { sourceLine } from './trends.js';

/** The plan's measures, and what the action page's measure form shows after a save. */
interface MeasureRecording {
  list: readonly MeasureSummary[];
  flash: string | null;
  onSaved: (message: string) => void;
}

const STATUS_CHOICES = ['red', 'amber', 'green', 'complete', 'on track', 'not started', 'not completed', 'blue'];

function ragChip(status: string | null | undefined, period?: string): Markup {
  const key = ragKey(status);
  const style = RAG_STYLE[key]!;
  const title = `${period ? `${periodLabel(period)}: ` : ''}${statusWords(status)}`;
  return html`<span class="tag rag-${key}" title="${title}"><span aria-hidden="true">${style.letter}</span><span class="visually-hidden">${title}</span></span>`;
}

function cost(a: PlanAction): string {
  if (a.cost_gbp !== null && a.cost_gbp !== undefined) return formatGbp(a.cost_gbp);
  return a.cost_text ?? '';
}

function actionRows(
  actions: PlanAction[],
  periods: string[],
  plan: string,
  selected: string | undefined,
  asAt: string | null,
  overdue: { refs: Set<string>; at: string },
  names: Map<string, Indicator>,
  measures: readonly MeasureSummary[],
): Markup[] {
  return actions.map((a) => {
    const late = overdue.refs.has(a.ref);
    const href = pageHref('/actions', { plan, action: a.ref });
    return html`<tr class="${a.ref === selected ? 'selected' : ''} ${a.parent_ref ? 'sub-action' : ''}">
      <th scope="row"><a href="${href}" ${a.ref === selected ? html`aria-current="true"` : ''}>${a.ref}</a></th>
      <td>${a.action}${a.lead.length ? html`<br><span class="hint">Lead: ${a.lead.join('; ')}</span>` : ''}${actionMeasuresLines(measuresOfAction(measures, a.ref))}</td>
      <td class="nowrap">${a.due_date ? formatDate(a.due_date) : html`<span class="muted">${a.due_text ?? 'none'}</span>`}
        ${late ? html`<br><span class="tag overdue">Overdue</span><br><span class="hint">not reported complete by ${formatDate(overdue.at)}, whatever its last RAG</span>` : ''}</td>
      <td><span class="rag-history">${periods.map((p) => {
        const s = a.statuses.find((x) => x.period === p);
        return s ? ragChip(s.status, p) : html`<span class="tag rag-none" title="${periodLabel(p)}: no review"><span aria-hidden="true">·</span><span class="visually-hidden">${periodLabel(p)}: no review</span></span>`;
      })}</span></td>
      <td>${statusWords(statusAt(a, asAt))}</td>
      <td class="num">${cost(a)}</td>
      <td>${a.indicators.length ? html`<ul class="plain-list">${linkedIndicators(a).map((l) => html`<li>${names.get(l.id)?.name ?? l.id}${l.direction ? html` <span class="hint">(meant to go ${l.direction})</span>` : ''}</li>`)}</ul>` : ''}</td>
    </tr>`;
  });
}

async function actionDetail(parent: HTMLElement, a: PlanAction, plan: Plan, ctx: PageContext, areas: AreaCatalogue, indicators: Map<string, Indicator>, asAt: string | null, onSaved: (message: string) => void, flash: string | null, measures: MeasureRecording): Promise<ChartFigure[]> {
  const canRecord = ctx.session.role === 'analyst' || ctx.session.role === 'admin';
  const thisQuarter = quarterOf(new Date().toISOString().slice(0, 10))!;
  const box = element(html`<section class="action-detail" aria-labelledby="action-heading">
    <h2 id="action-heading">Action ${a.ref}</h2>
    <p>${a.action}</p>
    <dl class="definition">
      <dt>Strand</dt><dd>${a.strand}</dd>
      ${a.objective ? html`<dt>Objective</dt><dd>${a.objective}</dd>` : ''}
      <dt>Lead</dt><dd>${a.lead.join('; ') || 'not named'}</dd>
      <dt>Due</dt><dd>${a.due_date ? formatDate(a.due_date) : 'no date'}${a.due_text ? ` (as written: “${a.due_text}”)` : ''}</dd>
      ${a.milestones.length ? html`<dt>Milestones</dt><dd>${a.milestones.map((m) => formatDate(m)).join('; ')}</dd>` : ''}
      ${cost(a) ? html`<dt>Cost</dt><dd>${cost(a)}${a.budget_source ? ` (${a.budget_source})` : ''}</dd>` : ''}
      ${a.output ? html`<dt>Outputs</dt><dd>${a.output}</dd>` : ''}
    </dl>
    <h3>Reviews</h3>
    ${a.statuses.length
      ? html`<div class="table-scroll"><table><caption class="visually-hidden">Status at each review</caption>
          <thead><tr><th scope="col">Review</th><th scope="col">Status</th><th scope="col">Note</th></tr></thead>
          <tbody>${[...a.statuses].reverse().map((s) => html`<tr><th scope="row">${periodLabel(s.period)}</th>
            <td><span class="tag rag-${ragKey(s.status)}">${statusWords(s.status)}</span></td><td>${s.note ?? ''}</td></tr>`)}</tbody></table></div>`
      : html`<p>No review recorded yet.</p>`}
    ${canRecord ? html`<form class="record-status" id="record-status" novalidate>
        <h3>Record this quarter’s status</h3>
        <div id="record-message" aria-live="polite">${flash ? html`<div class="message success" role="status"><p>${flash}</p></div>` : ''}</div>
        <div class="controls">
          <div class="field"><label for="status-period">Review quarter</label>
            <input type="text" id="status-period" name="period" value="${thisQuarter}" aria-describedby="status-period-hint" inputmode="text" autocomplete="off">
            <span class="hint" id="status-period-hint">For example 2016-Q3</span></div>
          <div class="field"><label for="status-value">Status</label>
            <select id="status-value" name="status">${STATUS_CHOICES.map((s) => html`<option value="${s}">${statusWords(s)}</option>`)}</select></div>
          <div class="field grow"><label for="status-note">Progress note</label>
            <textarea id="status-note" name="note" rows="2"></textarea></div>
          <div class="field"><button type="submit" class="button">Save status</button></div>
        </div>
      </form>` : ''}
    <h3>Measures of success</h3>
    <div id="action-measures"></div>
    <h3>Linked indicators</h3>
    <div id="linked-indicators"></div>
  </section>`);
  parent.append(box);
  box.querySelector('#action-measures')!.append(actionMeasuresDetail(measuresOfAction(measures.list, a.ref), plan, canRecord, thisQuarter, measures.onSaved, measures.flash));

  const form = box.querySelector<HTMLFormElement>('#record-status');
  form?.addEventListener('submit', (e) => {
    e.preventDefault();
    const period = (form.elements.namedItem('period') as HTMLInputElement).value.trim();
    const status = (form.elements.namedItem('status') as HTMLSelectElement).value;
    const note = (form.elements.namedItem('note') as HTMLTextAreaElement).value.trim();
    const message = box.querySelector<HTMLElement>('#record-message')!;
    if (!/^\d{4}-Q[1-4]$/.test(period) && !/^\d{4}-\d{2}-\d{2}$/.test(period)) {
      setHtml(message, html`<p class="field-error" role="alert">Enter the review quarter like 2016-Q3.</p>`);
      return;
    }
    const button = form.querySelector('button')!;
    button.disabled = true;
    // JSON, not a CSV row: the note is kept exactly as typed, whatever it begins with.
    send(`POST`, `/api/plans/${encodeURIComponent(plan.plan)}/status`, { ref: a.ref, period, status, note })
      .then(() => onSaved(`Saved: ${a.ref} is ${statusWords(status)} at ${period}.`))
      .catch((error: unknown) => setHtml(message, html`<div class="message error" role="alert"><p>Not saved. ${errorText(error)}</p></div>`))
      .finally(() => { button.disabled = false; });
  });

  const linked = box.querySelector<HTMLElement>('#linked-indicators')!;
  const links = linkedIndicators(a);
  if (!links.length) {
    linked.append(element(html`<p>This action names no indicator to judge it by.</p>`));
    return [];
  }
  let impact: PlanImpact | null = null;
  try {
    impact = await getJson<PlanImpact>(`/api/plans/${encodeURIComponent(plan.plan)}/actions/${encodeURIComponent(a.ref)}/impact`, asAt ? { today: asAt } : {});
  } catch (error) {
    linked.append(element(errorMessage(error)));
  }
  if (impact) linked.append(element(html`<p class="hint">${impact.method} ${impact.caveat}</p>`));
  const figures: ChartFigure[] = [];
  const areaName = areas.name(plan.area_code);
  for (const link of links) {
    const ind = indicators.get(link.id);
    const found = impact?.links.find((l) => l.indicator === link.id);
    const block = element(html`<div class="linked-indicator"><h4>${ind?.name ?? link.id}${link.direction ? ` (meant to go ${link.direction})` : ''}</h4></div>`);
    linked.append(block);
    if (!found) {
      block.append(element(html`<p class="muted">No impact reading for ${ind?.name ?? link.id}.</p>`));
      continue;
    }
    const stat: Stat = ind ? impactStat(ind) : 'count';
    const words = found.verdict === 'no_signal_yet' && found.model?.too_little_data ? 'Too little data to tell' : VERDICT_WORDS[found.verdict] ?? found.verdict;
    block.append(element(html`<p><strong>Impact:</strong> <span class="tag verdict-${VERDICT_TONE[found.verdict] ?? 'similar'}">${words}</span>
      ${found.timing ? html` <span class="hint">measured from ${formatDate(found.timing.date)} (${found.timing.basis === 'completed' ? 'reported done' : 'due date'})</span>` : ''}
      ${found.model ? html`<br>${modelWords(found, stat)}` : found.reason ? html`<br>${found.reason}` : ''}</p>`));
    if (found.series.some((p) => p.value !== null) && ind) {
      const rows: SeriesRow[] = found.series.map((p) => ({
        period: p.period, area_code: plan.area_code, breakdown: null, numerator: null, denominator: null, value: p.value,
        lower95: null, upper95: null, lower998: null, upper998: null, suppressed: p.suppressed, benchmark: null,
        // Only the values are drawn here; the page's notes say how they were protected.
        protection: p.suppressed ? 'suppressed' : 'none', max_change: 0,
        spc: p.spc ? { ...p.spc } : null,
      }));
      const counterfactual = found.series.flatMap((p) => (p.counterfactual ? [{ period: p.period, ...p.counterfactual }] : []));
      const markers: ActionMarker[] = found.timing
        ? [{ date: found.timing.date, ref: a.ref, action: a.action, status: RAG_STYLE[ragKey(statusAt(a, null))]!.text, label: `${a.ref} (${RAG_STYLE[ragKey(statusAt(a, null))]!.letter})` }]
        : [];
      figures.push(chartFigure(block, {
        ...spcChart({
          title: `${ind.name}, ${areaName}, around action ${a.ref}`,
          source: sourceLine(ind),
          indicatorName: ind.name, areaName, stat, rows, markers, counterfactual,
        }),
        headingLevel: 4,
      }));
    }
  }
  return figures;
}

const VERDICT_WORDS: Record<string, string> = {
  moved_as_intended: 'Moved as intended',
  no_signal_yet: 'No clear change',
  moved_against_intention: 'Moved against the intention',
  too_early: 'Too early to tell',
  moved: 'Moved (the plan gives no direction)',
  no_data: 'Too few figures to judge by',
  no_date: 'No date to measure from',
};

/** The model's answer in a board's words: the step in the indicator's own unit, its interval, what it could detect. */
function modelWords(link: LinkImpact, stat: Stat): string {
  const m = link.model!;
  const unit = m.unit === 'percentage' ? ' percentage points' : m.unit === 'rate_per_10000' ? ' per 10,000 children' : '';
  const signed = (n: number) => `${n > 0 ? '+' : n < 0 ? '\u2212' : ''}${formatNumber(Math.abs(n), stat === 'proportion' ? 'rate' : stat)}`;
  const after = link.rebase_period ? periodLabel(link.rebase_period) : 'the quarter after';
  const slope = (m.slope_change_ratio.estimate - 1) * 100;
  const slopeLow = (m.slope_change_ratio.lower95 - 1) * 100;
  const slopeHigh = (m.slope_change_ratio.upper95 - 1) * 100;
  const pct = (n: number) => `${n > 0 ? '+' : n < 0 ? '\u2212' : ''}${Math.abs(n).toFixed(1)}%`;
  return [
    `Step in ${after}: ${signed(m.step.estimate)}${unit} (95% interval ${signed(m.step.lower95)} to ${signed(m.step.upper95)}) against where the series was heading.`,
    `Change of trend after: ${pct(slope)} a quarter (${pct(slopeLow)} to ${pct(slopeHigh)}).`,
    `From ${m.before_n} quarters before and ${m.after_n} after (${periodLabel(m.first_period)} to ${periodLabel(m.last_period)}; ${link.transition_period ? `${periodLabel(link.transition_period)}, the action\u2019s quarter, left out` : ''}).`,
    m.too_little_data
      ? `Too little data to tell: these figures could only have shown a step of about ${signed(m.detectable_step).replace('+', '')}${unit} or more, and the plan hoped for about ${formatNumber(m.hoped_for_step, stat === 'proportion' ? 'rate' : stat)}${unit}. No clear change here does not mean the action did nothing.`
      : '',
  ].filter(Boolean).join(' ');
}
const VERDICT_TONE: Record<string, string> = { moved_as_intended: 'better', moved_against_intention: 'worse', moved: 'higher' };

/** The stat impact analytics use: rates for counts (population change is not an effect), else the default. */
function impactStat(ind: Indicator): Stat {
  const stats = statsFor(ind);
  return stats.includes('rate') ? 'rate' : stats[0]!;
}

export async function render(ctx: PageContext): Promise<void> {
  const [areas, plans, indicatorList] = await Promise.all([loadAreas(), loadPlans(), loadIndicators().catch(() => [] as Indicator[])]);
  const indicators = new Map(indicatorList.map((i) => [i.id, i]));
  setHtml(ctx.main, html`<div class="page-header"><h1 id="page-title">Action plan</h1>
    <p class="lead">The partnership’s plan by strand: delivery status at each review, due dates, costs, and what happened to the indicators each action aims to move.</p></div>
    <form class="controls" aria-label="Choose plan"></form>
    <div id="plan-results"></div>`);
  const form = ctx.main.querySelector('form')!;
  form.addEventListener('submit', (e) => e.preventDefault());
  const results = ctx.main.querySelector<HTMLElement>('#plan-results')!;
  if (!plans.length) {
    setHtml(results, emptyMessage('No action plan is loaded yet.'));
    return;
  }
  const forArea = ctx.selection.area ? plansForArea(plans, areas, ctx.selection.area) : [];
  let plan = plans.find((p) => p.plan === ctx.selection.plan) ?? forArea[0] ?? plans[0]!;
  form.append(selectField({
    label: 'Plan', name: 'plan', options: plans.map((p) => ({ value: p.plan, label: `${p.name} (${areas.name(p.area_code)})` })), value: plan.plan,
    onChange: (v) => { plan = plans.find((p) => p.plan === v) ?? plan; writeSelection({ plan: plan.plan, action: '' }, 'push'); void reload(); },
  }).field);
  writeSelection({ plan: plan.plan });

  let flash: string | null = null;
  let measureFlash: string | null = null;
  const reload = reloader(ctx.main, async (isLatest) => {
    const p = plan;
    ctx.main.querySelector('#page-title')!.textContent = `Action plan: ${p.name}`;
    setHtml(results, html`<p class="loading">Loading the plan…</p>`);
    try {
      const actions = await loadActions(p.plan);
      if (!isLatest()) return;
      const periods = reviewPeriods(actions);
      const selectedRef = new URLSearchParams(location.search).get('action') ?? undefined;
      const selected = actions.find((a) => a.ref === selectedRef);
      const today = ctx.selection.period && /^\d{4}-Q[1-4]$/.test(ctx.selection.period) ? periodEnd(ctx.selection.period).toISOString().slice(0, 10) : null;
      const [delivery, measures] = await Promise.all([
        getJson<Delivery>(`/api/plans/${encodeURIComponent(p.plan)}/delivery`, today ? { today } : {}),
        loadMeasures(p.plan).catch(() => [] as MeasureSummary[]),
      ]);
      if (!isLatest()) return;
      const review = delivery.rag_by_review.at(-1) ?? null;
      const overdueRefs = new Set(delivery.overdue.map((o) => o.ref));
      const asAt = review?.period ?? null;
      const cost = delivery.cost;
      results.replaceChildren();
      results.append(element(html`<section aria-labelledby="summary-heading"><h2 id="summary-heading">Summary</h2>
        <p>${actions.length} actions for ${areas.name(p.area_code)}.
          ${review ? `At the review of ${periodLabel(review.period)}: ${(['red', 'amber', 'green', 'done', 'none'] as const).filter((k) => review.total[k]).map((k) => `${review.total[k]} ${k === 'done' ? 'complete' : k === 'none' ? 'with no status' : k}`).join(', ')}.` : 'No review is recorded yet.'}
          ${delivery.overdue.length} overdue at ${formatDate(delivery.today)}.
          ${delivery.no_update.length ? `${delivery.no_update.length} open actions had no update at the latest review.` : ''}
          ${cost.costed ? `Costed actions total ${formatGbp(cost.total_cost_gbp)}${cost.total_budget_gbp !== null ? ` against budgets of ${formatGbp(cost.total_budget_gbp)}${cost.over_budget ? ' (over budget)' : ''}` : ''}.` : ''}</p>
        <ul class="legend-list" aria-label="Status key">${['red', 'amber', 'green', 'complete', 'blue'].map((k) => html`<li>${ragChip(k)} ${RAG_STYLE[k]!.text}</li>`)}</ul>
      </section>`));
      const figures: ChartFigure[] = [];
      const shownFlash = flash;
      flash = null;
      const shownMeasureFlash = measureFlash;
      measureFlash = null;
      if (selected) {
        figures.push(...(await actionDetail(results, selected, p, ctx, areas, indicators, today, (message) => {
          flash = message;
          void reload().then(() => ctx.main.querySelector<HTMLElement>('#record-message .message')?.scrollIntoView({ block: 'center' }));
        }, shownFlash, {
          list: measures,
          flash: shownMeasureFlash,
          onSaved: (message) => {
            measureFlash = message;
            void reload().then(() => ctx.main.querySelector<HTMLElement>('#measure-message .message')?.scrollIntoView({ block: 'center' }));
          },
        })));
      }
      results.append(planMeasuresSection(measures, p));
      for (const strand of strands(actions)) {
        const inStrand = actions.filter((a) => a.strand === strand);
        results.append(element(html`<section class="strand" aria-labelledby="strand-${strand.replace(/\W+/g, '-')}">
          <h2 id="strand-${strand.replace(/\W+/g, '-')}">${strand}</h2>
          <div class="table-scroll"><table class="actions-table"><colgroup><col class="c-ref"><col class="c-action"><col class="c-due"><col class="c-rag"><col class="c-status"><col class="c-cost"><col class="c-ind"></colgroup><caption class="visually-hidden">Actions in ${strand}</caption>
            <thead><tr><th scope="col">Ref</th><th scope="col">Action</th><th scope="col">Due</th>
              <th scope="col">RAG at each review${periods.length ? html`<br><span class="hint">${periodLabel(periods[0]!)} to ${periodLabel(periods.at(-1)!)}</span>` : ''}</th>
              <th scope="col">Last status</th><th scope="col" class="num">Cost</th><th scope="col">Indicators</th></tr></thead>
            <tbody>${actionRows(inStrand, periods, p.plan, selected?.ref, asAt, { refs: overdueRefs, at: delivery.today }, indicators, measures)}</tbody></table></div>
        </section>`));
      }
      await Promise.all(figures.map((f) => f.ready));
      if (selected) ctx.main.dataset.focus = '#action-heading';
    } catch (error) {
      if (isLatest()) setHtml(results, errorMessage(error));
    }
  });
  await reload();
}
