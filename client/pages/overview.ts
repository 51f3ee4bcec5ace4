/**
 * Overview for board members: the partnership's headline indicators for one quarter (value,
 * interval, SPC reading, benchmark verdicts, trend) and the action plan's RAG summary, overdue
 * actions and red-red list. One screen; prints as a board paper.
 */
import { getJson } from '../api.js';
import type { ComparatorInfo } from '../../server/indicators/comparators.js';
import type { Comparator, Delivery, Indicator, PlanImpact, SeriesRow, Stat } from '../api-types.js';
import { areaOptions, loadAreas } from '../areas.js';
import { sparkline } from '../charts/sparkline.js';
import { spcIcon, verdictTag } from '../charts/spc-icon.js';
import { RAG_STYLE } from '../charts/palette.js';
import { emptyMessage, errorMessage, selectField } from '../controls.js';
import { NOT_AVAILABLE_NOTE, PROTECTED_NOTE, SUPPRESSED_NOTE, formatFigure, formatInterval, statLabel } from '../format.js';
import { html, setHtml, type Markup } from '../html.js';
import { defaultStat, isOfficial, loadIndicators } from '../indicators.js';
import { reloader, type PageContext } from '../page.js';
import { comparePeriods, formatDate, isQuarter, latestAtOrBefore, latestPeriod, periodEnd, periodLabel, sortPeriods } from '../periods.js';
import { loadMeasures } from '../measures.js';
import { loadPlans, plansForArea } from '../plans.js';
import { offTargetMeasuresPanel } from './measures-panel.js';
import { ragKey, statusWords, type RagKey } from '../rag.js';
import { comparatorInfo, comparatorTitle, isPublished, unpublishedText } from '../comparators.js';
import { fetchSeries, ownRows } from '../series.js';
import { pageHref, writeSelection } from '../url-state.js';

interface Headline {
  match: (string | RegExp)[];
  stat?: Stat;
}

/** The board's headline set, in order; each entry takes the first indicator in the catalogue that matches. */
const HEADLINES: Headline[] = [
  { match: ['referrals.referrals'], stat: 'rate' },
  { match: ['referrals.known_victim_share', /^referrals\..*known_victim/] },
  { match: ['referrals.boys_share', /^referrals\..*(male|boys)_share/] },
  { match: ['missing.episodes'], stat: 'rate' },
  { match: ['missing.cse_concern_share', /^missing\..*cse.*share/] },
  { match: ['missing.return_interview_72h_share', /^missing\..*72h.*share/] },
  { match: ['mase.cases_discussed'] },
  { match: ['mase.risk_reduced_share'] },
  { match: ['mase.disruption_actions'] },
  { match: ['cin_factors.child_sexual_exploitation', /^cin_factors\..*sexual_exploitation/], stat: 'rate' },
  { match: ['cin_factors.going_missing', /^cin_factors\..*missing/], stat: 'rate' },
];

function pickHeadlines(indicators: Indicator[]): { indicator: Indicator; stat: Stat }[] {
  const used = new Set<string>();
  const out: { indicator: Indicator; stat: Stat }[] = [];
  for (const h of HEADLINES) {
    const found = h.match
      .map((m) => indicators.find((i) => !used.has(i.id) && (typeof m === 'string' ? i.id === m : m.test(i.id))))
      .find((i) => i !== undefined);
    if (!found) continue;
    used.add(found.id);
    const stats = found.stats;
    out.push({ indicator: found, stat: h.stat && (!stats || stats.includes(h.stat)) ? h.stat : defaultStat(found) });
  }
  return out;
}

interface HeadlineResult {
  indicator: Indicator;
  stat: Stat;
  row: SeriesRow | null;
  history: SeriesRow[];
  verdicts: Partial<Record<Comparator, string | null>>;
  /** What each comparator is (the server's words), where it answered. */
  comparators: Partial<Record<Comparator, ComparatorInfo>>;
  official: boolean;
  error?: unknown;
}

