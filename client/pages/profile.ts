/**
 * Problem profile for an area and period (12 months to a quarter by default, a financial year or
 * one quarter): who is referred, where, by whom, at what risk and in
 * which model of exploitation, known victims and children at risk, missing episodes and their
 * overlap with CSE, return interviews, MASE activity, how complete the data are, and caveats.
 * Prints to PDF through the browser (print.css paginates); each chart exports as PNG or SVG.
 */
import type { Dictionary, Indicator, SeriesRow } from '../api-types.js';
import { ApiError, currentSession } from '../api.js';
import { areaOptions, loadAreas, type AreaCatalogue } from '../areas.js';
import { categoryBars, type CategoryValue } from '../charts/category-bars.js';
import { chartFigure, type ChartFigure } from '../charts/chart-figure.js';
import { emptyMessage, errorMessage, errorText, selectField } from '../controls.js';
import { breakdownsOf, loadDictionary } from '../dictionary.js';
import { NOT_AVAILABLE_NOTE, PROTECTED_NOTE, SUPPRESSED_NOTE, formatCount, formatFigure, humanise } from '../format.js';
import { element, html, setHtml, type Markup } from '../html.js';
import { isOfficial, loadIndicators } from '../indicators.js';
import { reloader, type PageContext } from '../page.js';
import { PERIOD_TYPE_LABELS, formatDate, isQuarter, sortPeriods, windowLabel } from '../periods.js';
import { fetchSeries, ownRows } from '../series.js';
import { writeSelection } from '../url-state.js';

const SOURCE = 'Source: local extracts uploaded by the partnership (CSE Profile).';

/** Period types the profile offers, the default first: a year of figures suppresses far fewer cells than a quarter. */
const PERIOD_TYPES = ['rolling_12m', 'financial_year', 'quarter'] as const;
type PeriodType = (typeof PERIOD_TYPES)[number];

/** The headline series whose periods (complete windows only) the period picker offers. */
const HEADLINES = ['referrals.referrals', 'missing.episodes', 'mase.cases_discussed'];

interface Ctx {
  area: string;
  period: string;
  periodType: PeriodType;
  areas: AreaCatalogue;
  indicators: Map<string, Indicator>;
  dictionary: Dictionary | null;
}

/** One figure (count) of an indicator for the area in the period. */
async function countAt(c: Ctx, indicator: string, area = c.area): Promise<SeriesRow | null> {
  if (!c.indicators.has(indicator)) return null;
  const s = await fetchSeries({ indicator, area, stat: 'count', period_type: c.periodType });
  return ownRows(s, area).find((r) => r.period === c.period) ?? null;
}

/** The API's cell for rows of extracts that were not broken down by the dimension. */
const NOT_BROKEN_DOWN = new Set(['not_broken_down', 'not broken down']);

/** Counts by one breakdown in the period, in the dictionary's order (rows not broken down left out). */
async function breakdownAt(c: Ctx, indicator: string, breakdown: string): Promise<CategoryValue[]> {
  const known = c.indicators.get(indicator);
  if (!known || (known.breakdowns && !known.breakdowns.includes(breakdown))) return [];
  const s = await fetchSeries({ indicator, area: c.area, stat: 'count', breakdown, period_type: c.periodType });
  const rows = s.rows.filter((r) => r.area_code === c.area && r.period === c.period && r.breakdown !== null && !NOT_BROKEN_DOWN.has(r.breakdown));
  const order = c.dictionary ? breakdownsOf(c.dictionary, indicator.split('.')[0]!).find((b) => b.name === breakdown)?.values ?? [] : [];
  rows.sort((a, b) => (order.indexOf(a.breakdown!) + 1 || 99) - (order.indexOf(b.breakdown!) + 1 || 99));
  return rows.map((r) => ({ category: r.breakdown!, value: r.value ?? r.numerator, suppressed: r.suppressed }));
}

/**
 * Age band × sex from the share of boys by age band: boys are the numerator, girls the known-sex
 * denominator less the boys. A suppressed cell hides both (one would give the other away).
 */
