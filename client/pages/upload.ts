/**
 * Upload (analysts): choose a dataset and a CSV or Excel file; a Web Worker previews the first
 * rows of a CSV and checks its header with the server's rules; the file is sent with upload
 * progress, then validated by the server, which answers with a summary (partitions replaced,
 * previous and new totals) or a refusal report (problems grouped by rule with counts, then
 * line, column, message; both reports download as CSV). Templates and the history below.
 */
import { getJson, uploadCsv } from '../api.js';
import type { Dataset, ExtractError, UploadLogEntry, UploadRefusal, UploadSummary } from '../api-types.js';
import { loadAreas, type AreaCatalogue } from '../areas.js';
import { downloadText } from '../charts/chart-export.js';
import { tableCsv, type TableSpec } from '../charts/chart-table.js';
import { errorMessage, errorText } from '../controls.js';
import { datasetOf, loadDictionary } from '../dictionary.js';
import { formatBytes, formatCount, humanise } from '../format.js';
import { html, setHtml, type Markup } from '../html.js';
import type { PageContext } from '../page.js';
import { periodLabel } from '../periods.js';
import { writeSelection } from '../url-state.js';
import type { CheckRequest, WorkerAnswer } from '../upload-worker.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const baseName = (name: string) => name.replace(/\.[^.]+$/, '');
const isWorkbook = (file: File) => /\.xlsx$/i.test(file.name) || file.type === XLSX_TYPE;

/** What the server is doing with the upload, in words (the job's `phase`). */
const JOB_PHASES: Record<string, string> = {
  receiving: 'Receiving the file',
  queued: 'Waiting for an earlier upload to finish',
  reading: 'Validating on the server: reading the file',
  validating: 'Validating on the server: checking every row',
  loading: 'Storing the figures',
  done: 'Stored',
  refused: 'Refused',
  failed: 'Failed',
};

interface UploadJob {
  phase: string;
  fraction: number | null;
}

/** A report's problems as a table: the page shows it and the CSV download is the same rows. */
function problemsTable(caption: string, errors: readonly ExtractError[]): TableSpec {
  const workbook = errors.some((e) => e.cell);
  return {
    caption,
    columns: [
      { key: 'line', label: 'Line', numeric: true },
      ...(workbook ? [{ key: 'cell', label: 'Cell' }] : []),
      { key: 'column', label: 'Column' },
      { key: 'code', label: 'Rule' },
      { key: 'message', label: 'What is wrong' },
    ],
    rows: errors.map((e) => ({ line: e.line ?? '', cell: e.cell ?? '', column: e.column ?? '', code: e.code, message: e.message })),
  };
}

function tableMarkup(table: TableSpec, className: string): Markup {
  return html`<div class="table-scroll"><table class="${className}">
    <caption>${table.caption}</caption>
    <thead><tr>${table.columns.map((c) => html`<th scope="col" class="${c.numeric ? 'num' : ''}">${c.label}</th>`)}</tr></thead>
    <tbody>${table.rows.map((r) => html`<tr>${table.columns.map((c) => c.key === 'code'
      ? html`<td><code>${String(r[c.key] ?? '')}</code></td>`
      : html`<td class="${c.numeric ? 'num' : ''}">${String(r[c.key] ?? '')}</td>`)}</tr>`)}</tbody>
  </table></div>`;
}

/** The problems by rule as a list, which reads at any width: each rule once, its count, first lines and fix. */
function rulesMarkup(rules: UploadRefusal['by_rule']): Markup {
  return html`<h3>Problems by rule</h3><ul class="rule-summary">${rules.map((r) => html`<li>
      <code>${r.code}</code>: <strong>${formatCount(r.count)}</strong>${r.lines.length ? html` (line${r.lines.length === 1 ? '' : 's'} ${r.lines.join(', ')}${r.count > r.lines.length ? ', …' : ''})` : ''}.
      ${r.about}${r.fix ? html` <strong>Fix:</strong> ${r.fix}` : ''}</li>`)}</ul>`;
}

