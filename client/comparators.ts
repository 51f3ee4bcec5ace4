/**
 * A comparator in the words the server gives it (the `comparators` block of /api/series): what it
 * is ("England (published)", "Partnerships reporting in the North West", "Statistical neighbours
 * (median)") and how many authorities it is built from, so that no page says "England" of a sum
 * of five partnerships.
 */
import type { ComparatorInfo } from '../server/indicators/comparators.js';
import type { Comparator, Series } from './api-types.js';

export function comparatorInfo(series: Series | null | undefined, kind: Comparator): ComparatorInfo | null {
  return series?.comparators?.find((c) => c.kind === kind) ?? null;
}

/** "9 of 10 have a value", "3 of 153 authorities report"; nothing for a published figure built from every authority. */
export function contributorsNote(info: ComparatorInfo): string {
  if (info.kind === 'neighbours') return `${info.contributors} of ${info.expected} have a value`;
  if (info.contributors === info.expected) return '';
  return `${info.contributors} of ${info.expected} authorities ${info.label.startsWith('Partnerships') ? 'report' : 'have a figure'}`;
}

/** The name a chart's legend, table and description use: the label, with how many contribute. */
export function comparatorTitle(info: ComparatorInfo): string {
  const note = contributorsNote(info);
  return note ? `${info.label}, ${note}` : info.label;
}

/** Whether the comparator has figures to show: a partnership sum below the threshold has none. */
export function isPublished(info: ComparatorInfo): boolean {
  return !/\(not published\b/.test(info.label);
}
