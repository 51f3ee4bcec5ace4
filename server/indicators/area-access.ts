import { canSeeArea, type AuthUser } from '../auth/roles.js';
import type { Area, AreaIndex } from './area-index.js';

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