function totalsText(totals: Record<string, number | null> | null | undefined, d: Dataset | undefined): string {
  if (!totals) return '';
  const measures = d?.measures.map((m) => m.name) ?? Object.keys(totals);
  return measures.filter((m) => m in totals).map((m) => `${d?.measures.find((x) => x.name === m)?.label ?? humanise(m)} ${formatCount(totals[m])}`).join('; ');
}

function summaryMarkup(s: UploadSummary, d: Dataset | undefined, areas: AreaCatalogue): Markup {
  const replaced = s.partitions.filter((p) => p.replaced);
  return html`<div class="message success" role="status" tabindex="-1" id="upload-outcome">
      <h2>Upload accepted</h2>
      <p>${formatCount(s.rows)} ${s.kind === 'records' ? 'records' : 'rows'} of ${d?.label ?? s.dataset} stored in ${s.partitions.length} partition${s.partitions.length === 1 ? '' : 's'} (area and quarter); ${replaced.length} replaced earlier figures.</p>
      <p>Totals: ${totalsText(s.totals, d)}.</p>
    </div>
    ${s.warnings.length ? html`<div class="message warning"><h3>Warnings</h3><ul>${s.warnings.map((w) => html`<li>${w}</li>`)}</ul></div>` : ''}
    <div class="table-scroll"><table>
      <caption>Partitions stored</caption>
      <thead><tr><th scope="col">Area</th><th scope="col">Quarter</th><th scope="col">Replaced?</th><th scope="col">Previous totals</th><th scope="col">New totals</th></tr></thead>
      <tbody>${s.partitions.map((p) => html`<tr><th scope="row">${areas.name(p.area_code)} <span class="hint">${p.area_code}</span></th>
        <td>${periodLabel(p.period)}</td><td>${p.replaced ? html`<strong>Yes</strong>` : 'No, new'}</td>
        <td>${p.previous_totals ? totalsText(p.previous_totals, d) : html`<span class="muted">none</span>`}</td>
        <td>${totalsText(p.new_totals, d)}</td></tr>`)}</tbody>
    </table></div>`;
}

function errorsByCodeText(counts: Record<string, number>): string {
  return Object.entries(counts).map(([code, n]) => `${code} ${formatCount(n)}`).join(', ');
}

function historyMarkup(entries: UploadLogEntry[], areas: AreaCatalogue): Markup {
  if (!entries.length) return html`<p>No uploads match.</p>`;
  return html`<div class="table-scroll"><table class="history"><caption class="visually-hidden">Upload attempts, most recent first</caption>
    <thead><tr><th scope="col">When (UTC)</th><th scope="col">Dataset</th><th scope="col">File</th><th scope="col">By</th>
      <th scope="col">Outcome</th><th scope="col">Areas</th><th scope="col" class="num">Rows</th><th scope="col">Problems by rule</th></tr></thead>
    <tbody>${entries.slice(0, 100).map((u) => html`<tr class="${u.outcome}"><td class="nowrap">${u.at.replace('T', ' ').replace('Z', '')}</td>
      <td>${u.dataset}</td><td class="file-name">${u.file_name}</td><td>${u.user}</td>
      <td>${u.outcome === 'loaded' ? 'Loaded' : html`<strong>Refused</strong>`}</td>
      <td>${u.areas.map((code) => areas.name(code)).join(', ') || html`<span class="muted">none read</span>`}</td>
      <td class="num">${u.rows === null ? '' : formatCount(u.rows)}</td>
      <td>${u.error_count ? `${formatCount(u.error_count)}: ${errorsByCodeText(u.errors_by_code)}` : ''}</td></tr>`)}</tbody></table></div>`;
}

