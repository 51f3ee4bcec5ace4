/**
 * Benchmark verdicts in words that say whether a difference is good or bad (the Fingertips rule,
 * statistics.md): "better" or "worse" only where the indicator has a polarity, "higher" or "lower"
 * where it has none, and a key that says which applies and why.
 */
import type { Polarity } from '../server/statistics/polarity.js';

/** "Better (higher)", "Worse (lower)", "Higher", "Similar", or "Not compared". */
export function verdictWords(verdict: string | null | undefined, polarity: Polarity): string {
  if (!verdict) return 'Not compared';
  const higherIsGood = polarity === 'high_is_good';
  switch (verdict) {
    case 'similar':
      return 'Similar';
    case 'better':
      return `Better (${higherIsGood ? 'higher' : 'lower'})`;
    case 'worse':
      return `Worse (${higherIsGood ? 'lower' : 'higher'})`;
    case 'higher':
      return polarity === 'none' ? 'Higher' : higherIsGood ? 'Better (higher)' : 'Worse (higher)';
    case 'lower':
      return polarity === 'none' ? 'Lower' : higherIsGood ? 'Worse (lower)' : 'Better (lower)';
    default:
      return verdict;
  }
}

/** The key printed beside verdicts: how to read them for this indicator. */
export function polarityKey(indicator: { name: string; polarity: Polarity; polarity_reason?: string }): string {
  const reason = indicator.polarity_reason ? ` ${indicator.polarity_reason}` : '';
  const similar = 'Similar: the comparator lies inside the 95% confidence interval.';
  if (indicator.polarity === 'none') {
    return `Key: Higher / Lower: significantly above or below the comparator, which is neither better nor worse for ${indicator.name}.${reason} ${similar}`;
  }
  const good = indicator.polarity === 'high_is_good' ? 'higher' : 'lower';
  return `Key: Better / Worse: significantly ${good === 'higher' ? 'above' : 'below'} / ${good === 'higher' ? 'below' : 'above'} the comparator; for ${indicator.name}, ${good} is better.${reason} ${similar}`;
}
