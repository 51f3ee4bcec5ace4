/**
 * The board's headline set, in order. Each entry takes the first indicator of the catalogue that
 * matches, so an official import under another name (`SLUG.child_sexual_exploitation`) still
 * finds its place; an entry with no match is left out.
 */
import type { Stat } from '../indicators/catalogue.js';
import type { ListedIndicator } from '../indicators/load-catalogue.js';

interface Headline {
  match: (string | RegExp)[];
  stat?: Stat;
}

const HEADLINES: readonly Headline[] = [
  { match: ['referrals.referrals'], stat: 'rate' },
  { match: ['referrals.known_victim_share', /^referrals\..*known_victim/] },
  { match: ['referrals.boys_share', /^referrals\..*(male|boys)_share/] },
  { match: ['missing.episodes'], stat: 'rate' },
  { match: ['missing.cse_concern_share', /^missing\..*cse.*share/] },
  { match: ['missing.return_interview_72h_share', /^missing\..*72h.*share/] },
  { match: ['mase.cases_discussed'] },
  { match: ['mase.risk_reduced_share'] },
  { match: ['mase.disruption_actions'] },
  { match: [/\.child_sexual_exploitation$/], stat: 'rate' },
  { match: [/\.going_missing$/], stat: 'rate' },
];

export interface ChosenHeadline {
  indicator: ListedIndicator;
  stat: Stat;
}

export function chooseHeadlines(indicators: readonly ListedIndicator[]): ChosenHeadline[] {
  const used = new Set<string>();
  const chosen: ChosenHeadline[] = [];
  for (const h of HEADLINES) {
    const found = h.match
      .map((m) => indicators.find((i) => !used.has(i.id) && (typeof m === 'string' ? i.id === m : m.test(i.id))))
      .find((i) => i !== undefined);
    if (!found) continue;
    used.add(found.id);
    chosen.push({ indicator: found, stat: h.stat && found.stats.includes(h.stat) ? h.stat : found.stats[0]! });
  }
  return chosen;
}