export async function render(ctx: PageContext): Promise<void> {
  const [dictionary, areas] = await Promise.all([loadDictionary(), loadAreas()]);
  const datasets = Object.values(dictionary.datasets);
  let chosen = datasets.find((d) => d.id === ctx.selection.dataset) ?? datasets[0]!;
  setHtml(ctx.main, html`<div class="page-header"><h1>Upload data</h1>
    <p class="lead">Send an extract as a CSV file or an Excel workbook. A CSV's header is checked here first; the server then checks every row and reports every problem at once, and stores nothing unless all are valid. Uploading the same dataset, area and quarter again replaces it.</p></div>
    <form id="upload-form" class="upload-form" novalidate>
      <fieldset class="field">
        <legend>Dataset</legend>
        <div class="radios">${datasets.map((d) => html`<label><input type="radio" name="dataset" value="${d.id}" ${d.id === chosen.id ? html`checked` : ''}> ${d.label}</label>`)}</div>
      </fieldset>
      <div class="field">
        <label for="upload-file">CSV file or Excel workbook</label>
        <span class="hint" id="upload-file-hint">CSV (UTF-8 or Excel CSV; comma, tab or semicolon separated) or .xlsx; one header row.</span>
        <input type="file" id="upload-file" name="file" accept=".csv,.tsv,.txt,.xlsx,text/csv,${XLSX_TYPE}" aria-describedby="upload-file-hint">
      </div>
      <div class="field" id="sheet-field" hidden>
        <label for="upload-sheet">Sheet</label>
        <span class="hint" id="upload-sheet-hint">Leave blank for the first sheet.</span>
        <input type="text" id="upload-sheet" name="sheet" autocomplete="off" aria-describedby="upload-sheet-hint">
      </div>
      <div id="preview" aria-live="polite"></div>
      <div class="button-row"><button type="submit" class="button" id="upload-send" disabled>Upload and validate</button></div>
      <div id="progress" class="progress" hidden>
        <label class="progress-label" for="upload-progress" id="progress-label">Sending</label>
        <progress id="upload-progress" max="100" value="0"></progress>
        <span id="progress-text" class="hint" aria-live="polite"></span>
      </div>
    </form>
    <div id="outcome"></div>
    <section aria-labelledby="templates-heading"><h2 id="templates-heading">Templates and what each column may hold</h2>
      <div id="templates"></div></section>
    <section aria-labelledby="history-heading"><h2 id="history-heading">Upload history</h2>
      <p class="hint">Every attempt, refused ones too: who, when, the areas and how many problems of each rule. Never the rows themselves.</p>
      <form id="history-filter" class="history-filter" role="search" aria-label="Filter the upload history">
        <div class="field"><label for="history-dataset">Dataset</label><select id="history-dataset" name="dataset">
          <option value="">All datasets</option>${datasets.map((d) => html`<option value="${d.id}">${d.label}</option>`)}</select></div>
        <div class="field"><label for="history-area">Area</label><select id="history-area" name="area"><option value="">All areas</option></select></div>
      </form>
      <div id="history"><p class="loading">Loading…</p></div></section>`);
  const form = ctx.main.querySelector<HTMLFormElement>('#upload-form')!;
  const fileInput = form.querySelector<HTMLInputElement>('#upload-file')!;
  const preview = ctx.main.querySelector<HTMLElement>('#preview')!;
  const sendButton = ctx.main.querySelector<HTMLButtonElement>('#upload-send')!;
  const outcome = ctx.main.querySelector<HTMLElement>('#outcome')!;
  const progressBox = ctx.main.querySelector<HTMLElement>('#progress')!;
  const progress = ctx.main.querySelector<HTMLProgressElement>('#upload-progress')!;
  const progressLabel = ctx.main.querySelector<HTMLElement>('#progress-label')!;
  const progressText = ctx.main.querySelector<HTMLElement>('#progress-text')!;
  const history = ctx.main.querySelector<HTMLElement>('#history')!;

  // Templates and the dictionary's lists
  const templates = ctx.main.querySelector<HTMLElement>('#templates')!;
  setHtml(templates, html`${datasets.map((d) => html`<details class="disclosure dataset-dictionary">
      <summary>${d.label} (<code>${d.id}</code>)</summary>
      <p class="button-row"><a class="button secondary small" href="/api/templates/${d.id}.xlsx" download>Download the ${d.label} template (Excel)</a>
        <a class="button secondary small" href="/api/templates/${d.id}.csv" download>Download the ${d.label} template (CSV)</a></p>
      <div class="table-scroll"><table><caption>Columns of ${d.label}</caption>
        <thead><tr><th scope="col">Column</th><th scope="col">Holds</th><th scope="col">Values</th></tr></thead>
        <tbody>
          <tr><th scope="row"><code>period</code></th><td>Quarter or date (required)</td><td>2015-Q2, 2015/16 Q1, Q2 2015, 2015-04-17, 17/04/2015</td></tr>
          <tr><th scope="row"><code>area_code</code></th><td>Area (required, or <code>area_name</code>)</td><td>ONS code of the LA, district or locality</td></tr>
          ${d.dimensions.map((x) => html`<tr><th scope="row"><code>${x.name}</code></th><td>${x.label}</td><td>${x.values.join(', ')}</td></tr>`)}
          ${d.measures.map((m) => html`<tr><th scope="row"><code>${m.name}</code></th><td>${m.label} (count)</td><td>whole number ≥ 0${m.atMost ? `, at most ${m.atMost}` : ''}; blank = not recorded</td></tr>`)}
        </tbody></table></div>
    </details>`)}
    <p class="hint">A file with no count column is read as one row per record (each row counts 1). The Excel template keeps bands, codes and dates as Text, so Excel cannot turn <code>10-12</code> into a date, and offers each column's allowed values in a drop-down list.</p>`);

  const historyFilter = ctx.main.querySelector<HTMLFormElement>('#history-filter')!;
  const areaSelect = historyFilter.querySelector<HTMLSelectElement>('#history-area')!;
  let historyAreas = '';
  const loadHistory = async () => {
    try {
      const query = new URLSearchParams([...new FormData(historyFilter)].filter(([, v]) => v !== '') as [string, string][]);
      const entries = await getJson<UploadLogEntry[]>(`/api/uploads${query.size ? `?${query}` : ''}`);
      // The area list offers the areas the history has, once, from the unfiltered answer.
      if (!query.size) {
        const codes = [...new Set(entries.flatMap((u) => u.areas))].sort((a, b) => areas.name(a).localeCompare(areas.name(b)));
        const options = codes.map((code) => `${code}`).join(',');
        if (options !== historyAreas) {
          historyAreas = options;
          setHtml(areaSelect, html`<option value="">All areas</option>${codes.map((code) => html`<option value="${code}">${areas.name(code)}</option>`)}`);
        }
      }
      setHtml(history, historyMarkup(entries, areas));
    } catch (error) {
      setHtml(history, errorMessage(error));
    }
  };
  historyFilter.addEventListener('change', () => void loadHistory());
  historyFilter.addEventListener('submit', (e) => e.preventDefault());

  const sheetField = ctx.main.querySelector<HTMLElement>('#sheet-field')!;
  const sheetInput = ctx.main.querySelector<HTMLInputElement>('#upload-sheet')!;
  let worker: Worker | null = null;
  let ready = false;
  const check = () => {
    const file = fileInput.files?.[0];
    ready = false;
    sendButton.disabled = true;
    preview.replaceChildren();
    sheetField.hidden = !file || !isWorkbook(file);
    if (!file) return;
    worker?.terminate();
    if (isWorkbook(file)) {
      // A workbook is read on the server (streamed, whatever its size); nothing to preview here.
      ready = true;
      sendButton.disabled = false;
      setHtml(preview, html`<p>${file.name}, ${formatBytes(file.size)}, an Excel workbook: the server reads the first sheet, or the one you name, and reports problems by sheet and cell.</p>`);
      return;
    }
    worker = new Worker('/assets/upload-worker.js', { type: 'module' });
    setHtml(preview, html`<p class="loading">Reading ${file.name}…</p>`);
    worker.addEventListener('message', (event: MessageEvent<WorkerAnswer>) => {
      const a = event.data;
      if (a.type === 'error') {
        setHtml(preview, html`<div class="message error" role="alert"><p>${a.message}</p></div>`);
        return;
      }
      if (a.type === 'count') {
        const el = preview.querySelector('#row-count');
        if (el) el.textContent = `${formatCount(a.rows)} data rows.`;
        return;
      }
      // Problems in the header do not stop the upload: the server checks every row as well and
      // reports everything in one answer, storing nothing.
      ready = true;
      sendButton.disabled = false;
      const delimiter = a.delimiter === '\t' ? 'tab' : a.delimiter === ';' ? 'semicolon' : 'comma';
      setHtml(preview, html`
        ${a.problems.length
          ? html`<div class="error-summary" role="alert"><h2>The header does not match the ${chosen.label} dictionary</h2>
              <ul>${a.problems.map((p) => html`<li><code>${p.code}</code>: ${p.message}</li>`)}</ul>
              <p>Correct the file (the templates below show every column), or choose the right dataset. Upload it as it is to have every row checked too: nothing is stored while there are problems.</p>
              <p><button type="button" class="button secondary" id="preview-csv">Download these problems (CSV)</button></p></div>`
          : html`<div class="message success"><p>The header matches the ${chosen.label} dictionary.</p></div>`}
        <p>${file.name}, ${formatBytes(file.size)}, ${delimiter} separated. ${a.recordLevel ? 'No count column: one row per record.' : 'Counts per row.'} <span id="row-count"></span></p>
        ${a.warnings.length ? html`<ul class="notes">${a.warnings.map((w) => html`<li>${w}</li>`)}</ul>` : ''}
        <div class="table-scroll" tabindex="0" role="region" aria-label="Preview of the first rows"><table class="preview">
          <caption>First ${a.rows.length} rows</caption>
          <thead><tr>${a.header.map((h, i) => html`<th scope="col">${h}${a.normalised[i] !== h ? html`<br><span class="hint">${a.normalised[i]}</span>` : ''}</th>`)}</tr></thead>
          <tbody>${a.rows.map((r) => html`<tr>${r.map((c) => html`<td>${c}</td>`)}</tr>`)}</tbody></table></div>`);
      preview.querySelector('#preview-csv')?.addEventListener('click', () =>
        downloadText(`${baseName(file.name)}-header-check.csv`, tableCsv(problemsTable('Header problems', a.problems))));
    });
    const req: CheckRequest = { type: 'check', file, dataset: chosen, previewRows: 10 };
    worker.postMessage(req);
  };
  fileInput.addEventListener('change', check);
  form.addEventListener('change', (e) => {
    const t = e.target as HTMLInputElement;
    if (t.name !== 'dataset') return;
    chosen = datasetOf(dictionary, t.value) ?? chosen;
    writeSelection({ dataset: chosen.id }, 'push');
    check();
  });

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const file = fileInput.files?.[0];
    if (!file || !ready) return;
    const workbook = isWorkbook(file);
    const sheet = sheetInput.value.trim();
    const d = chosen;
    sendButton.disabled = true;
    outcome.replaceChildren();
    progressBox.hidden = false;
    progress.value = 0;
    progressLabel.textContent = 'Sending the file';
    progressText.textContent = '';
    // The server reports its phases for a job id we choose (GET /api/uploads/jobs/:id).
    // getRandomValues, not randomUUID: the latter needs HTTPS, and some partnerships serve plain HTTP inside their network.
    const jobId = [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
    let polling: number | undefined;
    const poll = () => {
      getJson<UploadJob>(`/api/uploads/jobs/${jobId}`)
        .then((job) => {
          const words = JOB_PHASES[job.phase];
          if (words) progressLabel.textContent = words;
          if (job.fraction !== null && job.fraction !== undefined) progress.value = Math.round(job.fraction * 100);
          else progress.removeAttribute('value');
        })
        .catch(() => undefined)
        .finally(() => {
          if (polling !== undefined) polling = window.setTimeout(poll, 500);
        });
    };
    const query = new URLSearchParams({ job: jobId, ...(workbook && sheet ? { sheet } : {}) });
    uploadCsv(`/api/uploads/${encodeURIComponent(d.id)}?${query}`, file, (p) => {
      if (p.phase === 'sending') {
        progress.value = p.total ? Math.round((p.loaded / p.total) * 100) : 0;
        progressText.textContent = `${formatBytes(p.loaded)} of ${formatBytes(p.total)} sent`;
      } else {
        progress.removeAttribute('value');
        progressLabel.textContent = 'Validating on the server';
        progressText.textContent = 'Every row is being checked; nothing is stored unless all are valid.';
        polling = window.setTimeout(poll, 300);
      }
    }, { 'x-file-name': encodeURIComponent(file.name), ...(workbook ? { 'content-type': XLSX_TYPE } : {}) })
      .then(({ status, body }) => {
        window.clearTimeout(polling);
        polling = undefined;
        progressBox.hidden = true;
        if (status === 201 || status === 200) {
          setHtml(outcome, summaryMarkup(body as UploadSummary, d, areas));
          void loadHistory();
        } else if (status === 422) {
          const refusal = body as UploadRefusal;
          const table = problemsTable(`Problems found (${refusal.errors.length} of ${refusal.error_count} listed)`, refusal.errors);
          setHtml(outcome, html`<div class="error-summary" role="alert" tabindex="-1" id="upload-outcome">
              <h2>The file was refused: nothing was stored</h2>
              <p>${formatCount(refusal.error_count)} problem${refusal.error_count === 1 ? '' : 's'} found under ${refusal.by_rule.length} rule${refusal.by_rule.length === 1 ? '' : 's'}${refusal.error_count > refusal.errors.length ? `; the first ${refusal.errors.length} are listed` : ''}. Correct them and upload the whole file again.</p>
              <p><button type="button" class="button secondary" id="refusal-csv">Download the refusal report (CSV)</button></p>
            </div>
            ${refusal.warnings.length ? html`<div class="message warning"><h3>Warnings</h3><ul>${refusal.warnings.map((w) => html`<li>${w}</li>`)}</ul></div>` : ''}
            ${rulesMarkup(refusal.by_rule)}
            ${tableMarkup(table, 'refusal')}`);
          outcome.querySelector('#refusal-csv')!.addEventListener('click', () => downloadText(`${baseName(file.name)}-refusal.csv`, tableCsv(table)));
          void loadHistory();
        } else if (status === 413) {
          setHtml(outcome, html`<div class="message error" role="alert" tabindex="-1" id="upload-outcome"><p>The file is larger than the server accepts. Split it by quarter and upload each part.</p></div>`);
        } else {
          const code = body && typeof body === 'object' && 'error' in body ? String((body as { error: unknown }).error) : '';
          setHtml(outcome, html`<div class="message error" role="alert" tabindex="-1" id="upload-outcome"><p>The upload did not work (${status}${code ? `: ${code}` : ''}).</p></div>`);
        }
        outcome.querySelector<HTMLElement>('#upload-outcome')?.focus();
      })
      .catch((error: unknown) => {
        window.clearTimeout(polling);
        polling = undefined;
        progressBox.hidden = true;
        setHtml(outcome, html`<div class="message error" role="alert"><p>${errorText(error)}</p></div>`);
      })
      .finally(() => {
        sendButton.disabled = !ready;
      });
  });
  await loadHistory();
}
