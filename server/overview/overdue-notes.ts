/**
 * Words for an overdue action whose last status seems to say otherwise (Green, or no status at
 * all), so that a board reading "Overdue" beside "Green" knows which to believe. Pure.
 */
import { statusesAsAt } from '../action-plans/delivery.js';
import { quarterEndDate } from '../action-plans/plan-dates.js';
import { quarterIndex } from '../indicators/periods.js';
import type { ActionView } from '../action-plans/plan-view.js';
import type { Rag } from '../../pipelines/action-plans/status-values.js';

const RAG_WORDS: Readonly<Record<Rag, string>> = { red: 'Red', amber: 'Amber', green: 'Green', done: 'Complete' };

/** `2014-Q2` as `2014 Q2`. */
const review = (period: string): string => period.replace('-', ' ');

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `2014-03-31` as `31 March 2014`. */
function inWords(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

export function overdueNote(action: Pick<ActionView, 'statuses' | 'due_date'>, asAtIso: string): string {
  const last = statusesAsAt(action, asAtIso).at(-1);
  const due = action.due_date === null ? 'its due date' : inWords(action.due_date);
  const asAt = inWords(asAtIso);
  if (!last) return `No status has been recorded for it; it was due ${due} and nothing says it was done by ${asAt}.`;
  const rag = RAG_WORDS[last.rag];
  if (last.rag === 'red') return `Red at its last review (${review(last.period)}); due ${due} and not reported complete by ${asAt}.`;
  if (action.due_date !== null && quarterEndDate(quarterIndex(last.period)!) < action.due_date) {
    return `${rag} at its last review (${review(last.period)}), before it fell due on ${due}: on track then. No review since says it was completed, so as at ${asAt} it is overdue.`;
  }
  return `${rag} at its last review (${review(last.period)}) speaks for progress; the due date ${due} has passed without the action being reported complete, so as at ${asAt} it is overdue.`;
}
