export const ROLES = ['viewer', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is asking, as every route sees it after authentication. */
export interface AuthUser {
  id: number;
  username: string;
  role: Role;
  /** Area codes whose detail this user may see; null means every area. Benchmarks are always visible. */
  areas: string[] | null;
}

/** Viewers (and anything public) get disclosure-controlled figures; analysts and admins raw ones. */
export function seesRawFigures(user: AuthUser): boolean {
  return user.role === 'analyst' || user.role === 'admin';
}

export function canSeeArea(user: AuthUser, areaCode: string): boolean {
  return user.areas === null || user.areas.includes(areaCode);
}
