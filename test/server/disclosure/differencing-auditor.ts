/**
 * A differencing attacker with every answer a user can get from GET /api/series. It asks for
 * every extract indicator × area (districts, counties, regions, England) × period type ×
 * breakdown, writes each figure it is shown as a sum of stored cells (the rollup rows, one per
 * area, quarter, dimension value and pattern of blank measures), adds what it knows about those
 * cells (each breakdown adds up to its total; a measure never exceeds its ceiling; counts are
 * non-negative), and narrows every cell's range by interval propagation to a fixed point:
 * a shown figure lies within its row's `max_change` of the truth, a hidden one is a count from
 * 0 up (or, where the answer says hidden counts are 1 to threshold − 1 published, that ± max_change).
 * A cell whose true count is 1 to 4 and whose range is narrowed to one or two values is recovered.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { DATASETS, type Dataset } from '../../../pipelines/extract-schema.js';
import type { AuthUser } from '../../../server/auth/roles.js';
import { ENGLAND, type AreaIndex } from '../../../server/indicators/area-index.js';
import { EXTRACT_INDICATORS, type ExtractIndicator } from '../../../server/indicators/catalogue.js';
import { quarterIndex, requiredQuarters, windowLabel, windowQuarters, windowsOfQuarter, type ExtractPeriodType } from '../../../server/indicators/periods.js';
import { buildSeries } from '../../../server/indicators/series.js';
import { resolveSeriesRequest, type SeriesRequest } from '../../../server/indicators/series-request.js';
import { extractUnits } from '../../../server/indicators/series-units.js';
import type { Unit } from '../../../server/indicators/series-query.js';

/** One stored count: a rollup row's measure. */
interface Cell {
  dataset: string;
  area: string;
  quarter: number;
  dimension: string;
  value: string | null;
  blanks: string;
  measure: string;
  truth: number;
}

/** Σ cells ∈ [lo, hi] (with coefficients ±1). */
interface Relation {
  cells: number[];
  signs: number[];
  lo: number;
  hi: number;
}

export interface AuditResult {
  requests: number;
  figures: number;
  /** Figures the attacker could not write as a sum of stored cells (its model of the series was wrong). */
  unmodeled: number;
  /** Distinct true counts of 1 to 4 (stored cells and shown figures) narrowed to one or two values. */
  recovered: number;
  examples: string[];
  /** Cells with a true count of 10 or more shown to the attacker, published and within ±2 or ±10%. */
  utility: { cells: number; published: number; close: number };
}

export interface AuditOptions {
  /** Whose view is attacked. */
  user: AuthUser;
  /** Where a hidden figure is known to be a published 1..threshold−1 (the new layer); else 0 up. */
  hiddenRange: (maxChange: number) => [number, number];
  periodTypes?: readonly ExtractPeriodType[];
  datasets?: readonly string[];
  /** The areas asked about (default: every area with data, everything above them, England). */
  areas?: readonly string[];
}

const VALUE_NULL = 'not_broken_down';

/** A share or completeness by another dimension: a cross that is not published, so not asked for. */
function crossed(indicator: ExtractIndicator, breakdown: string | null): boolean {
  return breakdown !== null && (indicator.formula.type === 'dimension_share' || indicator.formula.type === 'completeness');
}

