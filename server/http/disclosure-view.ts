import { seesRawFigures, type AuthUser } from '../auth/roles.js';

/**
 * What decides which figures a user may obtain, as one string: whether they see raw or
 * protected figures, their role, and the areas they may read. Two users with the same view get
 * the same answer to the same question, so they may share a cached answer; users whose views
 * differ in any of these never do (an analyst's raw figures never reach a viewer, one scope's
 * answer never reaches another scope, and a refusal is never skipped by a cache hit).
 */
export function disclosureView(user: AuthUser): string {
  const scope = user.areas === null ? 'all' : [...new Set(user.areas)].sort().join(',');
  return `${seesRawFigures(user) ? 'raw' : 'protected'}:${user.role}:${scope}`;
}
