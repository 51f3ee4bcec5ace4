/**
 * The areas a user can choose: from `/api/areas` when the server offers it, otherwise from the
 * areas that hold loaded data (`/api/datasets`).
 */
import { ApiError, currentSession, getJson } from './api.js';
import type { Area, LoadedDataset } from './api-types.js';

export interface AreaCatalogue {
  all: Area[];
  /** Areas with extract data, and the LAs their districts roll up to. */
  withData: Area[];
  name(code: string): string;
  get(code: string): Area | undefined;
  children(code: string): Area[];
  /** The area a user starts on: their own, else the first LA with data. */
  defaultArea(): string | null;
}

const KIND_ORDER: Record<string, number> = { la: 0, district: 1, locality: 2, region: 3, country: 4 };

export async function loadAreas(): Promise<AreaCatalogue> {
  const datasets = await getJson<LoadedDataset[]>('/api/datasets', undefined, { cache: true });
  let all: Area[] = [];
  try {
    all = await getJson<Area[]>('/api/areas', undefined, { cache: true });
  } catch (error) {
    if (!(error instanceof ApiError) || (error.status !== 404 && error.status !== 403)) throw error;
  }
  const byCode = new Map<string, Area>();
  for (const a of all) byCode.set(a.code, a);
  const dataCodes = new Set<string>();
  for (const d of datasets) {
    for (const a of d.areas) {
      dataCodes.add(a.code);
      if (!byCode.has(a.code)) byCode.set(a.code, { code: a.code, name: a.name, kind: a.kind });
    }
  }
  for (const code of [...dataCodes]) {
    const parent = byCode.get(code)?.parent_code;
    const p = parent ? byCode.get(parent) : undefined;
    if (p && (p.kind === 'la')) dataCodes.add(p.code);
  }
  const withData = [...dataCodes]
    .map((c) => byCode.get(c)!)
    .sort((a, b) => (KIND_ORDER[a.kind] ?? 9) - (KIND_ORDER[b.kind] ?? 9) || a.name.localeCompare(b.name));
  const own = currentSession()?.areas ?? null;
  return {
    all: all.length ? all : [...byCode.values()],
    withData,
    name: (code) => byCode.get(code)?.name ?? code,
    get: (code) => byCode.get(code),
    children: (code) => [...byCode.values()].filter((a) => a.parent_code === code).sort((a, b) => a.name.localeCompare(b.name)),
    defaultArea: () => own?.[0] ?? withData.find((a) => a.kind === 'la')?.code ?? withData[0]?.code ?? null,
  };
}

/** Options for an area picker: LAs first, then their districts, grouped by kind. */
export function areaOptions(areas: AreaCatalogue): { value: string; label: string; group: string }[] {
  const group: Record<string, string> = {
    la: 'Local authorities', district: 'Districts', locality: 'Localities', region: 'Regions', country: 'Country',
  };
  return areas.withData.map((a) => ({ value: a.code, label: a.name, group: group[a.kind] ?? 'Other areas' }));
}
