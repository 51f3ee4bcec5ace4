/**
 * Trends: any indicator for any area, as an SPC chart or a line with its 95% interval and the
 * comparators overlaid; small multiples by a breakdown; linked actions' due dates on the time axis.
 */
import { getJson } from '../api.js';
import type { Comparator, Indicator, LinkImpact, MeasureSeriesRow, PlanAction, SeriesRow, Stat } from '../api-types.js';
import { areaOptions, loadAreas } from '../areas.js';
import { markersFor, type ActionMarker } from '../charts/action-markers.js';
import { chartFigure, type ChartFigure } from '../charts/chart-figure.js';
import { intervalLine, type LineSeries } from '../charts/interval-line.js';
import { smallMultiples } from '../charts/small-multiples.js';
import { spcChart } from '../charts/spc-chart.js';
import { emptyMessage, errorMessage, selectField } from '../controls.js';
import { breakdownsOf, loadDictionary } from '../dictionary.js';
import { PERIOD_TYPE_LABELS, formatDate } from '../periods.js';
import { html, setHtml, element } from '../html.js';
import { defaultStat, indicatorDataset, indicatorOptions, isOfficial, loadIndicators, statsFor } from '../indicators.js';
import { isPlanMeasure, loadMeasures } from '../measures.js';
import { reloader, type PageContext } from '../page.js';
import { linkedIndicators, loadActions, loadPlans, plansForArea, statusAt } from '../plans.js';
import { ragKey, statusWords } from '../rag.js';
import { comparatorInfo, comparatorTitle, isPublished, unpublishedText } from '../comparators.js';
import { polarityKey } from '../polarity-words.js';
import { comparatorName, fetchSeries, otherRows, ownRows } from '../series.js';
import { humanise, statLabel } from '../format.js';
import { pageHref, writeSelection } from '../url-state.js';

const COMPARATORS: { value: Comparator; label: string }[] = [
  { value: 'england', label: 'England' },
  { value: 'region', label: 'Region' },
  { value: 'neighbours', label: 'Statistical neighbours (median)' },
];

export function sourceLine(ind: Indicator): string {
  return `Source: ${ind.source || 'CSE Profile'}.${isOfficial(ind) ? '' : ' Local extracts uploaded by the partnership.'}`;
}

/** Comparators and confidence intervals are for published or extract figures, not a plan's own measures. */
function offersComparators(ind: Indicator): boolean {
  return isOfficial(ind) && !isPlanMeasure(ind);
}

/** A measure's values are written as its unit is (whole counts, percentages); other series as their stat. */
function chartStat(ind: Indicator, stat: Stat): Stat {
  if (!isPlanMeasure(ind)) return stat;
  return ind.unit === 'count' ? 'count' : ind.unit === 'percentage' ? 'proportion' : 'value';
}

/** The targets of a measure's series by period (a plan's measure of success; none for other series). */
function targetsOf(rows: readonly SeriesRow[]): Map<string, number> {
  const targets = new Map<string, number>();
  for (const row of rows as readonly Partial<MeasureSeriesRow>[]) {
    if (typeof row.target === 'number' && row.period) targets.set(row.period, row.target);
  }
  return targets;
}

function parseCompare(value: string | undefined, official: boolean): Comparator[] {
  if (value === undefined) return official ? ['england', 'region', 'neighbours'] : [];
  return value.split(',').filter((v): v is Comparator => COMPARATORS.some((c) => c.value === v));
}