async function ageBySexAt(c: Ctx): Promise<CategoryValue[] | null> {
  if (!c.indicators.get('referrals.boys_share')?.breakdowns?.includes('age_band')) return null;
  // Viewers never get the cross (not published); analysts beyond their scope are told so by the API.
  if (currentSession()?.role === 'viewer') return null;
  let s;
  try {
    s = await fetchSeries({ indicator: 'referrals.boys_share', area: c.area, stat: 'proportion', breakdown: 'age_band', period_type: c.periodType });
  } catch (error) {
    // Age by sex is a cross of two breakdowns, not published to protected users: the two apart are shown instead.
    if (error instanceof ApiError && error.code === 'not_published') return null;
    throw error;
  }
  const rows = s.rows.filter((r) => r.area_code === c.area && r.period === c.period && r.breakdown !== null);
  if (!rows.length) return null;
  const order = c.dictionary ? breakdownsOf(c.dictionary, 'referrals').find((b) => b.name === 'age_band')?.values ?? [] : [];
  rows.sort((a, b) => (order.indexOf(a.breakdown!) + 1 || 99) - (order.indexOf(b.breakdown!) + 1 || 99));
  return rows.flatMap((r) => {
    const hidden = r.suppressed || r.numerator === null || r.denominator === null;
    return [
      { category: r.breakdown!, group: 'female', value: hidden ? null : r.denominator! - r.numerator!, suppressed: hidden },
      { category: r.breakdown!, group: 'male', value: hidden ? null : r.numerator, suppressed: hidden },
    ];
  });
}

function dimLabel(c: Ctx, dataset: string, name: string): string {
  return (c.dictionary ? breakdownsOf(c.dictionary, dataset).find((b) => b.name === name)?.label : undefined) ?? humanise(name);
}

interface Completeness {
  what: string;
  row: SeriesRow | null;
}

/** The catalogue's completeness indicators (`<dataset>.completeness.<dimension>`) at the period. */
async function completenessAt(c: Ctx): Promise<Completeness[]> {
  const ids = [...c.indicators.keys()].filter((id) => /^(referrals|missing|mase)\.completeness\./.test(id));
  return Promise.all(ids.map(async (id) => {
    const s = await fetchSeries({ indicator: id, area: c.area, stat: 'proportion', period_type: c.periodType });
    return { what: c.indicators.get(id)!.name, row: ownRows(s, c.area).find((r) => r.period === c.period) ?? null };
  }));
}

function section(parent: HTMLElement, id: string, title: string, intro?: string | Markup): HTMLElement {
  const s = element(html`<section class="profile-section" aria-labelledby="${id}"><h2 id="${id}">${title}</h2>${intro ? html`<p>${intro}</p>` : ''}</section>`);
  parent.append(s);
  return s;
}

function share(part: SeriesRow | null, whole: SeriesRow | null): string {
  if (!part || !whole) return 'x';
  if (part.suppressed || whole.suppressed) return 'c';
  if (part.value === null || whole.value === null || whole.value === 0) return 'x';
  return `${((part.value / whole.value) * 100).toFixed(1)}%`;
}

/**
 * The periods of a type with figures for the area, newest first: quarters as the catalogue lists
 * them, longer windows as the series API gives them (complete windows only).
 */
async function periodsFor(quarters: readonly string[], indicators: Map<string, Indicator>, area: string, periodType: PeriodType): Promise<string[]> {
  if (periodType === 'quarter') return [...quarters];
  const series = await Promise.all(HEADLINES.filter((id) => indicators.has(id))
    .map((indicator) => fetchSeries({ indicator, area, stat: 'count', period_type: periodType }).catch(() => null)));
  return sortPeriods(series.flatMap((s) => (s ? ownRows(s, area).map((r) => r.period) : []))).reverse();
}

