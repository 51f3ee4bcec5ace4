import { describe, expect, it } from 'vitest';
import { benchmark } from '../../../server/statistics/benchmark.js';
import { rateEstimate } from '../../../server/statistics/intervals.js';

const area = { lower95: 2, upper95: 4, lower998: 1, upper998: 5 };

describe('benchmark (Fingertips rule)', () => {
  it('is similar when the comparator lies inside the 95% interval, bounds included', () => {
    for (const comparator of [2, 3, 4]) {
      expect(benchmark(area, comparator, 'none')).toEqual({ verdict95: 'similar', verdict998: 'similar' });
    }
  });

  it('is higher at 95% but similar at 99.8% when the comparator is between the two lower bounds', () => {
    expect(benchmark(area, 1.5, 'none')).toEqual({ verdict95: 'higher', verdict998: 'similar' });
    expect(benchmark(area, 1, 'none')).toEqual({ verdict95: 'higher', verdict998: 'similar' });
  });

  it('is higher at both levels when the comparator is below both intervals', () => {
    expect(benchmark(area, 0.5, 'none')).toEqual({ verdict95: 'higher', verdict998: 'higher' });
  });

  it('is lower when the comparator is above the interval', () => {
    expect(benchmark(area, 4.5, 'none')).toEqual({ verdict95: 'lower', verdict998: 'similar' });
    expect(benchmark(area, 6, 'none')).toEqual({ verdict95: 'lower', verdict998: 'lower' });
  });

  it('says better or worse when the indicator has a polarity', () => {
    expect(benchmark(area, 0.5, 'high_is_good')).toEqual({ verdict95: 'better', verdict998: 'better' });
    expect(benchmark(area, 0.5, 'low_is_good')).toEqual({ verdict95: 'worse', verdict998: 'worse' });
    expect(benchmark(area, 4.5, 'high_is_good')).toEqual({ verdict95: 'worse', verdict998: 'similar' });
    expect(benchmark(area, 6, 'low_is_good')).toEqual({ verdict95: 'better', verdict998: 'better' });
    expect(benchmark(area, 3, 'low_is_good')).toEqual({ verdict95: 'similar', verdict998: 'similar' });
  });

  it('gives null verdicts without a comparator or without an interval', () => {
    expect(benchmark(area, null, 'high_is_good')).toEqual({ verdict95: null, verdict998: null });
    const suppressed = { lower95: null, upper95: null, lower998: null, upper998: null };
    expect(benchmark(suppressed, 3, 'none')).toEqual({ verdict95: null, verdict998: null });
  });

  it('works on a rate estimate: 3 per 20,000 (0.3093–4.3836; 0.0953–6.5311) against 4.4 and 7', () => {
    const rate = rateEstimate(3, 20_000);
    expect(benchmark(rate, 4.4, 'low_is_good')).toEqual({ verdict95: 'better', verdict998: 'similar' });
    expect(benchmark(rate, 7, 'low_is_good')).toEqual({ verdict95: 'better', verdict998: 'better' });
    expect(benchmark(rate, 4.38, 'low_is_good')).toEqual({ verdict95: 'similar', verdict998: 'similar' });
  });
});