export async function render(ctx: PageContext): Promise<void> {
  const [areas, indicators, dictionary] = await Promise.all([loadAreas(), loadIndicators(), loadDictionary().catch(() => null)]);
  if (!indicators.length) {
    setHtml(ctx.main, html`<h1>Trends</h1>${emptyMessage('No indicators are available yet.')}`);
    return;
  }
  const sel = ctx.selection;
  let indicator = indicators.find((i) => i.id === sel.indicator) ?? indicators[0]!;
  // A measure of success has figures for its plan's area only.
  let area = isPlanMeasure(indicator) && indicator.area_code ? indicator.area_code : sel.area && areas.get(sel.area) ? sel.area : areas.defaultArea() ?? '';
  let stat: Stat = sel.stat && statsFor(indicator).includes(sel.stat as Stat) ? (sel.stat as Stat) : defaultStat(indicator);
  let view = isPlanMeasure(indicator) ? 'spc' : sel.view === 'spc' || sel.view === 'interval' ? sel.view : isOfficial(indicator) ? 'interval' : 'spc';
  let compare = isPlanMeasure(indicator) ? [] : parseCompare(sel.compare, offersComparators(indicator));
  let breakdown = sel.breakdown ?? '';
  const periodTypes = (i: Indicator) => i.period_types ?? [];
  let periodType = sel.period_type && periodTypes(indicator).includes(sel.period_type) ? sel.period_type : periodTypes(indicator)[0] ?? '';
  // SPC re-basing: on by default at the linked actions' changes; `off`; or also at a chosen quarter.
  let rebaseOn = sel.rebase !== 'off';
  let rebaseAt = sel.rebase && QUARTER.test(sel.rebase) ? sel.rebase : '';

  setHtml(ctx.main, html`<div class="page-header"><h1 id="page-title">Trends</h1>
      <p class="lead">Any indicator for any area over time, with its variation (SPC) or its confidence interval and comparators.</p></div>
    <form class="controls" aria-label="Choose what to show"></form>
    <div id="trend-results"></div>`);
  const form = ctx.main.querySelector('form')!;
  form.addEventListener('submit', (e) => e.preventDefault());
  const results = ctx.main.querySelector<HTMLElement>('#trend-results')!;

  const breakdownOptions = () => {
    const labels = new Map((dictionary ? breakdownsOf(dictionary, indicatorDataset(indicator)) : []).map((b) => [b.name, b.label]));
    const names = indicator.breakdowns ?? [...labels.keys()];
    return [{ value: '', label: 'No breakdown' }, ...names.map((n) => ({ value: n, label: labels.get(n) ?? humanise(n) }))];
  };
  const statOptions = () => statsFor(indicator).map((s) => ({ value: s, label: statLabel(s) }));

  const indicatorField = selectField({
    label: 'Indicator', name: 'indicator', options: indicatorOptions(indicators), value: indicator.id,
    onChange: (v) => {
      indicator = indicators.find((i) => i.id === v) ?? indicator;
      stat = defaultStat(indicator);
      statField.setOptions(statOptions(), stat);
      breakdown = '';
      breakdownField.setOptions(breakdownOptions(), '');
      periodType = periodTypes(indicator)[0] ?? '';
      periodTypeField.setOptions(periodTypeOptions(), periodType);
      periodTypeField.field.hidden = periodTypes(indicator).length < 2;
      if (isPlanMeasure(indicator) && indicator.area_code) {
        area = indicator.area_code;
        areaField.setOptions(areaOptions(areas.withData), area);
        view = 'spc';
        viewField.setOptions(viewOptions, view);
        compare = [];
      }
      showMeasureControls();
      writeSelection({ indicator: indicator.id, stat, breakdown: '', period_type: '', ...(isPlanMeasure(indicator) ? { area, view } : {}) }, 'push');
      void reload();
    },
  });
  const periodTypeOptions = () => periodTypes(indicator).map((p) => ({ value: p, label: PERIOD_TYPE_LABELS[p] ?? p }));
  const periodTypeField = selectField({ label: 'Periods', name: 'period_type', options: periodTypeOptions(), value: periodType,
    onChange: (v) => { periodType = v; writeSelection({ period_type: v === periodTypes(indicator)[0] ? '' : v }, 'push'); void reload(); } });
  periodTypeField.field.hidden = periodTypes(indicator).length < 2;
  const areaField = selectField({ label: 'Area', name: 'area', options: areaOptions(areas.withData), value: area, onChange: (v) => { area = v; writeSelection({ area: v }, 'push'); void reload(); } });
  const statField = selectField({ label: 'Measure', name: 'stat', options: statOptions(), value: stat, onChange: (v) => { stat = v as Stat; writeSelection({ stat }, 'push'); void reload(); } });
  const viewOptions = [{ value: 'spc', label: 'SPC chart (variation)' }, { value: 'interval', label: 'Line with 95% interval and comparators' }];
  const viewField = selectField({
    label: 'Chart', name: 'view',
    options: viewOptions,
    value: view, onChange: (v) => { view = v === 'interval' ? 'interval' : 'spc'; writeSelection({ view }, 'push'); void reload(); },
  });
  const breakdownField = selectField({ label: 'Breakdown', name: 'breakdown', options: breakdownOptions(), value: breakdown, onChange: (v) => { breakdown = v; writeSelection({ breakdown: v }, 'push'); void reload(); } });
  const compareBox = element(html`<fieldset class="field compare">
      <legend>Compare with</legend><span class="hint">On the line chart</span>
      <div class="radios">${COMPARATORS.map((c) => html`<label><input type="checkbox" name="compare" value="${c.value}" ${compare.includes(c.value) ? html`checked` : ''}> ${c.label}</label>`)}</div>
    </fieldset>`);
  compareBox.addEventListener('change', () => {
    compare = [...compareBox.querySelectorAll<HTMLInputElement>('input:checked')].map((i) => i.value as Comparator);
    writeSelection({ compare: compare.join(',') || 'none' }, 'push');
    void reload();
  });
  const rebaseBox = element(html`<fieldset class="field rebase">
      <legend>SPC limits</legend>
      <label><input type="checkbox" name="rebase" ${rebaseOn ? html`checked` : ''}> Re-base where a sustained shift follows a linked action</label>
      <label for="rebase-at">Also at quarter <input type="text" id="rebase-at" name="rebase_at" value="${rebaseAt}" placeholder="2015-Q2" size="8" inputmode="text" autocomplete="off" aria-describedby="rebase-hint"></label>
      <span class="hint" id="rebase-hint">Each phase gets its own limits only if 7 or more points on one side follow.</span>
      <span class="field-error" id="rebase-error" role="alert"></span>
    </fieldset>`);
  const saveRebase = () => writeSelection({ rebase: rebaseOn ? rebaseAt : 'off' });
  rebaseBox.querySelector<HTMLInputElement>('input[name=rebase]')!.addEventListener('change', (e) => {
    rebaseOn = (e.target as HTMLInputElement).checked;
    saveRebase();
    void reload();
  });
  rebaseBox.querySelector<HTMLInputElement>('#rebase-at')!.addEventListener('change', (e) => {
    const value = (e.target as HTMLInputElement).value.trim().toUpperCase();
    const error = rebaseBox.querySelector<HTMLElement>('#rebase-error')!;
    if (value !== '' && !QUARTER.test(value)) {
      error.textContent = 'Enter a quarter like 2015-Q2, or leave it empty.';
      return;
    }
    error.textContent = '';
    rebaseAt = value;
    saveRebase();
    void reload();
  });
  form.append(indicatorField.field, areaField.field, statField.field, periodTypeField.field, viewField.field, breakdownField.field, compareBox, rebaseBox);
  // A measure of success is one quarterly figure of its plan's area: nothing to break down, compare or re-base.
  const showMeasureControls = () => {
    const measure = isPlanMeasure(indicator);
    breakdownField.field.hidden = measure;
    compareBox.hidden = measure;
    viewField.field.hidden = measure;
    rebaseBox.hidden = measure;
  };
  showMeasureControls();
  writeSelection({ indicator: indicator.id, area, stat, view });

  const reload = reloader(ctx.main, async (isLatest) => {
    const ind = indicator;
    const areaName = areas.name(area);
    ctx.main.querySelector('#page-title')!.textContent = `Trends: ${ind.name}, ${areaName}`;
    setHtml(results, html`<p class="loading">Loading the series…</p>`);
    rebaseBox.hidden = view !== 'spc' || isPlanMeasure(ind);
    try {
      const comparators = view === 'interval' ? compare : [];
      const pt = periodType && periodType !== periodTypes(ind)[0] ? { period_type: periodType } : {};
      const quarterly = (periodType || periodTypes(ind)[0]) === 'quarter';
      // A measure of success has no linked actions' impact to re-base at.
      const changes = view === 'spc' && rebaseOn && quarterly && !isPlanMeasure(ind) ? await changePoints(ind.id, area, rebaseAt) : [];
      const [main, ...others] = await Promise.all([
        fetchSeries({ indicator: ind.id, area, stat, ...pt, ...(comparators[0] ? { compare: comparators[0] } : {}), ...(changes.length ? { spc_rebase: changes.join(',') } : {}) }),
        ...comparators.slice(1).map((c) => fetchSeries({ indicator: ind.id, area, stat, ...pt, compare: c })),
      ]);
      const actions = await (isPlanMeasure(ind) ? measureActions(ind) : linkedActions(ind.id, area)).catch(() => [] as PlanAction[]);
      if (!isLatest()) return;
      const own = ownRows(main, area);
      results.replaceChildren();
      if (!own.length) {
        setHtml(results, emptyMessage(`There are no figures for ${ind.name} in ${areaName}.`));
        return;
      }
      const markers = markersFor(actions, ind.id);
      const figures: ChartFigure[] = [];
      const section = element(html`<section aria-labelledby="main-chart-heading"><h2 id="main-chart-heading">${view === 'spc' ? 'Variation over time' : 'Trend with comparators'}</h2></section>`);
      results.append(section);
      const title = `${ind.name}, ${areaName}`;
      if (view === 'spc') {
        const targets = targetsOf(own);
        figures.push(chartFigure(section, spcChart({ title, source: sourceLine(ind), indicatorName: ind.name, areaName, stat: chartStat(ind, stat), rows: own, markers, ...(targets.size ? { targets } : {}) })));
      } else {
        const series: LineSeries[] = [{ key: 'area', name: areaName, rows: own }];
        const answers = [main, ...others];
        comparators.forEach((c, i) => {
          const rows: SeriesRow[] = otherRows(answers[i]!, area).filter((r) => r.breakdown === null);
          const code = rows[0]?.area_code ?? c;
          const info = comparatorInfo(answers[i], c);
          if (rows.length) series.push({ key: c, name: info ? comparatorTitle(info) : comparatorName(code, areas.name, c), rows: rows.filter((r) => r.area_code === code) });
        });
        figures.push(chartFigure(section, intervalLine({ title, source: sourceLine(ind), indicatorName: ind.name, stat, series, markers })));
        const missing = comparators.filter((c) => !series.some((s) => s.key === c));
        const why = (c: Comparator, i: number) => {
          const info = comparatorInfo(answers[i], c);
          if (info) return isPublished(info) ? `${comparatorTitle(info)}: too few values for a figure` : unpublishedText(info);
          return `${COMPARATORS.find((x) => x.value === c)!.label}: ${isOfficial(ind) ? 'not published for this indicator' : 'local extracts are only held for the partnership’s own areas'}`;
        };
        if (missing.length) section.append(element(html`<p class="hint">No comparator figures: ${missing.map((c) => why(c, comparators.indexOf(c))).join('; ')}.</p>`));
        if (comparators.length) section.append(element(html`<p class="hint polarity-key">${polarityKey(ind)}</p>`));
      }
      if (breakdown) {
        const label = breakdownOptions().find((b) => b.value === breakdown)?.label ?? breakdown;
        const bSection = element(html`<section aria-labelledby="breakdown-heading"><h2 id="breakdown-heading">By ${label.toLowerCase()}</h2></section>`);
        results.append(bSection);
        try {
          const split = await fetchSeries({ indicator: ind.id, area, stat, breakdown, ...pt });
          const rows = split.rows.filter((r) => r.area_code === area && r.breakdown !== null);
          const order = dictionary ? breakdownsOf(dictionary, indicatorDataset(ind)).find((b) => b.name === breakdown)?.values : undefined;
          if (rows.length) {
            figures.push(chartFigure(bSection, smallMultiples({
              title: `${ind.name} by ${label.toLowerCase()}, ${areaName}`, source: sourceLine(ind), indicatorName: ind.name, areaName,
              breakdownLabel: label, stat, rows, ...(order ? { order } : {}),
              ...panelLayout(results.clientWidth),
            })));
          } else bSection.append(element(emptyMessage(`No breakdown by ${label.toLowerCase()} is held for ${ind.name}.`)));
        } catch (error) {
          bSection.append(element(errorMessage(error)));
        }
      }
      results.append(isPlanMeasure(ind) ? measureActionsSection(actions, area) : linkedActionsSection(actions, ind.id, area, markers));
      await Promise.all(figures.map((f) => f.ready));
    } catch (error) {
      if (isLatest()) setHtml(results, errorMessage(error));
    }
  });
  await reload();
}