export async function auditDifferencing(c: DuckDBConnection, areas: AreaIndex, options: AuditOptions): Promise<AuditResult> {
  const cells: Cell[] = [];
  const lookup = new Map<string, number[]>(); // dataset|area|quarter|dimension|value|measure → cell ids (one per blanks pattern)
  const present = new Map<string, Set<string>>(); // dataset|measure|dimension[|given] → "area|quarter" with such a row
  const aggregateUploads = new Set<string>(); // dataset|area with a stored row of no records
  const relations: Relation[] = [];
  const key = (...parts: (string | number | null)[]) => parts.join('|');

  for (const dataset of Object.values(DATASETS)) await loadCells(c, dataset, cells, lookup, present, aggregateUploads, relations);

  const areaCodes = areasWithData(areas, cells).filter((a) => !options.areas || options.areas.includes(a));
  let requests = 0;
  let figures = 0;
  let unmodeled = 0;
  const utility = { cells: 0, published: 0, close: 0 };
  const figureRelations: { relation: Relation; truth: number; name: string }[] = [];
  const seen = new Set<string>();
  const timing = { query: 0, model: 0, propagate: 0 };

  for (const indicator of EXTRACT_INDICATORS.filter((i) => !options.datasets || options.datasets.includes(i.dataset))) {
    const periodTypes = (options.periodTypes ?? indicator.period_types) as readonly ExtractPeriodType[];
    for (const area of areaCodes) {
      for (const periodType of periodTypes) {
        for (const breakdown of [null, ...indicator.breakdowns]) {
          if (crossed(indicator, breakdown)) continue;
          const stat = indicator.formula.type === 'measure' ? 'count' : 'proportion';
          const resolved = resolveSeriesRequest(
            { indicator: indicator.id, area, stat, breakdown, compare: null, periodType, filters: new Map() },
            indicator,
            areas,
          );
          if (!resolved.ok) throw new Error(resolved.message);
          let t0 = performance.now();
          const answer = await buildSeries(c, resolved.value, areas, options.user);
          timing.query += performance.now() - t0;
          t0 = performance.now();
          requests++;
          const units = extractUnits(resolved.value, areas).filter((u) => u.group === 'area');
          // Which breakdown values each period lists: where some are left out, a listed one is held by
          // at least one stored row. Where the attacker knows the area uploads record by record (every
          // stored row of it counts one or more records), its count of records (the dataset's first
          // measure) is then at least 1. Other measures may be 0, and so may rows of aggregate uploads.
          const listed = new Map<string, number>();
          for (const row of answer.rows) if (row.area_code === area) listed.set(row.period, (listed.get(row.period) ?? 0) + 1);
          const everyValue = breakdown === null ? 1 : DATASETS[indicator.dataset]!.dimensions.find((d) => d.name === breakdown)!.values.length + 1;
          for (const row of answer.rows) {
            if (row.area_code !== area) continue;
            figures++;
            const model = figureCells(resolved.value, indicator, periodType, row.period, row.breakdown, { cells, lookup, present, units });
            const counted = indicator.formula.type === 'measure' && indicator.formula.measure === DATASETS[indicator.dataset]!.measures[0]!.name &&
              units.every((u) => u.members.every((m) => !aggregateUploads.has(`${indicator.dataset}|${m}`)));
            if (breakdown !== null && counted && listed.get(row.period)! < everyValue && model.num) {
              // The attacker's rule, checked like every other: if the data broke it, it would mislead.
              if (model.num.reduce((a, i) => a + cells[i]!.truth, 0) >= 1) relations.push({ cells: model.num, signs: model.num.map(() => 1), lo: 1, hi: Infinity });
              else unmodeled++;
            }
            const parts: [number[] | null, number | null, boolean][] = [
              [model.num, row.numerator, row.suppressed],
              [model.den, row.denominator, row.suppressed && stat === 'proportion'],
            ];
            for (const [ids, shown, hidden] of parts) {
              if (ids === null) continue;
              if (!hidden && shown === null) continue;
              // A hidden share says only that its numerator or its denominator was small; the
              // numerator is at most the denominator, so the numerator was small either way.
              if (hidden && ids === model.den) continue;
              const truth = ids.reduce((a, i) => a + cells[i]!.truth, 0);
              const name = key(indicator.id, area, periodType, row.period, row.breakdown, ids === model.den ? 'den' : 'num');
              const [lo, hi] = hidden
                ? [stat === 'proportion' ? 0 : options.hiddenRange(row.max_change ?? 0)[0], options.hiddenRange(row.max_change ?? 0)[1]]
                : [shown! - (row.max_change ?? 0), shown! + (row.max_change ?? 0)];
              if (truth < lo || truth > hi) {
                if (process.env.AUDIT_TIMING && unmodeled < 5) console.log('outside', name, hidden, shown, row.max_change, truth, ids.length);
                // The attacker's sum does not hold for this figure: it would mislead, so it is left out.
                unmodeled++;
                continue;
              }
              const relation = { cells: ids, signs: ids.map(() => 1), lo: Math.max(0, lo), hi };
              relations.push(relation);
              const id = [...ids].sort((a, b) => a - b).join(',');
              if (!seen.has(id)) {
                seen.add(id);
                figureRelations.push({ relation, truth, name });
                if (truth >= 10) {
                  utility.cells++;
                  if (!hidden) {
                    utility.published++;
                    if (Math.abs(shown! - truth) <= Math.max(2, 0.1 * truth)) utility.close++;
                  }
                }
              }
            }
          }
          timing.model += performance.now() - t0;
        }
      }
    }
  }

  const t1 = performance.now();
  const [lo, hi] = propagate(cells.length, relations);
  timing.propagate = performance.now() - t1;
  if (process.env.AUDIT_TIMING) console.log(JSON.stringify({ ...timing, relations: relations.length, cells: cells.length }));
  const recovered: string[] = [];
  cells.forEach((cell, i) => {
    if (cell.truth >= 1 && cell.truth <= 4 && hi[i]! - lo[i]! <= 1) {
      recovered.push(`${cell.dataset}.${cell.measure} ${cell.area} ${cell.quarter} ${cell.dimension}=${cell.value}: ${cell.truth} in [${lo[i]}, ${hi[i]}]`);
    }
  });
  for (const f of figureRelations) {
    if (f.truth < 1 || f.truth > 4 || f.relation.cells.length === 1) continue;
    const sumLo = Math.max(f.relation.lo, f.relation.cells.reduce((a, i) => a + lo[i]!, 0));
    const sumHi = Math.min(f.relation.hi, f.relation.cells.reduce((a, i) => a + hi[i]!, 0));
    if (sumHi - sumLo <= 1) recovered.push(`${f.name}: ${f.truth} in [${sumLo}, ${sumHi}]`);
  }
  return { requests, figures, unmodeled, recovered: recovered.length, examples: recovered.slice(0, 10), utility };
}

