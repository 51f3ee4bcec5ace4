/** Which direction of an indicator is desirable; 'none' where a change is neither good nor bad. */
export type Polarity = 'high_is_good' | 'low_is_good' | 'none';

/** Whether a movement in `direction` is good or bad news, or neither when there is no polarity. */
export function judge(direction: 'up' | 'down', polarity: Polarity): 'good' | 'bad' | 'neutral' {
  if (polarity === 'none') return 'neutral';
  return (direction === 'up') === (polarity === 'high_is_good') ? 'good' : 'bad';
}
