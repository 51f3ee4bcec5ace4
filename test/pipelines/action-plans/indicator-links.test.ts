import { describe, expect, it } from 'vitest';

import { readIndicatorLinks } from '../../../pipelines/action-plans/indicator-links.js';
import { INDICATOR_IDS } from './indicator-ids.js';

describe('readIndicatorLinks', () => {
  it('reads ids, directions and targets', () => {
    expect(readIndicatorLinks(' referrals.referrals:up; missing.cse_concern_share : down ;mase.disruption_actions:up:25; referrals.high_risk_share;', INDICATOR_IDS)).toEqual({
      links: [
        { id: 'referrals.referrals', direction: 'up', target: null },
        { id: 'missing.cse_concern_share', direction: 'down', target: null },
        { id: 'mase.disruption_actions', direction: 'up', target: 25 },
        { id: 'referrals.high_risk_share', direction: null, target: null },
      ],
      problems: [],
    });
  });

  it('reads an empty cell as no links', () => {
    expect(readIndicatorLinks('  ', INDICATOR_IDS)).toEqual({ links: [], problems: [] });
  });

  it('reports ids outside the catalogue, bad directions and targets, and repeats', () => {
    const reading = readIndicatorLinks(
      'referrals.rate:up; referrals.referrals:sideways; mase.new_cases:up:lots; mase.new_cases:up; mase.new_cases:down',
      INDICATOR_IDS,
    );
    expect(reading.problems.map((problem) => problem.code)).toEqual([
      'unknown_indicator', 'unreadable_direction', 'unreadable_target', 'duplicate_indicator',
    ]);
    expect(reading.links).toEqual([{ id: 'mase.new_cases', direction: 'up', target: null }]);
  });
});