async function loadCells(
  c: DuckDBConnection,
  dataset: Dataset,
  cells: Cell[],
  lookup: Map<string, number[]>,
  present: Map<string, Set<string>>,
  aggregateUploads: Set<string>,
  relations: Relation[],
): Promise<void> {
  const measures = dataset.measures.map((m) => m.name);
  const reader = await c.runAndReadAll(`SELECT * FROM ${dataset.id}_rollup`);
  const groups = new Map<string, Map<string, number>>(); // area|quarter|blanks|measure → dimension|value → id
  for (const r of reader.getRowObjectsJS()) {
    const blanks = measures.map((m) => (r[m] === null ? 1 : 0)).join('');
    const quarter = quarterIndex(String(r.period))!;
    const value = r.value === null ? null : String(r.value);
    // An area with a stored row of no records uploads aggregates: a row of it says nothing of its count.
    if (r[measures[0]!] !== null && Number(r[measures[0]!]) === 0) aggregateUploads.add(`${dataset.id}|${r.area_code}`);
    for (const m of measures) {
      if (r[m] === null) continue;
      const id = cells.length;
      cells.push({ dataset: dataset.id, area: String(r.area_code), quarter, dimension: String(r.dimension), value, blanks, measure: m, truth: Number(r[m]) });
      const k = [dataset.id, r.area_code, quarter, r.dimension, value ?? VALUE_NULL, m].join('|');
      lookup.set(k, [...(lookup.get(k) ?? []), id]);
      const g = [r.area_code, quarter, blanks, m].join('|');
      if (!groups.has(g)) groups.set(g, new Map());
      groups.get(g)!.set(`${r.dimension}|${value}`, id);
      for (const p of [`${dataset.id}|${m}|${r.dimension}`, ...(value === null ? [] : [`${dataset.id}|${m}|${r.dimension}|given`])]) {
        if (!present.has(p)) present.set(p, new Set());
        present.get(p)!.add(`${r.area_code}|${quarter}`);
      }
    }
  }
  // Each dimension's cells add up to the total of the same stored rows.
  for (const g of groups.values()) {
    const total = g.get('|null');
    if (total === undefined) continue;
    for (const dim of dataset.dimensions) {
      const parts = [...g].filter(([k]) => k.startsWith(`${dim.name}|`)).map(([, id]) => id);
      if (parts.length) relations.push({ cells: [total, ...parts], signs: [1, ...parts.map(() => -1)], lo: 0, hi: 0 });
    }
  }
  // A measure never exceeds its ceiling, cell by cell.
  for (const [gk, g] of groups) {
    const [area, quarter, blanks, m] = gk.split('|');
    const ceiling = dataset.measures.find((x) => x.name === m)?.atMost;
    if (!ceiling) continue;
    const parent = groups.get([area, quarter, blanks, ceiling].join('|'));
    if (!parent) continue;
    for (const [cellKey, id] of g) {
      const p = parent.get(cellKey);
      if (p !== undefined) relations.push({ cells: [p, id], signs: [1, -1], lo: 0, hi: Infinity });
    }
  }
}

