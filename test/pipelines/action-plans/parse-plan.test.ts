import { describe, expect, it } from 'vitest';

import { parsePlan } from '../../../pipelines/action-plans/parse-plan.js';
import { parseStatusCsv } from '../../../pipelines/action-plans/status-file.js';
import { INDICATOR_IDS } from './indicator-ids.js';

const HEADER = 'plan,plan_name,area_code,ref,parent_ref,strand,objective,action,lead,due,indicators';
/** Line 2 starts a row whose quoted objective runs over lines 2 to 4. */
const FIRST_ROW = 'demo-plan,Demo CSE plan,E08000007,1,,Prevent,"Raise awareness,\nacross ""all"" agencies\n- and schools",Train staff,A; B,Jan 15,referrals.referrals:up';

function actionsCsv(...rows: string[]): string {
  return [HEADER, FIRST_ROW, ...rows].join('\n') + '\n';
}

function errorsOf(result: ReturnType<typeof parsePlan>) {
  if (result.ok) throw new Error('expected the upload to be refused');
  return result.errors.map(({ file, line, column, code }) => ({ file, line, column, code }));
}

describe('parsePlan', () => {
  it('reads a well-formed plan with its statuses', () => {
    const result = parsePlan({
      actions: actionsCsv('demo-plan,,,1.1,1,Prevent,,"<ul><li>one</li><li>two</li></ul>",,Ongoing,'),
      status: 'Plan,REF,Period,Status,Note\r\ndemo-plan,1,2013/14 Q2,Amber,"slow start,\r\nbut moving"\r\ndemo-plan,1.1,Q4 2013,G,\r\n',
      indicatorIds: INDICATOR_IDS,
    });
    expect(result).toMatchObject({
      ok: true,
      plans: [{ plan: 'demo-plan', name: 'Demo CSE plan', area_code: 'E08000007', line: 2 }],
      actions: [
        {
          line: 2,
          ref: '1',
          objective: 'Raise awareness,\nacross "all" agencies\n- and schools',
          lead: ['A', 'B'],
          due_date: '2015-01-31',
          indicators: [{ id: 'referrals.referrals', direction: 'up', target: null }],
        },
        { line: 5, ref: '1.1', parent_ref: '1', action: '• one\n• two', due_text: 'Ongoing', due_date: null, milestones: [] },
      ],
      statuses: [
        { ref: '1', period: '2013-Q3', status: 'amber', rag: 'amber', note: 'slow start,\nbut moving', line: 2 },
        { ref: '1.1', period: '2013-Q4', status: 'green', rag: 'green', note: null, line: 4 },
      ],
      warnings: [{ file: 'actions', line: 5, column: 'due', code: 'unreadable_due' }],
    });
  });

  it('matches header names loosely and reads semicolon-separated files', () => {
    const csv = 'Plan;Plan Name;AREA-CODE;Ref;Strand;Action\n\n\ndemo-plan;Demo;E08000007;1;Pursue;"Disrupt; report"\n';
    expect(parsePlan({ actions: '\uFEFF' + csv, indicatorIds: INDICATOR_IDS })).toMatchObject({
      ok: true,
      actions: [{ ref: '1', line: 4, action: 'Disrupt; report', lead: [] }],
    });
  });

  it('refuses a missing ref, on its physical line after a multi-line field', () => {
    expect(errorsOf(parsePlan({ actions: actionsCsv('demo-plan,,,,,Prevent,,Do it,,,'), indicatorIds: INDICATOR_IDS }))).toEqual([
      { file: 'actions', line: 5, column: 'ref', code: 'missing_ref' },
    ]);
  });

  it('refuses a duplicate ref', () => {
    const result = parsePlan({ actions: actionsCsv('demo-plan,,,2,,Prevent,,Do it,,,', 'demo-plan,,,1,,Protect,,Again,,,'), indicatorIds: INDICATOR_IDS });
    expect(errorsOf(result)).toEqual([{ file: 'actions', line: 6, column: 'ref', code: 'duplicate_ref' }]);
    expect(result.ok ? '' : result.errors[0]?.message).toMatch(/already used in plan "demo-plan" on line 2/);
  });

  it('refuses an unknown indicator id', () => {
    expect(
      errorsOf(parsePlan({ actions: actionsCsv('demo-plan,,,2,,Prevent,,Do it,,,referrals.rate:up; mase.new_cases:up'), indicatorIds: INDICATOR_IDS })),
    ).toEqual([{ file: 'actions', line: 5, column: 'indicators', code: 'unknown_indicator' }]);
  });

  it('refuses a status for an unknown action and an unreadable status, after a multi-line note', () => {
    const status = [
      'plan,ref,period,status,note',
      'demo-plan,1,2013-Q3,R,"first line',
      'second line',
      'third line"',
      'demo-plan,9.9,2013-Q3,R,',
      'demo-plan,1,2013-Q4,Purple,',
      'demo-plan,1,July 2013,G,',
      'other-plan,1,2013-Q4,G,',
    ].join('\n');
    expect(errorsOf(parsePlan({ actions: actionsCsv(), status, indicatorIds: INDICATOR_IDS }))).toEqual([
      { file: 'status', line: 5, column: 'ref', code: 'unknown_action' },
      { file: 'status', line: 6, column: 'status', code: 'unreadable_status' },
      { file: 'status', line: 7, column: 'period', code: 'unreadable_period' },
      { file: 'status', line: 8, column: 'ref', code: 'unknown_action' },
    ]);
  });

  it('reports problems in both files at once, actions first', () => {
    const result = parsePlan({
      actions: actionsCsv('demo-plan,,,1,,Prevent,,Twice,,,'),
      status: 'plan,ref,period,status\ndemo-plan,1,2013-Q3,maybe\n',
      indicatorIds: INDICATOR_IDS,
    });
    expect(errorsOf(result)).toEqual([
      { file: 'actions', line: 5, column: 'ref', code: 'duplicate_ref' },
      { file: 'status', line: 2, column: 'status', code: 'unreadable_status' },
    ]);
  });

  it('refuses missing and unknown columns on the header line', () => {
    expect(errorsOf(parsePlan({ actions: 'plan,ref,strand,acton\n', indicatorIds: INDICATOR_IDS }))).toEqual([
      { file: 'actions', line: 1, column: 'action', code: 'missing_column' },
      { file: 'actions', line: 1, column: 'acton', code: 'unknown_column' },
      { file: 'actions', line: 1, column: 'area_code', code: 'missing_column' },
      { file: 'actions', line: 1, column: 'plan_name', code: 'missing_column' },
    ]);
  });

  it('suggests the nearest column name', () => {
    const result = parsePlan({ actions: 'plan,plan_name,area_code,ref,strand,acton,indicator\n', indicatorIds: INDICATOR_IDS });
    expect(result.ok ? [] : result.errors.map((error) => error.message)).toEqual([
      'The required column "action" is missing.',
      '"acton" is not a column of this file; did you mean "action"?',
      '"indicator" is not a column of this file; did you mean "indicators"?',
    ]);
  });

  it('refuses an empty file', () => {
    expect(errorsOf(parsePlan({ actions: '\n\n', indicatorIds: INDICATOR_IDS }))).toEqual([
      { file: 'actions', line: 1, column: null, code: 'empty_file' },
    ]);
  });

  it('refuses ragged rows and unterminated quotes', () => {
    expect(errorsOf(parsePlan({ actions: actionsCsv('demo-plan,,,2,,Prevent'), indicatorIds: INDICATOR_IDS }))).toEqual([
      { file: 'actions', line: 5, column: null, code: 'ragged_row' },
    ]);
    const unterminated = errorsOf(parsePlan({ actions: actionsCsv('demo-plan,,,2,,Prevent,,"never closed,,,,'), indicatorIds: INDICATOR_IDS }));
    expect(unterminated).toContainEqual({ file: 'actions', line: 5, column: null, code: 'malformed_csv' });
  });

  it('refuses a plan with no name or area, and details that disagree', () => {
    const csv = [HEADER, 'bare-plan,,,1,,Prevent,,Do,,,', 'demo-plan,Demo,E08000007,1,,Prevent,,Do,,,', 'demo-plan,Other name,,2,,Prevent,,Do,,,'].join('\n');
    expect(errorsOf(parsePlan({ actions: csv, indicatorIds: INDICATOR_IDS }))).toEqual([
      { file: 'actions', line: 2, column: 'area_code', code: 'missing_area_code' },
      { file: 'actions', line: 2, column: 'plan_name', code: 'missing_plan_name' },
      { file: 'actions', line: 4, column: 'plan_name', code: 'conflicting_plan_details' },
    ]);
  });

  it('refuses unknown parents, cycles, missing text and unreadable plan slugs and priorities', () => {
    const csv = [
      'plan,plan_name,area_code,ref,parent_ref,strand,action,priority',
      'demo-plan,Demo,E08000007,1,9,Prevent,Do,',
      'demo-plan,,,2,3,Prevent,Do,yes',
      'demo-plan,,,3,2,Prevent,Do,maybe',
      'demo-plan,,,4,,,<p></p>,',
      'Demo Plan!,,,1,,Prevent,Do,',
    ].join('\n');
    expect(errorsOf(parsePlan({ actions: csv, indicatorIds: INDICATOR_IDS }))).toEqual([
      { file: 'actions', line: 2, column: 'parent_ref', code: 'unknown_parent' },
      { file: 'actions', line: 3, column: 'parent_ref', code: 'parent_cycle' },
      { file: 'actions', line: 4, column: 'parent_ref', code: 'parent_cycle' },
      { file: 'actions', line: 4, column: 'priority', code: 'unreadable_priority' },
      { file: 'actions', line: 5, column: 'action', code: 'missing_action' },
      { file: 'actions', line: 5, column: 'strand', code: 'missing_strand' },
      { file: 'actions', line: 6, column: 'plan', code: 'unreadable_plan' },
    ]);
  });

  it('reads costs and flags the unreadable ones without refusing', () => {
    const csv = [
      'plan,plan_name,area_code,ref,strand,action,cost_gbp,budget_source,priority',
      'demo-plan,Demo,E08000007,1,Prevent,Do,£7.5K,CSP £55K (Positive Futures),yes',
      'demo-plan,,,2,Prevent,Do,TBC,,',
    ].join('\n');
    expect(parsePlan({ actions: csv, indicatorIds: INDICATOR_IDS })).toMatchObject({
      ok: true,
      actions: [
        { cost_text: '£7.5K', cost_gbp: 7500, budget_source: 'CSP £55K (Positive Futures)', priority: true },
        { cost_text: 'TBC', cost_gbp: null, priority: false },
      ],
      warnings: [{ file: 'actions', line: 3, column: 'cost_gbp', code: 'unreadable_cost' }],
    });
  });
});

describe('parseStatusCsv', () => {
  it('checks updates sent on their own against the actions already stored', () => {
    const known = new Map([['demo-plan', new Set(['1', '2'])]]);
    expect(parseStatusCsv('plan,ref,period,status\ndemo-plan,2,16/07/2013,on track\n', known)).toMatchObject({
      ok: true,
      statuses: [{ plan: 'demo-plan', ref: '2', period: '2013-Q3', status: 'on_track', rag: 'green' }],
    });
    const duplicate = parseStatusCsv('plan,ref,period,status\ndemo-plan,2,2013-Q3,R\ndemo-plan,2,2013-07-01,G\n', known);
    expect(duplicate.ok ? [] : duplicate.errors.map(({ line, code }) => [line, code])).toEqual([[3, 'duplicate_status']]);
  });
});
