/** Delivery of a plan "as at" a fixed day: overdue, RAG per strand per review, missing updates, cost. */
import { describe, expect, it } from 'vitest';

import { deliveryReport } from '../../../server/action-plans/delivery.js';
import { action } from './plan-fixtures.js';

const PLAN = [
  action({ ref: '1', strand: 'Prevent', due_date: '2015-03-31', statuses: [['2015-Q1', 'amber'], ['2015-Q2', 'red']] }),
  action({ ref: '2', strand: 'Prevent', due_date: '2015-03-31', statuses: [['2015-Q1', 'complete']] }),
  action({ ref: '3', strand: 'Protect', due_date: '2015-09-30', statuses: [['2015-Q1', 'green']] }),
  action({ ref: '4', strand: 'Protect', due_date: null }),
  // A heading over 5a and 5b: no status, date or cost of its own.
  action({ ref: '5', strand: 'Pursue' }),
  action({ ref: '5a', strand: 'Pursue', parent_ref: '5', due_date: '2015-06-30', statuses: [['2015-Q2', 'on_track']] }),
  action({ ref: '5b', strand: 'Pursue', parent_ref: '5', due_date: '2016-01-31' }),
];

describe('overdue', () => {
  it('is due before today and not reported done by then', () => {
    const report = deliveryReport(PLAN, '2015-07-15');
    expect(report.overdue.map(({ ref, days_overdue, status }) => [ref, days_overdue, status])).toEqual([
      ['1', 106, 'red'],
      ['5a', 15, 'on_track'],
    ]);
  });

  it('depends on the day asked, and a review not yet begun does not count', () => {
    expect(deliveryReport(PLAN, '2015-03-31').overdue).toEqual([]);
    // On 1 April, action 2's completion at the 2015-Q1 review is known; action 1's red (2015-Q2) is already reported.
    expect(deliveryReport(PLAN, '2015-04-01').overdue.map((a) => [a.ref, a.status])).toEqual([['1', 'red']]);
    expect(deliveryReport(PLAN, '2016-02-01').overdue.map((a) => a.ref)).toEqual(['1', '3', '5a', '5b']);
  });
});

describe('RAG per strand per review', () => {
  it('counts each review, carrying finished work forward as done and leaving headings out', () => {
    const report = deliveryReport(PLAN, '2015-07-15');
    expect(report.rag_by_review.map((review) => review.period)).toEqual(['2015-Q1', '2015-Q2']);
    const q2 = report.rag_by_review[1];
    expect(q2?.strands).toEqual([
      { strand: 'Prevent', red: 1, amber: 0, green: 0, done: 1, none: 0 },
      { strand: 'Protect', red: 0, amber: 0, green: 0, done: 0, none: 2 },
      { strand: 'Pursue', red: 0, amber: 0, green: 1, done: 0, none: 1 },
    ]);
    expect(q2?.total).toEqual({ red: 1, amber: 0, green: 1, done: 1, none: 3 });
  });
});

describe('no update at the latest review', () => {
  it('lists open actions without a status at the latest review, with their last one', () => {
    const report = deliveryReport(PLAN, '2015-07-15');
    expect(report.latest_review).toBe('2015-Q2');
    expect(report.no_update.map(({ ref, last_period, last_status }) => [ref, last_period, last_status])).toEqual([
      ['3', '2015-Q1', 'green'],
      ['4', null, null],
      ['5b', null, null],
    ]);
  });

  it('is empty when the plan records no reviews', () => {
    const report = deliveryReport([action({ ref: '1', due_date: '2015-01-31' })], '2016-01-01');
    expect(report).toMatchObject({ latest_review: null, no_update: [], rag_by_review: [] });
  });
});

describe('cost against budget', () => {
  it('adds the costs, and the budgets of distinct sources however they are spelt', () => {
    const report = deliveryReport([
      action({ ref: '1', cost_text: '£15K', cost_gbp: 15000, budget_source: "CSP's £55K (Positive future bid)" }),
      action({ ref: '2', cost_text: '£6K', cost_gbp: 6000, budget_source: 'CPS £55K (Positive Future bid)' }),
      action({ ref: '3', cost_text: '£7.5K', cost_gbp: 7500, budget_source: 'CSP £30K' }),
      action({ ref: '4', cost_text: 'Nil', cost_gbp: 0, budget_source: 'N/A' }),
      action({ ref: '5', cost_text: 'tbc', cost_gbp: null }),
    ], '2016-01-01');
    expect(report.cost).toMatchObject({
      total_cost_gbp: 28500,
      total_budget_gbp: 85000,
      over_budget: false,
      costed: 4,
      unreadable_cost_refs: ['5'],
    });
    expect(report.cost.sources.map(({ source, budget_gbp, cost_gbp, refs }) => [source, budget_gbp, cost_gbp, refs])).toEqual([
      ["CSP's £55K (Positive future bid)", 55000, 21000, ['1', '2']],
      ['CSP £30K', 30000, 7500, ['3']],
      ['N/A', null, 0, ['4']],
    ]);
  });

  it('says when the plan costs more than its budgets', () => {
    const report = deliveryReport([action({ ref: '1', cost_text: '£40K', cost_gbp: 40000, budget_source: 'Board £30k' })], '2016-01-01');
    expect(report.cost).toMatchObject({ total_cost_gbp: 40000, total_budget_gbp: 30000, over_budget: true });
  });
});
