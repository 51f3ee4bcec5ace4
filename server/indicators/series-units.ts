/**
 * Which stored rows make up each line of a series. An area is itself, everything below it and
 * its older codes; England and a region are their local authorities; a neighbour is itself.
 */
import { ENGLAND, type Area, type AreaIndex } from './area-index.js';
import type { OfficialMember } from './official-series-query.js';
import type { Unit } from './series-query.js';
import type { SeriesRole } from './series-rows.js';
import type { SeriesRequest } from './series-request.js';

export const AREA_GROUP = 'area';
const NEIGHBOUR_PREFIX = 'n:';

export function roleOfGroup(group: string): SeriesRole {
  if (group === AREA_GROUP) return 'area';
  if (group.startsWith(NEIGHBOUR_PREFIX)) return 'neighbour';
  return group === 'england' ? 'england' : 'region';
}

/** The area code a group's rows carry. */
export function codeOfGroup(group: string, request: SeriesRequest, areas: AreaIndex): string {
  if (group === AREA_GROUP) return request.area.code;
  if (group.startsWith(NEIGHBOUR_PREFIX)) return group.slice(NEIGHBOUR_PREFIX.length);
  if (group === 'england') return ENGLAND;
  return areas.regionOf(request.area.code)?.code ?? group;
}

/** The area with every code it has had, each with everything below it. */
function sameAreaCodes(code: string, areas: AreaIndex): { members: string[]; populationCodes: string[] } {
  const codes = areas.codesOf(code);
  return { members: [...new Set(codes.flatMap((c) => areas.subtree(c)))], populationCodes: codes };
}

/** One unit per authority in the area; a recoded authority is one unit under all its codes. */
function authorityUnits(group: string, within: string, areas: AreaIndex): Unit[] {
  const current = [...new Set(areas.authoritiesIn(within).map((la) => areas.current(la.code)))];
  return current.map((code) => ({ unit: `${group}:${code}`, group, ...sameAreaCodes(code, areas) }));
}

/** Units of an extract series: the area and the comparator asked for. */
export function extractUnits(request: SeriesRequest, areas: AreaIndex): Unit[] {
  const { area, compare } = request;
  const units: Unit[] = isAggregate(area)
    ? authorityUnits(AREA_GROUP, area.code, areas)
    : [{ unit: AREA_GROUP, group: AREA_GROUP, ...sameAreaCodes(area.code, areas) }];
  if (compare === 'england') units.push(...authorityUnits('england', ENGLAND, areas));
  if (compare === 'region') units.push(...authorityUnits('region', areas.regionOf(area.code)!.code, areas));
  if (compare === 'neighbours') {
    for (const n of neighboursOf(area, areas)) {
      const group = `${NEIGHBOUR_PREFIX}${n}`;
      units.push({ unit: group, group, ...sameAreaCodes(n, areas) });
    }
  }
  return units;
}

/**
 * Members of an official-statistics series: each group's own published rows, and for England and
 * regions the rows below them, summed only where the file has no row of their own.
 */
export function officialMembers(request: SeriesRequest, areas: AreaIndex): OfficialMember[] {
  const { area, compare } = request;
  const aggregateMembers = (group: string, code: string): OfficialMember[] => [
    { code, group, source: 'direct' },
    ...(code === ENGLAND ? areas.regions() : []).map((r): OfficialMember => ({ code: r.code, group, source: 'sum' })),
    ...areas.authoritiesIn(code).map((la): OfficialMember => ({ code: la.code, group, source: 'sum' })),
  ];
  const members: OfficialMember[] = isAggregate(area)
    ? aggregateMembers(AREA_GROUP, area.code)
    : areas.codesOf(area.code).map((code) => ({ code, group: AREA_GROUP, source: 'direct' }));
  if (compare === 'england') members.push(...aggregateMembers('england', ENGLAND));
  if (compare === 'region') members.push(...aggregateMembers('region', areas.regionOf(area.code)!.code));
  if (compare === 'neighbours') {
    for (const n of neighboursOf(area, areas)) {
      const group = `${NEIGHBOUR_PREFIX}${n}`;
      members.push(...areas.codesOf(n).map((code): OfficialMember => ({ code, group, source: 'direct' })));
    }
  }
  return members;
}

/** England or a region: their figures are sums of their authorities'. */
export function isAggregate(area: Area): boolean {
  return area.kind === 'country' || area.kind === 'region';
}

function neighboursOf(area: Area, areas: AreaIndex): string[] {
  const la = areas.authorityOf(area.code);
  return la ? areas.neighbours(la.code) : [];
}