const QUARTER = /^\d{4}-Q[1-4]$/;

/** Up to four small charts a row, each at least 160 px wide: one a row on a phone. */
function panelLayout(width: number): { panelWidth: number; columns: number } {
  const columns = Math.max(1, Math.min(4, Math.floor((width - 60) / 220)));
  return { columns, panelWidth: Math.max(160, Math.floor((width - 60) / columns) - 60) };
}

/**
 * Where the process may have changed: the quarter each linked action took effect in (as the impact
 * analysis dates it) and the one after, and the quarter the user chose. The server re-bases only where a
 * sustained shift follows.
 */
async function changePoints(indicatorId: string, area: string, chosen: string): Promise<string[]> {
  const impact = await getJson<{ links: LinkImpact[] }>(`/api/indicators/${encodeURIComponent(indicatorId)}/impact`, { area }).catch(() => ({ links: [] as LinkImpact[] }));
  // The action's own quarter too: a shift can begin in the quarter it was completed.
  const periods = impact.links.flatMap((l) => [l.transition_period, l.rebase_period].filter((p): p is string => p !== null));
  return [...new Set([...(chosen ? [chosen] : []), ...periods])].slice(0, 24);
}

async function linkedActions(indicatorId: string, area: string): Promise<PlanAction[]> {
  const areas = await loadAreas();
  const plans = plansForArea(await loadPlans(), areas, area);
  const lists = await Promise.all(plans.map((p) => loadActions(p.plan).then((as) => as.map((a) => ({ ...a, plan: p.plan })))));
  return lists.flat().filter((a) => linkedIndicators(a).some((l) => l.id === indicatorId));
}