async function headlineFigures(indicator: Indicator, stat: Stat, area: string, period: string): Promise<HeadlineResult> {
  const official = isOfficial(indicator);
  // Extracts too: England and the region are then the partnerships reporting, and say so.
  const compares: Comparator[] = ['england', 'region', 'neighbours'];
  try {
    const answers = await Promise.allSettled(compares.map((compare) => fetchSeries({ indicator: indicator.id, area, stat, compare })));
    const first = answers.find((a) => a.status === 'fulfilled');
    if (!first || first.status !== 'fulfilled') throw (answers[0] as PromiseRejectedResult).reason;
    const own = ownRows(first.value, area);
    const periods = own.map((r) => r.period);
    const at = isQuarter(period) && own.some((r) => r.period === period)
      ? period
      : latestAtOrBefore(periods, period) ?? latestPeriod(periods);
    const row = own.find((r) => r.period === at) ?? null;
    const verdicts: Partial<Record<Comparator, string | null>> = {};
    const comparators: Partial<Record<Comparator, ComparatorInfo>> = {};
    compares.forEach((c, i) => {
      const a = answers[i];
      if (!a || a.status !== 'fulfilled') return;
      verdicts[c] = ownRows(a.value, area).find((r) => r.period === at)?.benchmark ?? null;
      const info = comparatorInfo(a.value, c);
      if (info) comparators[c] = info;
    });
    const history = at ? own.filter((r) => comparePeriods(r.period, at) <= 0).slice(-12) : [];
    return { indicator, stat, row, history, verdicts, comparators, official };
  } catch (error) {
    return { indicator, stat, row: null, history: [], verdicts: {}, comparators: {}, official, error };
  }
}

function headlineRow(h: HeadlineResult, areaName: string, selection: { area: string; period: string }): Markup {
  const link = pageHref('/trends', { indicator: h.indicator.id, stat: h.stat }, selection);
  const label = h.row ? `${h.indicator.name}, ${areaName}: trend over ${h.history.length} periods to ${periodLabel(h.row.period)}, latest ${formatFigure(h.row, h.stat)}` : '';
  const verdicts = (['england', 'region', 'neighbours'] as const).map((c) => verdictCell(h.verdicts[c], h.comparators[c], h.indicator));
  return html`<tr>
    <th scope="row"><a href="${link}">${h.indicator.name}</a> <span class="hint">${statLabel(h.stat)}</span></th>
    <td class="num"><span class="figure">${h.error ? html`<span class="muted">unavailable</span>` : h.row ? formatFigure(h.row, h.stat) : 'x'}</span>
      ${h.row ? html`<br><span class="hint nowrap">${periodLabel(h.row.period)}</span>` : ''}</td>
    <td class="num">${h.row ? formatInterval(h.row.lower95, h.row.upper95, h.row.suppressed, h.stat) : ''}</td>
    <td>${h.row && !h.official ? spcIcon(h.row.spc, h.row.value) : h.official ? html`<span class="muted">Annual: see trend</span>` : ''}</td>
    ${verdicts}
    <td>${h.history.length ? sparkline(h.history.map((r) => ({ period: r.period, value: r.suppressed ? null : r.value })), label) : ''}</td>
  </tr>`;
}

/** The verdict against one comparator, with what the comparator is underneath. */
function verdictCell(verdict: string | null | undefined, info: ComparatorInfo | undefined, indicator: Indicator): Markup {
  if (!info) return html`<td>${verdictTag(verdict, indicator.polarity)}</td>`;
  if (!isPublished(info)) return html`<td><span class="tag na">Not published</span><br><span class="hint">${unpublishedText(info)}</span></td>`;
  return html`<td>${verdictTag(verdict, indicator.polarity)}<br><span class="hint">${comparatorTitle(info)}</span></td>`;
}

function ragBar(counts: Record<RagKey, number>, label: string): Markup {
  const order: RagKey[] = ['red', 'amber', 'green', 'complete', 'none'];
  const total = order.reduce((sum, k) => sum + counts[k], 0) || 1;
  let x = 0;
  const rects = order.filter((k) => counts[k] > 0).map((k) => {
    const w = (counts[k] / total) * 120;
    const r = html`<rect x="${x.toFixed(1)}" y="0" width="${w.toFixed(1)}" height="14" fill="${RAG_STYLE[k]!.colour}" stroke="#fff" stroke-width="1"></rect>`;
    x += w;
    return r;
  });
  return html`<svg width="120" height="14" viewBox="0 0 120 14" role="img" aria-label="${label}" focusable="false">${rects}</svg>`;
}

const RAG_KEYS: RagKey[] = ['red', 'amber', 'green', 'complete', 'none'];

function countsOf(c: { red: number; amber: number; green: number; done: number; none: number }): Record<RagKey, number> {
  return { red: c.red, amber: c.amber, green: c.green, complete: c.done, blue: 0, none: c.none };
}

