/**
 * Who reads which layer, and the public parameters of disclosure control (docs/disclosure.md).
 * Analysts and admins read raw figures of the areas in their scope; everything else a user can
 * obtain (a viewer's every figure, an analyst's view of another area, of a neighbour, or of a
 * region or England that includes areas outside their scope) comes from the published layer.
 */
import { SERIES_MAX_CHANGE } from '../../pipelines/disclosure-perturbation.js';
import { canSeeArea, seesRawFigures, type AuthUser } from '../auth/roles.js';
import type { AreaIndex } from './area-index.js';

export interface DisclosurePolicy {
  /** Published counts from 1 to threshold - 1 are shown as `c`. */
  threshold: number;
  /** A region or England built from uploads needs this many upper-tier authorities reporting. */
  minContributors: number;
}

export const DEFAULT_DISCLOSURE: DisclosurePolicy = { threshold: 5, minContributors: 3 };

export const DISCLOSURE_METHOD = 'perturbed';

/** Largest change to one perturbed series over any run of quarters (public, like all of these). */
export const PER_SERIES_MAX_CHANGE = SERIES_MAX_CHANGE;

/** Whether every stored area code listed is within the user's raw-data scope. */
export function readsRaw(user: AuthUser, codes: readonly string[], areas: AreaIndex): boolean {
  if (!seesRawFigures(user)) return false;
  if (user.areas === null) return true;
  return codes.every((code) => areas.ancestry(code).some((a) => canSeeArea(user, a.code)));
}

/** A published count a viewer may see as a number: 0, or at least the threshold. */
export function isHiddenCount(count: number, policy: DisclosurePolicy): boolean {
  return count >= 1 && count < policy.threshold;
}
