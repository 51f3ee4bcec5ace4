/**
 * An independent reader of the demo extracts for the tests: it reads every form extract-format.md
 * accepts that the demo uses, and says what it could not read, so the tests do not trust the
 * generator's own idea of what it wrote.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import {
  AGE_BAND_LIMITS,
  AGE_COLUMN,
  DATASETS,
  knownColumns,
  valueLookup,
  type DatasetId,
} from '../../../pipelines/extract-schema.js';

export interface ExtractRow {
  readonly line: number;
  /** `YYYY-Qn`. */
  readonly quarter: string;
  readonly areaCode: string;
  /** Canonical values; a blank or absent value is `unknown` only if the column is present. */
  readonly dims: Readonly<Record<string, string>>;
  /** Measures of an aggregate row (null where blank); a record counts 1 towards the primary one. */
  readonly measures: Readonly<Record<string, number | null>>;
}

export interface Extract {
  readonly dataset: DatasetId;
  readonly columns: readonly string[];
  readonly aggregate: boolean;
  readonly rows: readonly ExtractRow[];
  /** Anything not valid under extract-format.md; empty for a good file. */
  readonly problems: readonly string[];
}

const QUARTER_FORMS: readonly [RegExp, (m: RegExpExecArray) => [number, number]][] = [
  [/^(\d{4})-Q([1-4])$/, (m) => [Number(m[1]), Number(m[2])]],
  [/^(\d{4}) Q([1-4])$/, (m) => [Number(m[1]), Number(m[2])]],
  [/^Q([1-4]) (\d{4})$/, (m) => [Number(m[2]), Number(m[1])]],
];

function validDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** The calendar quarter of any accepted period form, or null. */
export function periodQuarter(value: string): string | null {
  for (const [pattern, parts] of QUARTER_FORMS) {
    const m = pattern.exec(value);
    if (m) {
      const [y, q] = parts(m);
      return `${y}-Q${q}`;
    }
  }
  const fy = /^(\d{4})\/(\d{2}) Q([1-4])$/.exec(value);
  if (fy) {
    const start = Number(fy[1]);
    if ((start + 1) % 100 !== Number(fy[2])) return null;
    const q = Number(fy[3]);
    return q === 4 ? `${start + 1}-Q1` : `${start}-Q${q + 1}`;
  }
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const uk = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(value);
  const ymd = iso ? [iso[1], iso[2], iso[3]] : uk ? [uk[3], uk[2], uk[1]] : null;
  if (!ymd) return null;
  const [y, m, d] = ymd.map(Number) as [number, number, number];
  return validDate(y, m, d) ? `${y}-Q${Math.floor((m - 1) / 3) + 1}` : null;
}

function normaliseHeader(name: string): string {
  return name.replace(/^\uFEFF/, '').trim().toLowerCase().replace(/[\s-]+/g, '_');
}

export function readExtract(text: string, dataset: DatasetId, areaCodeByName: ReadonlyMap<string, string>): Extract {
  const spec = DATASETS[dataset];
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true });
  const problems: string[] = parsed.errors.map((e) => `row ${e.row}: ${e.message}`);
  const [header = [], ...body] = parsed.data;
  const columns = header.map(normaliseHeader);
  const known = new Set(knownColumns(spec));
  for (const c of columns) if (!known.has(c)) problems.push(`unknown column ${c}`);
  if (new Set(columns).size !== columns.length) problems.push('a column is repeated');
  if (!columns.includes('period')) problems.push('no period column');
  if (!columns.includes('area_code') && !columns.includes('area_name')) problems.push('no area column');
  const measureNames = spec.measures.map((m) => m.name).filter((m) => columns.includes(m));
  const lookups = new Map(spec.dimensions.map((d) => [d.name, valueLookup(d)]));
  const areaCodes = new Set(areaCodeByName.values());

  const rows: ExtractRow[] = body.map((cells, i) => {
    const line = i + 2;
    const fail = (message: string): void => {
      problems.push(`line ${line}: ${message}`);
    };
    if (cells.length !== columns.length) fail(`${cells.length} fields, header has ${columns.length}`);
    const cell = (c: string): string => (cells[columns.indexOf(c)] ?? '').trim();

    const quarter = periodQuarter(cell('period'));
    if (quarter === null) fail(`period ${cell('period')}`);

    const code = cell('area_code');
    const name = cell('area_name');
    let areaCode = code;
    if (code === '' && name !== '') {
      const byName = [...areaCodeByName].find(([n]) => n.toLowerCase() === name.toLowerCase());
      areaCode = byName?.[1] ?? '';
      if (!byName) fail(`area name ${name}`);
    } else if (!areaCodes.has(code)) fail(`area code ${code}`);

    const dims: Record<string, string> = {};
    for (const c of columns) {
      const lookup = lookups.get(c);
      if (lookup) {
        const raw = cell(c).toLowerCase();
        const value = raw === '' ? 'unknown' : lookup.get(raw);
        if (value === undefined) fail(`${c} ${raw}`);
        dims[c] = value ?? 'unknown';
      }
    }
    if (columns.includes(AGE_COLUMN)) {
      const raw = cell(AGE_COLUMN);
      const age = Number(raw);
      const band = raw === '' ? 'unknown' : AGE_BAND_LIMITS.find((b) => Number.isInteger(age) && age >= b.from && age <= b.to)?.band;
      if (band === undefined) fail(`age ${raw}`);
      dims.age_band = band ?? 'unknown';
    }

    const measures: Record<string, number | null> = {};
    for (const m of measureNames) {
      const raw = cell(m);
      if (raw === '') {
        measures[m] = null;
      } else if (/^\d+$/.test(raw)) {
        measures[m] = Number(raw);
      } else {
        fail(`${m} ${raw}`);
        measures[m] = null;
      }
    }
    if (measureNames.length === 0) measures[spec.measures[0]?.name ?? ''] = 1;
    return { line, quarter: quarter ?? '', areaCode, dims, measures };
  });
  return { dataset, columns, aggregate: measureNames.length > 0, rows, problems };
}

export interface CommittedExtract extends Extract {
  readonly file: string;
  readonly description: string;
  readonly text: string;
}

/** The committed demo files, read in manifest order. */
export function readCommittedExtracts(dir: string, areaCodeByName: ReadonlyMap<string, string>): CommittedExtract[] {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
    file: string;
    dataset: DatasetId;
    description: string;
  }[];
  return manifest.map((entry) => {
    const text = readFileSync(join(dir, entry.file), 'utf8');
    return { ...readExtract(text, entry.dataset, areaCodeByName), file: entry.file, description: entry.description, text };
  });
}