/** Every area whose series draws on stored rows: the stored codes, everything above them, England. */
function areasWithData(areas: AreaIndex, cells: readonly Cell[]): string[] {
  const out = new Set<string>([ENGLAND]);
  for (const code of new Set(cells.map((c) => c.area))) for (const a of areas.ancestry(code)) out.add(a.code);
  for (const code of [...areas.subtree(ENGLAND)]) {
    const a = areas.get(code);
    if (a && a.kind === 'la' && areas.predecessors(code).some((p) => out.has(p))) out.add(code);
  }
  return [...out].sort();
}

interface Model {
  cells: readonly Cell[];
  lookup: Map<string, number[]>;
  present: Map<string, Set<string>>;
  /** The requested area's units (series-units.ts). */
  units: readonly Unit[];
}

/** The stored cells a row's numerator and denominator add up, as the attacker understands the series. */
function figureCells(
  request: SeriesRequest,
  indicator: ExtractIndicator,
  periodType: ExtractPeriodType,
  period: string,
  breakdown: string | null,
  { cells, lookup, present, units }: Model,
): { num: number[] | null; den: number[] | null } {
  const { first, last } = windowQuarters(periodType, windowIndex(periodType, period));
  const f = indicator.formula;
  const dataset = DATASETS[indicator.dataset];
  const primary = dataset.measures[0]!.name;
  // Which stored rows the series reads, as series-source.ts selects them: that decides which quarters a unit has.
  const [anchor, anchorDimension, given] =
    f.type === 'measure' ? [f.measure, request.breakdown ?? '', false]
    : f.type === 'measure_share' ? [f.numerator, request.breakdown ?? '', false]
    : [primary, f.dimension, true];
  const have = present.get(`${indicator.dataset}|${anchor}|${anchorDimension}${given ? '|given' : ''}`) ?? new Set<string>();
  const members: string[] = [];
  for (const unit of units) {
    let quarters = 0;
    for (let q = first; q <= last; q++) if (unit.members.some((m) => have.has(`${m}|${q}`))) quarters++;
    if (quarters >= requiredQuarters(periodType)) members.push(...unit.members);
  }
  const bit = (m: string) => dataset.measures.findIndex((x) => x.name === m);
  const collect = (dimension: string, values: readonly (string | null)[], measure: string, given: readonly string[] = [measure]) => {
    const ids: number[] = [];
    for (const m of members) {
      for (let q = first; q <= last; q++) {
        for (const v of values) {
          for (const id of lookup.get([indicator.dataset, m, q, dimension, v ?? VALUE_NULL, measure].join('|')) ?? []) {
            if (given.every((g) => cells[id]!.blanks[bit(g)] === '0')) ids.push(id);
          }
        }
      }
    }
    return ids;
  };
  const dim = breakdown === null ? '' : request.breakdown!;
  const cellValue = breakdown === null || breakdown === VALUE_NULL ? [null] : [breakdown];
  switch (f.type) {
    case 'measure':
      return { num: collect(dim, cellValue, f.measure), den: null };
    case 'measure_share': {
      const both = [f.numerator, f.denominator];
      return { num: collect(dim, cellValue, f.numerator, both), den: collect(dim, cellValue, f.denominator, both) };
    }
    case 'dimension_share': {
      const values = dataset.dimensions.find((d) => d.name === f.dimension)!.values;
      return { num: collect(f.dimension, f.values, primary), den: collect(f.dimension, values.filter((v) => v !== 'unknown'), primary) };
    }
    case 'completeness': {
      const values = dataset.dimensions.find((d) => d.name === f.dimension)!.values;
      return { num: collect(f.dimension, ['unknown'], primary), den: collect(f.dimension, values, primary) };
    }
  }
}

