import { canSeeArea, type AuthUser } from '../auth/roles.js';
import { ENGLAND, type Area, type AreaIndex } from './area-index.js';

/**
 * Whether the user may read this area's own figures. England and the regions are benchmarks,
 * open to everyone; otherwise the user's scope must include the area or an area it lies in
 * (a county partnership sees its districts), under any code the area has had (a recoded
 * authority is one authority).
 */
export function mayReadArea(user: AuthUser, area: Area, areas: AreaIndex): boolean {
  if (area.kind === 'country' || area.kind === 'region') return true;
  return areas.ancestry(area.code).some((a) => areas.codesOf(a.code).some((code) => canSeeArea(user, code)));
}

/**
 * Whether the user may write this area's figures or plans. Unlike reading, England and the
 * regions are not open to all: a figure stored for them reaches every viewer, so only users with
 * no area scope (admins, partnership-wide analysts) may write them. The role is checked by the route.
 */
export function mayWriteArea(user: AuthUser, area: Area, areas: AreaIndex): boolean {
  return user.areas === null || areas.ancestry(area.code).some((a) => canSeeArea(user, a.code));
}

/** Every area code the user may write (their areas and what lies within them), or null for all. */
export function writableAreaCodes(user: AuthUser, areas: AreaIndex): string[] | null {
  if (user.areas === null) return null;
  return [...new Set(user.areas.filter((code) => areas.get(code) !== undefined).flatMap((code) => areas.subtree(code)))].sort();
}

/** Every area code whose figures the user may read (their areas, within them, England, regions), or null for all. */
export function readableAreaCodes(user: AuthUser, areas: AreaIndex): string[] | null {
  const own = writableAreaCodes(user, areas);
  return own === null ? null : [...new Set([...own, ENGLAND, ...areas.regions().map((r) => r.code)])].sort();
}
