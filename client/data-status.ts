import type { LoadedDataset, UploadLogEntry } from '../server/catalogue/loaded-data.js';

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return (await res.json()) as T;
}

function periodRange(periods: string[]): string {
  return periods.length ? `${periods[0]} to ${periods[periods.length - 1]} (${periods.length})` : 'none';
}

function datasetsTable(datasets: LoadedDataset[]): string {
  const rows = datasets
    .map((d) => `<tr><th scope="row">${escape(d.label)}</th><td class="num">${d.rows.toLocaleString('en-GB')}</td>
      <td>${escape(periodRange(d.periods))}</td>
      <td>${d.areas.map((a) => `${escape(a.name)} <span class="code">${escape(a.code)}</span>`).join(', ') || 'none'}</td></tr>`)
    .join('');
  return `<table><caption>Datasets loaded</caption><thead><tr><th scope="col">Dataset</th>
    <th scope="col" class="num">Stored rows</th><th scope="col">Periods</th><th scope="col">Areas</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function uploadsTable(uploads: UploadLogEntry[]): string {
  if (uploads.length === 0) return '<p>No uploads yet.</p>';
  const rows = uploads
    .map((u) => `<tr><td class="num">${u.id}</td><td>${escape(u.uploaded_at.replace('T', ' ').replace('Z', ''))}</td>
      <td>${escape(u.dataset)}</td><td>${escape(u.file_name)}</td><td>${escape(u.uploaded_by)}</td>
      <td class="num">${u.rows.toLocaleString('en-GB')}</td><td class="num">${u.partitions}</td><td class="num">${u.replaced}</td>
      <td><code title="SHA-256">${escape(u.sha256.slice(0, 12))}…</code></td></tr>`)
    .join('');
  return `<table><caption>Most recent first</caption><thead><tr><th scope="col" class="num">Id</th><th scope="col">When (UTC)</th>
    <th scope="col">Dataset</th><th scope="col">File</th><th scope="col">By</th><th scope="col" class="num">Rows</th>
    <th scope="col" class="num">Partitions</th><th scope="col" class="num">Replaced</th><th scope="col">SHA-256</th></tr></thead>
    <tbody>${rows}</tbody></table>`;
}

async function main(): Promise<void> {
  const datasets = document.getElementById('datasets')!;
  const uploads = document.getElementById('uploads')!;
  try {
    datasets.innerHTML = datasetsTable(await getJson<LoadedDataset[]>('/api/datasets'));
    uploads.innerHTML = uploadsTable(await getJson<UploadLogEntry[]>('/api/uploads'));
  } catch (error) {
    datasets.textContent = `Could not load: ${error instanceof Error ? error.message : String(error)}`;
  }
}

void main();