const labels = new Map<string, number>();
function windowIndex(type: ExtractPeriodType, label: string): number {
  const k = `${type}|${label}`;
  if (!labels.size) {
    for (let q = 2000 * 4; q < 2040 * 4; q++) {
      for (const t of ['quarter', 'financial_year', 'rolling_12m', 'year'] as const) for (const w of windowsOfQuarter(t, q)) labels.set(`${t}|${windowLabel(t, w)}`, w);
    }
  }
  const w = labels.get(k);
  if (w === undefined) throw new Error(`unknown window ${k}`);
  return w;
}

/** Bound propagation over Σ sign·x ∈ [lo, hi] with x ≥ 0 integers, to a fixed point. */
function propagate(n: number, relations: readonly Relation[]): [Float64Array, Float64Array] {
  const lo = new Float64Array(n);
  const hi = new Float64Array(n).fill(Infinity);
  for (let round = 0, changed = true; changed && round < 200; round++) {
    changed = false;
    for (const r of relations) {
      let minSum = 0;
      let maxSum = 0;
      for (let k = 0; k < r.cells.length; k++) {
        const i = r.cells[k]!;
        if (r.signs[k]! > 0) {
          minSum += lo[i]!;
          maxSum += hi[i]!;
        } else {
          minSum -= hi[i]!;
          maxSum -= lo[i]!;
        }
      }
      for (let k = 0; k < r.cells.length; k++) {
        const i = r.cells[k]!;
        const s = r.signs[k]!;
        const ownMin = s > 0 ? lo[i]! : -hi[i]!;
        const ownMax = s > 0 ? hi[i]! : -lo[i]!;
        // Σ others ∈ [minSum − ownMin, maxSum − ownMax]; so own ∈ [lo − othersMax, hi − othersMin].
        const othersMin = minSum - ownMin;
        const othersMax = maxSum - ownMax;
        const newMin = Number.isFinite(othersMax) ? r.lo - othersMax : -Infinity;
        const newMax = Number.isFinite(othersMin) ? r.hi - othersMin : Infinity;
        // A term with coefficient −1 bounds the figure by the negated interval.
        const [l, h] = s > 0 ? [Math.ceil(newMin), Math.floor(newMax)] : [Math.ceil(-newMax), Math.floor(-newMin)];
        if (l > lo[i]!) {
          lo[i] = l;
          changed = true;
        }
        if (h < hi[i]!) {
          hi[i] = h;
          changed = true;
        }
      }
    }
  }
  return [lo, hi];
}
