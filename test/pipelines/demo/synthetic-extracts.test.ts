import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findRepoRoot, loadDemoLas, type DemoLa } from '../../../pipelines/demo/demo-areas.js';
import { DEMO_QUARTERS, quarterLabel } from '../../../pipelines/demo/demo-quarters.js';
import { demoReadme } from '../../../pipelines/demo/demo-readme.js';
import {
  DEMO_SEED,
  buildDemoExtracts,
  manifestOf,
  renderDemoExtracts,
  simulateDemo,
} from '../../../pipelines/demo/synthetic-extracts.js';
import { DATASETS, DATASET_IDS } from '../../../pipelines/extract-schema.js';
import { readCommittedExtracts, type CommittedExtract } from './read-extract.js';

const root = findRepoRoot();
const dir = join(root, 'data/examples/extracts');
let las: DemoLa[];
let extracts: CommittedExtract[];

beforeAll(() => {
  las = loadDemoLas(root);
  extracts = readCommittedExtracts(dir, new Map(las.flatMap((la) => la.areas.map((a) => [a.name, a.code]))));
});

describe('demo generator', () => {
  it('gives the same bytes for the same seed and different ones for another', () => {
    const a = buildDemoExtracts(las, 7);
    expect(buildDemoExtracts(las, 7)).toEqual(a);
    const b = buildDemoExtracts(las, 8);
    expect(b.map((e) => e.file)).toEqual(a.map((e) => e.file));
    for (const [i, e] of b.entries()) expect(e.text, e.file).not.toBe(a[i]?.text);
  });

  it('matches the committed files, manifest and README (regenerate after changing it)', () => {
    const sim = simulateDemo(las, DEMO_SEED);
    const fresh = renderDemoExtracts(sim);
    expect(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'))).toEqual(manifestOf(fresh));
    for (const e of fresh) expect(readFileSync(join(dir, e.file), 'utf8') === e.text, e.file).toBe(true);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toBe(demoReadme(sim, fresh, DEMO_SEED));
  });
});

describe('committed demo extracts', () => {
  it('list every file of the folder in the manifest, one per LA and dataset, all in all under 10 MB', () => {
    const csvs = readdirSync(dir).filter((f) => f.endsWith('.csv'));
    expect(new Set(extracts.map((e) => e.file))).toEqual(new Set(csvs));
    const pairs = extracts.map((e) => `${e.file.split('-')[0]}/${e.dataset}`);
    expect(new Set(pairs).size).toBe(15);
    for (const la of las) for (const d of DATASET_IDS) expect(pairs).toContain(`${la.key}/${d}`);
    const bytes = readdirSync(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
    expect(bytes).toBeLessThan(10_000_000);
  });

  it('mix aggregate and record-level files, with MASE always aggregate', () => {
    const shape = (d: string, aggregate: boolean): number =>
      extracts.filter((e) => e.dataset === d && e.aggregate === aggregate).length;
    expect(shape('referrals', true)).toBeGreaterThan(0);
    expect(shape('referrals', false)).toBeGreaterThan(0);
    expect(shape('missing', true)).toBeGreaterThan(0);
    expect(shape('missing', false)).toBeGreaterThan(0);
    expect(shape('mase', false)).toBe(0);
  });

  it('are valid under the extract format: known columns and values, periods, areas, whole counts', () => {
    for (const e of extracts) expect(e.problems.slice(0, 5), e.file).toEqual([]);
  });

  it('exercise the accepted forms of period, age, sex, ethnicity, looked-after and area', () => {
    const firstLines = extracts.map((e) => e.text.split(/\r?\n/, 3).join('\n')).join('\n');
    expect(firstLines).toMatch(/\d{4}\/\d{2} Q[1-4]/); // financial-year quarter
    expect(firstLines).toMatch(/Q[1-4] \d{4}/);
    expect(firstLines).toMatch(/\d{4} Q[1-4]/);
    expect(firstLines).toMatch(/\d{4}-Q[1-4]/);
    expect(firstLines).toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(firstLines).toMatch(/\d{2}\/\d{2}\/\d{4}/);
    const all = extracts.map((e) => e.text).join('\n');
    expect(all).toMatch(/,[129],[A-Z]{4},/); // DfE sex and ethnicity codes
    expect(all).toMatch(/,[FM],[YN],/);
    expect(extracts.some((e) => e.columns.includes('age'))).toBe(true);
    expect(extracts.some((e) => e.columns.includes('area_name'))).toBe(true);
    expect(extracts.some((e) => e.text.includes('\r\n'))).toBe(true);
  });

  it('cover every demo quarter, 2012-Q1 to 2025-Q4, and nothing else', () => {
    const quarters = DEMO_QUARTERS.map(quarterLabel);
    expect(quarters[0]).toBe('2012-Q1');
    expect(quarters.at(-1)).toBe('2025-Q4');
    expect(quarters).toHaveLength(56);
    for (const e of extracts) expect(new Set(e.rows.map((r) => r.quarter)), e.file).toEqual(new Set(quarters));
  });

  it('never repeat a (period, area, breakdown) key in an aggregate file', () => {
    for (const e of extracts.filter((x) => x.aggregate)) {
      const dims = DATASETS[e.dataset].dimensions.map((d) => d.name).filter((d) => d in (e.rows[0]?.dims ?? {}));
      const keys = e.rows.map((r) => [r.quarter, r.areaCode, ...dims.map((d) => r.dims[d])].join('|'));
      expect(new Set(keys).size, e.file).toBe(keys.length);
    }
  });

  it('keep every measure within its bound', () => {
    for (const e of extracts.filter((x) => x.aggregate)) {
      for (const m of DATASETS[e.dataset].measures) {
        if (!m.atMost) continue;
        for (const r of e.rows) {
          const value = r.measures[m.name];
          const bound = r.measures[m.atMost];
          if (value === null || value === undefined || bound === null || bound === undefined) continue;
          expect(value, `${e.file} line ${r.line}: ${m.name} <= ${m.atMost}`).toBeLessThanOrEqual(bound);
        }
      }
      const primary = DATASETS[e.dataset].measures[0]?.name ?? '';
      expect(e.rows.every((r) => r.measures[primary] !== null), e.file).toBe(true);
    }
  });

  it('say in the README that the data is synthetic and list each planted shift', () => {
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    expect(readme).toMatch(/synthetic/i);
    expect(readme).toMatch(/no row describes a real child/);
    for (const id of ['cherwell-referrals', 'stockport-referrals', 'nottingham-return-interviews-72h', 'warwickshire-disruption']) {
      expect(readme).toContain(id);
    }
  });
});
