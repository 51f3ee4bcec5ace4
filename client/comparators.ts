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

const NOT_PUBLISHED = / \(not published\b[^)]*\)$/;

/** Whether the comparator has figures to show: a partnership sum below the threshold has none. */
export function isPublished(info: ComparatorInfo): boolean {
  return !NOT_PUBLISHED.test(info.label);
}

/**
 * Why a comparator shows nothing, in one phrase: "Partnerships reporting in the North West: not
 * published, fewer than 3 authorities report (1 of 24 authorities report)".
 */
export function unpublishedText(info: ComparatorInfo): string {
  const reason = (NOT_PUBLISHED.exec(info.label)?.[0] ?? ' (not published)').trim().slice(1, -1).replace(/^not published: /, 'not published, ');
  return `${info.label.replace(NOT_PUBLISHED, '')}: ${reason} (${info.contributors} of ${info.expected} ${info.kind === 'neighbours' ? 'have a value' : 'authorities report'})`;
}
