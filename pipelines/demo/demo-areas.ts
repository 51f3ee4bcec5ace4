/**
 * The partnerships of the demo, their areas and child populations, read from data/reference so
 * that codes, names and denominators are the ones the product itself uses.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { FIRST_DEMO_YEAR, LAST_DEMO_YEAR } from './demo-quarters.js';

export type LaKey = 'oxfordshire' | 'warwickshire' | 'nottingham' | 'nottinghamshire' | 'stockport';

interface LaDefinition {
  readonly key: LaKey;
  readonly code: string;
  /** Partnership and plan in /work/shared/seeds the demo story follows. */
  readonly partnership: string;
  /** Districts the county's rows are given for; empty for a unitary or metropolitan LA. */
  readonly districtCodes: readonly string[];
}

/** In manifest order. */
const DEMO_LA_DEFINITIONS: readonly LaDefinition[] = [
  {
    key: 'oxfordshire',
    code: 'E10000025',
    partnership: 'Oxfordshire SCB (Cherwell CSP CSE prevention delivery plan)',
    districtCodes: ['E07000177', 'E07000178', 'E07000179', 'E07000180', 'E07000181'],
  },
  {
    key: 'warwickshire',
    code: 'E10000031',
    partnership: 'Warwickshire SCB (CSE action plan 2013-14)',
    districtCodes: ['E07000218', 'E07000219', 'E07000220', 'E07000221', 'E07000222'],
  },
  {
    key: 'nottingham',
    code: 'E06000018',
    partnership: 'Nottingham City & Nottinghamshire (CSE multi-agency action plan 2012-14)',
    districtCodes: [],
  },
  {
    key: 'nottinghamshire',
    code: 'E10000024',
    partnership: 'Nottingham City & Nottinghamshire (CSE multi-agency action plan 2012-14)',
    districtCodes: ['E07000170', 'E07000171', 'E07000172', 'E07000173', 'E07000174', 'E07000175', 'E07000176'],
  },
  {
    key: 'stockport',
    code: 'E08000007',
    partnership: 'Stockport SCB (CSE action plan 2014-16)',
    districtCodes: [],
  },
];

/** An area the demo writes rows for: a district, or a unitary/metropolitan LA itself. */
export interface DemoArea {
  readonly code: string;
  readonly name: string;
  readonly laCode: string;
  /** ONS mid-year estimate of children aged 0 to 17, by calendar year. */
  readonly population: ReadonlyMap<number, number>;
}

export interface DemoLa {
  readonly key: LaKey;
  readonly code: string;
  readonly name: string;
  readonly partnership: string;
  readonly population: ReadonlyMap<number, number>;
  /** DfE children-in-need assessments recording CSE as a factor, by reporting year (2018–2025). */
  readonly publishedCse: ReadonlyMap<number, number>;
  readonly areas: readonly DemoArea[];
}

export function populationIn(population: ReadonlyMap<number, number>, year: number): number {
  const n = population.get(year);
  if (n === undefined) throw new Error(`no population for ${year}`);
  return n;
}

/** The folder holding package.json above this module, in src and in dist alike. */
export function findRepoRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

function readCsv(path: string): Record<string, string>[] {
  const parsed = Papa.parse<Record<string, string>>(readFileSync(path, 'utf8'), {
    header: true,
    skipEmptyLines: true,
    transformHeader: (h) => h.replace(/^\uFEFF/, '').trim(),
  });
  if (parsed.errors.length > 0) throw new Error(`${path}: ${parsed.errors[0]?.message}`);
  return parsed.data;
}

function field(row: Record<string, string>, column: string, path: string): string {
  const value = row[column];
  if (value === undefined) throw new Error(`${path}: no column ${column}`);
  return value;
}

const POPULATION_0_17 = 'data/reference/ons-population-0-17/ons_mid-year_population_estimates_2012_to_2024.csv';
const SINGLE_YEAR_OF_AGE = 'data/reference/ons-population-single-year-of-age/mye23_MYE2_persons_by_single_year_of_age.csv';
const LTLA_UTLA = 'data/reference/la-lookups/LTLA-UTLA_Apr23_Lookup_England-Wales.csv';
const CIN_FACTORS = 'data/reference/dfe-cin-factors/c3_factors_identified_at_end_of_assessment_2018_to_2025.csv';

