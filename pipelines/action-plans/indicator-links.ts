/**
 * The `indicators` cell of an action: which measures the action is meant to move, and which way.
 * `referrals.referrals:up; missing.cse_concern_share:down; mase.disruption_actions:up:25`.
 * Awareness work is expected to raise referrals at first, so "up" is not always "better"; the
 * direction is the plan's intention, not the indicator's polarity.
 */

export type Direction = 'up' | 'down';

export interface IndicatorLink {
  readonly id: string;
  /** Null when the plan names the indicator without saying which way it should move. */
  readonly direction: Direction | null;
  /** An optional target value after a second colon. */
  readonly target: number | null;
}

export interface IndicatorLinkProblem {
  readonly code: 'unknown_indicator' | 'unreadable_direction' | 'unreadable_target' | 'duplicate_indicator';
  readonly message: string;
}

export interface IndicatorLinkReading {
  readonly links: IndicatorLink[];
  readonly problems: IndicatorLinkProblem[];
}

/** `knownIds` comes from the caller's indicator catalogue, so new datasets need no change here. */
export function readIndicatorLinks(text: string, knownIds: ReadonlySet<string>): IndicatorLinkReading {
  const links: IndicatorLink[] = [];
  const problems: IndicatorLinkProblem[] = [];
  const entries = text.split(';').map((entry) => entry.trim()).filter((entry) => entry !== '');
  for (const entry of entries) {
    const [id = '', rawDirection, rawTarget, ...rest] = entry.split(':').map((part) => part.trim());
    if (!knownIds.has(id)) {
      problems.push({ code: 'unknown_indicator', message: `"${id}" is not a known indicator id.` });
      continue;
    }
    if (links.some((link) => link.id === id)) {
      problems.push({ code: 'duplicate_indicator', message: `"${id}" is listed twice.` });
      continue;
    }
    const direction = readDirection(rawDirection);
    if (direction === undefined) {
      problems.push({ code: 'unreadable_direction', message: `"${entry}": the direction must be up or down.` });
      continue;
    }
    const target = rawTarget === undefined || rawTarget === '' ? null : Number(rawTarget);
    if ((target !== null && !Number.isFinite(target)) || rest.length > 0) {
      const message = `"${entry}": the target after the second colon must be a number.`;
      problems.push({ code: 'unreadable_target', message });
      continue;
    }
    links.push({ id, direction, target });
  }
  return { links, problems };
}

/** Null for no direction, undefined for one we cannot read. */
function readDirection(text: string | undefined): Direction | null | undefined {
  if (text === undefined || text === '') return null;
  const value = text.toLowerCase();
  return value === 'up' || value === 'down' ? value : undefined;
}
