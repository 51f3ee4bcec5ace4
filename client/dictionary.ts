/**
 * The data dictionary (extract-format.md) from `GET /api/dictionary`, which serves
 * pipelines/extract-schema.ts as it stands, so the lists are never copied by hand.
 */
import { getJson } from './api.js';
import type { Dataset, Dictionary } from './api-types.js';

export const DICTIONARY_URL = '/api/dictionary';

export async function loadDictionary(): Promise<Dictionary> {
  return getJson<Dictionary>(DICTIONARY_URL, undefined, { cache: true });
}

export function datasetOf(dictionary: Dictionary, id: string): Dataset | undefined {
  return (dictionary.datasets as Record<string, Dataset | undefined>)[id];
}

export function knownColumns(dictionary: Dictionary, dataset: Dataset): string[] {
  return [...dictionary.columns[dataset.id]];
}

/** Header names as the validator reads them: trimmed, lower case, spaces and hyphens as underscores. */
export function normaliseHeader(name: string): string {
  return name.replace(/^\uFEFF/, '').trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/** Breakdowns an indicator of a dataset offers: its dimensions, in dictionary order. */
export function breakdownsOf(dictionary: Dictionary, datasetId: string): { name: string; label: string; values: readonly string[] }[] {
  const d = datasetOf(dictionary, datasetId);
  return d ? d.dimensions.map((x) => ({ name: x.name, label: x.label, values: x.values })) : [];
}
