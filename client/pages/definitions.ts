/**
 * Data and definitions: the caveats once, then every indicator by group (searchable, each folded
 * to one line until opened) with its definition, source and last update from the upload log; a
 * download of any series as CSV rounded as the pages show it, with a metadata file to keep beside
 * it; and the extracts held.
 */
import { getJson } from '../api.js';
import type { Indicator, LoadedDataset, Stat } from '../api-types.js';
import { areaOptions, loadAreas } from '../areas.js';
import { downloadText } from '../charts/chart-export.js';
import { errorMessage, errorText, selectField } from '../controls.js';
import { formatCount, statLabel } from '../format.js';
import { html, setHtml, uniqueId } from '../html.js';
import { indicatorGroup, isOfficial, loadIndicators, statsFor } from '../indicators.js';
import { roundedSeriesCsv, seriesMetadata } from '../series-csv.js';
import { fetchSeries } from '../series.js';
import { isPlanMeasure } from '../measures.js';
import type { PageContext } from '../page.js';
import { periodLabel, sortPeriods, formatDate } from '../periods.js';
import { pageHref, writeSelection } from '../url-state.js';

const POLARITY: Record<string, string> = { high_is_good: 'Higher is better', low_is_good: 'Lower is better', none: 'Neither higher nor lower is better' };

function periodRange(periods: readonly string[]): string {
  const sorted = sortPeriods(periods);
  return sorted.length ? `${periodLabel(sorted[0]!)} to ${periodLabel(sorted.at(-1)!)} (${sorted.length} periods)` : 'no figures yet';
}

function caveatsOf(i: Indicator): string[] {
  return i.caveats ? (Array.isArray(i.caveats) ? i.caveats : [i.caveats]) : [];
}

/** Caveats numbered once for the page, in the order first met; most are shared by many indicators. */
function numberCaveats(indicators: readonly Indicator[]): Map<string, number> {
  const numbers = new Map<string, number>();
  for (const i of indicators) for (const c of caveatsOf(i)) if (!numbers.has(c)) numbers.set(c, numbers.size + 1);
  return numbers;
}

function indicatorEntry(i: Indicator, caveats: Map<string, number>) {
  const id = uniqueId('ind');
  const numbers = caveatsOf(i).map((c) => caveats.get(c)!);
  return html`<details class="indicator-entry" data-search="${`${i.name} ${i.id} ${i.definition ?? ''} ${i.source}`.toLowerCase()}">
    <summary><span class="indicator-name" id="${id}">${i.name}</span> <span class="hint">${i.unit}${i.last_updated ? `, updated ${formatDate(i.last_updated)}` : ''}</span></summary>
    <dl class="definition">
      <dt>Identifier</dt><dd><code>${i.id}</code></dd>
      ${i.definition ? html`<dt>Definition</dt><dd>${i.definition}</dd>` : ''}
      <dt>Unit</dt><dd>${i.unit}; available as ${statsFor(i).map(statLabel).join(', ')}</dd>
      <dt>Polarity</dt><dd>${POLARITY[i.polarity] ?? i.polarity}</dd>
      <dt>Source</dt><dd>${i.source}</dd>
      <dt>Periods</dt><dd>${periodRange(i.periods)}</dd>
      <dt>Last updated</dt><dd>${i.last_updated ? `${formatDate(i.last_updated)} (${isOfficial(i) ? 'import of these statistics' : 'latest accepted upload of this dataset'})` : 'no data loaded yet'}</dd>
      ${numbers.length ? html`<dt>Caveats</dt><dd>${numbers.map((n, k) => html`${k ? ', ' : ''}<a href="#caveat-${n}">${n}</a>`)} <span class="hint">(listed above)</span></dd>` : ''}
    </dl>
    <div class="button-row">
      <button type="button" class="button secondary small" data-download="${i.id}" data-file="csv" aria-describedby="${id}">Download series as CSV</button>
      <button type="button" class="button secondary small" data-download="${i.id}" data-file="metadata" aria-describedby="${id}">Download its metadata</button>
      <a href="${pageHref('/trends', { indicator: i.id })}">See the trend<span class="visually-hidden"> of ${i.name}</span></a>
    </div>
  </details>`;
}