function planSection(planName: string, planHref: string, delivery: Delivery, impact: PlanImpact | null, period: string): Markup {
  const review = delivery.rag_by_review.at(-1) ?? null;
  const rows = (review?.strands ?? []).map((s) => {
    const counts = countsOf(s);
    const words = RAG_KEYS.filter((k) => counts[k]).map((k) => `${counts[k]} ${RAG_STYLE[k]!.text.toLowerCase()}`).join(', ');
    return html`<tr><th scope="row">${s.strand}</th>${RAG_KEYS.map((k) => html`<td class="num">${counts[k]}</td>`)}
      <td>${ragBar(counts, `${s.strand}: ${words}`)}</td></tr>`;
  });
  const overdue = delivery.overdue;
  const redRed = impact?.red_red ?? [];
  const link = (ref: string) => `${planHref}&action=${encodeURIComponent(ref)}`;
  const short = (text: string) => (text.length > 120 ? `${text.slice(0, 117)}…` : text);
  return html`<section class="board-block" aria-labelledby="rag-heading">
      <h2 id="rag-heading">Action plan by strand</h2>
      <p class="hint">${planName}: ${review ? `RAG status at the review of ${periodLabel(review.period)}, the latest up to the end of ${periodLabel(period)}.` : `no review recorded by the end of ${periodLabel(period)}.`}</p>
      ${review ? html`<div class="table-scroll"><table class="compact">
        <caption class="visually-hidden">Actions by strand and RAG status at ${periodLabel(review.period)}</caption>
        <thead><tr><th scope="col">Strand</th>${RAG_KEYS.map((k) => html`<th scope="col" class="num">${RAG_STYLE[k]!.text}</th>`)}<th scope="col">Share</th></tr></thead>
        <tbody>${rows}</tbody></table></div>` : ''}
    </section>
    <section class="board-block" aria-labelledby="overdue-heading">
      <h2 id="overdue-heading">Overdue actions (${overdue.length})</h2>
      ${overdue.length
        ? html`<ul class="action-list">${overdue.map((a, i) => html`<li class="${i >= 6 ? 'more' : ''}"><a href="${link(a.ref)}">${a.ref}</a> ${short(a.action)}
            <span class="tag overdue">Due ${formatDate(a.due_date)}</span> <span class="tag rag-${ragKey(a.status)}">${statusWords(a.status)}</span></li>`)}</ul>
          ${overdue.length > 6 ? html`<p class="no-print"><a href="${planHref}">All ${overdue.length} overdue actions</a></p>` : ''}`
        : html`<p>No action is overdue at the end of ${periodLabel(period)}.</p>`}
      <h2 id="redred-heading">Red-red: behind schedule and indicator worsening (${redRed.length})</h2>
      ${redRed.length
        ? html`<ul class="action-list">${redRed.map((a) => html`<li><a href="${link(a.ref)}">${a.ref}</a> ${short(a.action)}
            <span class="tag rag-red">${a.behind.map((b) => (b === 'overdue' ? 'Overdue' : 'Red')).join(' and ')}</span>
            <span class="hint">worsening: ${a.worsening.map((w) => `${w.indicator} (wanted ${w.wanted})`).join(', ')}</span></li>`)}</ul>`
        : html`<p>No action is both behind schedule and seeing its indicators get worse.</p>`}
    </section>`;
}

