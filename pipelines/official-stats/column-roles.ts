import { readFile } from 'node:fs/promises';
import Papa from 'papaparse';
import { OBSERVATIONAL_COLUMNS, snakeCase } from './ees-format.js';

/** What an imported column measures, as the indicator catalogue states it. */
export type StatsUnit = 'count' | 'rate_per_10000' | 'percentage' | 'value';

/** How a column's values look, measured over the whole file in one pass (see import-stats.ts). */
export interface ColumnProfile {
  /** Non-blank values that are numbers. */
  numbers: number;
  /** Non-blank values that are EES symbols. */
  symbols: number;
  /** Non-blank values that are neither. */
  other: number;
  blanks: number;
  /** Every number is whole. */
  wholeNumbers: boolean;
}

/** The EES metadata file (`<name>.meta.csv`) row for a column, when one is given. */
export interface ColumnMeta {
  type: 'filter' | 'indicator';
  label: string | null;
  unit: string | null;
}

export interface IndicatorColumn {
  index: number;
  /** As written in the file. */
  column: string;
  /** `SLUG.<column in snake_case>`. */
  id: string;
  label: string;
  unit: StatsUnit;
  wholeNumbers: boolean;
}

export interface FilterColumn {
  index: number;
  /** Lower-cased as the header reader normalises it. */
  name: string;
}

export interface ColumnRoles {
  filters: FilterColumn[];
  indicators: IndicatorColumn[];
}

/**
 * Sorts the columns that are neither time nor place into filters and indicators. The EES
 * metadata file decides where it is given; otherwise a column of mostly numbers and symbols is an
 * indicator and anything else a filter. A filter whose values are numbers (an age, say) needs the
 * metadata file to be read as a filter.
 */
export function assignRoles(
  slug: string,
  header: { raw: readonly string[]; names: readonly string[] },
  profiles: ReadonlyMap<number, ColumnProfile>,
  meta: ReadonlyMap<string, ColumnMeta>,
): ColumnRoles {
  const filters: FilterColumn[] = [];
  const indicators: IndicatorColumn[] = [];
  header.names.forEach((name, index) => {
    if (OBSERVATIONAL_COLUMNS.has(name)) return;
    const raw = header.raw[index] ?? name;
    const described = meta.get(name);
    const profile = profiles.get(index);
    const isIndicator = described ? described.type === 'indicator' : profile !== undefined && looksLikeIndicator(profile);
    if (!isIndicator) {
      filters.push({ index, name });
      return;
    }
    const wholeNumbers = profile?.wholeNumbers ?? true;
    indicators.push({
      index,
      column: raw.trim(),
      id: `${slug}.${snakeCase(raw)}`,
      label: described?.label ?? humanise(raw),
      unit: unitOf(name, described?.unit ?? null, wholeNumbers),
      wholeNumbers,
    });
  });
  return { filters, indicators };
}

/**
 * Mostly numbers and symbols: an indicator, whose text cells are then reported as errors. A typo
 * must not turn a column of counts into a filter and drop it from the import unnoticed; a filter
 * of numbers with a "Total" now and then is refused loudly instead, and the metadata file fixes it.
 */
function looksLikeIndicator(p: ColumnProfile): boolean {
  return p.numbers + p.symbols > p.other;
}

function unitOf(name: string, metaUnit: string | null, wholeNumbers: boolean): StatsUnit {
  const words = snakeCase(name).split('_');
  const has = (...w: string[]) => w.some((x) => words.includes(x));
  if (metaUnit === '%' || has('percent', 'percentage', 'pct', 'proportion')) return 'percentage';
  if (/(^|_)per_?10_?000(_|$)|(^|_)per_10k(_|$)/.test(snakeCase(name))) return 'rate_per_10000';
  if (has('rate', 'average', 'avg', 'mean', 'median', 'ratio') || metaUnit !== null) return 'value';
  return wholeNumbers ? 'count' : 'value';
}

/** `Child_sexual_exploitation` → `Child sexual exploitation`. */
function humanise(column: string): string {
  const words = snakeCase(column).replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Reads an EES metadata file: `col_name`, `col_type` (Filter | Indicator), `label`, `indicator_unit`. */
export async function readMetaFile(path: string): Promise<Map<string, ColumnMeta>> {
  const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  const parsed = Papa.parse<Record<string, string>>(text, {
    header: true,
    skipEmptyLines: true,
    transformHeader: (h) => h.trim().toLowerCase(),
  });
  const meta = new Map<string, ColumnMeta>();
  for (const row of parsed.data) {
    const name = row.col_name?.trim().toLowerCase().replace(/[\s-]+/g, '_');
    const type = row.col_type?.trim().toLowerCase();
    if (!name || (type !== 'filter' && type !== 'indicator')) continue;
    meta.set(name, {
      type,
      label: row.label?.trim() || null,
      unit: row.indicator_unit?.trim() || null,
    });
  }
  return meta;
}
