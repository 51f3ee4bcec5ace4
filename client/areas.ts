/**
 * The areas a user can choose, from `GET /api/areas` (once per session): names, kinds, parents,
 * regions, statistical neighbours, whether extract data are loaded and whether the user may read
 * the area. Districts' data roll up to their LA, so an LA with a district's data is offered too.
 */
import { currentSession, getJson, onSessionChange } from './api.js';
import type { Area } from './api-types.js';

export const AREAS_URL = '/api/areas';

export interface AreaCatalogue {
  all: Area[];
  /** Areas with extract data, and the LAs their districts roll up to, that the user may read. */
  withData: Area[];
  name(code: string): string;
  get(code: string): Area | undefined;
  children(code: string): Area[];
  /** The area a user starts on: their own, else the first LA with data. */
  defaultArea(): string | null;
}

const KIND_ORDER: Record<string, number> = { la: 0, district: 1, locality: 2, region: 3, country: 4 };

let loading: Promise<AreaCatalogue> | null = null;
// What a user may read is theirs: another sign-in reads the list again.
onSessionChange(() => {
  loading = null;
});

export function loadAreas(): Promise<AreaCatalogue> {
  loading ??= build().catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}

async function build(): Promise<AreaCatalogue> {
  const reference = await getJson<Area[]>(AREAS_URL, undefined, { cache: true });
  const byCode = new Map<string, Area>();
  for (const a of reference) byCode.set(a.code, a);
  const dataCodes = new Set(reference.filter((a) => a.has_data).map((a) => a.code));
  for (const code of [...dataCodes]) {
    const parent = byCode.get(code)?.parent_code;
    const p = parent ? byCode.get(parent) : undefined;
    if (p?.kind === 'la') dataCodes.add(p.code);
  }
  const withData = [...dataCodes]
    .map((c) => byCode.get(c)!)
    .filter((a) => a.readable)
    .sort((a, b) => (KIND_ORDER[a.kind] ?? 9) - (KIND_ORDER[b.kind] ?? 9) || a.name.localeCompare(b.name));
  const children = new Map<string, Area[]>();
  for (const a of byCode.values()) {
    if (!a.parent_code || !a.live) continue;
    if (!children.has(a.parent_code)) children.set(a.parent_code, []);
    children.get(a.parent_code)!.push(a);
  }
  return {
    all: [...byCode.values()],
    withData,
    name: (code) => byCode.get(code)?.name ?? (code === 'neighbours' ? 'Statistical neighbours (median)' : code),
    get: (code) => byCode.get(code),
    children: (code) => [...(children.get(code) ?? [])].sort((a, b) => a.name.localeCompare(b.name)),
    defaultArea: () => currentSession()?.areas?.[0] ?? withData.find((a) => a.kind === 'la')?.code ?? withData[0]?.code ?? null,
  };
}

/** Options for an area picker, grouped by kind, in the order given (`withData`'s: LAs first, then districts, each in name order). */
export function areaOptions(areas: readonly Pick<Area, 'code' | 'name' | 'kind'>[]): { value: string; label: string; group: string }[] {
  const group: Record<string, string> = {
    la: 'Local authorities', district: 'Districts', locality: 'Localities', region: 'Regions', country: 'Country',
  };
  return areas.map((a) => ({ value: a.code, label: a.name, group: group[a.kind] ?? 'Other areas' }));
}