export async function render(ctx: PageContext): Promise<void> {
  // The plan's chain (plans, then delivery and impact) is the longest: start it first.
  const plansEarly = loadPlans().catch(() => null);
  const [areas, indicators] = await Promise.all([loadAreas(), loadIndicators()]);
  const local = indicators.filter((i) => !isOfficial(i));
  const quarters = sortPeriods(local.flatMap((i) => i.periods).filter(isQuarter)).reverse();
  let area = ctx.selection.area && areas.get(ctx.selection.area) ? ctx.selection.area : areas.defaultArea();
  let period = ctx.selection.period && quarters.includes(ctx.selection.period) ? ctx.selection.period : quarters[0] ?? null;

  setHtml(ctx.main, html`<div class="page-header"><h1 id="page-title">Overview</h1>
    <button type="button" class="button secondary no-print" id="print">Print board paper</button></div>
    <form class="controls" aria-label="Choose area and quarter"></form>
    <p class="print-only" id="print-note"></p>
    <div id="overview-results" aria-live="polite"></div>`);
  const form = ctx.main.querySelector('form')!;
  const results = ctx.main.querySelector<HTMLElement>('#overview-results')!;
  ctx.main.querySelector('#print')!.addEventListener('click', () => window.print());
  form.addEventListener('submit', (e) => e.preventDefault());

  if (!area || !period) {
    setHtml(results, emptyMessage('No extract data is loaded yet. An analyst can upload extracts on the Upload page.'));
    return;
  }
  const areaField = selectField({ label: 'Area', name: 'area', options: areaOptions(areas), value: area, onChange: (v) => { area = v; writeSelection({ area: v }); void reload(); } });
  const periodField = selectField({ label: 'Quarter', name: 'period', options: quarters.map((p) => ({ value: p, label: periodLabel(p, true) })), value: period, onChange: (v) => { period = v; writeSelection({ period: v }); void reload(); } });
  form.append(areaField.field, periodField.field);
  writeSelection({ area, period });

  const headlines = pickHeadlines(indicators);
  const reload = reloader(ctx.main, async (isLatest) => {
    const a = area!;
    const p = period!;
    const areaName = areas.name(a);
    ctx.main.querySelector('#page-title')!.textContent = `Overview: ${areaName}, ${periodLabel(p)}`;
    ctx.main.querySelector('#print-note')!.textContent = `Board paper for ${areaName}, ${periodLabel(p, true)}. Printed ${formatDate(new Date().toISOString())}.`;
    setHtml(results, html`<p class="loading">Loading figures…</p>`);
    const [planBlock, figures] = await Promise.all([
      (async (): Promise<Markup> => {
        try {
          const plans = plansForArea((await plansEarly) ?? (await loadPlans()), areas, a);
          const plan = plans[0];
          if (!plan) return html`<section class="board-block"><h2>Action plan</h2><p>No action plan is loaded for ${areaName}.</p></section>`;
          const today = periodEnd(p).toISOString().slice(0, 10);
          const slug = encodeURIComponent(plan.plan);
          const [delivery, impact, measures] = await Promise.all([
            getJson<Delivery>(`/api/plans/${slug}/delivery`, { today }),
            getJson<PlanImpact>(`/api/plans/${slug}/impact`, { today }).catch(() => null),
            loadMeasures(plan.plan).catch(() => null),
          ]);
          const planHref = pageHref('/actions', { plan: plan.plan }, { area: a, period: p });
          return html`${planSection(plan.name, planHref, delivery, impact, p)}${measures ? offTargetMeasuresPanel(measures, p, planHref) : ''}`;
        } catch (error) {
          return html`<section class="board-block"><h2>Action plan</h2>${errorMessage(error)}</section>`;
        }
      })(),
      Promise.all(headlines.map((h) => headlineFigures(h.indicator, h.stat, a, p))),
    ]);
    if (!isLatest()) return;
    const anySuppressed = figures.some((f) => f.row?.suppressed);
    const anyProtected = figures.some((f) => f.row && f.row.protection !== 'none');
    const failed = figures.filter((f) => f.error);
    const table = figures.length
      ? html`<div class="table-scroll"><table class="headlines">
          <caption class="visually-hidden">Headline indicators for ${areaName}, ${periodLabel(p)}</caption>
          <thead><tr><th scope="col">Indicator</th><th scope="col" class="num">Value</th>
            <th scope="col" class="num">95% interval</th><th scope="col">Variation (SPC)</th><th scope="col">vs England</th>
            <th scope="col">vs region</th><th scope="col">vs neighbours</th><th scope="col">Trend</th></tr></thead>
          <tbody>${figures.map((f) => headlineRow(f, areaName, { area: a, period: p }))}</tbody></table></div>`
      : emptyMessage('No indicators are available yet.');
    setHtml(results, html`<section aria-labelledby="headlines-heading">
        <h2 id="headlines-heading">Headline indicators</h2>
        ${table}
        <ul class="notes">
          ${anyProtected ? html`<li class="disclosure-note">${PROTECTED_NOTE}</li>` : ''}
          ${anySuppressed ? html`<li>${SUPPRESSED_NOTE}</li>` : ''}
          <li>${NOT_AVAILABLE_NOTE}</li>
          <li>Variation: statistical process control (Making Data Count) of the quarterly series; H or L marks a special cause above or below the mean. Benchmarks compare the 95% interval with England, the region and the median of the 10 DfE statistical neighbours; each names its comparator: a published figure, or the partnerships reporting (not published where fewer than 3 authorities report).</li>
          <li>Key: Better / Worse where an indicator has a polarity (its definition says which way is better and why); Higher / Lower where it has none, as for CSE referrals, where a rise can mean better identification as much as more exploitation. Similar: the comparator lies inside the 95% interval.</li>
          ${failed.length ? html`<li>Could not load: ${failed.map((f) => f.indicator.name).join(', ')}.</li>` : ''}
        </ul>
      </section>
      <div class="grid-2 board-grid">${planBlock}</div>`);
  });
  await reload();
}
