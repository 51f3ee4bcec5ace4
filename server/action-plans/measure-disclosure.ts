/**
 * Disclosure control of measures of success: the one place that decides what a user may see of a
 * measure's value, used by GET /api/plans/:plan/measures and by the measure's series alike, so
 * that it can adopt the published-cell layer of the extract figures in one change.
 *
 * A measure that counts children (`counts_children`) is a local, unpublished count of young people:
 * for viewers a value from 1 to the threshold is hidden, as small extract counts are. Measures that
 * count something else (training attendees, businesses) or are scores and percentages are shown.
 *
 * Residual risk, accepted and documented (docs/action-plans.md): a measure's quarterly values are
 * not part of a breakdown with a published total, so no secondary suppression is needed within the
 * series; but a board that records the same children under two measures, or a cumulative count
 * beside a quarterly one, lets a viewer subtract one published figure from another. The target
 * stays visible (it is the plan's aim, not a count of anyone), and the on/off-target verdict of a
 * hidden value is given only where every value it could be would get the same verdict.
 */
import { seesRawFigures, type AuthUser } from '../auth/roles.js';
import { DEFAULT_DISCLOSURE, isHiddenCount } from '../indicators/disclosure-policy.js';

export interface PublishedMeasureValue {
  readonly value: number | null;
  readonly suppressed: boolean;
}

export function publishedMeasureValue(value: number, countsChildren: boolean, user: AuthUser): PublishedMeasureValue {
  if (!countsChildren || seesRawFigures(user) || !isHiddenCount(value, DEFAULT_DISCLOSURE)) return { value, suppressed: false };
  return { value: null, suppressed: true };
}

/** Every value a hidden one could be: the small counts. */
export function hiddenValueRange(): number[] {
  return Array.from({ length: DEFAULT_DISCLOSURE.threshold - 1 }, (_, index) => index + 1);
}
