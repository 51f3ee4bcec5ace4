/**
 * Runs off the main thread: reads the first rows of a chosen CSV with papaparse, checks its header
 * with the server's own header rules (pipelines/extract-header.ts, so the categories and wording
 * are the server's), then counts its data rows, so the analyst sees problems before anything is sent.
 */
import Papa from 'papaparse';
import type { Dataset } from '../pipelines/extract-schema.js';
import type { ExtractError } from '../pipelines/extract-errors.js';
import { checkHeader } from '../pipelines/extract-header.js';
import { normaliseHeader } from './dictionary.js';

export interface CheckRequest {
  type: 'check';
  file: File;
  dataset: Dataset;
  previewRows: number;
}

export type WorkerAnswer =
  | { type: 'preview'; header: string[]; normalised: string[]; rows: string[][]; delimiter: string; problems: ExtractError[]; recordLevel: boolean; warnings: string[] }
  | { type: 'count'; rows: number }
  | { type: 'error'; message: string };

const post = (answer: WorkerAnswer) => (self as unknown as Worker).postMessage(answer);

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
      const raw = header.map((h, i) => (i === 0 ? h.replace(/^\uFEFF/, '') : h));
      const normalised = raw.map(normaliseHeader);
      const delimiter = result.meta.delimiter;
      const check = checkHeader(req.dataset, { raw, names: normalised, delimiter: delimiter === '\t' || delimiter === ';' ? delimiter : ',' });
      const warnings = result.errors.slice(0, 5).map((e) => `Line ${(e.row ?? 0) + 2}: ${e.message}`);
      post({ type: 'preview', header: raw, normalised, rows, delimiter, problems: check.errors, recordLevel: !check.aggregate, warnings });
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