export async function render(ctx: PageContext): Promise<void> {
  const [indicators, areas, datasets] = await Promise.all([
    // A plan's measures of success are defined on its Actions page, and have figures for its own area only.
    loadIndicators().then((list) => list.filter((i) => !isPlanMeasure(i))), loadAreas(), getJson<LoadedDataset[]>('/api/datasets', undefined, { cache: true }),
  ]);
  let area = ctx.selection.area && areas.get(ctx.selection.area) ? ctx.selection.area : areas.defaultArea() ?? '';
  setHtml(ctx.main, html`<div class="page-header"><h1>Data and definitions</h1>
    <p class="lead">What every indicator means, where it comes from, its caveats, and the figures behind it as CSV.</p></div>
    <form class="controls" aria-label="Filter and choose the area for downloads" role="search"></form>
    <div id="download-status" aria-live="polite"></div>
    <div id="indicator-list"></div>
    <section aria-labelledby="extracts-heading"><h2 id="extracts-heading">Extracts held</h2><div id="extracts"></div></section>`);
  const form = ctx.main.querySelector('form')!;
  form.addEventListener('submit', (e) => e.preventDefault());
  const list = ctx.main.querySelector<HTMLElement>('#indicator-list')!;
  const status = ctx.main.querySelector<HTMLElement>('#download-status')!;
  const searchId = uniqueId('search');
  form.insertAdjacentHTML('beforeend', html`<div class="field"><label for="${searchId}">Find an indicator</label>
    <input type="text" id="${searchId}" name="q" value="${ctx.selection.q ?? ''}" autocomplete="off"></div>`.text);
  form.append(selectField({ label: 'Area for downloads', name: 'area', options: areaOptions(areas.withData), value: area, onChange: (v) => { area = v; writeSelection({ area: v }, 'push'); } }).field);
  const search = form.querySelector<HTMLInputElement>(`#${searchId}`)!;

  const groups = [...new Set(indicators.map(indicatorGroup))];
  const caveats = numberCaveats(indicators);
  const groupId = (n: number) => `group-${n}`;
  setHtml(list, html`<nav aria-label="Indicator groups"><ul class="group-links">${groups.map((g, n) => html`<li><a href="#${groupId(n)}">${g}</a>
      <span class="hint">(${indicators.filter((i) => indicatorGroup(i) === g).length})</span></li>`)}</ul></nav>
    <section aria-labelledby="caveats-heading"><h2 id="caveats-heading">Caveats</h2>
      <p class="hint">Each indicator below lists the numbers of the caveats that apply to it.</p>
      <ol class="caveat-list">${[...caveats].map(([text, n]) => html`<li id="caveat-${n}" value="${n}">${text}</li>`)}</ol></section>
    ${groups.map((g, n) => html`<section class="indicator-group" aria-labelledby="${groupId(n)}"><h2 id="${groupId(n)}">${g}</h2>
    ${indicators.filter((i) => indicatorGroup(i) === g).map((i) => indicatorEntry(i, caveats))}</section>`)}
    <p id="no-match" hidden>No indicator matches.</p>`);
  const filter = () => {
    const words = search.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const entry of list.querySelectorAll<HTMLDetailsElement>('.indicator-entry')) {
      const match = words.every((w) => (entry.dataset.search ?? '').includes(w));
      entry.hidden = !match;
      if (match) shown += 1;
    }
    // A search narrowed to a few indicators opens them.
    for (const entry of list.querySelectorAll<HTMLDetailsElement>('.indicator-entry')) entry.open = words.length > 0 && !entry.hidden && shown <= 5;
    for (const g of list.querySelectorAll<HTMLElement>('.indicator-group')) g.hidden = !g.querySelector('.indicator-entry:not([hidden])');
    list.querySelector<HTMLElement>('#no-match')!.hidden = shown > 0;
  };
  search.addEventListener('input', () => {
    writeSelection({ q: search.value.trim() });
    filter();
  });
  filter();

  list.addEventListener('click', (e) => {
    const button = (e.target as HTMLElement).closest<HTMLButtonElement>('[data-download]');
    if (!button) return;
    const ind = indicators.find((i) => i.id === button.dataset.download);
    if (!ind) return;
    const stat: Stat = statsFor(ind)[0]!;
    const csvName = `${ind.id}-${area}-${stat}.csv`;
    if (button.dataset.file === 'metadata') {
      downloadText(csvName.replace(/\.csv$/, '.metadata.txt'), seriesMetadata(ind, stat, areas.name(area), csvName, new Date()), 'text/plain;charset=utf-8');
      setHtml(status, html`<div class="message success" role="status"><p>Downloaded the metadata for ${ind.name}, ${areas.name(area)}.</p></div>`);
      return;
    }
    button.disabled = true;
    setHtml(status, html`<p class="loading">Preparing ${ind.name} for ${areas.name(area)}…</p>`);
    fetchSeries({ indicator: ind.id, area, stat })
      .then((series) => {
        downloadText(csvName, roundedSeriesCsv(series, stat, (code) => areas.name(code)));
        setHtml(status, html`<div class="message success" role="status"><p>Downloaded ${ind.name} for ${areas.name(area)} (${statLabel(stat)}), rounded as the pages show it. Keep its metadata file beside it.</p></div>`);
      })
      .catch((error: unknown) => setHtml(status, html`<div class="message error" role="alert"><p>${errorText(error)}</p></div>`))
      .finally(() => { button.disabled = false; });
  });

  const extracts = ctx.main.querySelector<HTMLElement>('#extracts')!;
  try {
    setHtml(extracts, html`<div class="table-scroll"><table><caption class="visually-hidden">Extract datasets held</caption>
      <thead><tr><th scope="col">Dataset</th><th scope="col" class="num">Stored rows</th><th scope="col">Periods</th><th scope="col">Areas</th></tr></thead>
      <tbody>${datasets.map((d) => html`<tr><th scope="row">${d.label}</th><td class="num">${formatCount(d.rows)}</td>
        <td>${periodRange(d.periods)}</td><td>${d.areas.map((a) => a.name).join(', ') || 'none'}</td></tr>`)}</tbody></table></div>`);
  } catch (error) {
    setHtml(extracts, errorMessage(error));
  }
}
