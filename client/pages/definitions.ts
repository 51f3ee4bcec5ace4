/**
 * Data and definitions: every indicator's definition, source, caveats and last update, with a
 * download of any series as CSV (the server's own CSV, `c` for suppressed); and the extracts held.
 */
import { getCsv, getJson } from '../api.js';
import type { Indicator, LoadedDataset, Stat, UploadLogEntry } from '../api-types.js';
import { areaOptions, loadAreas } from '../areas.js';
import { downloadText } from '../charts/chart-export.js';
import { errorMessage, errorText, selectField } from '../controls.js';
import { formatCount, statLabel } from '../format.js';
import { html, setHtml, uniqueId } from '../html.js';
import { indicatorDataset, indicatorGroup, loadIndicators, statsFor } from '../indicators.js';
import type { PageContext } from '../page.js';
import { periodLabel, sortPeriods, formatDate } from '../periods.js';
import { pageHref, writeSelection } from '../url-state.js';

const POLARITY: Record<string, string> = { high_is_good: 'Higher is better', low_is_good: 'Lower is better', none: 'Neither higher nor lower is better' };

function periodRange(periods: readonly string[]): string {
  const sorted = sortPeriods(periods);
  return sorted.length ? `${periodLabel(sorted[0]!)} to ${periodLabel(sorted.at(-1)!)} (${sorted.length} periods)` : 'no figures yet';
}

function indicatorEntry(i: Indicator, lastUpload: Map<string, string>) {
  const caveats = i.caveats ? (Array.isArray(i.caveats) ? i.caveats : [i.caveats]) : [];
  const uploaded = lastUpload.get(indicatorDataset(i));
  const updated = i.updated_at ?? i.last_updated ?? uploaded;
  const id = uniqueId('ind');
  return html`<article class="indicator-entry" aria-labelledby="${id}" data-search="${`${i.name} ${i.id} ${i.source}`.toLowerCase()}">
    <h3 id="${id}">${i.name}</h3>
    <dl class="definition">
      <dt>Identifier</dt><dd><code>${i.id}</code></dd>
      ${i.definition ? html`<dt>Definition</dt><dd>${i.definition}</dd>` : ''}
      <dt>Unit</dt><dd>${i.unit}; available as ${statsFor(i).map(statLabel).join(', ')}</dd>
      <dt>Polarity</dt><dd>${POLARITY[i.polarity] ?? i.polarity}</dd>
      <dt>Source</dt><dd>${i.source}</dd>
      <dt>Periods</dt><dd>${periodRange(i.periods)}</dd>
      <dt>Last updated</dt><dd>${updated ? `${formatDate(updated)}${!i.updated_at && !i.last_updated ? ' (latest upload of this dataset)' : ''}` : 'not stated'}</dd>
      ${caveats.length ? html`<dt>Caveats</dt><dd><ul>${caveats.map((c) => html`<li>${c}</li>`)}</ul></dd>` : ''}
    </dl>
    <div class="button-row">
      <button type="button" class="button secondary small" data-download="${i.id}" aria-describedby="${id}">Download series as CSV</button>
      <a href="${pageHref('/trends', { indicator: i.id })}">See the trend<span class="visually-hidden"> of ${i.name}</span></a>
    </div>
  </article>`;
}

export async function render(ctx: PageContext): Promise<void> {
  const [indicators, areas, datasets, uploads] = await Promise.all([
    loadIndicators(), loadAreas(), getJson<LoadedDataset[]>('/api/datasets', undefined, { cache: true }),
    // The upload log is for analysts and admins; viewers see no upload dates.
    ctx.session.role === 'viewer' ? Promise.resolve([] as UploadLogEntry[]) : getJson<UploadLogEntry[]>('/api/uploads').catch(() => [] as UploadLogEntry[]),
  ]);
  const lastUpload = new Map<string, string>();
  for (const u of uploads) if (u.outcome === 'loaded' && (!lastUpload.has(u.dataset) || lastUpload.get(u.dataset)! < u.at)) lastUpload.set(u.dataset, u.at);
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
  form.append(selectField({ label: 'Area for downloads', name: 'area', options: areaOptions(areas), value: area, onChange: (v) => { area = v; writeSelection({ area: v }); } }).field);
  const search = form.querySelector<HTMLInputElement>(`#${searchId}`)!;

  const groups = [...new Set(indicators.map(indicatorGroup))];
  setHtml(list, html`${groups.map((g) => html`<section class="indicator-group" aria-label="${g}"><h2>${g}</h2>
    ${indicators.filter((i) => indicatorGroup(i) === g).map((i) => indicatorEntry(i, lastUpload))}</section>`)}
    <p id="no-match" hidden>No indicator matches.</p>`);
  const filter = () => {
    const q = search.value.trim().toLowerCase();
    let shown = 0;
    for (const entry of list.querySelectorAll<HTMLElement>('.indicator-entry')) {
      const match = !q || (entry.dataset.search ?? '').includes(q);
      entry.hidden = !match;
      if (match) shown += 1;
    }
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
    button.disabled = true;
    setHtml(status, html`<p class="loading">Preparing ${ind.name} for ${areas.name(area)}…</p>`);
    getCsv('/api/series', { indicator: ind.id, area, stat })
      .then((csv) => {
        downloadText(`${ind.id}-${area}-${stat}.csv`, csv);
        setHtml(status, html`<div class="message success" role="status"><p>Downloaded ${ind.name} for ${areas.name(area)} (${statLabel(stat)}).</p></div>`);
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
