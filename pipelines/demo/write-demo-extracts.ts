/**
 * Writes the committed demo data: data/examples/extracts/*.csv, manifest.json and README.md.
 *
 *   npm run build && node dist/pipelines/demo/write-demo-extracts.js [--seed N] [--out DIR]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { findRepoRoot, loadDemoLas } from './demo-areas.js';
import { demoReadme } from './demo-readme.js';
import { DEMO_SEED, manifestOf, renderDemoExtracts, simulateDemo } from './synthetic-extracts.js';

const EXTRACTS_DIR = 'data/examples/extracts';

function main(): void {
  const { values } = parseArgs({
    options: { seed: { type: 'string' }, out: { type: 'string' } },
  });
  const seed = values.seed === undefined ? DEMO_SEED : Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, not ${values.seed}`);
  const root = findRepoRoot();
  const out = values.out ?? join(root, EXTRACTS_DIR);

  const sim = simulateDemo(loadDemoLas(root), seed);
  const extracts = renderDemoExtracts(sim);
  mkdirSync(out, { recursive: true });
  for (const extract of extracts) writeFileSync(join(out, extract.file), extract.text);
  writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(manifestOf(extracts), null, 2)}\n`);
  writeFileSync(join(out, 'README.md'), demoReadme(sim, extracts, seed));

  const bytes = extracts.reduce((sum, e) => sum + Buffer.byteLength(e.text), 0);
  console.log(`wrote ${extracts.length} extracts (${(bytes / 1e6).toFixed(2)} MB), manifest.json and README.md to ${out}`);
}

main();
