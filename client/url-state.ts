/**
 * Selections live in the URL (area, period, indicator, breakdown, ...), so a view can be shared,
 * bookmarked and reloaded. Pages read them here and write them back with replaceState (a change
 * of selection) or pushState (a move to another page).
 */
export const SELECTION_KEYS = [
  'area', 'period', 'indicator', 'stat', 'breakdown', 'compare', 'view', 'period_type', 'plan', 'action', 'dataset', 'q',
  // Trends' SPC re-basing: `off`, or a quarter to re-base at besides the linked actions'.
  'rebase',
] as const;
export type SelectionKey = (typeof SELECTION_KEYS)[number];
export type Selection = Partial<Record<SelectionKey, string>>;

/** Fired on window whenever writeSelection changes the URL. */
export const SELECTION_EVENT = 'cse:selectionchange';

/** Selections that follow the user from page to page. */
export const SHARED_KEYS: readonly SelectionKey[] = ['area', 'period'];

export function readSelection(search: string = location.search): Selection {
  const params = new URLSearchParams(search);
  const out: Selection = {};
  for (const key of SELECTION_KEYS) {
    const v = params.get(key);
    if (v !== null && v !== '') out[key] = v;
  }
  return out;
}

export function selectionQuery(selection: Selection): string {
  const params = new URLSearchParams();
  for (const key of SELECTION_KEYS) {
    const v = selection[key];
    if (v !== undefined && v !== '') params.set(key, v);
  }
  const qs = params.toString();
  return qs ? `?${qs}` : '';
}

/** Merges a change into the URL's selection; an empty string removes a key. */
export function writeSelection(change: Selection, mode: 'replace' | 'push' = 'replace'): Selection {
  const next: Selection = { ...readSelection(), ...change };
  for (const key of SELECTION_KEYS) if (next[key] === '') delete next[key];
  const url = `${location.pathname}${selectionQuery(next)}${location.hash}`;
  if (url !== `${location.pathname}${location.search}${location.hash}`) {
    if (mode === 'push') history.pushState(null, '', url);
    else history.replaceState(null, '', url);
    window.dispatchEvent(new CustomEvent(SELECTION_EVENT));
  }
  return next;
}

/** A link to another page that keeps the shared selections and adds the given ones. */
export function pageHref(path: string, extra: Selection = {}, from: Selection = readSelection()): string {
  const keep: Selection = {};
  for (const key of SHARED_KEYS) if (from[key]) keep[key] = from[key];
  return `${path}${selectionQuery({ ...keep, ...extra })}`;
}
