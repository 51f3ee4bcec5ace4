/**
 * Benchmarks: official statistics (cin_factors.*) for every LA, the chosen LA highlighted, ranked
 * with intervals, against its region and statistical neighbours, its trend against theirs, and
 * a map.
 */
import type { Comparator, Indicator, SeriesRow, Stat } from '../api-types.js';
import { loadAreas } from '../areas.js';
import { fetchAllLas, fetchLas } from '../benchmark-data.js';
import { chartFigure, type ChartFigure } from '../charts/chart-figure.js';
import { intervalLine, type LineSeries } from '../charts/interval-line.js';
import { laMap } from '../charts/la-map.js';
import { comparisonBars, rankedBars, type RankedArea } from '../charts/ranked-bars.js';
import { verdictTag } from '../charts/spc-icon.js';
import { emptyMessage, errorMessage, selectField } from '../controls.js';
import { formatFigure, formatInterval, formatNumber, statLabel } from '../format.js';
import { element, html, setHtml } from '../html.js';
import { defaultStat, indicatorOptions, isOfficial, loadIndicators, statsFor } from '../indicators.js';
import { isPlanMeasure } from '../measures.js';
import { reloader, type PageContext } from '../page.js';
import { periodLabel, sortPeriods } from '../periods.js';
import { comparatorInfo, comparatorTitle } from '../comparators.js';
import { polarityKey } from '../polarity-words.js';
import { comparatorName, fetchSeries, otherRows, ownRows } from '../series.js';
import { writeSelection } from '../url-state.js';
import { sourceLine } from './trends.js';