/** Children's-services LA populations, by code then year. */
function loadLaPopulations(root: string): Map<string, Map<number, number>> {
  const path = join(root, POPULATION_0_17);
  const byCode = new Map<string, Map<number, number>>();
  for (const row of readCsv(path)) {
    if (field(row, 'geographic_level', path) !== 'Local authority') continue;
    const code = field(row, 'new_la_code', path);
    const years = byCode.get(code) ?? new Map<number, number>();
    years.set(Number(field(row, 'time_period', path)), Number(field(row, 'population_estimate', path)));
    byCode.set(code, years);
  }
  // The estimates stop a year short of the demo's last year: that year carries the latest one.
  for (const years of byCode.values()) {
    const latest = Math.max(...years.keys());
    for (let year = latest + 1; year <= LAST_DEMO_YEAR; year++) years.set(year, years.get(latest) ?? 0);
  }
  return byCode;
}

/** DfE's CSE factor count for each LA and reporting year; a suppressed or missing value is left out. */
function loadPublishedCse(root: string): Map<string, Map<number, number>> {
  const path = join(root, CIN_FACTORS);
  const byCode = new Map<string, Map<number, number>>();
  for (const row of readCsv(path)) {
    if (field(row, 'geographic_level', path) !== 'Local authority') continue;
    const count = Number(field(row, 'Child_sexual_exploitation', path));
    if (!Number.isInteger(count)) continue;
    const code = field(row, 'new_la_code', path);
    const years = byCode.get(code) ?? new Map<number, number>();
    years.set(Number(field(row, 'time_period', path)), count);
    byCode.set(code, years);
  }
  return byCode;
}

/**
 * Each district's share of its county's children. The 0-17 series has no districts, so the
 * mid-2023 single-year-of-age estimates (the only district figures at hand) give the split,
 * held constant over the demo years.
 */
function districtChildren(root: string): Map<string, number> {
  const path = join(root, SINGLE_YEAR_OF_AGE);
  const children = new Map<string, number>();
  for (const row of readCsv(path)) {
    let sum = 0;
    for (let age = 0; age <= 17; age++) sum += Number(field(row, String(age), path));
    children.set(field(row, 'Code', path), sum);
  }
  return children;
}

/** Codes, names and parents from the April 2023 lookup; a code it does not hold is an error. */
function loadLookup(root: string): Map<string, { name: string; parentCode: string; parentName: string }> {
  const path = join(root, LTLA_UTLA);
  const lookup = new Map<string, { name: string; parentCode: string; parentName: string }>();
  for (const row of readCsv(path)) {
    lookup.set(field(row, 'LTLA23CD', path), {
      name: field(row, 'LTLA23NM', path),
      parentCode: field(row, 'UTLA23CD', path),
      parentName: field(row, 'UTLA23NM', path),
    });
  }
  return lookup;
}

export function loadDemoLas(root: string = findRepoRoot()): DemoLa[] {
  const laPopulations = loadLaPopulations(root);
  const children = districtChildren(root);
  const lookup = loadLookup(root);
  const published = loadPublishedCse(root);

  return DEMO_LA_DEFINITIONS.map((la) => {
    const population = laPopulations.get(la.code);
    if (!population) throw new Error(`${la.code}: not in ${POPULATION_0_17}`);
    for (let year = FIRST_DEMO_YEAR; year <= LAST_DEMO_YEAR; year++) {
      if (!population.has(year)) throw new Error(`${la.code}: no 0-17 population for ${year}`);
    }
    const memberCodes = la.districtCodes.length > 0 ? la.districtCodes : [la.code];
    const members = memberCodes.map((code) => {
      const entry = lookup.get(code);
      if (!entry || entry.parentCode !== la.code) {
        throw new Error(`${code}: not an area of ${la.code} in ${LTLA_UTLA}`);
      }
      const count = children.get(code);
      if (count === undefined) throw new Error(`${code}: not in ${SINGLE_YEAR_OF_AGE}`);
      return { code, name: entry.name, count };
    });
    const total = members.reduce((sum, m) => sum + m.count, 0);
    const areas: DemoArea[] = members.map((m) => ({
      code: m.code,
      name: m.name,
      laCode: la.code,
      population: new Map([...population].map(([year, n]) => [year, (n * m.count) / total])),
    }));
    const name = lookup.get(memberCodes[0] ?? '')?.parentName ?? la.code;
    const publishedCse = published.get(la.code);
    if (!publishedCse) throw new Error(`${la.code}: not in ${CIN_FACTORS}`);
    return { key: la.key, code: la.code, name, partnership: la.partnership, population, publishedCse, areas };
  });
}
