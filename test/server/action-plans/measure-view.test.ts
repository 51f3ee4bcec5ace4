/** The measures list's verdicts, and what a viewer may learn of a hidden small count from them. */
import { describe, expect, it } from 'vitest';

import type { MeasureHistory } from '../../../pipelines/action-plans/measure-history.js';
import { measureSummaries, targetStatus } from '../../../server/action-plans/measure-view.js';
import type { AuthUser } from '../../../server/auth/roles.js';

const viewer: AuthUser = { id: 2, username: 'v', role: 'viewer', areas: null };
const analyst: AuthUser = { id: 1, username: 'a', role: 'analyst', areas: null };

function history(value: number, target: number | null, polarity: 'up' | 'down' | null = 'up'): MeasureHistory {
  return {
    measures: [{ plan: 'p', measure: 'mentored', name: 'Mentored', unit: 'count', polarity, refs: [], counts_children: true }],
    values: [{ measure: 'mentored', period: '2015-Q1', value, target, note: null, source: 'app', recorded_by: 'a', recorded_at: '2015-04-01T00:00:00.000Z' }],
  };
}

describe('target status', () => {
  it.each([
    [10, 10, 'up', 'on_target'], [9, 10, 'up', 'off_target'], [9, 10, null, 'off_target'],
    [8.5, 8.5, 'down', 'on_target'], [8.6, 8.5, 'down', 'off_target'], [3, null, 'up', 'no_target'],
  ] as const)('%d against %s (%s) is %s', (value, target, polarity, status) => {
    expect(targetStatus(value, target, polarity)).toBe(status);
  });
});

describe('a hidden value\'s verdict', () => {
  it('is given where every small count would get it, and withheld where it would narrow the count down', () => {
    const latest = (value: number, target: number | null, user: AuthUser, polarity: 'up' | 'down' | null = 'up') =>
      measureSummaries('p', history(value, target, polarity), user)[0]!.latest;
    expect(latest(3, 10, viewer)).toEqual({ period: '2015-Q1', value: null, target: 10, suppressed: true, status: 'off_target' });
    expect(latest(3, 1, viewer)).toMatchObject({ value: null, status: 'on_target' });
    // A target of 3 splits 1–4: on target says 3 or 4, off target 1 or 2; neither is given.
    expect(latest(3, 3, viewer)).toMatchObject({ value: null, suppressed: true, status: 'no_target' });
    expect(latest(3, 3, viewer, 'down')).toMatchObject({ value: null, status: 'no_target' });
    expect(latest(3, 3, analyst)).toMatchObject({ value: 3, suppressed: false, status: 'on_target' });
    // Zero discloses no one and is shown, as with extract counts; so are counts above the threshold.
    expect(latest(0, 3, viewer)).toMatchObject({ value: 0, suppressed: false });
    expect(latest(5, 3, viewer)).toMatchObject({ value: 5, suppressed: false });
  });
});
