import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDatasetId, type DatasetId } from './extract-schema.js';
import { EXAMPLES_DIR } from './project-paths.js';

export interface DemoExtract {
  file: string;
  dataset: DatasetId;
  description: string;
}

export const DEMO_EXTRACTS_DIR = join(EXAMPLES_DIR, 'extracts');

/** The shipped demo extracts, in the order they are loaded. */
export function readDemoManifest(): DemoExtract[] {
  const raw = JSON.parse(readFileSync(join(DEMO_EXTRACTS_DIR, 'manifest.json'), 'utf8')) as unknown;
  const list = Array.isArray(raw) ? raw : (raw as { files?: unknown }).files;
  if (!Array.isArray(list)) throw new Error('data/examples/extracts/manifest.json: expected a list of files');
  return list.map((entry: { file?: unknown; dataset?: unknown; description?: unknown }, i) => {
    if (typeof entry.file !== 'string' || typeof entry.dataset !== 'string' || !isDatasetId(entry.dataset)) {
      throw new Error(`data/examples/extracts/manifest.json: entry ${i + 1} needs a file and a known dataset`);
    }
    return { file: entry.file, dataset: entry.dataset, description: String(entry.description ?? '') };
  });
}
