/** The indicator catalogue (`/api/indicators`) and the choices the pages make from it. */
import { getJson } from './api.js';
import type { Indicator, Stat } from './api-types.js';

export async function loadIndicators(): Promise<Indicator[]> {
  const list = await getJson<Indicator[]>('/api/indicators', undefined, { cache: true });
  if (!Array.isArray(list)) throw new Error('/api/indicators did not answer a list');
  return list.filter((i) => i && typeof i.id === 'string');
}

const EXTRACT_DATASETS = new Set(['referrals', 'missing', 'mase']);

/** The dataset (or statistics slug) an indicator comes from: the part of its id before the dot. */
export function indicatorDataset(ind: Indicator): string {
  return ind.dataset ?? ind.id.split('.')[0] ?? '';
}

/**
 * Official statistics imported with `import-stats` (`cin_factors.*`): published for every LA. Not
 * local extracts either way, a plan's measures of success (`plan.*`) count as such here too; pages
 * that list official statistics leave them out with isPlanMeasure (measures.ts).
 */
export function isOfficial(ind: Indicator): boolean {
  return !EXTRACT_DATASETS.has(indicatorDataset(ind));
}

export function isProportion(ind: Indicator): boolean {
  return /proportion|percent|share|%/i.test(ind.unit) || ind.stats?.[0] === 'proportion';
}

/** The stats the indicator offers, first one the default. */
export function statsFor(ind: Indicator): Stat[] {
  if (ind.stats?.length) return ind.stats;
  if (isProportion(ind)) return ['proportion'];
  if (/rate|per 10,?000/i.test(ind.unit)) return ['rate'];
  return ['count', 'rate'];
}

export function defaultStat(ind: Indicator): Stat {
  return statsFor(ind)[0]!;
}

export function indicatorGroup(ind: Indicator): string {
  const prefix = ind.id.split('.')[0] ?? '';
  const groups: Record<string, string> = {
    referrals: 'CSE referrals',
    missing: 'Missing episodes',
    mase: 'MASE activity',
    cin_factors: 'Children in need: factors at assessment (DfE)',
  };
  return groups[prefix] ?? ind.source ?? 'Other';
}

export function indicatorOptions(list: Indicator[]): { value: string; label: string; group: string }[] {
  return list.map((i) => ({ value: i.id, label: i.name, group: indicatorGroup(i) }));
}
