import { describe, expect, it } from 'vitest';
import type { ActionStatusView } from '../../../server/action-plans/plan-view.js';
import { overdueNote } from '../../../server/overview/overdue-notes.js';

function status(period: string, rag: ActionStatusView['rag']): ActionStatusView {
  return { period, rag, status: rag === 'done' ? 'complete' : rag, note: null, source: 'import', recorded_by: 'test', recorded_at: '2014-01-01T00:00:00Z' } as ActionStatusView;
}

describe('words for an overdue action whose status seems to say otherwise', () => {
  it('explains Green at a review before the due date, as at the day asked (not today)', () => {
    const note = overdueNote({ due_date: '2014-03-31', statuses: [status('2013-Q4', 'green')] }, '2014-06-30');
    expect(note).toMatch(/^Green at its last review \(2013 Q4\), before it fell due on 31 March 2014: on track then/);
    expect(note).toContain('as at 30 June 2014 it is overdue');
  });

  it('ignores reviews after the day asked', () => {
    const action = { due_date: '2014-03-31', statuses: [status('2013-Q4', 'amber'), status('2015-Q1', 'green')] };
    expect(overdueNote(action, '2014-06-30')).toMatch(/^Amber at its last review \(2013 Q4\)/);
    expect(overdueNote(action, '2015-03-31')).toMatch(/^Green at its last review \(2015 Q1\) speaks for progress; the due date 31 March 2014 has passed/);
  });

  it('says when no status was ever recorded, and states a red plainly', () => {
    expect(overdueNote({ due_date: '2013-12-31', statuses: [] }, '2016-12-31')).toBe(
      'No status has been recorded for it; it was due 31 December 2013 and nothing says it was done by 31 December 2016.',
    );
    expect(overdueNote({ due_date: '2013-12-31', statuses: [status('2014-Q1', 'red')] }, '2014-06-30')).toMatch(/^Red at its last review/);
  });
});
