/**
 * Runs off the main thread: reads the first rows of a chosen CSV with papaparse, checks its header
 * against the data dictionary, then counts its data rows, so the analyst sees problems before
 * anything is sent.
 */
import Papa from 'papaparse';

export interface CheckRequest {
  type: 'check';
  file: File;
  known: string[];
  measures: string[];
  previewRows: number;
}

export interface HeaderProblem {
  column: string;
  code: 'unknown_column' | 'duplicate_column' | 'missing_column' | 'empty_column';
  message: string;
}

export type WorkerAnswer =
  | { type: 'preview'; header: string[]; normalised: string[]; rows: string[][]; delimiter: string; problems: HeaderProblem[]; recordLevel: boolean; warnings: string[] }
  | { type: 'count'; rows: number }
  | { type: 'error'; message: string };

const post = (answer: WorkerAnswer) => (self as unknown as Worker).postMessage(answer);

function normalise(name: string): string {
  return name.replace(/^\uFEFF/, '').trim().toLowerCase().replace(/[\s-]+/g, '_');
}

function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length]![b.length]!;
}

function nearest(name: string, known: string[]): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  for (const k of known) {
    const dd = distance(name, k);
    if (dd < bestD) {
      bestD = dd;
      best = k;
    }
  }
  return best !== null && bestD <= Math.max(2, Math.floor(name.length / 3)) ? best : null;
}

export function checkHeader(header: string[], known: string[], measures: string[]): { problems: HeaderProblem[]; normalised: string[]; recordLevel: boolean } {
  const normalised = header.map(normalise);
  const problems: HeaderProblem[] = [];
  const seen = new Set<string>();
  normalised.forEach((n, i) => {
    const raw = header[i] ?? '';
    if (!n) {
      problems.push({ column: `column ${i + 1}`, code: 'empty_column', message: `Column ${i + 1} has no name.` });
      return;
    }
    if (seen.has(n)) problems.push({ column: raw, code: 'duplicate_column', message: `“${raw}” appears more than once.` });
    seen.add(n);
    if (!known.includes(n)) {
      const near = nearest(n, known);
      problems.push({ column: raw, code: 'unknown_column', message: `“${raw}” is not a column of this dataset.${near ? ` Did you mean “${near}”?` : ''}` });
    }
  });
  if (!seen.has('period')) problems.push({ column: 'period', code: 'missing_column', message: 'The required column “period” is missing.' });
  if (!seen.has('area_code') && !seen.has('area_name')) {
    problems.push({ column: 'area_code', code: 'missing_column', message: 'Give the area as “area_code” (or “area_name”).' });
  }
  return { problems, normalised, recordLevel: !measures.some((m) => seen.has(m)) };
}

self.addEventListener('message', (event: MessageEvent<CheckRequest>) => {
  const req = event.data;
  if (req?.type !== 'check') return;
  Papa.parse<string[]>(req.file, {
    preview: req.previewRows + 1,
    skipEmptyLines: 'greedy',
    complete(result) {
      const [header = [], ...rows] = result.data;
      if (!header.length) {
        post({ type: 'error', message: 'The file is empty.' });
        return;
      }
      const check = checkHeader(header, req.known, req.measures);
      const warnings = result.errors.slice(0, 5).map((e) => `Line ${(e.row ?? 0) + 2}: ${e.message}`);
      post({ type: 'preview', header, normalised: check.normalised, rows, delimiter: result.meta.delimiter, problems: check.problems, recordLevel: check.recordLevel, warnings });
      if (req.file.size > 50 * 1024 * 1024) return;
      let count = -1;
      Papa.parse<string[]>(req.file, {
        skipEmptyLines: 'greedy',
        chunk(chunk) {
          count += chunk.data.length;
        },
        complete() {
          post({ type: 'count', rows: Math.max(0, count) });
        },
      });
    },
    error(error) {
      post({ type: 'error', message: error.message });
    },
  });
});
