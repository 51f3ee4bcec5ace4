/**
 * The status words boards use in their progress reviews, read into one vocabulary so that a
 * Nottingham "A" and a Warwickshire "On track" can be shown side by side.
 */

export type StatusValue =
  | 'red'
  | 'amber'
  | 'green'
  | 'complete'
  | 'on_track'
  | 'not_started'
  | 'not_completed'
  | 'blue';

/** Red-amber-green as charts draw it; finished work (complete, or blue: complete and embedded) is `done`. */
export type Rag = 'red' | 'amber' | 'green' | 'done';

export const STATUS_VALUES: readonly StatusValue[] = [
  'red', 'amber', 'green', 'complete', 'on_track', 'not_started', 'not_completed', 'blue',
];

export const STATUS_RAG: Readonly<Record<StatusValue, Rag>> = {
  red: 'red',
  amber: 'amber',
  green: 'green',
  complete: 'done',
  blue: 'done',
  on_track: 'green',
  // Not started is not yet a failure: whether it is late depends on the due date, which the
  // analytics compare separately, so it counts as a risk rather than a miss.
  not_started: 'amber',
  // Plans write "not completed" of work whose deadline has passed.
  not_completed: 'red',
};

const SPELLINGS: Readonly<Record<string, StatusValue>> = {
  red: 'red',
  r: 'red',
  amber: 'amber',
  a: 'amber',
  green: 'green',
  g: 'green',
  complete: 'complete',
  completed: 'complete',
  'on track': 'on_track',
  'not started': 'not_started',
  'not completed': 'not_completed',
  'not complete': 'not_completed',
  blue: 'blue',
  b: 'blue',
};

/** The canonical status, or null for anything else so that the caller can report it. */
export function readStatus(text: string): StatusValue | null {
  const key = text.trim().toLowerCase().replace(/[\s_-]+/g, ' ');
  return Object.hasOwn(SPELLINGS, key) ? (SPELLINGS[key] ?? null) : null;
}