export async function render(ctx: PageContext): Promise<void> {
  const [areas, indicators] = await Promise.all([loadAreas(), loadIndicators()]);
  // A plan's measures of success are the partnership's own figures, with nothing to rank against.
  const official = indicators.filter((i) => isOfficial(i) && !isPlanMeasure(i));
  setHtml(ctx.main, html`<div class="page-header"><h1 id="page-title">Benchmarks</h1>
    <p class="lead">Official statistics for every local authority in England: where the chosen LA stands, against its region and its statistical neighbours.</p></div>
    <form class="controls" aria-label="Choose indicator, LA and year"></form>
    <div id="bench-results"></div>`);
  const form = ctx.main.querySelector('form')!;
  form.addEventListener('submit', (e) => e.preventDefault());
  const results = ctx.main.querySelector<HTMLElement>('#bench-results')!;
  if (!official.length) {
    setHtml(results, emptyMessage('No official statistics are loaded. An administrator can import them with `cse-profile import-stats`.'));
    return;
  }
  // A recoded authority is one authority: listed once, under its code today.
  const formerCodes = new Set(areas.all.flatMap((a) => a.former_codes));
  const las = areas.all.filter((a) => a.kind === 'la' && !formerCodes.has(a.code)).sort((a, b) => a.name.localeCompare(b.name));
  let indicator: Indicator = official.find((i) => i.id === ctx.selection.indicator) ?? official.find((i) => /sexual_exploitation|cse/.test(i.id)) ?? official[0]!;
  const laOf = (code: string | null | undefined) => {
    if (!code) return null;
    const a = areas.get(code);
    if (a?.kind === 'la') return a.code;
    if (a?.parent_code && areas.get(a.parent_code)?.kind === 'la') return a.parent_code;
    return null;
  };
  let area = laOf(ctx.selection.area) ?? laOf(areas.defaultArea()) ?? las[0]?.code ?? areas.defaultArea() ?? '';
  const periodsOf = (i: Indicator) => sortPeriods(i.periods).reverse();
  let period = ctx.selection.period && periodsOf(indicator).includes(ctx.selection.period) ? ctx.selection.period : periodsOf(indicator)[0] ?? '';
  const preferRate = (i: Indicator): Stat => (statsFor(i).includes('rate') ? 'rate' : defaultStat(i));
  let stat: Stat = ctx.selection.stat && statsFor(indicator).includes(ctx.selection.stat as Stat) ? (ctx.selection.stat as Stat) : preferRate(indicator);

  const laOptions = (las.length ? las : areas.withData.filter((a) => a.kind === 'la')).map((a) => ({ value: a.code, label: a.name }));
  const periodField = selectField({ label: 'Year', name: 'period', options: periodsOf(indicator).map((p) => ({ value: p, label: periodLabel(p, true) })), value: period,
    onChange: (v) => { period = v; writeSelection({ period: v }, 'push'); void reload(); } });
  const statField = selectField({ label: 'Measure', name: 'stat', options: statsFor(indicator).map((s) => ({ value: s, label: statLabel(s) })), value: stat,
    onChange: (v) => { stat = v as Stat; writeSelection({ stat }, 'push'); void reload(); } });
  form.append(
    selectField({ label: 'Indicator', name: 'indicator', options: indicatorOptions(official), value: indicator.id, onChange: (v) => {
      indicator = official.find((i) => i.id === v) ?? indicator;
      const periods = periodsOf(indicator);
      if (!periods.includes(period)) period = periods[0] ?? '';
      periodField.setOptions(periods.map((p) => ({ value: p, label: periodLabel(p, true) })), period);
      stat = statsFor(indicator).includes(stat) ? stat : preferRate(indicator);
      statField.setOptions(statsFor(indicator).map((s) => ({ value: s, label: statLabel(s) })), stat);
      writeSelection({ indicator: indicator.id, period, stat }, 'push');
      void reload();
    } }).field,
    selectField({ label: 'Local authority', name: 'area', options: laOptions, value: area, onChange: (v) => { area = v; writeSelection({ area: v }, 'push'); void reload(); } }).field,
    periodField.field,
    statField.field,
  );
  writeSelection({ indicator: indicator.id, area, period, stat });

  const reload = reloader(ctx.main, async (isLatest) => {
    const ind = indicator;
    const areaName = areas.name(area);
    ctx.main.querySelector('#page-title')!.textContent = `Benchmarks: ${ind.name}, ${areaName}`;
    setHtml(results, html`<p class="loading">Loading every LA’s figures…</p>`);
    try {
      const compares: Comparator[] = ['england', 'region', 'neighbours'];
      const trend = await Promise.all(compares.map((c) => fetchSeries({ indicator: ind.id, area, stat, compare: c }).catch(() => null)));
      const all = await fetchAllLas({ indicator: ind.id, period, stat });
      const neighbourCodes = areas.get(area)?.neighbours ?? [];
      const rows = all?.rows ?? await fetchLas({ indicator: ind.id, period, stat },
        [area, ...neighbourCodes].map((code) => areas.get(code)).filter((a): a is NonNullable<typeof a> => a !== undefined));
      if (!isLatest()) return;
      results.replaceChildren();
      const regionCode = areas.get(area)?.region_code ?? rows.find((r) => r.area_code === area)?.region_code ?? null;
      const neighbours = new Set(neighbourCodes);
      const ranked: RankedArea[] = rows.map((r) => ({
        code: r.area_code, name: r.area_name, value: r.value, lower95: r.lower95, upper95: r.upper95, suppressed: r.suppressed, rank: r.rank,
        verdict: r.benchmark, band: r.band ?? null,
        group: r.area_code === area ? 'selected' : neighbours.has(r.area_code) ? 'neighbour' : regionCode && r.region_code === regionCode ? 'region' : 'other',
      }));
      const mine = rows.find((r) => r.area_code === area);
      const ownTrend = trend[0] ? ownRows(trend[0], area) : [];
      const verdicts = compares.map((c, i) => trend[i] ? ownRows(trend[i]!, area).find((r) => r.period === period)?.benchmark ?? null : null);
      const comparatorAt = (i: number) => trend[i] ? otherRows(trend[i]!, area).find((r) => r.period === period) : undefined;
      const englandRow = comparatorAt(0);
      const regionRow = comparatorAt(1);
      const neighboursRow = comparatorAt(2);
      // What each comparator is, as the server names it; the code's name where it does not say.
      const names = compares.map((c, i) => {
        const info = comparatorInfo(trend[i], c);
        return info ? comparatorTitle(info) : comparatorName(c === 'region' ? regionRow?.area_code ?? '' : c, areas.name, c);
      });
      const valueNote = (row: { value: number | null } | null | undefined) => (row?.value !== null && row?.value !== undefined ? ` (${formatNumber(row.value, stat)})` : '');
      const england = all?.england ?? (englandRow ? { value: englandRow.value, lower95: englandRow.lower95, upper95: englandRow.upper95 } : null);
      const rankedCount = ranked.filter((r) => r.rank !== null).length;
      const figures: ChartFigure[] = [];

      results.append(element(html`<section aria-labelledby="standing-heading"><h2 id="standing-heading">${areaName} in ${periodLabel(period, true)}</h2>
        ${mine ? html`<dl class="definition">
          <dt>Value</dt><dd>${formatFigure(mine, stat)} (${statLabel(stat)})</dd>
          <dt>95% interval</dt><dd>${formatInterval(mine.lower95, mine.upper95, mine.suppressed, stat)}</dd>
          ${all ? html`<dt>Rank</dt><dd>${mine.rank ? `${mine.rank} of ${mine.of ?? rankedCount} LAs (1 = ${ind.polarity === 'low_is_good' ? 'lowest' : 'highest'})${mine.band ? `, quartile band ${mine.band}` : ''}` : 'not ranked'}</dd>` : ''}
          <dt>Compared with ${names[0]}${valueNote(england)}</dt><dd>${verdictTag(verdicts[0], ind.polarity)}</dd>
          <dt>Compared with ${names[1]}${valueNote(regionRow)}</dt><dd>${verdictTag(verdicts[1], ind.polarity)}</dd>
          <dt>Compared with ${names[2]}${valueNote(neighboursRow)}</dt><dd>${verdictTag(verdicts[2], ind.polarity)}</dd>
        </dl><p class="hint polarity-key">${polarityKey(ind)}</p>` : html`<p>No figure for ${areaName} in this year.</p>`}
      </section>`));

      const source = sourceLine(ind);
      const base = { source, indicatorName: ind.name, periodLabel: periodLabel(period), stat, areas: ranked, england: england?.value ?? null, polarity: ind.polarity, polarityNote: polarityKey(ind) };
      const extra = [
        ...(england ? [{ name: names[0]!, ...england }] : []),
        ...(regionRow ? [{ name: names[1]!, value: regionRow.value, lower95: regionRow.lower95, upper95: regionRow.upper95 }] : []),
        ...(neighboursRow ? [{ name: names[2]!, value: neighboursRow.value, lower95: null, upper95: null }] : []),
      ];
      if (all && ranked.length) {
        const rankSection = element(html`<section aria-labelledby="rank-heading"><h2 id="rank-heading">All local authorities</h2></section>`);
        results.append(rankSection);
        figures.push(chartFigure(rankSection, rankedBars({ ...base, title: `${ind.name}: all LAs ranked, ${periodLabel(period)}` })));
      }
      const grid = element(html`<div class="${all ? 'grid-2' : ''}"></div>`);
      results.append(grid);
      const left = element(html`<section aria-labelledby="neighbours-heading"><h2 id="neighbours-heading">Statistical neighbours</h2></section>`);
      grid.append(left);
      if (!all) left.append(element(html`<p class="message">This server gives no ranking of all local authorities (<code>GET /api/rankings</code>), so the ranked chart and the map are not shown. Shown here: ${areaName}, its ${neighbours.size} DfE statistical neighbours, its region and England.</p>`));
      if (ranked.length) figures.push(chartFigure(left, comparisonBars({ ...base, extra, title: `${ind.name}: ${areaName}, its neighbours, region and England, ${periodLabel(period)}` })));
      if (all && ranked.length) {
        const right = element(html`<section aria-labelledby="map-heading"><h2 id="map-heading">Map</h2></section>`);
        grid.append(right);
        figures.push(chartFigure(right, laMap({
          title: `${ind.name} by LA, ${periodLabel(period)}`, source, indicatorName: ind.name, periodLabel: periodLabel(period), stat,
          values: ranked.map((r) => ({ code: r.code, name: r.name, value: r.value, suppressed: r.suppressed })), selected: area, selectedName: areaName,
          currentCodes: new Map(areas.all.flatMap((a) => a.former_codes.map((old): [string, string] => [old, a.code]))),
        })));
      }

      const trendSection = element(html`<section aria-labelledby="trend-heading"><h2 id="trend-heading">${areaName} over time against its comparators</h2></section>`);
      results.append(trendSection);
      if (ownTrend.length) {
        const series: LineSeries[] = [{ key: 'area', name: areaName, rows: ownTrend }];
        compares.forEach((c, i) => {
          const rows: SeriesRow[] = trend[i] ? otherRows(trend[i]!, area).filter((r) => r.breakdown === null) : [];
          if (rows.length) series.push({ key: c, name: names[i]!, rows: rows.filter((r) => r.area_code === rows[0]!.area_code) });
        });
        figures.push(chartFigure(trendSection, intervalLine({ title: `${ind.name}: ${areaName} and comparators`, source, indicatorName: ind.name, stat, series })));
      } else {
        trendSection.append(element(emptyMessage(`No series for ${areaName}.`)));
      }
      await Promise.all(figures.map((f) => f.ready));
    } catch (error) {
      if (isLatest()) setHtml(results, errorMessage(error));
    }
  });
  await reload();
}
