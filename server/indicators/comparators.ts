/**
 * What each comparator of a series is, in the words the pages show (contracts.md, the
 * `comparators` block): a figure published as official statistics, a sum of the partnerships that
 * upload extracts, or the median of the DfE statistical neighbours, and how many authorities it
 * is built from. A board reading "higher than England" must be able to tell which England.
 */
import type { Area } from './area-index.js';
import type { Compare } from './series-request.js';

export interface ComparatorInfo {
  /** The `area_code` the comparator's rows carry (`neighbours` for the median). */
  code: string;
  kind: Compare;
  label: string;
  /** Authorities the figure is built from in the latest period (neighbours: how many have a value). */
  contributors: number;
  /** How many it could be built from (neighbours: how many neighbours there are, 10). */
  expected: number;
}

/**
 * Where an England or region figure comes from: the file's own published row, the sum of the
 * file's published rows for its regions or its local authorities (a file without that row), or
 * the sum of uploaded extracts.
 */
export type AggregateSource = 'published' | 'sum_of_regions' | 'sum_of_authorities' | 'partnerships';

export const NEIGHBOURS_LABEL = 'Statistical neighbours (median)';

/** "the North West", "the East of England", but "London", "Yorkshire and The Humber", "England". */
export function placeName(area: Pick<Area, 'name' | 'kind'>): string {
  return area.kind === 'region' && /^(North|South|East|West)\b/.test(area.name) ? `the ${area.name}` : area.name;
}

export function aggregateLabel(area: Pick<Area, 'name' | 'kind'>, source: AggregateSource, published: boolean, minContributors: number): string {
  switch (source) {
    case 'published':
      return `${area.name} (published)`;
    case 'sum_of_regions':
      return `${area.name} (sum of published regional figures)`;
    case 'sum_of_authorities':
      return `${area.name} (sum of published local authority figures)`;
    case 'partnerships':
      return published
        ? `Partnerships reporting in ${placeName(area)}`
        : `Partnerships reporting in ${placeName(area)} (not published: fewer than ${minContributors} authorities report)`;
  }
}