export async function render(ctx: PageContext): Promise<void> {
  const [areas, indicatorList, dictionary] = await Promise.all([loadAreas(), loadIndicators(), loadDictionary().catch(() => null)]);
  const indicators = new Map(indicatorList.map((i) => [i.id, i]));
  const local = indicatorList.filter((i) => !isOfficial(i));
  const quarters = sortPeriods(local.flatMap((i) => i.periods).filter(isQuarter)).reverse();
  const offered = indicators.get('referrals.referrals')?.period_types;
  const periodTypes = PERIOD_TYPES.filter((t) => t === 'quarter' || !offered || offered.includes(t));
  let area = ctx.selection.area && areas.get(ctx.selection.area) ? ctx.selection.area : areas.defaultArea();
  let periodType: PeriodType = periodTypes.find((t) => t === ctx.selection.period_type) ?? periodTypes[0]!;
  let periods: string[] = area ? await periodsFor(quarters, indicators, area, periodType) : [];
  // A quarter shared by another page, with no period type, picks the 12 months ending with it.
  let period = ctx.selection.period && periods.includes(ctx.selection.period) ? ctx.selection.period : periods[0] ?? null;

  setHtml(ctx.main, html`<div class="page-header"><h1 id="page-title">Problem profile</h1>
    <button type="button" class="button secondary no-print" id="print">Save as PDF or print</button>
    <p class="lead">Who is referred for child sexual exploitation, where, how, and what happens next, for one area and period.</p></div>
    <form class="controls" aria-label="Choose area and period"></form>
    <p class="period-shown" id="period-shown" aria-live="polite"></p>
    <p class="print-only" id="print-note"></p>
    <div id="profile-results"></div>`);
  const form = ctx.main.querySelector('form')!;
  form.addEventListener('submit', (e) => e.preventDefault());
  ctx.main.querySelector('#print')!.addEventListener('click', () => window.print());
  const results = ctx.main.querySelector<HTMLElement>('#profile-results')!;
  if (!area || (!period && !quarters.length)) {
    setHtml(results, emptyMessage('No extract data is loaded yet.'));
    return;
  }
  const periodOptions = () => periods.map((p) => ({ value: p, label: windowLabel(p, periodType, periodType === 'quarter') }));
  const periodField = selectField({ label: 'Period', name: 'period', options: periodOptions(), value: period,
    onChange: (v) => { period = v; writeSelection({ period: v }, 'push'); void reload(); } });
  /** The area or period type changed: offer that type's periods for the area, keeping the period where it still fits. */
  const choosePeriods = async () => {
    periods = await periodsFor(quarters, indicators, area!, periodType);
    if (!period || !periods.includes(period)) period = periods[0] ?? null;
    periodField.setOptions(periodOptions(), period);
    writeSelection({ area: area!, period_type: periodType, period: period ?? '' }, 'push');
    await reload();
  };
  form.append(
    selectField({ label: 'Area', name: 'area', options: areaOptions(areas.withData), value: area, onChange: (v) => { area = v; void choosePeriods(); } }).field,
    selectField({ label: 'Figures for', name: 'period_type', options: periodTypes.map((t) => ({ value: t, label: PERIOD_TYPE_LABELS[t] ?? t })), value: periodType,
      onChange: (v) => { periodType = periodTypes.find((t) => t === v) ?? periodTypes[0]!; void choosePeriods(); } }).field,
    periodField.field,
  );
  writeSelection({ area, period_type: periodType, period: period ?? '' });

  const reload = reloader(ctx.main, async (isLatest) => {
    const periodNote = ctx.main.querySelector('#period-shown')!;
    if (!period) {
      ctx.main.querySelector('#page-title')!.textContent = `Problem profile: ${areas.name(area!)}`;
      periodNote.textContent = '';
      setHtml(results, emptyMessage(`No complete ${periodType === 'financial_year' ? 'financial year' : '12 months'} of extract figures is held for ${areas.name(area!)}. Choose quarters to see part years.`));
      return;
    }
    const c: Ctx = { area: area!, period, periodType, areas, indicators, dictionary };
    const areaName = areas.name(c.area);
    const when = windowLabel(c.period, c.periodType, true);
    const whenShort = windowLabel(c.period, c.periodType);
    ctx.main.querySelector('#page-title')!.textContent = `Problem profile: ${areaName}, ${c.periodType === 'financial_year' ? 'financial year ' : ''}${whenShort}`;
    periodNote.textContent = c.periodType === 'quarter'
      ? `Figures for one quarter: ${when}. Small counts are hidden, so a quarter shows more cells as c than a year.`
      : `Figures for ${c.periodType === 'financial_year' ? 'the financial year' : 'the'} ${when}, added up over its four quarters. A window with fewer than four quarters of data is not shown.`;
    ctx.main.querySelector('#print-note')!.textContent = `Problem profile for ${areaName}, ${when}. Printed ${formatDate(new Date().toISOString())}. ${PROTECTED_NOTE} ${SUPPRESSED_NOTE}`;
    setHtml(results, html`<p class="loading">Loading the profile…</p>`);
    const figures: ChartFigure[] = [];
    const problems: string[] = [];
    const safe = async <T>(what: string, p: Promise<T>, fallback: T): Promise<T> => {
      try {
        return await p;
      } catch (error) {
        problems.push(`${what}: ${errorText(error)}`);
        return fallback;
      }
    };

    const refDims = ['age_band', 'sex', 'ethnicity', 'looked_after', 'source', 'risk_level', 'concern', 'exploitation_model'];
    const districts = areas.children(c.area).filter((a) => a.kind === 'district' || a.kind === 'locality');
    const [total, children, cross, dims, byDistrict, missing, mase] = await Promise.all([
      safe('Referrals', countAt(c, 'referrals.referrals'), null),
      safe('Children referred', countAt(c, 'referrals.children'), null),
      safe('Age band by sex', ageBySexAt(c), null),
      Promise.all(refDims.map((d) => safe(`Referrals by ${d}`, breakdownAt(c, 'referrals.referrals', d), []))),
      Promise.all(districts.map(async (d) => ({ area: d, row: await safe(`Referrals in ${d.name}`, countAt(c, 'referrals.referrals', d.code), null) }))),
      Promise.all(['missing.episodes', 'missing.children', 'missing.episodes_with_cse_concern', 'missing.return_interviews_offered', 'missing.return_interviews_within_72h']
        .map((id) => safe(id, countAt(c, id), null))),
      Promise.all(['mase.cases_discussed', 'mase.new_cases', 'mase.cases_closed', 'mase.closed_risk_reduced', 'mase.perpetrators_identified', 'mase.locations_identified', 'mase.disruption_actions']
        .map(async (id) => ({ id, row: await safe(id, countAt(c, id), null) }))),
    ]);
    const [missingFrom, completeness] = await Promise.all([
      safe('Missing from', breakdownAt(c, 'missing.episodes', 'missing_from'), []),
      safe('Data completeness', completenessAt(c), []),
    ]);
    if (!isLatest()) return;
    results.replaceChildren();
    const dim = Object.fromEntries(refDims.map((d, i) => [d, dims[i]!])) as Record<string, CategoryValue[]>;

    // Summary
    const summary = section(results, 'summary-heading', 'Summary');
    summary.append(element(html`<dl class="definition summary-figures">
      <dt>CSE referrals</dt><dd>${total ? formatFigure(total, 'count') : 'x'}</dd>
      <dt>Children referred</dt><dd>${children ? formatFigure(children, 'count') : 'x'}</dd>
      <dt>Missing episodes</dt><dd>${missing[0] ? formatFigure(missing[0], 'count') : 'x'}</dd>
      <dt>Missing episodes with a CSE concern</dt><dd>${missing[2] ? formatFigure(missing[2], 'count') : 'x'} (${share(missing[2] ?? null, missing[0] ?? null)} of episodes)</dd>
      <dt>Cases discussed at MASE</dt><dd>${mase[0]?.row ? formatFigure(mase[0].row, 'count') : 'x'}</dd>
    </dl>`));
    if (!total && !missing[0]) summary.append(element(emptyMessage(`No extract figures are held for ${areaName} in ${when}.`)));

    const bars = (parent: HTMLElement, dimName: string, title: string, dataset = 'referrals', values = dim[dimName] ?? []) => {
      if (!values.length) {
        parent.append(element(html`<div class="no-chart"><h3>${title}</h3><p class="muted">The extracts for ${areaName} in ${whenShort} are not broken down by ${dimLabel(c, dataset, dimName).toLowerCase()}.</p></div>`));
        return;
      }
      const label = dimLabel(c, dataset, dimName);
      figures.push(chartFigure(parent, categoryBars({ title: `${title}, ${areaName}, ${whenShort}`, source: SOURCE, measureLabel: dataset === 'missing' ? 'Missing episodes' : 'Referrals', categoryLabel: label, values })));
    };

    // Who
    const who = section(results, 'who-heading', 'Who is referred');
    const whoGrid = element(html`<div class="grid-2"></div>`);
    who.append(whoGrid);
    // Where every age-by-sex cell is suppressed (small numbers of boys), the two breakdowns apart say more.
    if (cross && cross.some((v) => !v.suppressed)) {
      figures.push(chartFigure(whoGrid, categoryBars({
        title: `Referrals by age band and sex, ${areaName}, ${whenShort}`, source: SOURCE, measureLabel: 'Referrals',
        categoryLabel: 'Age band', groupLabel: 'Sex', values: cross,
        order: dictionary ? breakdownsOf(dictionary, 'referrals').find((b) => b.name === 'age_band')?.values : undefined,
        groupOrder: ['female', 'male', 'other', 'unknown'].filter((g) => cross.some((v) => v.group === g)),
      })));
    } else {
      bars(whoGrid, 'age_band', 'Referrals by age band');
      bars(whoGrid, 'sex', 'Referrals by sex');
    }
    bars(whoGrid, 'ethnicity', 'Referrals by ethnicity');
    bars(whoGrid, 'looked_after', 'Referrals of looked-after children');

    // Where
    const where = section(results, 'where-heading', 'Where');
    const withData = byDistrict.filter((d) => d.row);
    if (withData.length) {
      figures.push(chartFigure(where, categoryBars({
        title: `Referrals by district, ${areaName}, ${whenShort}`, source: SOURCE, measureLabel: 'Referrals', categoryLabel: 'District',
        values: withData.map((d) => ({ category: d.area.name, value: d.row!.value, suppressed: d.row!.suppressed })),
      })));
    } else {
      where.append(element(html`<p>${districts.length ? 'No district figures are held for this period.' : `${areaName} is not split into districts in the data held.`}</p>`));
    }

    // How referred, risk and model
    const how = section(results, 'how-heading', 'How referred, risk and model of exploitation');
    const howGrid = element(html`<div class="grid-2"></div>`);
    how.append(howGrid);
    bars(howGrid, 'source', 'Referrals by source');
    bars(howGrid, 'risk_level', 'Referrals by risk level');
    bars(howGrid, 'exploitation_model', 'Referrals by model of exploitation');
    bars(howGrid, 'concern', 'Known victims and children at risk');

    // Missing
    const miss = section(results, 'missing-heading', 'Missing episodes and CSE');
    const [episodes, missChildren, withCse, offered, within72] = missing;
    miss.append(element(html`<div class="table-scroll"><table>
      <caption>Missing episodes, ${areaName}, ${whenShort}</caption>
      <thead><tr><th scope="col">Measure</th><th scope="col" class="num">Number</th><th scope="col" class="num">Share</th><th scope="col">Share of</th></tr></thead>
      <tbody>
        <tr><th scope="row">Missing episodes</th><td class="num">${episodes ? formatFigure(episodes, 'count') : 'x'}</td><td></td><td></td></tr>
        <tr><th scope="row">Children going missing</th><td class="num">${missChildren ? formatFigure(missChildren, 'count') : 'x'}</td><td></td><td></td></tr>
        <tr><th scope="row">Episodes with a CSE concern</th><td class="num">${withCse ? formatFigure(withCse, 'count') : 'x'}</td><td class="num">${share(withCse ?? null, episodes ?? null)}</td><td>episodes</td></tr>
        <tr><th scope="row">Return interviews offered</th><td class="num">${offered ? formatFigure(offered, 'count') : 'x'}</td><td class="num">${share(offered ?? null, episodes ?? null)}</td><td>episodes</td></tr>
        <tr><th scope="row">Return interviews within 72 hours</th><td class="num">${within72 ? formatFigure(within72, 'count') : 'x'}</td><td class="num">${share(within72 ?? null, offered ?? null)}</td><td>interviews offered</td></tr>
      </tbody></table></div>`));
    bars(miss, 'missing_from', 'Missing episodes by where the child went missing from', 'missing', missingFrom);

    // MASE
    const maseSection = section(results, 'mase-heading', 'MASE activity');
    maseSection.append(element(html`<div class="table-scroll"><table>
      <caption>Multi-agency sexual exploitation (MASE) meetings, ${areaName}, ${whenShort}</caption>
      <thead><tr><th scope="col">Measure</th><th scope="col" class="num">Number</th></tr></thead>
      <tbody>${mase.map((m) => html`<tr><th scope="row">${c.indicators.get(m.id)?.name ?? humanise(m.id.split('.')[1] ?? m.id)}</th>
        <td class="num">${m.row ? formatFigure(m.row, 'count') : 'x'}</td></tr>`)}
        <tr><th scope="row">Closed with risk reduced, share of cases closed</th><td class="num">${share(mase[3]?.row ?? null, mase[2]?.row ?? null)}</td></tr>
      </tbody></table></div>`));

    // Completeness
    const comp = section(results, 'completeness-heading', 'Data completeness');
    const recorded = completeness.filter((x) => x.row);
    const notBroken = completeness.filter((x) => !x.row).map((x) => x.what.replace(/ not recorded/, ''));
    const gaps = recorded.filter((x) => !x.row!.suppressed && (x.row!.value ?? 0) >= 10);
    const notRecorded = ['missing.return_interviews_offered', 'missing.return_interviews_within_72h']
      .filter((id, i) => episodes && !missing[i + 3])
      .map((id) => c.indicators.get(id)?.name ?? id);
    comp.append(element(html`<div>
      <div class="table-scroll"><table>
        <caption>Share recorded as unknown, ${whenShort}</caption>
        <thead><tr><th scope="col">Field</th><th scope="col" class="num">Unknown</th><th scope="col" class="num">Of</th><th scope="col" class="num">Share unknown</th></tr></thead>
        <tbody>${recorded.map((x) => html`<tr><th scope="row">${x.what}</th>
          <td class="num">${x.row!.suppressed ? 'c' : formatCount(x.row!.numerator)}</td><td class="num">${formatCount(x.row!.denominator)}</td>
          <td class="num">${formatFigure(x.row!, 'proportion')}</td></tr>`)}</tbody>
      </table></div>
      <h3>Gaps</h3>
      <ul>
        ${gaps.map((g) => html`<li><strong>${g.what}</strong> for ${formatFigure(g.row!, 'proportion')} of records.</li>`)}
        ${notBroken.length ? html`<li>Not broken down in the extracts for this period: ${notBroken.join('; ')}.</li>` : ''}
        ${notRecorded.length ? html`<li>Not recorded in this period: ${notRecorded.join(', ')}.</li>` : ''}
        ${!gaps.length && !notBroken.length && !notRecorded.length ? html`<li>No field is 10% or more unknown.</li>` : ''}
      </ul></div>`));

    // Caveats
    const caveats = section(results, 'caveats-heading', 'Caveats');
    const shown = ['referrals.referrals', 'missing.episodes', 'mase.cases_discussed'].map((id) => c.indicators.get(id)).filter((i) => i?.caveats);
    const indicatorCaveats = shown.flatMap((i) => (Array.isArray(i!.caveats) ? i!.caveats : [i!.caveats!]));
    caveats.append(element(html`<ul>
      <li class="disclosure-note">${PROTECTED_NOTE}</li>
      <li>${SUPPRESSED_NOTE}</li>
      <li>${NOT_AVAILABLE_NOTE}</li>
      <li>Counts are of referrals and episodes, not children, unless labelled as children: one child can be referred or go missing more than once.</li>
      <li>Figures are as uploaded by partner agencies; a re-upload of a quarter replaces it, so figures can change.</li>
      ${[...new Set(indicatorCaveats)].map((t) => html`<li>${t}</li>`)}
      ${problems.map((p) => html`<li>Could not load ${p}</li>`)}
    </ul>`));
    await Promise.all(figures.map((f) => f.ready));
  });
  await reload().catch((error: unknown) => setHtml(results, errorMessage(error)));
}
