/** Re-basing SPC limits at known changes, only where a sustained shift (a run of 7) follows. */
import { describe, expect, it } from 'vitest';

import { sustainedShiftCuts, xmrInPhases } from '../../../server/statistics/spc-phases.js';

const low = [10, 12, 9, 11, 13, 10, 12, 11];
const high = [20, 22, 19, 21, 23, 20, 22, 21];

describe('sustainedShiftCuts', () => {
  it('accepts a known change that 7 points on one side of the old mean follow', () => {
    expect(sustainedShiftCuts([...low, ...high], [8])).toEqual([8]);
  });

  it('refuses a change with no shift after it, or fewer than 7 points after, or fewer than 7 before', () => {
    expect(sustainedShiftCuts([...low, ...low], [8])).toEqual([]);
    expect(sustainedShiftCuts([...low, ...high.slice(0, 6)], [8])).toEqual([]);
    expect(sustainedShiftCuts([...low.slice(0, 6), ...high], [6])).toEqual([]);
  });

  it('judges each candidate against the phase the accepted ones leave, skipping gaps, ignoring nonsense', () => {
    const values = [...low, null, ...high, ...high];
    expect(sustainedShiftCuts(values, [8, 9, 12, 17, 17, -1, 999, 2.5])).toEqual([8]);
    const back = [...low, ...high, ...low];
    expect(sustainedShiftCuts(back, [16, 8])).toEqual([8, 16]);
  });
});

describe('xmrInPhases', () => {
  it('gives each phase its own limits, so the new level is not all special causes', () => {
    const values = [...low, ...high];
    const one = xmrInPhases(values, []);
    const two = xmrInPhases(values, [8]);
    expect(one.segments).toHaveLength(1);
    expect(one.points.filter((p) => p!.rule !== 'none').length).toBeGreaterThan(8);
    expect(two.segments.map((s) => s.mean)).toEqual([11, 21]);
    expect(two.points.every((p) => p!.rule === 'none')).toBe(true);
  });
});
