/** Verdicts in words: better/worse with a polarity, higher/lower without, and the key that says which. */
import { describe, expect, it } from 'vitest';
import { comparatorTitle, contributorsNote, isPublished, unpublishedText } from '../../client/comparators.js';
import { polarityKey, verdictWords } from '../../client/polarity-words.js';
import { EXTRACT_INDICATORS } from '../../server/indicators/catalogue.js';

const indicator = (id: string) => EXTRACT_INDICATORS.find((i) => i.id === id)!;

describe('verdict words', () => {
  it('says higher or lower, never better or worse, for an indicator without polarity (CSE referrals)', () => {
    const referrals = indicator('referrals.referrals');
    expect(referrals.polarity).toBe('none');
    expect(verdictWords('higher', referrals.polarity)).toBe('Higher');
    expect(verdictWords('lower', referrals.polarity)).toBe('Lower');
    expect(verdictWords('similar', referrals.polarity)).toBe('Similar');
    const key = polarityKey(referrals);
    expect(key).toMatch(/^Key: Higher \/ Lower: significantly above or below the comparator, which is neither better nor worse for Referrals\./);
    expect(key).toContain('a rise in CSE referrals can mean better identification');
    expect(key).not.toMatch(/Better \//);
  });

  it('says better or worse, with the direction, for an indicator with polarity', () => {
    const interviews = indicator('missing.return_interview_72h_share');
    expect(interviews.polarity).toBe('high_is_good');
    expect(verdictWords('better', interviews.polarity)).toBe('Better (higher)');
    expect(verdictWords('worse', interviews.polarity)).toBe('Worse (lower)');
    expect(polarityKey(interviews)).toMatch(/^Key: Better \/ Worse: .*higher is better\. Higher is better: statutory guidance/);

    const unrecorded = indicator('referrals.completeness.risk_level');
    expect(unrecorded.polarity).toBe('low_is_good');
    expect(verdictWords('better', unrecorded.polarity)).toBe('Better (lower)');
    expect(verdictWords('worse', unrecorded.polarity)).toBe('Worse (higher)');
    // A bare higher/lower against an indicator with polarity still says which is good.
    expect(verdictWords('higher', unrecorded.polarity)).toBe('Worse (higher)');
    expect(polarityKey(unrecorded)).toContain('lower is better');
  });

  it('says when there was nothing to compare with', () => {
    expect(verdictWords(null, 'none')).toBe('Not compared');
  });
});

describe('comparator titles', () => {
  it('puts "9 of 10 have a value" beside the neighbours', () => {
    expect(comparatorTitle({ code: 'neighbours', kind: 'neighbours', label: 'Statistical neighbours (median)', contributors: 9, expected: 10 }))
      .toBe('Statistical neighbours (median), 9 of 10 have a value');
  });

  it('says how many partnerships report, and nothing more for a published figure built from every authority', () => {
    const sum = { code: 'E92000001', kind: 'england' as const, label: 'Partnerships reporting in England', contributors: 5, expected: 153 };
    expect(comparatorTitle(sum)).toBe('Partnerships reporting in England, 5 of 153 authorities report');
    expect(isPublished(sum)).toBe(true);
    expect(comparatorTitle({ ...sum, label: 'England (published)', contributors: 153 })).toBe('England (published)');
    const few = { ...sum, kind: 'region' as const, label: 'Partnerships reporting in the North West (not published: fewer than 3 authorities report)', contributors: 1, expected: 24 };
    expect(isPublished(few)).toBe(false);
    expect(contributorsNote(few)).toBe('1 of 24 authorities report');
    expect(unpublishedText(few)).toBe('Partnerships reporting in the North West: not published, fewer than 3 authorities report (1 of 24 authorities report)');
  });
});