/** The actions a measure of success belongs to (its `refs`). */
async function measureActions(ind: Indicator): Promise<PlanAction[]> {
  const plan = ind.plan ?? '';
  const [actions, measures] = await Promise.all([loadActions(plan), loadMeasures(plan)]);
  const refs = measures.find((m) => m.indicator === ind.id)?.refs ?? [];
  return actions.filter((a) => refs.includes(a.ref)).map((a) => ({ ...a, plan }));
}

/** The linked actions, in the order of the chart's numbered markers, each row with its number. */
function linkedActionsSection(actions: (PlanAction & { plan?: string })[], indicatorId: string, area: string, markers: readonly ActionMarker[]): HTMLElement {
  const mark = (a: PlanAction) => markers.find((m) => m.ref === a.ref && m.date === a.due_date)?.label ?? '';
  const ordered = [...actions].sort((a, b) => (Number(mark(a)) || Infinity) - (Number(mark(b)) || Infinity));
  return element(html`<section aria-labelledby="linked-heading"><h2 id="linked-heading">Linked actions</h2>
    ${actions.length
      ? html`<div class="table-scroll"><table><caption class="visually-hidden">Actions linked to this indicator</caption>
          <thead><tr><th scope="col" class="num">On chart</th><th scope="col">Action</th><th scope="col">What</th><th scope="col">Due</th><th scope="col">Status</th><th scope="col">Intended direction</th></tr></thead>
          <tbody>${ordered.map((a) => html`<tr>
            <td class="num"><strong>${mark(a)}</strong></td><th scope="row"><a href="${pageHref('/actions', { plan: a.plan ?? '', action: a.ref, area })}">${a.ref}</a></th>
            <td>${a.action}</td><td>${a.due_date ? formatDate(a.due_date) : a.due_text ?? ''}</td>
            <td><span class="tag rag-${ragKey(statusAt(a, null))}">${statusWords(statusAt(a, null))}</span></td>
            <td>${linkedIndicators(a).find((l) => l.id === indicatorId)?.direction ?? 'not stated'}</td></tr>`)}</tbody></table></div>`
      : html`<p>No action in this area’s plan names this indicator.</p>`}
  </section>`);
}

function measureActionsSection(actions: (PlanAction & { plan?: string })[], area: string): HTMLElement {
  return element(html`<section aria-labelledby="linked-heading"><h2 id="linked-heading">Actions this measure belongs to</h2>
    ${actions.length
      ? html`<ul>${actions.map((a) => html`<li><a href="${pageHref('/actions', { plan: a.plan ?? '', action: a.ref, area })}">${a.ref}</a> ${a.action}
          <span class="tag rag-${ragKey(statusAt(a, null))}">${statusWords(statusAt(a, null))}</span></li>`)}</ul>`
      : html`<p>The plan names no action for this measure.</p>`}
  </section>`);
}
